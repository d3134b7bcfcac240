package dev.podpath.model.dump;

import dev.podpath.model.collect.CollectLog;
import dev.podpath.model.origin.Origin;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a node folder's {@code collect.log} ({@link CollectLog}). A log without the header (an
 * older collector's, or one written by hand) or of another format is a whole-file warning and gives
 * nothing: its entries cannot be told apart from free text. A line that is no entry, or an entry
 * naming a path that is not a namespace folder's file, is a warning at its line and skipped.
 */
public final class CollectLogParser {

  private static final Pattern HEADER =
      Pattern.compile("^" + Pattern.quote(CollectLog.HEADER_PREFIX) + "(\\d+)(:.*)?$");

  /** PATH: STATUS: COMMAND; the path is the shortest prefix followed by a status. */
  private static final Pattern ENTRY =
      Pattern.compile("^(\\S.*?): (not found|exit (\\d{1,3})|timed out): (\\S.*)$");

  private static final Pattern PATH = Pattern.compile("^(netns/[^/]+/)?[^/]+$");

  private CollectLogParser() {}

  public static ParseResult<Optional<CollectLog>> parse(String file, String content) {
    Warnings w = new Warnings(file);
    List<TextLine> lines = TextLine.split(content);
    Optional<TextLine> first = lines.stream().filter(l -> !l.isBlank()).findFirst();
    Matcher h = first.map(l -> HEADER.matcher(l.text().strip())).orElse(null);
    if (h == null || !h.matches()) {
      w.ofFile(
          "no `"
              + CollectLog.HEADER_PREFIX
              + CollectLog.FORMAT
              + ": ...` header: not a log podpath collect"
              + " (or collect/podpath-collect.sh) of this version wrote; its entries are not read, and the folder is"
              + " taken as dumped by hand (collect again with this version to know what failed)");
      return w.result(Optional.empty());
    }
    if (!h.group(1).equals(String.valueOf(CollectLog.FORMAT))) {
      w.add(
          first.get(),
          1,
          "collect.log format "
              + h.group(1)
              + " is not format "
              + CollectLog.FORMAT
              + ", the one this podpath reads; its entries are not read");
      return w.result(Optional.empty());
    }
    TextLine headerLine = first.get();
    List<CollectLog.Failure> out = new ArrayList<>();
    Entry open = null;
    for (TextLine line : lines) {
      if (line.number() <= headerLine.number() || line.isBlank()) {
        continue;
      }
      if (line.isIndented()) {
        if (open == null) {
          w.add(line, 1, "error output without an entry above it; skipped");
        } else {
          open.stderr.add(line.text().strip());
        }
        continue;
      }
      if (line.text().startsWith("#")) {
        continue;
      }
      if (open != null) {
        out.add(open.failure());
        open = null;
      }
      Matcher m = ENTRY.matcher(line.text().stripTrailing());
      if (!m.matches()) {
        w.add(
            line,
            1,
            "not a collect.log entry (PATH: not found|exit N|timed out: COMMAND, error output indented"
                + " below); skipped");
        continue;
      }
      String path = m.group(1);
      if (!PATH.matcher(path).matches()
          || java.util.Arrays.stream(path.split("/"))
              .anyMatch(c -> c.equals(".") || c.equals(".."))) {
        w.add(
            line,
            1,
            "`"
                + path
                + "` is not a file of the node's folder or of a namespace under its netns/;"
                + " skipped");
        continue;
      }
      CollectLog.Status status =
          m.group(2).equals("not found")
              ? new CollectLog.Status.NotFound()
              : m.group(2).equals("timed out")
                  ? new CollectLog.Status.TimedOut()
                  : new CollectLog.Status.Exited(Integer.parseInt(m.group(3)));
      open = new Entry(path, status, m.group(4), new Origin(file, line.number(), line.text()));
    }
    if (open != null) {
      out.add(open.failure());
    }
    return w.result(
        Optional.of(
            new CollectLog(file, new Origin(file, headerLine.number(), headerLine.text()), out)));
  }

  private static final class Entry {
    final String path;
    final CollectLog.Status status;
    final String command;
    final Origin origin;
    final List<String> stderr = new ArrayList<>();

    Entry(String path, CollectLog.Status status, String command, Origin origin) {
      this.path = path;
      this.status = status;
      this.command = command;
      this.origin = origin;
    }

    CollectLog.Failure failure() {
      return new CollectLog.Failure(path, status, command, stderr, origin);
    }
  }
}
