package dev.podpath.model.script;

import dev.podpath.model.origin.Origin;
import dev.podpath.model.topo.NetnsName;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One command of a scenario as the kernel side of {@code podpath verify} runs it: a program and its
 * arguments, already expanded, for a program podpath understood and simulated ({@code ip}, {@code
 * bridge}, {@code sysctl}, {@code iptables}, the probes...). The kernel run executes these argument
 * vectors without a shell, never the script's text: what podpath did not understand is not run (a
 * display command such as {@code echo} or {@code cat}) or was refused before the run.
 *
 * @param origin the script line it comes from
 * @param netns the namespace it runs in
 * @param command the program and its arguments
 * @param stdin what the program reads on its standard input ({@code iptables-restore < FILE}: the
 *     file's text as podpath read it), if anything
 * @param mode in the foreground, in the background ({@code nc -lk PORT &}), or a step podpath adds
 *     to make the run comparable (IPv6 off in a new namespace)
 * @param probe the 1-based index of the probe this step is, among the scenario's probes, or 0
 * @param failed whether the command failed in podpath's model (a {@code ||} branch followed)
 */
public record KernelStep(
    Origin origin,
    NetnsName netns,
    List<String> command,
    Optional<String> stdin,
    Mode mode,
    int probe,
    boolean failed) {

  /** How the step runs. */
  public enum Mode {
    /** The script's command, waited for; its output goes into the transcript. */
    FOREGROUND,
    /** The script's command started with {@code &}: it runs until the sandbox ends. */
    BACKGROUND,
    /** Not the script's: podpath's own preparation, run quietly. */
    SETUP,
    /**
     * The script's command that the kernel side does not run, because podpath does not simulate it
     * and it is more than a display ({@code hostname}, {@code modprobe}, {@code kill}, {@code
     * ethtool -K}...): verify says so, since on a real host it might have mattered.
     */
    NOT_RUN
  }

  public KernelStep {
    Objects.requireNonNull(origin, "origin");
    Objects.requireNonNull(netns, "netns");
    command = List.copyOf(command);
    Objects.requireNonNull(stdin, "stdin");
    Objects.requireNonNull(mode, "mode");
    if (command.isEmpty()) {
      throw new IllegalArgumentException("a kernel step needs a program");
    }
  }

  /** Whether this step is one of the scenario's probes. */
  public boolean isProbe() {
    return probe > 0;
  }

  /**
   * The command as it runs: behind {@code ip netns exec NS} unless in the script's own namespace.
   */
  public List<String> argv() {
    return inNetns(command);
  }

  /**
   * {@code command} in this step's namespace ({@code ip netns exec NS} in front unless it is the
   * script's own).
   */
  public List<String> inNetns(List<String> command) {
    if (netns.equals(NetnsName.ROOT)) {
      return List.copyOf(command);
    }
    List<String> out = new java.util.ArrayList<>(List.of("ip", "netns", "exec", netns.value()));
    out.addAll(command);
    return out;
  }
}
