package dev.podpath.trace.cli;

import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * fish's completion of podpath ({@code complete -c podpath ...} lines), written from the command
 * line's model as picocli's generator writes bash's: the commands at the first word, each command's
 * options after it, and after {@code --from}/{@code --to} (and matrix's {@code --sources} and
 * {@code --destinations}) the names of the scenario or snapshot on the line.
 */
final class FishCompletion {

  private FishCompletion() {}

  static String of(CommandSpec root) {
    StringBuilder sb = new StringBuilder();
    sb.append("# fish completion for podpath (podpath completion fish)\n");
    sb.append("function __podpath_names --argument-names kind\n");
    sb.append("    set -l words (commandline -opc)\n");
    sb.append("    set -l skip 0\n");
    sb.append("    for w in $words[3..-1]\n");
    sb.append("        switch $w\n");
    sb.append("            case ")
        .append(String.join(" ", CompletionCommand.FILE_OPTIONS))
        .append("\n");
    sb.append("                set skip 1\n");
    sb.append("                continue\n");
    sb.append("            case '-*'\n");
    sb.append("                set skip 0\n");
    sb.append("                continue\n");
    sb.append("        end\n");
    sb.append("        if test $skip = 0 -a -e $w\n");
    sb.append("            $words[1] completion names $kind $w 2>/dev/null\n");
    sb.append("            return\n");
    sb.append("        end\n");
    sb.append("        set skip 0\n");
    sb.append("    end\n");
    sb.append("end\n\n");
    for (OptionSpec o : root.options()) {
      option(sb, "__fish_use_subcommand", o);
    }
    for (var e : root.subcommands().entrySet()) {
      String name = e.getKey();
      CommandSpec sub = e.getValue().getCommandSpec();
      sb.append("complete -c podpath -n __fish_use_subcommand -f -a ")
          .append(name)
          .append(" -d ")
          .append(quote(Main.SUMMARIES.getOrDefault(name, first(sub.usageMessage().description()))))
          .append('\n');
      String when = "'__fish_seen_subcommand_from " + name + "'";
      for (OptionSpec o : sub.options()) {
        option(sb, when, o);
      }
      if (name.equals("help") || name.equals("completion")) {
        sb.append("complete -c podpath -n ")
            .append(when)
            .append(" -f -a ")
            .append(
                quote(
                    name.equals("help")
                        ? String.join(" ", root.subcommands().keySet())
                        : "bash zsh fish names"))
            .append('\n');
      }
    }
    return sb.toString();
  }

  private static void option(StringBuilder sb, String when, OptionSpec o) {
    if (o.hidden()) {
      return;
    }
    sb.append("complete -c podpath -n ").append(when);
    for (String n : o.names()) {
      if (n.startsWith("--")) {
        sb.append(" -l ").append(n.substring(2));
      } else if (n.length() == 2) {
        sb.append(" -s ").append(n.substring(1));
      } else {
        sb.append(" -o ").append(n.substring(1));
      }
    }
    List<String> names = List.of(o.names());
    if (names.stream().anyMatch(CompletionCommand.FROM::contains)) {
      sb.append(" -x -a '(__podpath_names from)'");
    } else if (names.stream().anyMatch(CompletionCommand.TO::contains)) {
      sb.append(" -x -a '(__podpath_names to)'");
    } else if (o.arity().max() > 0) {
      String label = o.paramLabel();
      if (label.matches("[a-z0-9-]+(\\|[a-z0-9-]+)+")) {
        sb.append(" -x -a ").append(quote(label.replace('|', ' ')));
      } else if (label.toUpperCase(Locale.ROOT).equals(label) && label.contains("FILE")
          || label.endsWith(".sh")
          || label.endsWith("DIR")) {
        sb.append(" -r -F");
      } else {
        sb.append(" -x");
      }
    }
    String[] d = o.description();
    if (d.length > 0) {
      sb.append(" -d ").append(quote(first(d)));
    }
    sb.append('\n');
  }

  /** A description's first sentence, as fish shows it beside the candidate. */
  private static String first(String[] description) {
    if (description.length == 0) {
      return "";
    }
    String d = description[0].replaceAll("\\$\\{[A-Z-]+}", "").strip();
    int stop = d.indexOf(". ");
    return stop > 0 ? d.substring(0, stop) : d;
  }

  private static String quote(String s) {
    return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }
}
