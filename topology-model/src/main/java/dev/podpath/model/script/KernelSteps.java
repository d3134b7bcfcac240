package dev.podpath.model.script;

import dev.podpath.model.build.NetnsBuilder;
import dev.podpath.model.origin.Origin;
import dev.podpath.model.topo.NetnsName;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Records, while the interpreter runs a script, the commands the kernel side of {@code podpath
 * verify} will run ({@link KernelStep}). Every command the interpreter dispatches opens a frame; a
 * command that runs another ({@code ip netns exec}, {@code nsenter}, {@code sh -c}) is only a
 * wrapper, and its innermost commands are recorded instead, in their namespace. Only programs
 * podpath simulates are recorded; display and housekeeping commands ({@code echo}, {@code cat},
 * {@code hostname}, {@code kill}...) are not run in the kernel at all.
 */
final class KernelSteps {

  /** The programs whose effect or answer podpath simulates: the only ones the kernel side runs. */
  private static final Set<String> SIMULATED =
      Set.of(
          "ip",
          "bridge",
          "sysctl",
          "brctl",
          "ifconfig",
          "route",
          "ipset",
          "nft",
          "wg",
          "iptables",
          "iptables-nft",
          "iptables-legacy",
          "iptables-restore",
          "iptables-nft-restore",
          "iptables-legacy-restore",
          "iptables-save",
          "iptables-nft-save",
          "iptables-legacy-save",
          "ping",
          "ping4",
          "traceroute",
          "traceroute4",
          "nc",
          "netcat",
          "nc.openbsd",
          "conntrack",
          "sleep");

  /**
   * Commands that only display, wait or set the shell's own state: nothing to say when they are not
   * run: {@link Commands#DISPLAY}, {@link Commands#SHELL}, and {@code arp}'s listing.
   */
  private static boolean displayOnly(String program) {
    return Commands.DISPLAY.contains(program)
        || Commands.SHELL.contains(program)
        || program.equals("arp");
  }

  private static final class Frame {
    final Origin origin;
    final NetnsName netns;
    final boolean background;
    final boolean simulated;
    List<String> argv;
    Optional<String> stdin = Optional.empty();
    boolean wrapper;
    int probe;
    final List<KernelStep> after = new ArrayList<>();

    Frame(
        Origin origin, NetnsName netns, List<String> argv, boolean background, boolean simulated) {
      this.origin = origin;
      this.netns = netns;
      this.argv = argv;
      this.background = background;
      this.simulated = simulated;
    }
  }

  private final List<KernelStep> steps = new ArrayList<>();
  private final Deque<Frame> open = new ArrayDeque<>();

  /**
   * A command (sudo, timeout and the like already unwrapped) starts running in {@code ex}'s
   * namespace.
   */
  void begin(Exec ex, List<String> argv) {
    Frame parent = open.peek();
    if (parent != null) {
      parent.wrapper = true;
    }
    boolean simulated =
        !argv.isEmpty()
            && (SIMULATED.contains(Commands.basename(argv.get(0)))
                || FlanneldUdpCommand.matches(argv));
    // on a snapshot a line names its namespace (ip netns exec NODE ...): the wrapper itself runs
    // in none, and only what it runs is recorded
    NetnsBuilder ns = ex.nsOrNull();
    open.push(
        new Frame(
            ex.origin(),
            ns == null ? null : ns.name(),
            List.copyOf(argv),
            ex.runner().inBackground(),
            simulated));
  }

  /** The running command ends; it is recorded if podpath simulates it and it ran nothing else. */
  void end(boolean failed) {
    Frame f = open.pop();
    if (f.netns == null) {
      return;
    }
    if (f.simulated && !f.wrapper && !f.argv.isEmpty()) {
      steps.add(
          new KernelStep(
              f.origin,
              f.netns,
              f.argv,
              f.stdin,
              f.background ? KernelStep.Mode.BACKGROUND : KernelStep.Mode.FOREGROUND,
              f.probe,
              failed));
    } else if (!f.simulated
        && !f.wrapper
        && !f.argv.isEmpty()
        && !failed
        && !displayOnly(Commands.basename(f.argv.get(0)))) {
      steps.add(
          new KernelStep(
              f.origin, f.netns, f.argv, Optional.empty(), KernelStep.Mode.NOT_RUN, 0, false));
    }
    if (f.simulated && !failed) {
      steps.addAll(f.after);
    }
  }

  /**
   * The running command runs in the kernel as {@code argv} instead (a bound added, a file given as
   * input).
   */
  void replaceArgv(List<String> argv) {
    current().ifPresent(f -> f.argv = List.copyOf(argv));
  }

  /** The running command reads {@code text} on its standard input. */
  void stdin(String text) {
    current().ifPresent(f -> f.stdin = Optional.of(text));
  }

  /** The running command is the scenario's probe number {@code index} (1-based). */
  void probe(int index) {
    current().ifPresent(f -> f.probe = index);
  }

  /** A preparation step of podpath's own, run quietly right after the running command succeeds. */
  void setup(NetnsName netns, List<String> argv) {
    current()
        .ifPresent(
            f ->
                f.after.add(
                    new KernelStep(
                        f.origin, netns, argv, Optional.empty(), KernelStep.Mode.SETUP, 0, false)));
  }

  /**
   * {@code echo VALUE > /proc/sys/PATH} (or {@code | tee}), which podpath ran without a command of
   * its own: the kernel side writes it with {@code sysctl -w PATH=VALUE} (the path form keeps dots
   * inside device names).
   */
  void procWrite(Exec ex, String relativePath, String value) {
    current().ifPresent(f -> f.wrapper = true);
    steps.add(
        new KernelStep(
            ex.origin(),
            ex.ns().name(),
            List.of("sysctl", "-w", relativePath + "=" + value),
            Optional.empty(),
            KernelStep.Mode.FOREGROUND,
            0,
            false));
  }

  private Optional<Frame> current() {
    return Optional.ofNullable(open.peek());
  }

  List<KernelStep> steps() {
    return List.copyOf(steps);
  }
}
