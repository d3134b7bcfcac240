package dev.podpath.trace.cli;

import dev.podpath.model.finding.Finding;
import dev.podpath.model.io.TextFiles;
import dev.podpath.model.io.UnreadableFileException;
import dev.podpath.trace.api.Network;
import dev.podpath.trace.api.TraceRequest;
import dev.podpath.trace.api.TraceResult;
import dev.podpath.trace.fixes.ChangesFile;
import dev.podpath.trace.fixes.CommandCheck;
import dev.podpath.trace.fixes.TraceFixes;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@code --write-fixes FILE} of {@code trace} and {@code lint}: the fixes as a changes file. */
final class WriteFixes {

  private WriteFixes() {}

  /**
   * Writes the fixes of the trace's diagnosis to {@code file} (on a scenario, checked by tracing
   * again: {@link TraceFixes}), saying so on {@code err}.
   */
  static void trace(
      Path file,
      String command,
      Network network,
      TraceRequest request,
      TraceResult result,
      PrintWriter err) {
    List<String> header = header(command, network.path(), network.snapshot().isPresent());
    ChangesFile f;
    try {
      f = TraceFixes.of(network, request, result, header);
    } catch (UncheckedIOException e) {
      throw new UserError("--write-fixes " + file + ": " + e.getCause().getMessage());
    }
    write(file, f, err);
    f.header().stream()
        .filter(h -> h.startsWith("checked") || h.startsWith("NOT ENOUGH"))
        .forEach(h -> err.println("podpath: " + h));
    err.flush();
  }

  /** Writes the findings' fixes to {@code file}, saying so on {@code err}. */
  static void findings(
      Path file, String command, Path input, boolean snapshot, List<Finding> f, PrintWriter err) {
    CommandCheck check = check(input, snapshot);
    write(file, ChangesFile.ofFindings(header(command, input, snapshot), f, check), err);
  }

  /** Refuses, before any work, a FILE that is a folder or whose folder does not exist. */
  static void checkTarget(Path file) {
    checkTarget(file, "--write-fixes");
  }

  /** {@link #checkTarget(Path)} for the option {@code option}. */
  static void checkTarget(Path file, String option) {
    if (file == null) {
      return;
    }
    Path dir = file.toAbsolutePath().getParent();
    if (Files.isDirectory(file)) {
      throw new UserError(option + " " + file + ": is a folder");
    }
    if (dir == null || !Files.isDirectory(dir)) {
      throw new UserError(option + " " + file + ": no such folder " + dir);
    }
  }

  private static CommandCheck check(Path input, boolean snapshot) {
    if (snapshot) {
      return CommandCheck.byWords();
    }
    try {
      return CommandCheck.inScript(input.toString(), TextFiles.read(input));
    } catch (UnreadableFileException e) {
      throw new UserError(e.getMessage());
    }
  }

  private static List<String> header(String command, Path input, boolean snapshot) {
    List<String> h = new ArrayList<>();
    h.add("podpath fixes, written by: " + command);
    h.add("for " + (snapshot ? "the snapshot " : "the scenario ") + input);
    h.add("Each command undoes or completes what podpath blamed (its why and the culprit's");
    h.add("file:line above it), in the syntax of a scenario script: append the file to the");
    h.add(
        snapshot
            ? "scenario, or review it and run it on the node as root."
            : "scenario and trace again, or review it and run it as root.");
    h.add("A fix podpath cannot write as a command is a comment (\"not run\"), saying why.");
    return h;
  }

  private static void write(Path file, ChangesFile f, PrintWriter err) {
    try {
      f.write(file);
    } catch (IOException e) {
      throw new UserError("--write-fixes " + file + ": cannot write it: " + e.getMessage());
    }
    int commands = f.commands().size();
    long comments = f.lines().stream().filter(l -> !l.isCommand()).count();
    err.println(
        "podpath: wrote "
            + commands
            + " fix command"
            + (commands == 1 ? "" : "s")
            + (comments > 0 ? " (and " + comments + " as comments)" : "")
            + " to "
            + file);
    err.flush();
  }
}
