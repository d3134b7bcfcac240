package dev.podpath.gui.whatif;

import dev.podpath.trace.Probe;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The command a script runs to ask what the GUI traced: {@code ping} for ICMP, {@code nc -z} for
 * TCP, from the probe's resolved namespace and address (a pod or Service name already resolved by
 * the API), so that {@code podpath verify} asks the kernel the same question after the edits.
 */
public final class ProbeCommand {

  private ProbeCommand() {}

  /**
   * {@return the probe as a command's words; empty for UDP: {@code nc -u -z} without {@code -v}
   * prints nothing and exits 0 even when an ICMP error refused it, so it would show nothing}
   */
  public static Optional<List<String>> argv(Probe p) {
    List<String> a = new ArrayList<>(List.of("ip", "netns", "exec", p.from().toString()));
    switch (p.protocol()) {
      case ICMP -> {
        a.addAll(List.of("ping", "-c1", "-W1"));
        p.src().ifPresent(s -> a.addAll(List.of("-I", s.toString())));
        if (p.payloadBytes() != Probe.PING_PAYLOAD) {
          a.addAll(List.of("-s", String.valueOf(p.payloadBytes())));
        }
        if (!p.dontFragment()) {
          a.addAll(List.of("-M", "dont"));
        } else if (p.payloadBytes() != Probe.PING_PAYLOAD) {
          a.addAll(List.of("-M", "do"));
        }
        a.add(p.dst().toString());
      }
      case TCP -> {
        a.addAll(List.of("nc", "-z", "-w1"));
        p.src().ifPresent(s -> a.addAll(List.of("-s", s.toString())));
        a.add(p.dst().toString());
        a.add(String.valueOf(p.dport()));
      }
      case UDP -> {
        return Optional.empty();
      }
    }
    return Optional.of(List.copyOf(a));
  }
}
