package dev.podpath.trace.cli;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "completion",
    mixinStandardHelpOptions = true,
    description = {
      "Print a shell completion script for podpath's commands and options (picocli's",
      "generator). The bash script also serves zsh, through bashcompinit.",
      "",
      "Example:",
      "  source <(podpath completion bash)",
      "  podpath completion bash > /etc/bash_completion.d/podpath",
      "  autoload -U bashcompinit && bashcompinit && source <(podpath completion zsh)"
    })
final class CompletionCommand implements Callable<Integer> {

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "bash|zsh", description = "the shell")
  String shell;

  @Override
  public Integer call() {
    if (!shell.equals("bash") && !shell.equals("zsh")) {
      throw new UserError(
          "completion " + shell + ": expected bash or zsh (fish is not generated yet)");
    }
    spec.commandLine().getOut().print(AutoComplete.bash("podpath", spec.root().commandLine()));
    spec.commandLine().getOut().flush();
    return 0;
  }
}
