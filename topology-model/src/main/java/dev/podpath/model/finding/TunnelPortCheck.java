package dev.podpath.model.finding;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.addr.Prefix;
import dev.podpath.model.netfilter.Hook;
import dev.podpath.model.netfilter.NetfilterTable;
import dev.podpath.model.netfilter.Protocols;
import dev.podpath.model.topo.IfAddress;
import dev.podpath.model.topo.LinkKind;
import dev.podpath.model.topo.NetDevice;
import dev.podpath.model.topo.Netns;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * filter INPUT drops a tunnel's underlay packets: VXLAN's UDP port (flannel's 8472), or IPIP
 * (protocol 4), arriving from the underlay subnet at the tunnel's local address. The overlay then
 * loses every packet from other nodes, silently.
 */
final class TunnelPortCheck implements Check {

  @Override
  public List<Finding> find(Survey survey) {
    NetworkFacts facts = survey.facts();
    List<Finding> out = new ArrayList<>();
    Shell shell = new Shell(facts);
    for (Netns ns : facts.topology().netnsList()) {
      if (!ns.netfilter().isKnown()) {
        continue;
      }
      for (NetDevice t : ns.deviceList()) {
        if (!t.up()) {
          continue;
        }
        OptionalInt proto;
        OptionalInt port;
        Optional<Ipv4Address> local;
        Optional<String> lower;
        if (t.kind() instanceof LinkKind.Vxlan vx) {
          proto = OptionalInt.of(Protocols.UDP);
          port = OptionalInt.of(vx.dstPort());
          local = vx.local();
          lower = vx.lower();
        } else if (t.kind() instanceof LinkKind.Ipip ip && ip.local().isPresent()) {
          proto = OptionalInt.of(4);
          port = OptionalInt.empty();
          local = ip.local();
          lower = Optional.empty();
        } else {
          continue;
        }
        Optional<NetDevice> under =
            lower.flatMap(ns::device).or(() -> local.flatMap(ns::deviceWithAddress));
        if (under.isEmpty()) {
          continue;
        }
        Optional<IfAddress> ua =
            under.get().addresses().stream()
                .filter(a -> local.map(l -> l.equals(a.address())).orElse(Gateways.global(a)))
                .findFirst();
        if (ua.isEmpty()) {
          continue;
        }
        RuleWalk.Packets p =
            new RuleWalk.Packets(
                    ua.get().connectedPrefix(),
                    Prefix.of(ua.get().address(), 32),
                    proto,
                    port,
                    Optional.of(under.get().name()),
                    Optional.empty(),
                    false)
                .in(ns);
        if (!(RuleWalk.walk(ns.netfilter(), NetfilterTable.FILTER, Hook.INPUT, p)
            instanceof RuleWalk.Dropped d)) {
          continue;
        }
        String spec = proto.getAsInt() == 4 ? "-p 4" : "-p udp --dport " + port.getAsInt();
        out.add(
            new Finding(
                Code.TUNNEL_PORT_BLOCKED,
                Severity.ERROR,
                ns.name().toString(),
                ns.name()
                    + "'s filter INPUT drops the underlay packets of "
                    + t.name()
                    + " ("
                    + t.kind().typeName()
                    + (proto.getAsInt() == 4 ? "" : ", UDP port " + port.getAsInt())
                    + "): "
                    + Drops.what(d)
                    + " catches "
                    + p.describe()
                    + ", so every packet other nodes send through the tunnel is lost, silently.",
                List.of(
                    Evidence.of(ns.name(), t.name() + " (" + t.kind().typeName() + ")", t.origin()),
                    Drops.evidence(ns, d)),
                List.of(
                    new Fix(
                        shell.exec(
                            ns.name(),
                            "iptables -I INPUT -i "
                                + under.get().name()
                                + " "
                                + spec
                                + " -j ACCEPT"),
                        "lets the other nodes' tunnel packets in before "
                            + Drops.what(d)
                            + " (flannel's VXLAN uses UDP 8472, Calico's IPIP protocol 4)"))));
      }
    }
    return out;
  }
}
