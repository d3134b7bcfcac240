package dev.podpath.trace.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * The man pages, in roff ({@code man 7 man}), written from the same command-line model as {@code
 * --help}: {@code podpath.1} and one {@code podpath-COMMAND.1} per command, with the name and
 * summary, the synopsis, the description (its examples as unfilled blocks), the parameters and
 * options, the footer (exit status) and the other pages. The build runs {@link #main} at {@code
 * prepare-package} (tracer/pom.xml), into {@code tracer/target/man/man1}; the distribution carries
 * them.
 */
final class ManPages {

  private ManPages() {}

  /** Writes every page into {@code args[0]}. */
  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args[0]);
    Files.createDirectories(dir);
    for (Map.Entry<String, String> page : all().entrySet()) {
      Files.writeString(dir.resolve(page.getKey()), page.getValue(), StandardCharsets.UTF_8);
    }
  }

  /** Each page's file name and text. */
  static Map<String, String> all() {
    CommandLine root = new CommandLine(new Main());
    String version = Versions.VERSION;
    Map<String, String> out = new java.util.LinkedHashMap<>();
    out.put("podpath.1", page(root.getCommandSpec(), "podpath", version, root));
    for (Map.Entry<String, CommandLine> e : root.getSubcommands().entrySet()) {
      if (!e.getKey().equals("help")) {
        out.put(
            "podpath-" + e.getKey() + ".1",
            page(e.getValue().getCommandSpec(), "podpath-" + e.getKey(), version, root));
      }
    }
    return out;
  }

  private static String page(CommandSpec spec, String name, String version, CommandLine root) {
    StringBuilder sb = new StringBuilder();
    sb.append(".TH ")
        .append(name.toUpperCase(Locale.ROOT))
        .append(" 1 \"\" \"podpath ")
        .append(escape(version))
        .append("\" \"podpath manual\"\n");
    sb.append(".SH NAME\n")
        .append(name.replace("-", "\\-"))
        .append(" \\- ")
        .append(escape(summary(spec, name)))
        .append('\n');
    // man indents the synopsis by 7 columns: wrapped at 72, it fits an 80-column terminal
    spec.usageMessage().width(72);
    Help help = new Help(spec, Help.defaultColorScheme(Help.Ansi.OFF));
    sb.append(".SH SYNOPSIS\n.nf\n")
        .append(escapeLines(help.synopsis(0).stripTrailing()))
        .append("\n.fi\n");
    String[] description = spec.usageMessage().description();
    if (description.length > 0) {
      sb.append(".SH DESCRIPTION\n");
      text(sb, List.of(description));
    }
    if (name.equals("podpath")) {
      sb.append(".SH COMMANDS\n");
      for (String c : root.getSubcommands().keySet()) {
        sb.append(".TP\n.B ")
            .append(c)
            .append('\n')
            .append(escape(Main.SUMMARIES.getOrDefault(c, "")))
            .append(c.equals("help") ? "" : "; see \\fBpodpath\\-" + c + "\\fR(1)")
            .append('\n');
      }
    }
    if (!spec.positionalParameters().isEmpty()) {
      sb.append(".SH PARAMETERS\n");
      for (PositionalParamSpec p : spec.positionalParameters()) {
        if (!p.hidden()) {
          sb.append(".TP\n\\fI").append(escape(p.paramLabel())).append("\\fR\n");
          sb.append(escape(String.join(" ", p.renderedDescription()))).append('\n');
        }
      }
    }
    sb.append(".SH OPTIONS\n");
    for (OptionSpec o : spec.options()) {
      if (o.hidden()) {
        continue;
      }
      sb.append(".TP\n");
      List<String> names = new ArrayList<>();
      for (String n : o.names()) {
        names.add("\\fB" + n.replace("-", "\\-") + "\\fR");
      }
      sb.append(String.join(", ", names));
      if (o.arity().max() > 0) {
        sb.append("=\\fI").append(escape(o.paramLabel())).append("\\fR");
      }
      sb.append('\n').append(escape(String.join(" ", o.renderedDescription()))).append('\n');
    }
    String[] footer = spec.usageMessage().footer();
    if (footer.length > 0) {
      sb.append(".SH EXIT STATUS\n");
      text(sb, List.of(footer));
    }
    sb.append(".SH SEE ALSO\n");
    List<String> see = new ArrayList<>();
    if (!name.equals("podpath")) {
      see.add("\\fBpodpath\\fR(1)");
    }
    see.add("\\fBip\\fR(8)");
    see.add("\\fBtshark\\fR(1)");
    sb.append(String.join(", ", see))
        .append(
            "; the README and docs/ of podpath's source (the JSON formats, pcap, snapshots,"
                + " verify)\n");
    return sb.toString();
  }

  private static String summary(CommandSpec spec, String name) {
    if (name.equals("podpath")) {
      return "trace packets through a model of Linux container networks";
    }
    String s = Main.SUMMARIES.get(spec.name());
    if (s != null) {
      return s;
    }
    String[] d = spec.usageMessage().description();
    return d.length == 0 ? spec.name() : d[0];
  }

  /**
   * Help text as roff: a blank line starts a paragraph, lines indented by two spaces (examples and
   * their continuation lines) are shown as they are, at the paragraph's indentation, other lines
   * are filled.
   */
  private static void text(StringBuilder sb, List<String> lines) {
    boolean literal = false;
    for (String line : lines) {
      boolean example = line.startsWith("  ");
      if (literal && !example) {
        sb.append(".fi\n");
        literal = false;
      }
      if (line.isBlank()) {
        sb.append(".PP\n");
      } else if (example) {
        if (!literal) {
          sb.append(".nf\n");
          literal = true;
        }
        sb.append(escape(line.substring(2))).append('\n');
      } else {
        sb.append(escape(line)).append('\n');
      }
    }
    if (literal) {
      sb.append(".fi\n");
    }
  }

  private static String escapeLines(String text) {
    StringBuilder sb = new StringBuilder();
    for (String l : text.split("\n", -1)) {
      if (sb.length() > 0) {
        sb.append('\n');
      }
      sb.append(escape(l));
    }
    return sb.toString();
  }

  /** A line of text as roff shows it literally: backslashes, hyphens and a leading dot. */
  static String escape(String s) {
    String e = s.replace("\\", "\\e").replace("-", "\\-");
    return e.startsWith(".") || e.startsWith("'") ? "\\&" + e : e;
  }
}
