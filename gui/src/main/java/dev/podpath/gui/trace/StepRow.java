package dev.podpath.gui.trace;

import dev.podpath.model.topo.DeviceRef;
import dev.podpath.sim.outcome.PacketRole;
import dev.podpath.sim.outcome.Step;
import java.util.Objects;
import java.util.Optional;

/**
 * One line of the step list: a {@code Step} of the trace in the CLI's words (its verb and its
 * description, from the tracer's renderers), with the hop it belongs to and the device it names.
 *
 * @param leg which packet ({@code request}, {@code echo-reply}, ...)
 * @param hop the hop's number in its packet's trace, from 1
 * @param arp whether the step belongs to an ARP exchange made on the packet's behalf
 * @param drop whether this is the step where the packet died
 * @param step the step itself, for its detail
 */
public record StepRow(
    PacketRole role,
    String leg,
    int hop,
    String netns,
    String verb,
    String text,
    Optional<DeviceRef> device,
    boolean arp,
    boolean drop,
    Step step) {

  public StepRow {
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(leg, "leg");
    Objects.requireNonNull(netns, "netns");
    Objects.requireNonNull(verb, "verb");
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(device, "device");
    Objects.requireNonNull(step, "step");
  }
}
