package dev.podpath.sim.netfilter;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.netfilter.Hook;
import dev.podpath.model.netfilter.Target;
import dev.podpath.model.packet.Ipv4Packet;
import dev.podpath.model.packet.L4;
import java.util.Optional;

/**
 * NAT as conntrack keeps it: a NAT target sets the connection's reply tuple once ({@code
 * nf_nat_setup_info}: DNAT/REDIRECT its source, SNAT/MASQUERADE its destination), and every packet
 * of the connection is then rewritten from the tuples at the DNAT point (PREROUTING, OUTPUT) and
 * the SNAT point (INPUT, POSTROUTING), in both directions; ICMP errors have their quoted packet
 * translated back. Address ranges take their first address and port ranges their first port (the
 * kernel hashes over the range), and a source port is kept even if another connection already uses
 * it (the kernel would remap it).
 */
final class NatBinding {

  private NatBinding() {}

  /** Sets the connection's translation from a NAT target; an error text if it cannot. */
  static Optional<String> bind(
      ConntrackTable table, Connection c, Target t, Hook hook, HookInput in) {
    boolean dstManip = hook == Hook.PREROUTING || hook == Hook.OUTPUT;
    if (t instanceof Target.Dnat d && dstManip) {
      Ipv4Address a = d.to().minAddress().orElse(c.original.dst());
      int port = d.to().ports().map(r -> r.first()).orElse(c.original.dport());
      table.rekey(c, c.reply.withSrc(a, port));
    } else if (t instanceof Target.Redirect r && dstManip) {
      if (in.redirectTo().isEmpty()) {
        return Optional.of("REDIRECT found no address on the ingress device");
      }
      int port = r.toPorts().map(x -> x.first()).orElse(c.original.dport());
      table.rekey(c, c.reply.withSrc(in.redirectTo().get(), port));
    } else if (t instanceof Target.Snat s && !dstManip) {
      Ipv4Address a = s.to().minAddress().orElse(c.original.src());
      int sport = c.original.sport();
      int port = s.to().ports().filter(r -> !r.contains(sport)).map(r -> r.first()).orElse(sport);
      table.rekey(c, c.reply.withDst(a, port));
    } else if (t instanceof Target.Masquerade m && !dstManip) {
      if (in.masqueradeSource().isEmpty()) {
        return Optional.of("MASQUERADE found no address on the egress device " + in.out());
      }
      int sport = c.original.sport();
      int port = m.toPorts().filter(r -> !r.contains(sport)).map(r -> r.first()).orElse(sport);
      table.rekey(c, c.reply.withDst(in.masqueradeSource().get(), port));
    } else {
      return Optional.of(
          "target \"" + t.save() + "\" in nat " + hook + " (the kernel refuses it there)");
    }
    return Optional.empty();
  }

  /**
   * The stored translation for the packet's direction ({@code nf_nat_packet}): at the DNAT point
   * the destination becomes the other direction's source, at the SNAT point the source becomes the
   * other direction's destination. An ICMP error has its quoted packet translated back ({@code
   * nf_nat_icmp_reply_translation}).
   */
  static Ipv4Packet translate(Connection c, CtAttachment att, boolean dstManip, Ipv4Packet p) {
    boolean natted =
        dstManip
            ? (att.reply() ? c.srcNatted() : c.dstNatted())
            : (att.reply() ? c.dstNatted() : c.srcNatted());
    if (!natted) {
      return p;
    }
    Tuple other = c.tuple(!att.reply());
    if (att.icmpError() && p.l4() instanceof L4.Icmp icmp && icmp.quoted().isPresent()) {
      Ipv4Packet inner = icmp.quoted().get();
      Ipv4Packet outer;
      if (dstManip) {
        inner = Tuple.rewriteSrc(inner, other.src(), other.sport());
        outer = p.withDst(other.src());
      } else {
        inner = Tuple.rewriteDst(inner, other.dst(), other.dport());
        outer = p.withSrc(other.dst());
      }
      return outer.withL4(
          new L4.Icmp(
              icmp.type(), icmp.code(), icmp.id(), icmp.seq(), Optional.of(inner), icmp.mtu()));
    }
    return dstManip
        ? Tuple.rewriteDst(p, other.src(), other.sport())
        : Tuple.rewriteSrc(p, other.dst(), other.dport());
  }
}
