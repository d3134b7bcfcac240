package dev.podpath.trace.cli;

import dev.podpath.model.io.TextFiles;
import dev.podpath.model.io.UnreadableFileException;
import dev.podpath.model.paste.BlockOutcome;
import dev.podpath.model.paste.PasteSplit;
import dev.podpath.model.paste.PasteSplitter;
import dev.podpath.model.paste.PasteWarning;
import dev.podpath.model.paste.PastedText;
import dev.podpath.model.snapshot.SnapshotFolders;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "import",
    mixinStandardHelpOptions = true,
    description = {
      "Turn pasted text (a GitHub issue's body, a terminal log, a chat, several files) into a snapshot",
      "(docs/snapshot.md, docs/import.md). Each block of command output is recognised by its prompt",
      "([root@node1 ~]# ip route, user@host:~$ sudo iptables-save, node2:~#, $, / # in a pod), by a",
      "command named on its own line (**ip route**, `ip a`:), or by the shape of its lines (ip route,",
      "ip addr/link, ip neigh, arp -n, route -n, ifconfig, iptables-save, iptables -S, bridge fdb, ip rule,",
      "sysctl, brctl show, ethtool -i, ss -ltnp/-lunp, conntrack -L, kubectl describe nodes, kubectl get",
      "nodes/pods/svc/endpoints -o wide tables, and their JSON; docker network inspect), and",
      "written as the file of",
      "its node: the host its prompt shows, the pod `kubectl exec POD` entered (on the node kubectl get",
      "pods lists it on), the node a file's name starts with, the node whose kubectl INTERNAL-IP it shows,",
      "a node named just before it (\"On worker-2:\"), or --node.",
      "Markdown (code fences, **bold**, > quotes, <br/>), forum indentation, prompts and echoed commands are",
      "read around; elisions (..., [snip]) are left out and said; an iptables-save without its *filter/*nat",
      "line is named from its chains, iptables -S and iptables -L listings are written as iptables-save (what",
      "a listing does not show kept as not modelled), and a long line a forum",
      "wrapped is put back together where its shape makes it certain, each said. It prints, per block, its",
      "lines, the command, the node and the file written; every block it could not place, with the reason",
      "(ip route get, brctl showmacs...: what to paste instead); the output of commands that are no dumps",
      "(ping, curl) as skipped. A node's command pasted twice with different output (routes before and",
      "after a change) is two states of the node: the first is placed, the others said; --state N places",
      "the N-th.",
      "SNAPSHOT_DIR must be new or empty; one that holds a snapshot is replaced only with --force; the",
      "snapshot is written in a temporary folder next to it and moved in place at the end, with a README.md",
      "saying where each file came from. Exit status 0 when every block was placed, 1 when one was not (or",
      "no node's dump was found: nothing is written then), 2 for bad input or usage.",
      "",
      "Example:",
      "  podpath import issue.md -o /tmp/snap && podpath lint /tmp/snap",
      "  xclip -o | podpath import - -o /tmp/snap --node worker1"
    })
final class ImportCommand implements Callable<Integer> {

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(
      paramLabel = "FILE",
      arity = "0..*",
      description = "text files to read (default: - , standard input)")
  List<String> inputs = new ArrayList<>();

  @Option(
      names = {"-o", "--output"},
      required = true,
      paramLabel = "SNAPSHOT_DIR",
      description = "the snapshot folder to write (new or empty)")
  Path out;

  @Option(
      names = "--node",
      paramLabel = "NAME",
      description = "the node of every block whose node the text does not tell")
  Optional<String> node = Optional.empty();

  @Option(
      names = "--state",
      paramLabel = "N",
      description =
          "of a node's command pasted several times with different output (before and after a"
              + " change), place the N-th (default 1: the first)")
  Optional<Integer> state = Optional.empty();

  @Option(names = "--force", description = "replace a snapshot already in SNAPSHOT_DIR")
  boolean force;

  /** Where {@code -} reads from; standard input unless a test sets it. */
  InputStream stdin = System.in;

