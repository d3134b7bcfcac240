package dev.podpath.model.netfilter.parse;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The command part of an iptables invocation or {@code iptables-restore} line: which command
 * ({@code -A}, {@code -D}, {@code -N}, ...), its chain and rule number, {@code -t}, and the tokens
 * left for the rule ({@link RuleSpecParser}). Command options may stand anywhere on the line, as
 * getopt allows.
 *
 * @param op the command
 * @param table {@code -t TABLE}, if given
 * @param chain the chain the command names, or null ({@code -F} without a chain)
 * @param number the rule number ({@code -I INPUT 2}, {@code -D INPUT 3}), 0 when none
 * @param second the second argument of {@code -E OLD NEW} and {@code -P CHAIN POLICY}
 * @param spec the rule's arguments
 * @param opColumn the column of the command option, for errors
 */
record CommandLine(
    Op op,
    Optional<String> table,
    String chain,
    int number,
    String second,
    Args spec,
    int opColumn) {

  /** The iptables commands. */
  enum Op {
    APPEND("-A"),
    INSERT("-I"),
    DELETE("-D"),
    REPLACE("-R"),
    CHECK("-C"),
    NEW_CHAIN("-N"),
    DELETE_CHAIN("-X"),
    FLUSH("-F"),
    ZERO("-Z"),
    POLICY("-P"),
    RENAME("-E"),
    LIST("-L"),
    LIST_RULES("-S");

    final String flag;

    Op(String flag) {
      this.flag = flag;
    }

    /** Whether the command takes a rule specification. */
    boolean takesRule() {
      return this == APPEND || this == INSERT || this == DELETE || this == REPLACE || this == CHECK;
    }
  }

  private static final Map<String, Op> LONG =
      Map.ofEntries(
          Map.entry("--append", Op.APPEND),
          Map.entry("--insert", Op.INSERT),
          Map.entry("--delete", Op.DELETE),
          Map.entry("--replace", Op.REPLACE),
          Map.entry("--check", Op.CHECK),
          Map.entry("--new-chain", Op.NEW_CHAIN),
          Map.entry("--new", Op.NEW_CHAIN),
          Map.entry("--delete-chain", Op.DELETE_CHAIN),
          Map.entry("--flush", Op.FLUSH),
          Map.entry("--zero", Op.ZERO),
          Map.entry("--policy", Op.POLICY),
          Map.entry("--rename-chain", Op.RENAME),
          Map.entry("--list", Op.LIST),
          Map.entry("--list-rules", Op.LIST_RULES));

  /**
   * Options that only change how iptables talks or waits; {@code -w} and {@code -W} may take a
   * number.
   */
  private static final Set<String> QUIET =
      Set.of(
          "-v",
          "--verbose",
          "-n",
          "--numeric",
          "-x",
          "--exact",
          "--line-numbers",
          "-4",
          "--ipv4",
          "-w",
          "--wait",
          "-W",
          "--wait-interval");

  /** Parses an argument list (without the program name). */
  static CommandLine parse(Args args) {
    Op op = null;
    int opColumn = 0;
    String table = null;
    String chain = null;
    int number = 0;
    String second = null;
    Args spec = new Args(args.size());
    for (int k = 0; k < args.size(); k++) {
      String s = args.word(k);
      Op found = command(s);
      if (found != null) {
        if (op != null) {
          throw IptablesError.parameter("Cannot use " + op.flag + " with " + found.flag);
        }
        op = found;
        opColumn = args.column(k);
        String attached =
            s.startsWith("--") || s.length() == 2 || clustered(s) != 0 ? null : s.substring(2);
        boolean chainRequired =
            switch (op) {
              case APPEND, INSERT, DELETE, REPLACE, CHECK, NEW_CHAIN, POLICY, RENAME -> true;
              default -> false;
            };
        if (attached != null) {
          chain = attached;
        } else if (k + 1 < args.size() && (chainRequired || isWord(args.word(k + 1)))) {
          chain = args.word(++k);
        } else if (chainRequired) {
          throw IptablesError.parameter("option \"" + op.flag + "\" requires an argument");
        }
        if (op == Op.POLICY || op == Op.RENAME) {
          if (k + 1 >= args.size() || !isWord(args.word(k + 1))) {
            throw IptablesError.parameter(
                op == Op.POLICY
                    ? "-P requires a chain and a policy"
                    : "-E requires old-chain-name and new-chain-name");
          }
          second = args.word(++k);
        } else if (chain != null
            && k + 1 < args.size()
            && isWord(args.word(k + 1))
            && (op == Op.INSERT
                || op == Op.DELETE
                || op == Op.REPLACE
                || op == Op.ZERO
                || op == Op.LIST
                || op == Op.LIST_RULES)) {
          number = ruleNumber(args.word(++k));
        }
        continue;
      }
      if (s.isEmpty() || s.charAt(0) != '-') {
        spec.add(s, args.column(k));
        continue;
      }
      if (s.equals("-t")
          || s.equals("--table")
          || (s.startsWith("-t") && !s.startsWith("--") && s.length() > 2)
          || s.startsWith("--table=")) {
        if (table != null) {
          throw IptablesError.parameter("multiple -t flags not allowed");
        }
        if (s.length() > 2 && !s.startsWith("--")) {
          table = s.substring(2);
        } else if (s.startsWith("--table=")) {
          table = s.substring(8);
        } else if (k + 1 < args.size()) {
          table = args.word(++k);
        } else {
          throw IptablesError.parameter("option \"" + s + "\" requires an argument");
        }
        continue;
      }
      if (QUIET.contains(s) || s.startsWith("--wait=") || displayFlags(s, 1)) {
        if ((s.equals("-w") || s.equals("--wait") || s.equals("-W") || s.equals("--wait-interval"))
            && k + 1 < args.size()
            && SECONDS.matcher(args.word(k + 1)).matches()) {
          k++;
        }
        continue;
      }
      if (s.equals("--modprobe")) {
        k++;
        continue;
      }
      if (s.equals("-6") || s.equals("--ipv6")) {
        throw IptablesError.parameter("This is the IPv4 version of iptables.");
      }
      spec.add(s, args.column(k));
    }
    if (op == null) {
      throw IptablesError.parameter("no command specified");
    }
    if (op == Op.REPLACE && number == 0) {
      throw IptablesError.parameter("-R requires a rule number");
    }
    if (!op.takesRule() || (op == Op.DELETE && number > 0)) {
      if (!spec.isEmpty()) {
        String first = spec.word(0);
        throw IptablesError.parameter(
            first.startsWith("-")
                ? "Illegal option `" + first + "' with this command"
                : "Bad argument `" + first + "'");
      }
    }
    return new CommandLine(op, Optional.ofNullable(table), chain, number, second, spec, opColumn);
  }

  /** The seconds of {@code --wait}. */
  private static final java.util.regex.Pattern SECONDS = java.util.regex.Pattern.compile("[0-9.]+");

  /**
   * {@code -v}, {@code -n}, {@code -x} and their clusters ({@code -[vnx]+} from {@code from} on):
   * display flags, without effect here.
   */
  private static boolean displayFlags(String s, int from) {
    if (s.length() <= from || s.charAt(0) != '-') {
      return false;
    }
    for (int k = from; k < s.length(); k++) {
      char c = s.charAt(k);
      if (c != 'v' && c != 'n' && c != 'x') {
        return false;
      }
    }
    return true;
  }

  /**
   * {@code -nvL}, {@code -Lnv}: display flags clustered with a listing command ({@code
   * -[vnx]+[LSFZX]} or {@code -[LSFZX][vnx]+}); the command's letter, or 0.
   */
  private static char clustered(String s) {
    int len = s.length();
    if (len < 3 || s.charAt(0) != '-') {
      return 0;
    }
    char first = s.charAt(1);
    if ("LSFZX".indexOf(first) >= 0) {
      return displayFlags(s, 2) ? first : 0;
    }
    char last = s.charAt(len - 1);
    return "LSFZX".indexOf(last) >= 0 && displayFlags(s.substring(0, len - 1), 1) ? last : 0;
  }

  private static Op command(String s) {
    if (s.length() < 2 || s.charAt(0) != '-') {
      return null;
    }
    if (s.charAt(1) == '-') {
      return LONG.get(s);
    }
    char letter = clustered(s);
    return byLetter(letter != 0 ? letter : s.charAt(1));
  }

  /** The commands, once ({@code Op.values()} copies its array at every call). */
  private static final Op[] OPS = Op.values();

  /** The command of a short option's letter ({@code A} for {@code -A}), or null. */
  private static Op byLetter(char letter) {
    for (Op o : OPS) {
      if (o.flag.charAt(1) == letter) {
        return o;
      }
    }
    return null;
  }

  /** An argument that is not an option (iptables: does not start with {@code -} or {@code !}). */
  private static boolean isWord(String s) {
    return !s.isEmpty() && s.charAt(0) != '-' && s.charAt(0) != '!';
  }

  private static int ruleNumber(String s) {
    java.util.OptionalLong n =
        s.chars().allMatch(Character::isDigit) ? Values.number(s) : java.util.OptionalLong.empty();
    if (n.isEmpty() || n.getAsLong() < 1 || n.getAsLong() > Integer.MAX_VALUE) {
      throw IptablesError.parameter("Invalid rule number `" + s + "'");
    }
    return (int) n.getAsLong();
  }
}
