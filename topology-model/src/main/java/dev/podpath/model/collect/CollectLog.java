package dev.podpath.model.collect;

import dev.podpath.model.origin.Origin;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A node folder's {@code collect.log}, as {@code podpath collect} and {@code podpath-collect.sh}
 * write it (docs/snapshot.md): a header naming the format, the collector, the node and the time,
 * then one entry per command that failed or was not found, with the file it would have written
 * (relative to the node folder), what became of it, the command line as run, and the first lines of
 * its error output indented below.
 *
 * <pre>
 * # podpath collect.log format 1: podpath-collect.sh on node worker1 at 2026-11-22T07:31:20Z
 * netns/pod5/iptables-save.txt: exit 1: ip netns exec pod5 iptables-save -c
 *     iptables-save v1.8.7 (nf_tables): Could not fetch rule set generation id: Permission denied (you must be root)
 * ipset-save.txt: not found: ipset save
 * </pre>
 *
 * <p>A folder with a {@code collect.log} comes from a collector run: a dump it lacks without an
 * entry saying why was lost after the run.
 *
 * @param file the log's path in the snapshot ({@code worker1/collect.log})
 * @param header the header line
 * @param failures the entries, in file order
 */
public record CollectLog(String file, Origin header, List<Failure> failures) {

  /** The format this podpath writes and reads. */
  public static final int FORMAT = 1;

  /** How the header starts; the format number follows. */
  public static final String HEADER_PREFIX = "# podpath collect.log format ";

  /** How many lines of a command's error output an entry keeps. */
  public static final int STDERR_LINES = 5;

  /** How an entry's error output lines are indented. */
  public static final String INDENT = "    ";

  public CollectLog {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(header, "header");
    failures = List.copyOf(failures);
  }

  /**
   * The header a collector writes: {@code # podpath collect.log format 1: COLLECTOR on node NODE at
   * TIME}.
   */
  public static String header(String collector, String node, Instant when) {
    return HEADER_PREFIX
        + FORMAT
        + ": "
        + collector
        + " on node "
        + node
        + " at "
        + when.truncatedTo(ChronoUnit.SECONDS);
  }

  /**
   * The entries about the namespace folder {@code folder} (relative to the node folder; empty for
   * the node itself).
   */
  public List<Failure> failuresIn(String folder) {
    return failures.stream().filter(f -> f.folder().equals(folder)).toList();
  }

  /** What became of a command the collector wanted to run. */
  public sealed interface Status {

    /** The text of the entry ({@code not found}, {@code exit 1}, {@code timed out}). */
    String text();

    /**
     * What happened, in words ({@code was not found on the node}, {@code failed with exit status
     * 1}).
     */
    String explain();

    /** The program is not installed on the node (not on the collector's PATH). */
    record NotFound() implements Status {
      public String text() {
        return "not found";
      }

      public String explain() {
        return "was not found on the node";
      }
    }

    /** The command ran and exited with a non-zero status; what it printed was not kept. */
    record Exited(int status) implements Status {
      public String text() {
        return "exit " + status;
      }

      public String explain() {
        return "failed with exit status " + status;
      }
    }

    /** The command did not finish in time and was killed. */
    record TimedOut() implements Status {
      public String text() {
        return "timed out";
      }

      public String explain() {
        return "timed out";
      }
    }
  }

  /**
   * One command that failed or was not found.
   *
   * @param path the file it would have written, relative to the node folder ({@code
   *     iptables-save.txt}, {@code netns/pod5/iptables-save.txt})
   * @param command the command line as the collector ran it, with {@code ip netns exec NAME} or
   *     {@code nsenter --net=...} before it for another namespace
   * @param stderr the first lines of its error output
   * @param origin the entry's line in collect.log
   */
  public record Failure(
      String path, Status status, String command, List<String> stderr, Origin origin) {

    public Failure {
      Objects.requireNonNull(path, "path");
      Objects.requireNonNull(status, "status");
      Objects.requireNonNull(command, "command");
      stderr = List.copyOf(stderr);
      Objects.requireNonNull(origin, "origin");
    }

    /**
     * The namespace folder, relative to the node folder: empty for the node, {@code netns/pod5}.
     */
    public String folder() {
      int slash = path.lastIndexOf('/');
      return slash < 0 ? "" : path.substring(0, slash);
    }

    /** The name of the file it would have written ({@code iptables-save.txt}). */
    public String fileName() {
      return path.substring(path.lastIndexOf('/') + 1);
    }

    /** {@code `iptables-save -c` failed with exit status 1 (its first error line)}. */
    public String explain() {
      return "`"
          + command
          + "` "
          + status.explain()
          + stderr.stream()
              .filter(l -> !l.isBlank())
              .findFirst()
              .map(l -> " (" + l.strip() + ")")
              .orElse("");
    }

    /**
     * The entry as a collector writes it: the entry line, then the error output's first lines
     * indented.
     */
    public static List<String> lines(String path, Status status, String command, String stderr) {
      List<String> out = new ArrayList<>();
      out.add(path + ": " + status.text() + ": " + command);
      List<String> err = stderr.lines().filter(l -> !l.isBlank()).toList();
      err.stream().limit(STDERR_LINES).forEach(l -> out.add(INDENT + l.stripTrailing()));
      if (err.size() > STDERR_LINES) {
        out.add(INDENT + "... (" + (err.size() - STDERR_LINES) + " more lines)");
      }
      return out;
    }
  }
}
