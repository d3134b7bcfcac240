package dev.podpath.model.script;

import dev.podpath.model.netfilter.NftFamily;
import dev.podpath.model.netfilter.NftRule;
import dev.podpath.model.netfilter.NftTable;
import dev.podpath.model.netfilter.Nftables;
import dev.podpath.model.netfilter.parse.RulesetBuilder;
import dev.podpath.model.nft.parse.NftCommands;
import dev.podpath.model.nft.parse.NftError;
import dev.podpath.model.origin.Origin;
import dev.podpath.model.script.Scenario.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.IntFunction;

/**
 * {@code nft COMMAND...} and {@code nft -f FILE} (or {@code nft -f -} reading {@code < FILE}) in
 * the namespace the line runs in, with nft 1.0.6's semantics: one input is one transaction. The
 * kernel side of verify runs what podpath read, rendered back ({@code nft -f -} with podpath's
 * text), never the user's raw file. iptables-nft's own tables ({@code ip filter}, {@code ip nat},
 * ...) are kept by the iptables model; an {@code nft} command on them is refused as not modelled.
 */
final class Nft {

  /** The tables iptables-nft makes in family ip: podpath keeps them in its iptables model. */
  private static final Set<String> IPTABLES_TABLES =
      Set.of("filter", "nat", "mangle", "raw", "security");

  private Nft() {}

  static void run(Exec ex, List<String> argv) {
    String file = null;
    boolean check = false;
    List<String> words = new ArrayList<>();
    for (int k = 1; k < argv.size(); k++) {
      String a = argv.get(k);
      if (!words.isEmpty()) {
        words.add(a);
        continue;
      }
      switch (a) {
        case "-f", "--file" -> {
          if (k + 1 >= argv.size()) {
            throw new CommandError("nft: option requires an argument -- 'f'");
          }
          file = argv.get(++k);
        }
        case "-c", "--check" -> check = true;
        case "-a",
            "--handle",
            "-n",
            "--numeric",
            "-s",
            "--stateless",
            "-e",
            "--echo",
            "-j",
            "--json",
            "-t",
            "--terse",
            "-y",
            "--numeric-priority" -> {}
        default -> {
          if (a.startsWith("-")) {
            throw new CommandError("nft: unrecognized option '" + a + "'");
          }
          words.add(a);
        }
      }
    }
    String input;
    IntFunction<Origin> origin;
    if (file != null) {
      if (!words.isEmpty()) {
        throw new CommandError("Error: syntax error, unexpected " + words.get(0) + " after -f");
      }
      String name =
          file.equals("-") || file.equals("/dev/stdin")
              ? ex.runner()
                  .stdin()
                  .orElseThrow(
                      () ->
                          new CommandError(
                              "nft -f - reads its commands from standard input: give them as"
                                  + " nft -f - < FILE (here-documents are not supported by"
                                  + " podpath's shell)"))
              : file;
      input = Iptables.read(ex, name);
      String[] lines = input.split("\n", -1);
      origin =
          line ->
              new Origin(
                  name, line, line >= 1 && line <= lines.length ? lines[line - 1].strip() : "");
      file = name;
    } else {
      if (words.isEmpty()) {
        throw new CommandError("nft: no command given");
      }
      input = String.join(" ", words);
      origin = line -> ex.origin();
    }
    if (words.size() >= 1 && words.get(0).equals("list")) {
      return;
    }
    RulesetBuilder rules = ex.netfilter();
    Nftables before = rules.nft().build();
    List<String> kernel;
    try {
      kernel = NftCommands.run(check ? rules.nft().copy() : rules.nft(), input, origin);
    } catch (NftError e) {
      throw new CommandError(
          file == null
              ? e.getMessage() + "\n" + input
              : file + ":" + e.line() + ": " + e.getMessage() + "\n" + e.text());
    }
    ex.world()
        .kernelSteps
        .replaceArgv(check ? List.of("nft", "-c", "-f", "-") : List.of("nft", "-f", "-"));
    ex.world().kernelSteps.stdin(String.join("\n", kernel) + "\n");
    if (check) {
      return;
    }
    Nftables now = rules.nft().build();
    for (NftTable t : now.tables()) {
      if (t.family() == NftFamily.IP && IPTABLES_TABLES.contains(t.name())) {
        throw new CommandError(
            "nft on table ip "
                + t.name()
                + " is not modelled: podpath keeps iptables-nft's tables (filter, nat, mangle, raw,"
                + " security) in its iptables model; give the nft table another name");
      }
    }
    if (kernel.contains("flush ruleset")) {
      rules.flushIptablesTables();
    }
    ex.changed();
    note(ex, before, now);
  }

  /**
   * Notes for what this command added and podpath keeps but does not run: tables of other families,
   * rules with an expression not modelled.
   */
  private static void note(Exec ex, Nftables before, Nftables now) {
    Set<Object> old = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    before.rules().forEach(old::add);
    Set<String> oldTables = new java.util.HashSet<>();
    before.tables().forEach(t -> oldTables.add(t.label()));
    for (NftTable t : now.tables()) {
      if (!t.family().modelled() && !oldTables.contains(t.label())) {
        ex.notModelled(
            "nftables family "
                + t.family()
                + " is not modelled: podpath runs only ip and inet tables on IPv4 packets; table "
                + t.label()
                + " is kept, and a packet that reaches a hook of this namespace ends not modelled");
      }
      t.chains()
          .values()
          .forEach(
              c -> {
                for (NftRule r : c.rules()) {
                  if (old.contains(r)) {
                    continue;
                  }
                  r.notModelled()
                      .ifPresent(
                          n ->
                              ex.world()
                                  .note(
                                      Severity.NOT_MODELLED,
                                      r.origin(),
                                      "nft: "
                                          + n.why()
                                          + " (rule \""
                                          + r.text()
                                          + "\" in "
                                          + t.label()
                                          + " "
                                          + c.name()
                                          + "): a packet that reaches it ends not modelled"));
                }
              });
    }
  }
}
