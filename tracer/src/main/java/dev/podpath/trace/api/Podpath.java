package dev.podpath.trace.api;

import dev.podpath.model.io.TextFiles;
import dev.podpath.model.io.UnreadableFileException;
import dev.podpath.model.script.Scenario;
import dev.podpath.model.script.ScenarioInterpreter;
import dev.podpath.model.script.ScriptCheck;
import dev.podpath.model.script.ScriptException;
import dev.podpath.model.snapshot.LoadWork;
import dev.podpath.model.snapshot.Snapshot;
import dev.podpath.model.snapshot.SnapshotException;
import dev.podpath.model.sysctl.Sysctls;
import dev.podpath.sim.net.EdgeAssumption;
import dev.podpath.trace.api.InputException.Input;
import dev.podpath.trace.api.InputException.Problem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * The entry point of podpath's Java API: load a scenario script or a snapshot folder into a {@link
 * Network}, then resolve names and trace on it. What {@code podpath trace}, {@code traceroute},
 * {@code probes}, {@code verify} and {@code lint} do, the command line does through here.
 *
 * <pre>{@code
 * Network net = Podpath.load(Path.of("samples/flannel-host-gw.sh"));
 * TraceResult r = net.trace(TraceRequest.builder("busybox-jpnb6", "10.10.2.4").build());
 * r.succeeded();                                   // true
 * r.trace().request().hops();                      // busybox-jpnb6, worker1, lan, worker2, busybox-pg7ps
 *
 * Network snap = Podpath.load(Path.of("samples/snapshots/flannel-vxlan"));
 * snap.warnings();                                 // lines of the dumps it could not read
 * snap.assumptions();                              // what it assumed to build the model
 * }</pre>
 *
 * <p>Loading reads and interprets the files once; everything after works on the immutable model in
 * memory. Every method here is safe to call from any thread. A bad input is an {@link
 * InputException} naming it ({@code file:line: the complaint} for a script line), never a stack
 * trace of podpath's. Interrupting the thread that loads a snapshot, or runs a trace on a {@link
 * Network}, cancels it: it stops before the snapshot's next file or stage of assembly, or within
 * the simulation's next 256 events, with a {@link java.util.concurrent.CancellationException}.
 */
public final class Podpath {

  private Podpath() {}

  /**
   * {@return the scenario script or snapshot folder at {@code file}, with nothing assumed}
   *
   * @throws InputException when it cannot be read, or a line of the script fails
   */
  public static Network load(Path file) {
    return load(file, LoadOptions.DEFAULTS);
  }

  /**
   * {@return the scenario script (interpreted as on a host with the kernel's default sysctls) or
   * the snapshot folder (docs/snapshot.md) at {@code file}}
   *
   * @throws InputException when it cannot be read ({@link Problem#UNREADABLE}), a line of the
   *     script fails ({@link Problem#FAILS}, the first such line; {@link
   *     InputException#moreFailingLines()} counts the rest), or the options do not fit it
   */
  public static Network load(Path file, LoadOptions options) {
    return load(file, options, LoadWork.none());
  }

  /**
   * {@link #load(Path, LoadOptions)}, a snapshot's files read and its stages of assembly recorded
   * in {@code work} (a benchmark's profile of a load, a test's count of the work a cancelled load
   * did; a script records nothing there)
   *
   * @throws InputException as {@link #load(Path, LoadOptions)}
   * @throws java.util.concurrent.CancellationException when the calling thread is interrupted while
   *     a snapshot loads (a GUI's Cancel): the load stops before its next file, or its next stage
   */
  public static Network load(Path file, LoadOptions options, LoadWork work) {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(work, "work");
    if (Files.isDirectory(file)) {
      Snapshot s;
      try {
        s =
            Snapshot.load(
                file,
                new Snapshot.Options(
                    options.assumeCniPods(), options.edge() == EdgeAssumption.Mode.ROUTES),
                work);
      } catch (SnapshotException e) {
        throw new InputException(
            Input.FILE, Problem.UNREADABLE, file.toString(), e.getMessage(), List.of(), 0, e);
      }
      return Network.of(file, s).withEdge(options.edge());
    }
    if (options.assumeCniPods()) {
      throw new InputException(
          Input.FILE,
          Problem.WRONG_KIND,
          file.toString(),
          "--assume-cni-pods is for snapshots; " + file + " is a scenario script");
    }
    return loadScenario(file, Sysctls.kernelDefaults()).withEdge(options.edge());
  }

