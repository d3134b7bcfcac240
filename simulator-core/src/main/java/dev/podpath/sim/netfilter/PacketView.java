package dev.podpath.sim.netfilter;

import dev.podpath.model.netfilter.CtState;
import dev.podpath.model.netfilter.Hook;
import dev.podpath.model.packet.Ipv4Packet;
import java.util.Objects;
import java.util.Optional;

/**
 * A packet as iptables rules see it at one hook: the IP packet (with its skb mark), the input and
 * output devices ({@code -i}/{@code -o}; empty when there is none, as in OUTPUT), the bridge ports
 * for br_netfilter ({@code -m physdev}), and its conntrack state.
 *
 * @param in the input device name, {@code ""} if none
 * @param out the output device name, {@code ""} if none (PREROUTING, INPUT)
 * @param physIn the bridge port the frame came in on, for packets that entered through a bridge
 *     with {@code bridge-nf-call-iptables=1}
 * @param physOut the bridge port the frame leaves through, for bridged frames (FORWARD,
 *     POSTROUTING)
 * @param state the conntrack state, when conntrack runs in the namespace
 */
public record PacketView(
    Ipv4Packet packet,
    Hook hook,
    String in,
    String out,
    Optional<String> physIn,
    Optional<String> physOut,
    Optional<CtState> state) {

  public PacketView {
    Objects.requireNonNull(packet, "packet");
    Objects.requireNonNull(hook, "hook");
    Objects.requireNonNull(in, "in");
    Objects.requireNonNull(out, "out");
    Objects.requireNonNull(physIn, "physIn");
    Objects.requireNonNull(physOut, "physOut");
    Objects.requireNonNull(state, "state");
  }

  /**
   * Whether the packet is being bridged (it has an output bridge port), as physdev's {@code
   * --physdev-is-bridged}.
   */
  public boolean bridged() {
    return physOut.isPresent();
  }

  PacketView withPacket(Ipv4Packet p) {
    return new PacketView(p, hook, in, out, physIn, physOut, state);
  }
}
