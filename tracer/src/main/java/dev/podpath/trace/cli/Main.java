package dev.podpath.trace.cli;

import dev.podpath.trace.api.InputException;
import dev.podpath.trace.api.KernelUnavailableException;
import dev.podpath.trace.render.ControlCharacters;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The {@code podpath} command line. Exit status: 0 delivered/reachable, 1 not, 2 bad input or
 * usage, or an internal error (one line; {@code --debug} adds the stack trace).
 *
 * <p>Everything written to standard output and error goes through {@link
 * ControlCharacters#escaping}: a dump or script line that holds terminal escape sequences is shown,
 * never obeyed.
 */
@Command(
    name = "podpath",
    mixinStandardHelpOptions = true,
    versionProvider = Versions.class,
    description = {
      "Simulates the Linux datapath of container networks and traces packets through it.",
      "",
      "A SCENARIO is a shell script of ip/bridge/sysctl commands (see samples/).",
      "A SNAPSHOT is a folder of dumps collected on the nodes (docs/snapshot.md; podpath collect makes one).",
      "Files podpath reads are regular UTF-8 text files of at most 512 MiB (less with a small Java heap).",
      "Control characters from a dump or script line are printed escaped (\\u001b for ESC)."
    },
    subcommands = {
      TraceCommand.class,
      TracerouteCommand.class,
      ProbesCommand.class,
      VerifyCommand.class,
      LintCommand.class,
      CollectCommand.class,
      ImportCommand.class,
      GraphCommand.class,
      MatrixCommand.class,
      CommandLine.HelpCommand.class
    },
    footer = {
      "",
      "Exit status: 0 reachable (verify: all agree; lint: every line read),",
      "1 not reachable or unknown (verify: some differ; lint: a problem found),",
      "2 bad input or usage (verify: the kernel run cannot happen here), or an internal error."
    })
public final class Main implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--debug",
      scope = ScopeType.INHERIT,
      description = "on an internal error, print the stack trace too")
  boolean debug;

  public static void main(String[] args) {
    System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /** Runs the CLI with the given streams; returns the exit status. */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    return run(new CommandLine(new Main()), args, out, err);
  }

  /** Runs {@code cl} (this CLI, or a test's variant of it) with the given streams. */
  static int run(CommandLine cl, String[] args, PrintWriter rawOut, PrintWriter rawErr) {
    PrintWriter out = ControlCharacters.escaping(rawOut);
    PrintWriter err = ControlCharacters.escaping(rawErr);
    boolean debug = debugAsked(args);
    try {
      cl.setOut(out);
      cl.setErr(err);
      // escape sequences of our own would be escaped like any other: help is plain text
      cl.setColorScheme(CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.OFF));
      cl.setExecutionExceptionHandler(
          (ex, cmd, parsed) -> {
            if (ex instanceof UserError u) {
              err.println("podpath: " + u.getMessage());
              return 2;
            }
            if (ex instanceof InputException i) {
              err.println("podpath: " + i.getMessage() + moreFailingLines(i));
              return 2;
            }
            if (ex instanceof KernelUnavailableException k) {
              err.println("podpath verify: cannot run the kernel side: " + k.getMessage());
              return 2;
            }
            return internalError(ex, debug, err);
          });
      cl.setParameterExceptionHandler(
          (ex, a) -> {
            err.println("podpath: " + ex.getMessage());
            err.println("Try 'podpath " + ex.getCommandLine().getCommandName() + " --help'.");
            return 2;
          });
      return cl.execute(args);
    } catch (Throwable t) {
      // the last resort: what picocli lets through (OutOfMemoryError, StackOverflowError, ...)
      return internalError(t, debug, err);
    } finally {
      out.flush();
      err.flush();
    }
  }

  /**
   * Whether {@code --debug} is among the options (before a {@code --}), however the parsing went.
   */
  private static boolean debugAsked(String[] args) {
    for (String a : args) {
      if (a.equals("--")) {
        return false;
      }
      if (a.equals("--debug")) {
        return true;
      }
    }
    return false;
  }

  /**
   * After a script's first failing line, how many more fail, pointing to lint for them; empty when
   * there are none.
   */
  private static String moreFailingLines(InputException e) {
    int more = e.moreFailingLines();
    return more <= 0
        ? ""
        : "\n("
            + more
            + " more line"
            + (more == 1 ? " fails" : "s fail")
            + " after this one: `podpath lint "
            + e.given()
            + "` lists "
            + (more == 1 ? "it" : "them all")
            + ")";
  }

  /** One line naming what went wrong, the stack trace only with {@code --debug}; exit status 2. */
  static int internalError(Throwable t, boolean debug, PrintWriter err) {
    err.println(
        "podpath: internal error: "
            + what(t)
            + (debug ? "" : " (run with --debug for the stack trace)"));
    if (debug) {
      t.printStackTrace(err);
    }
    err.flush();
    return 2;
  }

  private static String what(Throwable t) {
    if (t instanceof OutOfMemoryError) {
      return "out of memory ("
          + firstLine(t)
          + "); PODPATH_JAVA_OPTS=-Xmx... gives Java a larger heap";
    }
    if (t instanceof StackOverflowError) {
      return "the stack overflowed (" + firstLine(t) + ")";
    }
    return firstLine(t);
  }

  private static String firstLine(Throwable t) {
    String s = t.toString();
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl) + " ...";
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(),
        "a command is required (trace, traceroute, probes, verify, lint, collect, import, graph)");
  }
}
