package dev.podpath.trace.cli;

import dev.podpath.trace.api.LoadOptions;
import dev.podpath.trace.api.Network;
import dev.podpath.trace.api.Podpath;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "completion",
    mixinStandardHelpOptions = true,
    description = {
      "Print a shell completion script: podpath's commands and options (picocli's generator for",
      "bash and zsh, fish's own complete lines), and after --from, --to, --sources and",
      "--destinations the namespaces, pods and Services of the scenario or snapshot given earlier",
      "on the line (read by 'podpath completion names' at each Tab; a snapshot of thousands of",
      "pods takes a second or two).",
      "",
      "Examples:",
      "  source <(podpath completion bash)",
      "  podpath completion bash > /etc/bash_completion.d/podpath",
      "  autoload -U +X bashcompinit && bashcompinit && source <(podpath completion zsh)",
      "  podpath completion fish > ~/.config/fish/completions/podpath.fish",
      "  podpath completion names to snapshots/seed-001     (what the scripts call)"
    })
final class CompletionCommand implements Callable<Integer> {

  /** The options whose values are source names ({@code names from}) or destinations. */
  static final List<String> FROM = List.of("--from", "--sources");

  static final List<String> TO = List.of("--to", "--destinations");

  /** The options whose value is a file that is not the scenario (skipped when looking for it). */
  static final List<String> FILE_OPTIONS =
      List.of(
          "--apply",
          "--pcap",
          "--transcript",
          "--save-transcript",
          "--markdown",
          "--emit-scenario",
          "--write-fixes",
          "-o",
          "--output");

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "bash|zsh|fish|names", description = "the shell")
  String shell;

  @Parameters(
      index = "1..*",
      paramLabel = "from|to SCENARIO",
      description =
          "names: which names (sources or destinations), and of which scenario or snapshot")
  List<String> rest = List.of();

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    switch (shell) {
      case "bash", "zsh" -> out.print(bash());
      case "fish" -> out.print(FishCompletion.of(spec.root()));
      case "names" -> names(out);
      default -> throw new UserError("completion " + shell + ": expected bash, zsh, fish or names");
    }
    out.flush();
    return 0;
  }

  /** The names of a scenario or snapshot, one a line; nothing (status 0) if it cannot be read. */
  private void names(PrintWriter out) {
    if (rest.size() != 2 || !List.of("from", "to").contains(rest.get(0))) {
      throw new UserError("completion names: expected 'from' or 'to', then a scenario or snapshot");
    }
    Network network;
    try {
      network = Podpath.load(Path.of(rest.get(1)), new LoadOptions(false));
    } catch (RuntimeException e) {
      return; // a half-typed line: no names rather than an error in the middle of the prompt
    }
    (rest.get(0).equals("from") ? network.sourceCandidates() : network.destinationCandidates())
        .forEach(out::println);
  }

  /** picocli's script, then a function in front of it that completes the names. */
  private String bash() {
    String picocli = AutoComplete.bash("podpath", spec.root().commandLine());
    String register = "complete -F _complete_podpath";
    int at = picocli.lastIndexOf(register);
    String generated = at < 0 ? picocli : picocli.substring(0, at);
    return generated
        + String.join(
            "\n",
            "# podpath: after --from/--sources and --to/--destinations, the names of the scenario or",
            "# snapshot given on the line (podpath completion names from|to FILE), else picocli's",
            "function _podpath_names_or_picocli() {",
            "  local cur=\"${COMP_WORDS[COMP_CWORD]}\" prev=\"${COMP_WORDS[COMP_CWORD-1]}\" kind=''",
            "  case \"$prev\" in",
            "    " + String.join("|", FROM) + ") kind=from ;;",
            "    " + String.join("|", TO) + ") kind=to ;;",
            "  esac",
            "  if [[ -n $kind ]]; then",
            "    local i w file='' skip=''",
            "    for ((i = 2; i < COMP_CWORD; i++)); do",
            "      w=\"${COMP_WORDS[i]}\"",
            "      case \"$w\" in",
            "        " + String.join("|", FILE_OPTIONS) + ") skip=1; continue ;;",
            "        -*) skip=''; continue ;;",
            "      esac",
            "      if [[ -z $skip && -e $w ]]; then file=\"$w\"; break; fi",
            "      skip=''",
            "    done",
            "    if [[ -n $file ]]; then",
            "      local IFS=$'\\n'",
            "      COMPREPLY=($(compgen -W \"$(\"${COMP_WORDS[0]}\" completion names \"$kind\""
                + " \"$file\" 2>/dev/null)\" -- \"$cur\"))",
            "      return 0",
            "    fi",
            "  fi",
            "  _complete_podpath \"$@\"",
            "}",
            "",
            "complete -F _podpath_names_or_picocli -o default podpath podpath.sh podpath.bash",
            "");
  }
}
