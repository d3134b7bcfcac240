package dev.podpath.model.finding;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.addr.Prefix;
import dev.podpath.model.kube.KubeEndpoints;
import dev.podpath.model.netfilter.Chain;
import dev.podpath.model.netfilter.Hook;
import dev.podpath.model.netfilter.Match;
import dev.podpath.model.netfilter.NetfilterTable;
import dev.podpath.model.netfilter.Protocols;
import dev.podpath.model.netfilter.Rule;
import dev.podpath.model.netfilter.Target;
import dev.podpath.model.topo.IfAddress;
import dev.podpath.model.topo.LinkKind;
import dev.podpath.model.topo.NetDevice;
import dev.podpath.model.topo.Netns;
import dev.podpath.model.topo.NetnsName;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * A DNAT (a kube-proxy Service, a hostPort) to an address of the namespace itself, whose packets
 * the host's own firewall then drops in filter INPUT: the endpoint is local, so after the DNAT the
 * packets are delivered, not forwarded, and INPUT's rules apply (the CentOS/RHEL {@code -A INPUT -j
 * REJECT --reject-with icmp-host-prohibited} at the end of INPUT, with no ACCEPT for the API
 * server's port 6443: pods reaching {@code default/kubernetes} get "No route to host"). Checked for
 * the packets of the pods behind each of the namespace's bridges (and tunnels, for pods of other
 * nodes).
 */
final class LocalEndpointCheck implements Check {

  private record Seen(NetnsName ns, Ipv4Address address, int port, int proto) {}

  @Override
  public List<Finding> find(Survey survey) {
    NetworkFacts facts = survey.facts();
    List<Finding> out = new ArrayList<>();
    Shell shell = new Shell(facts);
    Set<Seen> seen = new HashSet<>();
    for (Netns ns : facts.topology().netnsList()) {
      if (!ns.netfilter().isKnown()) {
        continue;
      }
      for (Chain c : ns.netfilter().chains(NetfilterTable.NAT)) {
        for (Rule r : c.rules()) {
          if (!(r.target() instanceof Target.Dnat dnat)
              || dnat.to().minAddress().isEmpty()
              || !dnat.to().minAddress().equals(dnat.to().maxAddress())
              || dnat.to().ports().isEmpty()
              || !dnat.to().ports().get().isSingle()) {
            continue;
          }
          Ipv4Address a = dnat.to().minAddress().get();
          int port = dnat.to().ports().get().first();
          OptionalInt proto =
              r.matches().stream()
                  .filter(m -> m instanceof Match.Protocol p && !p.negated())
                  .mapToInt(m -> ((Match.Protocol) m).number())
                  .findFirst();
          if (a.isLoopback()
              || !ns.ownsAddress(a)
              || proto.isEmpty()
              || !seen.add(new Seen(ns.name(), a, port, proto.getAsInt()))) {
            continue;
          }
          check(facts, shell, ns, r, a, port, proto.getAsInt(), out);
        }
      }
    }
    return out;
  }

  private static void check(
      NetworkFacts facts,
      Shell shell,
      Netns ns,
      Rule dnat,
      Ipv4Address a,
      int port,
      int proto,
      List<Finding> out) {
    List<NetDevice> devices = new ArrayList<>(ns.deviceList());
    devices.sort(java.util.Comparator.comparing((NetDevice d) -> ns.portsOf(d.name()).isEmpty()));
    for (NetDevice in : devices) {
      Optional<Prefix> from = Optional.empty();
      if (in.isBridge() && in.up()) {
        from =
            in.addresses().stream()
                .filter(Gateways::global)
                .findFirst()
                .map(IfAddress::connectedPrefix);
      } else if (in.up()
          && (in.kind() instanceof LinkKind.Vxlan || in.kind() instanceof LinkKind.Ipip)) {
        from = Optional.of(Prefix.DEFAULT);
      }
      if (from.isEmpty()) {
        continue;
      }
      RuleWalk.Packets p =
          new RuleWalk.Packets(
                  from.get(),
                  Prefix.of(a, 32),
                  OptionalInt.of(proto),
                  OptionalInt.of(port),
                  Optional.of(in.name()),
                  Optional.empty(),
                  true)
              .in(ns);
      if (!(RuleWalk.walk(ns.netfilter(), NetfilterTable.FILTER, Hook.INPUT, p)
          instanceof RuleWalk.Dropped d)) {
        continue;
      }
      List<Evidence> ev = new ArrayList<>();
      ev.add(Evidence.of(ns.name(), "nat " + dnat.text(), dnat.origin()));
      ev.add(Drops.evidence(ns, d));
      Optional<KubeEndpoints> endpoints = service(facts, a, port);
      Optional<String> service =
          endpoints.map(KubeEndpoints::qualifiedName).or(() -> labelled(dnat));
      endpoints.ifPresent(
          e -> ev.add(Evidence.of(e.qualifiedName(), "endpoint " + a + ":" + port, e.source())));
      String pname = Protocols.name(proto);
      List<Fix> fixes = new ArrayList<>();
      fixes.add(
          new Fix(
              shell.exec(
                  ns.name(), "iptables -I INPUT -p " + pname + " --dport " + port + " -j ACCEPT"),
              "accepts the endpoint's port before "
                  + Drops.what(d)
                  + " (after the DNAT, INPUT sees the endpoint's port,"
                  + " not the Service's)"));
      fixes.add(
          new Fix(
              shell.execAll(
                  ns.name(),
                  "firewall-cmd --permanent --add-port=" + port + "/" + pname,
                  "firewall-cmd --reload"),
              "the same on a host whose INPUT rules are firewalld's, so that it survives a reload"));
      out.add(
          new Finding(
              Code.INPUT_REJECTS_LOCAL_ENDPOINT,
              Severity.ERROR,
              ns.name().toString(),
              "a DNAT sends "
                  + service.map(s -> s + " ").orElse("")
                  + "to "
                  + a
                  + ":"
                  + port
                  + ", an address of "
                  + ns.name()
                  + " itself, so those packets are delivered through filter INPUT, where "
                  + Drops.what(d)
                  + " drops "
                  + p.describe()
                  + " before any rule accepts them: "
                  + Drops.seen(d)
                  + ".",
              ev,
              fixes));
      return;
    }
  }

  /**
   * The Service port kube-proxy names in the DNAT rule's comment ({@code
   * default/kubernetes:https}), if it does.
   */
  private static Optional<String> labelled(Rule dnat) {
    return dnat.matches().stream()
        .filter(Match.Comment.class::isInstance)
        .map(m -> ((Match.Comment) m).text())
        .filter(t -> t.indexOf('/') > 0 && !t.contains(" "))
        .findFirst();
  }

  /** The endpoints of the Service kubectl lists {@code a:port} for ({@code default/kubernetes}). */
  private static Optional<KubeEndpoints> service(NetworkFacts facts, Ipv4Address a, int port) {
    for (KubeEndpoints e : facts.cluster().endpoints()) {
      for (KubeEndpoints.Endpoint ep : e.endpoints()) {
        if (ep.ip().equals(a) && ep.port().orElse(port) == port) {
          return Optional.of(e);
        }
      }
    }
    return Optional.empty();
  }
}
