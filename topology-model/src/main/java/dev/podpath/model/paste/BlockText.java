package dev.podpath.model.paste;

import dev.podpath.model.dump.DumpFormat;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The text a block of pasted output is written as: the forum's indentation taken off, elisions left
 * out (and said), the device name put back on lines of {@code ip route|neigh show dev X} and {@code
 * bridge fdb show dev X}, {@code cat /proc/sys/...} as a sysctl line, and an {@code iptables-save}
 * fragment without its {@code *table} line given one, named from its chains; then which file it is,
 * by its content ({@link DumpFormat#sniff}) where the command does not say or says otherwise.
 * Package-private.
 */
final class BlockText {

  /** What a block becomes. */
  sealed interface Result {}

  /** A file's text, with what was done to it. */
  record Text(SnapshotFile file, String text, List<String> notes) implements Result {}

  /** Not a file, and why. */
  record NotPlaced(String reason) implements Result {}

  private static final Pattern ROUTE_DEST =
      Pattern.compile(
          "^((?:unicast|local|broadcast|blackhole|unreachable"
              + "|prohibit|throw|multicast|anycast)\\s+)?(\\S+)(.*)$");
  private static final Pattern MAC_FIRST = Pattern.compile("^(\\S+)(.*)$");

  private BlockText() {}

  static Result of(RawBlock b) {
    List<String> notes = new ArrayList<>();
    List<PasteLine> text =
        b.lines.stream().filter(l -> l.mark() != PasteLine.Mark.ELISION).toList();
    List<Integer> elided =
        b.lines.stream()
            .filter(l -> l.mark() == PasteLine.Mark.ELISION)
            .map(PasteLine::number)
            .toList();
    if (!elided.isEmpty() && b.family != Family.IPTABLES_LIST) {
      notes.add(
          "left out by the poster at "
              + Ranges.of(elided)
              + " (`"
              + b.lines.stream()
                  .filter(l -> l.mark() == PasteLine.Mark.ELISION)
                  .findFirst()
                  .get()
                  .stripped()
              + "`): what was there is"
              + " unknown");
    }
    int indent =
        text.stream().filter(PasteLine::isText).mapToInt(PasteLine::indent).min().orElse(0);
    List<String> lines = new ArrayList<>();
    for (PasteLine l : text) {
      lines.add(l.isText() ? dedent(l.text(), indent) : "");
    }
    while (!lines.isEmpty() && lines.get(lines.size() - 1).isBlank()) {
      lines.remove(lines.size() - 1);
    }
    if (indent > 0) {
      notes.add("indentation of " + indent + " taken off");
    }
    Optional<Recognition.Dump> dump =
        b.recognition.filter(r -> r instanceof Recognition.Dump).map(r -> (Recognition.Dump) r);
    if (dump.isPresent()) {
      dump.get().notes().forEach(notes::add);
      b.command
          .map(EchoedCommand::lineFilters)
          .filter(f -> !f.isEmpty())
          .ifPresent(
              f ->
                  notes.add(
                      "filtered by `"
                          + String.join(" | ", f)
                          + "`: the lines it dropped are unknown"));
    }
    if (b.family.notRead().isPresent()) {
      return new NotPlaced(b.family.notRead().get());
    }
    if (dump.isPresent() && dump.get().device().isPresent()) {
      String dev = dump.get().device().get();
      SnapshotFile f = dump.get().file();
      if (f == SnapshotFile.SYSCTL && dev.startsWith("/proc/sys/")) {
        lines = sysctlValue(lines, dev, notes);
      } else if (f == SnapshotFile.IP_ROUTE
          || f == SnapshotFile.IP_NEIGH
          || f == SnapshotFile.BRIDGE_FDB) {
        lines = withDevice(lines, dev, f, notes);
      } else if (f == SnapshotFile.ETHTOOL_I) {
        lines = new ArrayList<>(lines);
        lines.add(0, "# ethtool -i " + dev);
        notes.add(
            "`# ethtool -i "
                + dev
                + "` written before it (ethtool's output does not name the device)");
      }
    }
    if (dump.isPresent() && dump.get().file() == SnapshotFile.SS && b.command.isPresent()) {
      EchoedCommand c = b.command.get();
      List<String> pipes = c.lineFilters();
      lines = new ArrayList<>(lines);
      lines.add(
          0,
          "# "
              + String.join(" ", c.argv())
              + (pipes.isEmpty() ? "" : " | " + String.join(" | ", pipes)));
      notes.add(
          "`"
              + lines.get(0)
              + "` written before it (which protocols' listening sockets it lists in full)");
    }
    if (b.family == Family.ETHTOOL
        && (dump.isEmpty() || dump.get().device().isEmpty())
        && lines.stream().noneMatch(l -> l.strip().matches("#\\s*ethtool\\s+-i\\s+\\S+"))) {
      return new NotPlaced(
          "the output of `ethtool -i` without its command: whose driver it shows is unknown (paste the"
              + " `ethtool -i DEV` line with it)");
    }
    if (dump.isPresent()
        && Family.of(dump.get().file()) == Family.KUBECTL
        && !lines.isEmpty()
        && !LineShapes.isKubectlHeader(lines.get(0).strip())) {
      lines =
          KubectlHeaders.withHeader(
              lines,
              dump.get().file(),
              b.command.map(EchoedCommand::argv).orElse(List.of()),
              notes);
    }
    String joined = String.join("\n", lines) + "\n";
    Optional<DumpFormat> sniffed = DumpFormat.sniff(joined);
    SnapshotFile file;
    if (b.family == Family.IPTABLES_LIST) {
      file = SnapshotFile.IPTABLES_SAVE;
      List<String> argv = b.command.map(EchoedCommand::argv).orElse(List.of());
      List<String> rows = new ArrayList<>();
      List<Integer> numbers = new ArrayList<>();
      for (PasteLine l : b.lines) {
        rows.add(
            l.mark() == PasteLine.Mark.ELISION
                ? IptablesListOutput.ELIDED
                : l.isText() ? dedent(l.text(), indent) : "");
        numbers.add(l.number());
      }
      lines =
          IptablesListOutput.toSave(
              rows,
              numbers,
              argv.isEmpty()
                  ? Optional.empty()
                  : Optional.of(
                      DumpCommands.tableOption(argv.subList(1, argv.size())).orElse("filter")),
              DumpCommands.listChain(argv),
              notes);
      Optional<List<String>> fixed = IptablesTables.complete(lines, notes);
      if (fixed.isEmpty()) {
        return new NotPlaced(
            "an `iptables -L` listing without its command, and its chains do not tell which"
                + " table it is (paste the `iptables -t TABLE -L` line with it)");
      }
      lines = fixed.get();
    } else if (b.family == Family.IPTABLES) {
      file = dump.map(Recognition.Dump::file).orElse(SnapshotFile.IPTABLES_SAVE);
      List<String> argv = b.command.map(EchoedCommand::argv).orElse(List.of());
      boolean listing =
          DumpCommands.listsRules(argv)
              || lines.stream().anyMatch(l -> l.strip().matches("-[PN]\\s.*"));
      if (file == SnapshotFile.IPTABLES_SAVE && listing) {
        lines =
            IptablesListing.toSave(
                lines,
                DumpCommands.listsRules(argv)
                    ? Optional.of(
                        DumpCommands.tableOption(argv.subList(1, argv.size())).orElse("filter"))
                    : Optional.empty(),
                b.range(),
                notes);
      }
      if (file == SnapshotFile.IPTABLES_SAVE) {
        Optional<List<String>> fixed = IptablesTables.complete(lines, notes);
        if (fixed.isEmpty()) {
          return new NotPlaced(
              "iptables rules without their `*table` line, and their chains do not tell which"
                  + " table they are (paste the whole `iptables-save`)");
        }
        lines = fixed.get();
      }
    } else if (dump.isPresent()) {
      file = dump.get().file();
      if (sniffed.isPresent()
          && SnapshotFile.of(sniffed.get()) != file
          && !sameCommand(file, sniffed.get())) {
        SnapshotFile read = SnapshotFile.of(sniffed.get());
        notes.add(
            "the lines are the output of `"
                + sniffed.get().command()
                + "`, not of `"
                + b.command.map(EchoedCommand::text).orElse("?")
                + "`: written as "
                + read.fileName());
        file = read;
      }
    } else if (sniffed.isPresent()) {
      file = SnapshotFile.of(sniffed.get());
    } else if (b.family.file().isPresent()
        && b.family != Family.KUBECTL
        && b.family != Family.DESCRIBE) {
      file = b.family.file().get();
    } else {
      return new NotPlaced("podpath cannot tell which command printed these lines");
    }
    return new Text(file, String.join("\n", lines) + "\n", notes);
  }

  private static boolean sameCommand(SnapshotFile file, DumpFormat sniffed) {
    Optional<DumpFormat> f = file.format();
    if (file == SnapshotFile.NETSTAT_RN && sniffed == DumpFormat.ROUTE_N) {
      return true;
    }
    // ip addr and ip link print the same device blocks; the command decides which file
    return f.isPresent()
        && (f.get().sameCommandAs(sniffed) && f.get().isJson() == sniffed.isJson()
            || Set.of(DumpFormat.IP_ADDR_TEXT, DumpFormat.IP_LINK_TEXT)
                .containsAll(Set.of(f.get(), sniffed)));
  }

  private static String dedent(String s, int indent) {
    int cut = 0;
    int col = 0;
    while (cut < s.length() && col < indent) {
      char c = s.charAt(cut);
      if (c == ' ') {
        col++;
      } else if (c == '\t') {
        col = (col / 8 + 1) * 8;
      } else {
        break;
      }
      cut++;
    }
    return s.substring(cut);
  }

  /**
   * {@code ip route show dev X}, {@code ip neigh show dev X}, {@code bridge fdb show dev X} leave
   * out {@code dev X}.
   */
  private static List<String> withDevice(
      List<String> lines, String dev, SnapshotFile file, List<String> notes) {
    List<String> out = new ArrayList<>();
    int added = 0;
    for (String l : lines) {
      if (l.isBlank() || l.matches(".*\\sdev\\s+\\S+.*")) {
        out.add(l);
        continue;
      }
      Matcher m = (file == SnapshotFile.IP_ROUTE ? ROUTE_DEST : MAC_FIRST).matcher(l);
      if (m.matches() && !l.startsWith(" ") && !l.startsWith("\t")) {
        out.add(
            file == SnapshotFile.IP_ROUTE
                ? (m.group(1) == null ? "" : m.group(1)) + m.group(2) + " dev " + dev + m.group(3)
                : m.group(1) + " dev " + dev + m.group(2));
        added++;
      } else {
        out.add(l);
      }
    }
    if (added > 0) {
      notes.add(
          "`dev "
              + dev
              + "` put back on "
              + added
              + (added == 1 ? " line" : " lines")
              + " (the command showed only that device, and leaves its name out)");
    }
    return out;
  }

  /**
   * {@code cat /proc/sys/net/ipv4/ip_forward} prints the value: written as {@code
   * net.ipv4.ip_forward = 1}.
   */
  private static List<String> sysctlValue(List<String> lines, String path, List<String> notes) {
    List<String> values = lines.stream().filter(l -> !l.isBlank()).toList();
    if (values.size() != 1 || values.get(0).contains("=")) {
      return lines;
    }
    String key = path.substring("/proc/sys/".length()).replace('/', '.');
    notes.add("written as the sysctl line `" + key + " = " + values.get(0).strip() + "`");
    return List.of(key + " = " + values.get(0).strip());
  }

  /** The tables of a dump as their header lines name them. */
  static Set<String> tables(List<String> lines) {
    Set<String> out = new LinkedHashSet<>();
    for (String l : lines) {
      if (LineShapes.isTableHeader(l.strip())) {
        out.add(l.strip().substring(1));
      }
    }
    return out;
  }
}
