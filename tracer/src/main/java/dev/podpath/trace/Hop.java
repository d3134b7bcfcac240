package dev.podpath.trace;

import dev.podpath.model.topo.NetnsName;
import dev.podpath.sim.outcome.TraceEvent;
import java.util.List;
import java.util.Optional;

/**
 * A visit of the packet to one namespace: where it came in, where it left, and every step in
 * between (ARP exchanges the hop waited for, and copies a flood sent elsewhere, are in {@code arp}
 * and {@code branches}).
 *
 * @param in the device it arrived on (absent where it was created)
 * @param out the device it left through (absent where it ended)
 * @param steps the packet's own steps here, in time order
 * @param arp steps of ARP exchanges made on the packet's behalf while it was here (in any
 *     namespace)
 * @param branches flood copies that left the path here, each with its fate
 */
public record Hop(
    NetnsName netns,
    Optional<String> in,
    Optional<String> out,
    List<TraceEvent> steps,
    List<TraceEvent> arp,
    List<Branch> branches) {

  public Hop {
    steps = List.copyOf(steps);
    arp = List.copyOf(arp);
    branches = List.copyOf(branches);
  }

  /** A copy of the packet that a bridge flooded off the main path, and how it ended. */
  public record Branch(List<TraceEvent> steps) {
    public Branch {
      steps = List.copyOf(steps);
    }
  }
}
