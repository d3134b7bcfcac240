package dev.podpath.trace.cli;

import dev.podpath.trace.api.InputException;
import dev.podpath.trace.api.KernelUnavailableException;
import dev.podpath.trace.render.ControlCharacters;
import dev.podpath.trace.render.TerminalColours;
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
      DiffCommand.class,
      PlanCommand.class,
      CompletionCommand.class,
      CommandLine.HelpCommand.class
    },
    footer = {
      "",
      "Exit status: 0 reachable (verify: all agree; lint: every line read),",
      "1 not reachable or unknown (verify: some differ; lint: a problem found),",
      "2 bad input or usage (verify: the kernel run cannot happen here), or an internal error."
    })
public final class Main implements java.util.concurrent.Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** One line per command for {@code podpath} alone (each under 66 columns). */
  static final java.util.Map<String, String> SUMMARIES =
      java.util.Map.ofEntries(
          java.util.Map.entry("trace", "trace one packet hop by hop, and the reply's way back"),
          java.util.Map.entry("traceroute", "what traceroute -n would print, hop by hop"),
          java.util.Map.entry("probes", "answer the pings, nc and ip route get of a scenario"),
          java.util.Map.entry("verify", "run a scenario in a kernel sandbox and compare (root)"),
          java.util.Map.entry("lint", "what is wrong in a snapshot or scenario, with fixes"),
          java.util.Map.entry("collect", "dump this node's network state into a snapshot (root)"),
          java.util.Map.entry("import", "cut pasted command output into a snapshot"),
          java.util.Map.entry("graph", "the topology as DOT, Mermaid, JSON or GraphML"),
          java.util.Map.entry("matrix", "all-pairs reachability as a table, CSV, JSON or HTML"),
          java.util.Map.entry("diff", "what a change did to reachability, pair by pair, and why"),
          java.util.Map.entry("plan", "review a cluster's CIDR plan, then prove it by simulation"),
          java.util.Map.entry("completion", "a shell completion script (bash, zsh, fish)"),
          java.util.Map.entry("help", "the help of a command"));

  @Option(
      names = "--debug",
      scope = ScopeType.INHERIT,
      description = "on an internal error, print the stack trace too")
  boolean debug;

  /**
   * Standard output's colouring, under the escaping; off until a command's {@code --color} turns it
   * on (set by {@link #run(CommandLine, String[], PrintWriter, PrintWriter)}).
   */
  private TerminalColours colours;

  /** Whether standard output is the process's own and a terminal ({@link #main} only). */
  private boolean terminal;

  public static void main(String[] args) {
    Main main = new Main();
    main.terminal = stdoutIsTerminal();
    System.exit(
        run(
            new CommandLine(main),
            args,
            new PrintWriter(System.out, true),
            new PrintWriter(System.err, true)));
  }

  /**
   * Runs the CLI with the given streams; returns the exit status. They are not a terminal: {@code
   * --color=auto} adds no colour.
   */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    return run(new CommandLine(new Main()), args, out, err);
  }

  /**
   * Whether this process's standard output is a terminal: it has a console (Java 17: standard input
   * and output both interactive), one that says it is a terminal where Java has {@code
   * Console.isTerminal()} (22 and later, whose console may be there when redirected), and {@code
   * TERM} is not {@code dumb}.
   */
  static boolean stdoutIsTerminal() {
    java.io.Console console = System.console();
    if (console == null || "dumb".equals(System.getenv("TERM"))) {
      return false;
    }
    try {
      return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
    } catch (NoSuchMethodException e) {
      return true;
    } catch (ReflectiveOperationException e) {
      return false;
    }
  }

  /** Whether the standard output of the run {@code spec} belongs to is a terminal. */
  static boolean stdoutIsTerminal(CommandLine.Model.CommandSpec spec) {
    return spec.root().userObject() instanceof Main m && m.terminal;
  }

  /** Colours standard output from now on ({@link TerminalColours}), for the run of {@code spec}. */
  static void colourStandardOutput(CommandLine.Model.CommandSpec spec) {
    if (spec.root().userObject() instanceof Main m && m.colours != null) {
      m.colours.enable();
    }
  }

  /**
   * Every command's description and footer as paragraphs: consecutive prose lines joined into one,
   * which picocli then wraps at the terminal's width (80 columns by default) without breaking a
   * sentence in the middle of a line; an example (a line indented by two spaces), an empty line or
   * a heading ending in ':' stays a line of its own.
   */
  static void flowParagraphs(CommandLine cl) {
    CommandLine.Model.UsageMessageSpec usage = cl.getCommandSpec().usageMessage();
    usage.description(paragraphs(usage.description()));
    usage.footer(paragraphs(usage.footer()));
    cl.getSubcommands().values().forEach(Main::flowParagraphs);
  }

  static String[] paragraphs(String[] lines) {
    java.util.List<String> out = new java.util.ArrayList<>();
    for (String line : lines) {
      int last = out.size() - 1;
      boolean prose = !line.isEmpty() && !line.startsWith(" ");
      if (prose && last >= 0) {
        String prev = out.get(last);
        boolean prevProse = !prev.isEmpty() && !prev.startsWith(" ") && !prev.endsWith(":");
        if (prevProse) {
          out.set(last, prev + " " + line);
          continue;
        }
      }
      out.add(line);
    }
    return out.toArray(new String[0]);
  }

  /** Runs {@code cl} (this CLI, or a test's variant of it) with the given streams. */
  static int run(CommandLine cl, String[] args, PrintWriter rawOut, PrintWriter rawErr) {
    TerminalColours colours = new TerminalColours(rawOut);
    if (cl.getCommand() instanceof Main m) {
      m.colours = colours;
    }
    PrintWriter out = ControlCharacters.escaping(colours);
    PrintWriter err = ControlCharacters.escaping(rawErr);
    boolean debug = debugAsked(args);
    try {
      cl.setOut(out);
      cl.setErr(err);
      flowParagraphs(cl);
      // escape sequences of our own would be escaped like any other: help is plain text
      cl.setColorScheme(CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.OFF));
      cl.setExecutionExceptionHandler(
          (ex, cmd, parsed) -> {
            if (ex instanceof UserError u) {
              err.println("podpath: " + u.getMessage());
              return 2;
            }
            if (ex instanceof InputException i) {
              err.println("podpath: " + i.getMessage() + closest(i) + moreFailingLines(i));
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
            err.println("podpath: " + usageError(ex, a));
            err.println(
                "Try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
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
   * A usage error in one line: a mistyped option or command named with the closest ones ("unknown
   * option --form; did you mean --from?"), even where picocli would first complain of a required
   * option the typo left out; otherwise picocli's message.
   */
  static String usageError(CommandLine.ParameterException ex, String[] args) {
    CommandLine.Model.CommandSpec spec = ex.getCommandLine().getCommandSpec();
    for (String a : args) {
      if (a.equals("--")) {
        break;
      }
      String name = a.contains("=") ? a.substring(0, a.indexOf('=')) : a;
      if (name.startsWith("-") && name.length() > 1 && !name.matches("-[0-9].*")) {
        if (spec.findOption(name) == null && !spec.subcommands().containsKey(name)) {
          return "unknown option "
              + name
              + Suggestions.didYouMean(name, spec.optionsMap().keySet());
        }
      }
    }
    if (ex instanceof CommandLine.UnmatchedArgumentException u
        && !spec.subcommands().isEmpty()
        && !u.getUnmatched().isEmpty()) {
      String word = u.getUnmatched().get(0);
      return "unknown command '"
          + word
          + "'"
          + Suggestions.didYouMean(word, spec.subcommands().keySet());
    }
    return ex.getMessage();
  }

  /** For a name podpath does not know, the closest it does ("; did you mean ns1?"), or empty. */
  private static String closest(InputException e) {
    if (e.problem() != InputException.Problem.UNKNOWN || e.candidates().isEmpty()) {
      return "";
    }
    return Suggestions.didYouMean(e.given(), e.candidates());
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

  /** {@code podpath} alone: a short usage on standard error, exit status 2. */
  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    err.println("Usage: podpath COMMAND [OPTIONS]   (podpath COMMAND --help says more)");
    err.println();
    for (String command : spec.subcommands().keySet()) {
      err.printf("  %-11s %s%n", command, SUMMARIES.getOrDefault(command, ""));
    }
    err.println();
    err.println("podpath --version, podpath completion bash, and docs in the README.");
    err.flush();
    return 2;
  }
}