  @Override
  public Integer call() {
    if (node.isPresent() && !node.get().matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
      throw new UserError(
          "--node "
              + node.get()
              + ": not a node name (letters, digits, . _ -; as kubectl names"
              + " nodes)");
    }
    if (state.isPresent() && state.get() < 1) {
      throw new UserError("--state " + state.get() + ": a state's number starts at 1 (the first)");
    }
    List<PastedText> texts = read();
    PasteSplit split = PasteSplitter.split(texts, node, state);
    PrintWriter o = spec.commandLine().getOut();
    boolean anyBlock = split.blocks().stream().anyMatch(b -> !(b instanceof BlockOutcome.Skipped));
    if (!anyBlock) {
      report(o, split);
      throw new UserError(
          "no command output podpath reads was found in "
              + String.join(", ", names(texts))
              + ": nothing written (docs/import.md lists what it recognises)");
    }
    prepare();
    report(o, split);
    if (!split.hasNode()) {
      o.println(
          "nothing written: a snapshot needs the dump of at least one node (ip route, ip addr, ifconfig,"
              + " iptables-save...), and no block was placed in a node's folder");
      o.flush();
      return 1;
    }
    write(split, texts);
    o.println(
        "wrote "
            + out
            + " ("
            + split.files().size()
            + (split.files().size() == 1 ? " file" : " files")
            + ", and README.md saying where each came from)");
    o.println("next: podpath lint " + out);
    o.flush();
    return split.hasUnplaced() ? 1 : 0;
  }

  private static List<String> names(List<PastedText> texts) {
    return texts.stream().map(PastedText::name).toList();
  }

  private List<PastedText> read() {
    List<String> names = inputs.isEmpty() ? List.of("-") : inputs;
    if (names.stream().filter(n -> n.equals("-")).count() > 1) {
      throw new UserError("- (standard input) given more than once");
    }
    List<PastedText> texts = new ArrayList<>();
    for (String n : names) {
      try {
        texts.add(
            new PastedText(
                n,
                n.equals("-") ? TextFiles.read(stdin, Path.of("-")) : TextFiles.read(Path.of(n))));
      } catch (UnreadableFileException e) {
        throw new UserError(e.getMessage());
      }
    }
    return texts;
  }

  private static void report(PrintWriter o, PasteSplit split) {
    List<BlockOutcome.Placed> placed = new ArrayList<>();
    List<BlockOutcome.Unplaced> unplaced = new ArrayList<>();
    List<BlockOutcome.Skipped> skipped = new ArrayList<>();
    for (BlockOutcome b : split.blocks()) {
      if (b instanceof BlockOutcome.Placed p) {
        placed.add(p);
      } else if (b instanceof BlockOutcome.Unplaced u) {
        unplaced.add(u);
      } else if (b instanceof BlockOutcome.Skipped s) {
        skipped.add(s);
      }
    }
    o.println("recognised (" + count(placed.size(), "block") + "):");
    for (BlockOutcome.Placed p : placed) {
      o.println("  " + p.lines() + "  `" + p.command() + "`  " + p.where() + "  -> " + p.file());
      p.notes().forEach(n -> o.println("      " + n));
    }
    if (!unplaced.isEmpty()) {
      o.println("not placed (" + count(unplaced.size(), "block") + "):");
      for (BlockOutcome.Unplaced u : unplaced) {
        o.println("  " + u.lines() + "  `" + u.command() + "`: " + u.reason());
      }
    }
    if (!skipped.isEmpty()) {
      o.println("skipped, no dump (" + count(skipped.size(), "block") + "):");
      for (BlockOutcome.Skipped s : skipped) {
        o.println("  " + s.lines() + "  `" + s.command() + "` (" + s.what() + ")");
      }
    }
    if (!split.warnings().isEmpty()) {
      o.println("read around (" + split.warnings().size() + "):");
      for (PasteWarning w : split.warnings()) {
        o.println("  " + w.location() + ": " + w.message());
      }
    }
  }

  private static String count(int n, String what) {
    return n + " " + what + (n == 1 ? "" : "s");
  }

