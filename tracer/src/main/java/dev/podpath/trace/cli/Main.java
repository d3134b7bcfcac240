package dev.podpath.trace.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code podpath} command line. Exit status: 0 delivered/reachable, 1 not, 2 bad input or
 * usage.
 */
@Command(
    name = "podpath",
    mixinStandardHelpOptions = true,
    version = "podpath 0.1.0",
    description = {
      "Simulates the Linux datapath of container networks and traces packets through it.",
      "",
      "A SCENARIO is a shell script of ip/bridge/sysctl commands (see samples/).",
      "A SNAPSHOT is a folder of dumps collected on the nodes (docs/snapshot.md; podpath collect makes one)."
    },
    subcommands = {TraceCommand.class, TracerouteCommand.class, ProbesCommand.class, VerifyCommand.class, LintCommand.class, CollectCommand.class,
      CommandLine.HelpCommand.class},
    footer = {"", "Exit status: 0 reachable (verify: all agree; lint: every line read),",
      "1 not reachable or unknown (verify: some differ; lint: a line unread),",
      "2 bad input or usage (verify: the kernel run cannot happen here)."})
public final class Main implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /** Runs the CLI with the given streams; returns the exit status. */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    CommandLine cl = new CommandLine(new Main());
    cl.setOut(out);
    cl.setErr(err);
    cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
      if (ex instanceof UserError u) {
        err.println("podpath: " + u.getMessage());
        return 2;
      }
      if (ex instanceof KernelUnavailable k) {
        err.println("podpath verify: cannot run the kernel side: " + k.getMessage());
        return 2;
      }
      err.println("podpath: internal error: " + ex);
      err.println("please report it with the scenario that caused it");
      return 3;
    });
    cl.setParameterExceptionHandler((ex, a) -> {
      err.println("podpath: " + ex.getMessage());
      err.println("Try 'podpath " + ex.getCommandLine().getCommandName() + " --help'.");
      return 2;
    });
    return cl.execute(args);
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a command is required (trace, traceroute, probes, verify, lint, collect)");
  }
}
