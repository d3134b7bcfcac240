package dev.podpath.model.script;

import dev.podpath.model.netfilter.parse.IpSetBuilder;
import dev.podpath.model.netfilter.parse.IpsetError;
import dev.podpath.model.origin.Origin;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code ipset create|add|del|test|destroy|flush|rename|list|save|restore} in the namespace the
 * line runs in, with ipset 7.17's messages. Creation options (hashsize, maxelem, timeout, ...) and
 * member options (timeout, comment, counters) do not change what matches and are dropped; {@code
 * nomatch} members and IPv6 sets get a NOT_MODELLED note.
 */
final class Ipset {

  private Ipset() {}

  static void run(Exec ex, List<String> argv) {
    boolean exist = false;
    List<String> args = new ArrayList<>();
    for (String a : argv.subList(1, argv.size())) {
      if (a.equals("-exist") || a.equals("-!")) {
        exist = true;
      } else if (!a.equals("-q")
          && !a.equals("-quiet")
          && !a.equals("-n")
          && !a.equals("-name")
          && !a.equals("-o")
          && !a.equals("-s")
          && !a.equals("-sorted")
          && !a.equals("-t")
          && !a.equals("-terse")) {
        args.add(a);
      }
    }
    if (args.isEmpty()) {
      throw new CommandError(
          "ipset " + IpsetError.VERSION + ": No command specified: unknown argument");
    }
    try {
      if (command(args.get(0)).equals("restore")) {
        restore(ex, exist);
        return;
      }
      if (apply(ex, args, exist, ex.origin())) {
        ex.changed();
      }
    } catch (IpsetError e) {
      throw new CommandError(e.commandMessage());
    }
  }

  private static String command(String c) {
    return switch (c) {
      case "create", "n", "-N", "-n" -> "create";
      case "add", "-A" -> "add";
      case "del", "-D" -> "del";
      case "test", "-T" -> "test";
      case "destroy", "x", "-X" -> "destroy";
      case "flush", "-F" -> "flush";
      case "rename", "e", "-E" -> "rename";
      case "list", "-L" -> "list";
      case "save", "-S" -> "save";
      case "restore", "-R" -> "restore";
      case "swap", "w", "-W" -> "swap";
      case "version", "-V", "help", "-h" -> "list";
      default -> throw new IpsetError("Syntax error: unknown argument " + c);
    };
  }

  /** One command; whether it changed anything. */
  private static boolean apply(Exec ex, List<String> args, boolean exist, Origin origin) {
    IpSetBuilder sets = ex.netfilter().ipsets();
    String cmd = command(args.get(0));
    switch (cmd) {
      case "create" -> {
        need(args, 3, "Missing mandatory argument: typename");
        List<String> opts = args.subList(3, args.size());
        int family = opts.indexOf("family");
        if (family >= 0 && family + 1 < opts.size() && opts.get(family + 1).equals("inet6")) {
          ex.world().note(Scenario.Severity.NOT_MODELLED, origin, "IPv6 sets are not modelled");
        }
        sets.create(args.get(1), args.get(2), exist, origin);
      }
      case "add", "del", "test" -> {
        need(args, 3, "Missing second mandatory argument to command " + cmd);
        if (args.contains("nomatch")) {
          ex.world()
              .note(
                  Scenario.Severity.NOT_MODELLED,
                  origin,
                  "ipset nomatch members are not modelled: podpath treats the member as matching");
        }
        if (cmd.equals("add")) {
          sets.add(args.get(1), args.get(2), exist);
        } else if (cmd.equals("del")) {
          sets.delete(args.get(1), args.get(2), exist);
        } else if (!sets.test(args.get(1), args.get(2))) {
          throw new IpsetError(args.get(2) + " is NOT in set " + args.get(1) + ".");
        }
        return !cmd.equals("test");
      }
      case "destroy" -> sets.destroy(args.size() > 1 ? Optional.of(args.get(1)) : Optional.empty());
      case "flush" -> sets.flush(args.size() > 1 ? Optional.of(args.get(1)) : Optional.empty());
      case "rename" -> {
        need(args, 3, "Missing second mandatory argument to command rename");
        sets.rename(args.get(1), args.get(2));
      }
      case "swap" -> throw new CommandError("ipset swap is not supported by podpath");
      default -> {
        if (args.size() > 1 && !args.get(1).startsWith("-") && !sets.exists(args.get(1))) {
          throw new IpsetError("The set with the given name does not exist");
        }
        return false;
      }
    }
    return true;
  }

  private static void need(List<String> args, int size, String message) {
    if (args.size() < size) {
      throw new IpsetError("Syntax error: " + message);
    }
  }

  /**
   * {@code ipset restore < FILE}: the file's commands one by one ({@code create}, {@code add},
   * ...).
   */
  private static void restore(Exec ex, boolean exist) {
    String name =
        ex.runner()
            .stdin()
            .orElseThrow(
                () ->
                    new CommandError(
                        "ipset restore reads standard input: give it as ipset restore < FILE"
                            + " (here-documents are not supported by podpath's shell)"));
    String text = Iptables.read(ex, name);
    ex.world().kernelSteps.stdin(text);
    String[] lines = text.split("\n");
    for (int n = 1; n <= lines.length; n++) {
      String line = lines[n - 1].strip();
      if (line.isEmpty() || line.startsWith("#") || line.equals("COMMIT")) {
        continue;
      }
      List<String> args = new ArrayList<>(List.of(line.split("\\s+")));
      boolean lineExist = exist || args.remove("-exist") || args.remove("-!");
      try {
        apply(ex, args, lineExist, new Origin(name, n, line));
      } catch (IpsetError e) {
        throw new CommandError(
            "ipset " + IpsetError.VERSION + ": Error in line " + n + ": " + e.getMessage());
      }
    }
    ex.changed();
  }
}