  /**
   * SNAPSHOT_DIR must be new or empty, or hold a snapshot and --force be given (as for collect).
   */
  private void prepare() {
    try {
      if (Files.exists(out, LinkOption.NOFOLLOW_LINKS)
          && !Files.isDirectory(out, LinkOption.NOFOLLOW_LINKS)) {
        throw new UserError(out + " is not a folder");
      }
      if (!Files.isDirectory(out) || !SnapshotFolders.hasVisibleEntries(out)) {
        return;
      }
      Optional<Path> foreign = SnapshotFolders.foreignEntry(out);
      if (foreign.isPresent()) {
        throw new UserError(
            out
                + " is not empty and does not hold a snapshot ("
                + foreign.get()
                + " is no snapshot's"
                + " file): import into a new or empty folder (--force replaces only a folder that holds a snapshot;"
                + " nothing was deleted)");
      }
      if (!force) {
        throw new UserError(
            out
                + " already holds a snapshot: its files would mix with this import's; import into a"
                + " new folder, or add --force to replace it");
      }
    } catch (IOException e) {
      throw new UserError("cannot read " + out + ": " + e.getMessage());
    }
  }

  /** Writes the snapshot into a temporary folder beside SNAPSHOT_DIR, then moves it in place. */
  private void write(PasteSplit split, List<PastedText> texts) {
    Path target = out.toAbsolutePath().normalize();
    Path parent = target.getParent();
    Path tmp = null;
    try {
      Files.createDirectories(parent);
      tmp = Files.createTempDirectory(parent, "." + target.getFileName() + ".import-");
      for (Map.Entry<String, String> e : split.files().entrySet()) {
        Path f = tmp.resolve(e.getKey());
        Files.createDirectories(f.getParent());
        Files.writeString(f, e.getValue(), StandardCharsets.UTF_8);
      }
      Files.writeString(tmp.resolve("README.md"), readme(split, texts), StandardCharsets.UTF_8);
      if (Files.isDirectory(target)) {
        for (Path p : list(target)) {
          if (!p.getFileName().toString().startsWith(".")) {
            deleteTree(p);
          }
        }
        if (list(target).isEmpty()) {
          Files.delete(target);
          Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        } else {
          for (Path p : list(tmp)) {
            Files.move(
                p, target.resolve(p.getFileName().toString()), StandardCopyOption.ATOMIC_MOVE);
          }
          Files.delete(tmp);
        }
      } else {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
      }
      tmp = null;
    } catch (IOException e) {
      throw new UserError("cannot write " + out + ": " + e + "; nothing was written");
    } finally {
      if (tmp != null) {
        try {
          deleteTree(tmp);
        } catch (IOException ignored) {
          // the temporary folder is hidden and says what it is
        }
      }
    }
  }

  private static String readme(PasteSplit split, List<PastedText> texts) {
    StringBuilder sb = new StringBuilder();
    sb.append("# Imported by podpath import\n\nFrom ")
        .append(String.join(", ", names(texts).stream().map(n -> "`" + n + "`").toList()))
        .append(". Every file below is the output pasted at the lines given,\n")
        .append(
            "with what podpath did to it (docs/import.md). What was not placed is listed after.\n\n")
        .append("| file | lines | command | notes |\n|---|---|---|---|\n");
    List<String> unplaced = new ArrayList<>();
    for (BlockOutcome b : split.blocks()) {
      if (b instanceof BlockOutcome.Placed p) {
        sb.append("| ")
            .append(p.file())
            .append(" | ")
            .append(p.lines())
            .append(" | `")
            .append(cell(p.command()))
            .append("` | ")
            .append(cell(String.join("; ", p.notes())))
            .append(" |\n");
      } else if (b instanceof BlockOutcome.Unplaced u) {
        unplaced.add("- " + u.lines() + " `" + u.command() + "`: " + u.reason());
      }
    }
    if (!unplaced.isEmpty()) {
      sb.append("\nNot placed:\n\n").append(String.join("\n", unplaced)).append('\n');
    }
    return sb.toString();
  }

  private static String cell(String s) {
    return s.replace("|", "\\|").replace("\n", " ");
  }

  private static List<Path> list(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.sorted().toList();
    }
  }

  private static void deleteTree(Path p) throws IOException {
    if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
      for (Path c : list(p)) {
        deleteTree(c);
      }
    }
    Files.delete(p);
  }
}
