package dev.podpath.model.script;

import dev.podpath.model.io.TextFiles;
import dev.podpath.model.io.UnreadableFileException;
import dev.podpath.model.netfilter.Match;
import dev.podpath.model.netfilter.Rule;
import dev.podpath.model.netfilter.Target;
import dev.podpath.model.netfilter.parse.IptablesError;
import dev.podpath.model.netfilter.parse.NetfilterParseException;
import dev.podpath.model.script.Scenario.Severity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code iptables}, {@code iptables-restore} and {@code iptables-save} in the namespace the line
 * runs in, with iptables 1.8.9 (nf_tables) semantics and error messages. {@code iptables-restore}
 * reads {@code < FILE} (relative to the script's directory) or a file argument; here-documents are
 * not supported by the script's shell.
 *
 * <p>Rules that podpath keeps but cannot evaluate get a note: NOT_MODELLED for an unknown match or
 * target, INFO for {@code -j TRACE}, {@code -m limit} and {@code -m recent} (treated as matching).
 */
final class Iptables {

  private Iptables() {}

  /** {@code iptables ARGS} ({@code iptables-nft}, {@code iptables-legacy} alike). */
  static void iptables(Exec ex, List<String> argv) {
    List<Rule> added;
    try {
      added = ex.netfilter().execute(argv.subList(1, argv.size()), ex.origin());
    } catch (IptablesError e) {
      throw new CommandError(e.commandMessage());
    }
    if (mutates(argv)) {
      ex.changed();
    }
    note(ex, added);
  }

  private static boolean mutates(List<String> argv) {
    return argv.stream()
        .skip(1)
        .noneMatch(a -> a.matches("-[vnx]*[LSC][vnx]*|--list|--list-rules|--check"));
  }

  /** {@code iptables-restore [--noflush] [--counters] [--test] [FILE] < FILE}. */
  static void restore(Exec ex, List<String> argv) {
    boolean noflush = false;
    boolean counters = false;
    boolean test = false;
    String file = null;
    for (int k = 1; k < argv.size(); k++) {
      String a = argv.get(k);
      switch (a) {
        case "-n", "--noflush" -> noflush = true;
        case "-c", "--counters" -> counters = true;
        case "-t", "--test" -> test = true;
        case "-v", "--verbose", "-w", "--wait" -> {
          if (k + 1 < argv.size() && argv.get(k + 1).matches("[0-9]+")) {
            k++;
          }
        }
        case "-W", "--wait-interval", "-M", "--modprobe" -> k++;
        case "-T", "--table" ->
            throw new CommandError("iptables-restore --table is not supported by podpath");
        default -> {
          if (a.startsWith("-")) {
            throw new CommandError(
                "iptables-restore " + IptablesError.VERSION + ": unknown option \"" + a + "\"");
          }
          file = a;
        }
      }
    }
    String input =
        file != null
            ? file
            : ex.runner()
                .stdin()
                .orElseThrow(
                    () ->
                        new CommandError(
                            "iptables-restore reads its rules from standard input: give them as iptables-restore < FILE"
                                + " (here-documents are not supported by podpath's shell)"));
    String content = read(ex, input);
    // the kernel side gets the very text podpath read, on standard input
    ex.world().kernelSteps.stdin(content);
    if (file != null) {
      List<String> fromStdin = new ArrayList<>(argv);
      fromStdin.remove(fromStdin.lastIndexOf(file));
      ex.world().kernelSteps.replaceArgv(fromStdin);
    }
    List<Rule> added;
    try {
      if (test) {
        ex.netfilter().copy().restore(input, content, noflush, counters);
        return;
      }
      added = ex.netfilter().restore(input, content, noflush, counters);
    } catch (NetfilterParseException e) {
      throw new CommandError(
          e.restoreMessage()
              + "\n    at "
              + e.file()
              + ":"
              + e.line()
              + ":"
              + e.column()
              + ": "
              + e.reason());
    }
    ex.changed();
    note(ex, added);
  }

  /**
   * A file a restore reads ({@code < FILE}): only one inside the scenario's own folder (its
   * subfolders included, links followed), so that a script cannot make podpath read, and echo in
   * its messages, files of the machine such as /etc/shadow.
   */
  static String read(Exec ex, String name) {
    Path dir = Path.of(ex.world().file).toAbsolutePath().getParent();
    Path p = dir.resolve(name);
    if (Files.notExists(p)) {
      throw new CommandError(name + ": No such file or directory");
    }
    try {
      if (!p.toRealPath().startsWith(dir.toRealPath())) {
        throw new CommandError(
            name
                + ": podpath reads restore files only from the scenario's folder ("
                + dir.getFileName()
                + "/)");
      }
    } catch (IOException e) {
      throw new CommandError(name + ": No such file or directory");
    }
    try {
      return TextFiles.read(p);
    } catch (UnreadableFileException e) {
      throw new CommandError(name + ": " + e.reason());
    }
  }

  /** Notes for rules podpath keeps but evaluates only in part. */
  static void note(Exec ex, List<Rule> rules) {
    for (Rule r : rules) {
      List<String> notModelled = new ArrayList<>();
      for (Match m : r.matches()) {
        if (m instanceof Match.NotModelled n) {
          notModelled.add(n.module().isEmpty() ? String.join(" ", n.args()) : "-m " + n.module());
        } else if (m instanceof Match.Limit) {
          ex.world()
              .note(
                  Severity.INFO,
                  r.origin(),
                  "-m limit is not simulated (podpath keeps no rate state): the rule is treated as matching");
        } else if (m instanceof Match.Recent) {
          ex.world()
              .note(
                  Severity.INFO,
                  r.origin(),
                  "-m recent is not simulated (podpath keeps no address lists): the rule is treated as matching");
        }
      }
      if (r.target() instanceof Target.NotModelled t) {
        notModelled.add("-j " + t.name());
      } else if (r.target() instanceof Target.Trace) {
        ex.world()
            .note(
                Severity.INFO,
                r.origin(),
                "-j TRACE only marks packets for xtables-monitor: podpath's traces show every rule anyway");
      }
      if (!notModelled.isEmpty()) {
        ex.world()
            .note(
                Severity.NOT_MODELLED,
                r.origin(),
                String.join(", ", notModelled)
                    + " is not modelled: podpath keeps the rule but cannot evaluate it");
      }
    }
  }
}