  /**
   * {@return the scenario script at {@code file}; a folder (a snapshot) is refused, for what only a
   * script has: its own probes ({@link Network#probes()}), a kernel to compare with}
   *
   * @throws InputException as {@link #load(Path, LoadOptions)}, and {@link Problem#WRONG_KIND} for
   *     a folder
   */
  public static Network loadScenario(Path file) {
    Objects.requireNonNull(file, "file");
    if (Files.isDirectory(file)) {
      throw new InputException(
          Input.FILE,
          Problem.WRONG_KIND,
          file.toString(),
          file
              + " is a folder: this command takes a scenario script (snapshots work with trace,"
              + " traceroute and lint)");
    }
    return loadScenario(file, Sysctls.kernelDefaults());
  }

  /**
   * {@return the scenario script at {@code file}, interpreted as on a host whose sysctls are {@code
   * inherited} (the script's own namespace has them, new namespaces copy their {@code all}/{@code
   * default} values), as {@code podpath verify} reads it for a kernel with other defaults}
   *
   * @throws InputException when the file cannot be read (a folder is not a regular file) or a line
   *     fails
   */
  public static Network loadScenario(Path file, Sysctls inherited) {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(inherited, "inherited");
    String text;
    try {
      text = TextFiles.read(file);
    } catch (UnreadableFileException e) {
      throw new InputException(
          Input.FILE, Problem.UNREADABLE, file.toString(), e.getMessage(), List.of(), 0, e);
    }
    return interpret(file, text, inherited);
  }

  /**
   * {@return {@code text} interpreted as the scenario script at {@code file}, on a host with the
   * kernel's default sysctls: a script changed in memory (the GUI's what-if edits appended to the
   * script it opened) reads as the saved file would, its origins naming {@code file} and its
   * restore files found beside it}
   *
   * @throws InputException when a line fails ({@link Problem#FAILS}, {@code file:line})
   */
  public static Network loadScenario(Path file, String text) {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(text, "text");
    return interpret(file, text, Sysctls.kernelDefaults());
  }

  /**
   * {@return {@code text} interpreted as the scenario script at {@code file} on a host whose
   * sysctls are {@code inherited}: a candidate of {@code podpath verify --reduce}, read as the
   * saved file would be for the kernel it runs in}
   *
   * @throws InputException when a line fails ({@link Problem#FAILS}, {@code file:line})
   */
  public static Network loadScenario(Path file, String text, Sysctls inherited) {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(inherited, "inherited");
    return interpret(file, text, inherited);
  }

  /** The script's text interpreted; a failing line is an {@link InputException} naming it. */
  private static Network interpret(Path file, String text, Sysctls inherited) {
    try {
      return Network.of(file, ScenarioInterpreter.interpret(file.toString(), text, inherited));
    } catch (ScriptException e) {
      throw new InputException(
          Input.FILE,
          Problem.FAILS,
          file.toString(),
          e.getMessage(),
          List.of(),
          moreFailingLines(file, text, inherited),
          e);
    }
  }

  /**
   * {@return the scenario script at {@code file} read to its end as bash without {@code set -e}
   * runs it: every line that fails, and the scenario the other lines build ({@code podpath lint})}
   *
   * @throws InputException when the file cannot be read
   */
  public static ScriptCheck check(Path file) {
    Objects.requireNonNull(file, "file");
    try {
      return ScenarioInterpreter.check(file);
    } catch (UnreadableFileException e) {
      throw new InputException(
          Input.FILE, Problem.UNREADABLE, file.toString(), e.getMessage(), List.of(), 0, e);
    }
  }

  /** After the first failing line of a script, how many more fail (read once more, as lint). */
  private static int moreFailingLines(Path file, String text, Sysctls inherited) {
    try {
      return Math.max(
          0, ScenarioInterpreter.check(file.toString(), text, inherited).problems().size() - 1);
    } catch (RuntimeException e) {
      // only a count for a hint: the first problem, already in hand, is the message
      return 0;
    }
  }

  /** A scenario as a {@link Network} has it: the script, or a snapshot's model without probes. */
  static Scenario scenarioOf(Path dir, Snapshot s) {
    return new Scenario(dir.toString(), s.topology(), List.of(), List.of());
  }
}
