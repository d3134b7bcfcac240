package dev.podpath.trace.cli;

import java.io.PrintWriter;
import java.io.Writer;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * The options of {@code trace} and {@code probes} that choose how much they print and how: {@code
 * --brief} (one line per probe), {@code -q} (nothing: the exit status alone) and {@code --color}.
 */
final class VerdictOutput {

  @Option(
      names = "--brief",
      description =
          "one line per probe: the verdict, from -> to, and where it ended (for a drop, the reason's"
              + " code and namespace/device)")
  boolean brief;

  @Option(
      names = {"-q", "--quiet"},
      description =
          "print nothing, errors apart: the exit status alone says the result (a file asked for,"
              + " as --pcap's, is still written)")
  boolean quiet;

  @Option(
      names = "--color",
      paramLabel = "auto|always|never",
      defaultValue = "auto",
      description =
          "colour verdicts, drops and culprits: auto, on a terminal unless NO_COLOR is set"
              + " (no-color.org); always; never (default: ${DEFAULT-VALUE})")
  String color;

  /** Refuses a {@code --color} word it does not know, and {@code --brief} with {@code -o json}. */
  void check(String output) {
    if (!color.equals("auto") && !color.equals("always") && !color.equals("never")) {
      throw new UserError("--color " + color + ": expected auto, always or never");
    }
    if (brief && !output.equals("text")) {
      throw new UserError("--brief is one line of text per probe: drop -o " + output);
    }
  }

  /**
   * Whether to colour: {@code always}; {@code auto} when standard output is a terminal and {@code
   * NO_COLOR} is unset or empty (no-color.org: "when present and not an empty string"); never
   * otherwise. A command-line choice wins over {@code NO_COLOR}, as no-color.org asks.
   */
  static boolean colours(String when, boolean terminal, Map<String, String> env) {
    return switch (when) {
      case "always" -> true;
      case "never" -> false;
      default -> terminal && env.getOrDefault("NO_COLOR", "").isEmpty();
    };
  }

  /**
   * Standard output, coloured when {@link #colours} says so (nothing to colour with {@code -q}); a
   * writer that drops everything with {@code -q}.
   */
  PrintWriter out(CommandSpec spec) {
    if (quiet) {
      return new PrintWriter(Writer.nullWriter());
    }
    if (colours(color, Main.stdoutIsTerminal(spec), System.getenv())) {
      Main.colourStandardOutput(spec);
    }
    return spec.commandLine().getOut();
  }

  /** Standard error for notes and hints (assumptions, warnings): none with {@code -q}. */
  PrintWriter notes(CommandSpec spec) {
    return quiet ? new PrintWriter(Writer.nullWriter()) : spec.commandLine().getErr();
  }
}
