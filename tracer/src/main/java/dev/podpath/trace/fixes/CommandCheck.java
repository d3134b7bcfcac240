package dev.podpath.trace.fixes;

import dev.podpath.model.script.ScenarioInterpreter;
import dev.podpath.model.sysctl.Sysctls;
import java.util.List;
import java.util.Optional;

/**
 * Whether a fix can be written as a line of a changes file: a command the scenario interpreter
 * runs, with nothing left to fill in. {@link #check} returns why not, or empty.
 */
@FunctionalInterface
public interface CommandCheck {

  /**
   * {@return why {@code command} cannot follow {@code accepted} (the commands written so far) in
   * the file, or empty when it can}
   */
  Optional<String> check(List<String> accepted, String command);

  /** The programs the interpreter changes a network with, as a fix spells them. */
  List<String> PROGRAMS = List.of("ip", "iptables", "sysctl", "bridge", "ipset");

  /**
   * The words a fix leaves for the reader to fill in ({@code via GATEWAY dev DEVICE}): such a fix
   * is written as a comment.
   */
  List<String> PLACEHOLDERS =
      List.of(
          "GATEWAY",
          "DEVICE",
          "UNDERLAY",
          "NODE_ADDRESS",
          "REMOTE_NODE_IP",
          "REMOTE_VTEP_ADDRESS",
          "NS/NAME:PORT");

  /**
   * The check by the words alone (for a snapshot, which has no script to run the fix in): an {@code
   * ip}, {@code iptables}, {@code sysctl}, {@code bridge} or {@code ipset} command, or one of these
   * in {@code ip netns exec NS}, without a placeholder.
   */
  static CommandCheck byWords() {
    return (accepted, command) -> {
      List<String> words = List.of(command.trim().split("\\s+"));
      int i = 0;
      if (words.size() > 4
          && words.get(0).equals("ip")
          && words.get(1).equals("netns")
          && words.get(2).equals("exec")) {
        i = 4;
      }
      if (words.isEmpty() || !PROGRAMS.contains(words.get(i))) {
        return Optional.of("a change to make by hand, not a command of " + PROGRAMS);
      }
      for (String w : words) {
        if (PLACEHOLDERS.contains(w)) {
          return Optional.of(w + " is to be filled in");
        }
      }
      return Optional.empty();
    };
  }

  /**
   * The check by the interpreter: {@link #byWords()}, then the command run after the script's last
   * line and the commands accepted so far ({@code podpath lint}'s reading: each line that fails is
   * kept); a command whose line fails is refused with the interpreter's complaint.
   *
   * @param fileName the script's name, for its origins
   * @param script the script's text
   */
  static CommandCheck inScript(String fileName, String script) {
    CommandCheck words = byWords();
    String base = script.endsWith("\n") || script.isEmpty() ? script : script + "\n";
    long baseLines = base.chars().filter(c -> c == '\n').count();
    return (accepted, command) -> {
      Optional<String> why = words.check(accepted, command);
      if (why.isPresent()) {
        return why;
      }
      StringBuilder text = new StringBuilder(base);
      accepted.forEach(a -> text.append(a).append('\n'));
      text.append(command).append('\n');
      long line = baseLines + accepted.size() + 1;
      return ScenarioInterpreter.check(fileName, text.toString(), Sysctls.kernelDefaults())
          .problems()
          .stream()
          .filter(p -> p.line() == line)
          .findFirst()
          .map(p -> "the interpreter refuses it: " + p.reason());
    };
  }
}
