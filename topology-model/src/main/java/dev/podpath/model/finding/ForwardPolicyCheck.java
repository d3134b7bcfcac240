package dev.podpath.model.finding;

import dev.podpath.model.addr.Prefix;
import dev.podpath.model.netfilter.Hook;
import dev.podpath.model.netfilter.NetfilterTable;
import dev.podpath.model.route.Route;
import dev.podpath.model.route.RouteType;
import dev.podpath.model.route.TableIds;
import dev.podpath.model.topo.IfAddress;
import dev.podpath.model.topo.NetDevice;
import dev.podpath.model.topo.Netns;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * filter FORWARD drops new connections of a bridge's pods or containers: the Docker &gt;= 1.13 case
 * (Docker sets the FORWARD policy to DROP and accepts only its own bridges' traffic, so a CNI
 * bridge's pods can no longer reach out, nor be reached from other nodes), or a DROP rule that
 * catches them. Checked for a bridge with an address and ports: from it out through each device the
 * namespace routes by; into it from those devices when other nodes route to it as a pod subnet
 * (Docker's own bridge is meant to be closed to new connections from outside); between its ports
 * when bridged packets pass iptables (br_netfilter). The packets walked are one pod's new
 * connections to an address each device routes (198.51.100.1, a documentation address, for a
 * default route), unmarked unless a rule before filter may mark them.
 */
final class ForwardPolicyCheck implements Check {

  @Override
  public List<Finding> find(Survey survey) {
    NetworkFacts facts = survey.facts();
    List<Finding> out = new ArrayList<>();
    Shell shell = new Shell(facts);
    List<PodSubnets.PodSubnet> pods = survey.podSubnets();
    for (Netns ns : facts.topology().netnsList()) {
      if (!ns.netfilter().isKnown()
          || ns.netfilter().builtin(NetfilterTable.FILTER, Hook.FORWARD).isEmpty()) {
        continue;
      }
      for (NetDevice b : ns.deviceList()) {
        Optional<IfAddress> addr = b.addresses().stream().filter(Gateways::global).findFirst();
        if (!b.isBridge() || !b.up() || addr.isEmpty() || ns.portsOf(b.name()).isEmpty()) {
          continue;
        }
        Prefix subnet = addr.get().connectedPrefix();
        boolean routedTo = pods.stream().anyMatch(p -> p.node() == ns && p.bridge() == b);
        List<RuleWalk.Dropped> drops = new ArrayList<>();
        List<String> directions = new ArrayList<>();
        Set<String> fixes = new LinkedHashSet<>();
        for (String d : egress(ns, b)) {
          Prefix pod = Prefix.of(Gateways.insideNotOwned(subnet, ns).orElse(subnet.network()), 32);
          Prefix there = Prefix.of(Gateways.via(ns, d), 32);
          RuleWalk.Packets from =
              new RuleWalk.Packets(
                      pod,
                      there,
                      OptionalInt.empty(),
                      OptionalInt.empty(),
                      Optional.of(b.name()),
                      Optional.of(d),
                      false)
                  .in(ns);
          if (RuleWalk.walk(ns.netfilter(), NetfilterTable.FILTER, Hook.FORWARD, from)
              instanceof RuleWalk.Dropped x) {
            drops.add(x);
            directions.add("from " + b.name() + " out on " + d);
            fixes.add("-i " + b.name());
          }
          if (routedTo) {
            RuleWalk.Packets to =
                new RuleWalk.Packets(
                        there,
                        pod,
                        OptionalInt.empty(),
                        OptionalInt.empty(),
                        Optional.of(d),
                        Optional.of(b.name()),
                        false)
                    .in(ns);
            if (RuleWalk.walk(ns.netfilter(), NetfilterTable.FILTER, Hook.FORWARD, to)
                instanceof RuleWalk.Dropped x) {
              drops.add(x);
              directions.add("in on " + d + " to " + b.name());
              fixes.add("-o " + b.name());
            }
          }
        }
        if (ns.sysctls().intValue("net.bridge.bridge-nf-call-iptables", facts.closedWorld() ? 1 : 0)
                != 0
            && subnet.length() <= 29) {
          Prefix one =
              Prefix.of(new dev.podpath.model.addr.Ipv4Address(subnet.network().bits() + 2), 32);
          Prefix other =
              Prefix.of(new dev.podpath.model.addr.Ipv4Address(subnet.network().bits() + 3), 32);
          RuleWalk.Packets bridged =
              new RuleWalk.Packets(
                      one,
                      other,
                      OptionalInt.empty(),
                      OptionalInt.empty(),
                      Optional.of(b.name()),
                      Optional.of(b.name()),
                      false)
                  .in(ns);
          if (RuleWalk.walk(ns.netfilter(), NetfilterTable.FILTER, Hook.FORWARD, bridged)
              instanceof RuleWalk.Dropped x) {
            drops.add(x);
            directions.add("between " + b.name() + "'s ports (br_netfilter)");
            fixes.add("-i " + b.name());
          }
        }
        if (drops.isEmpty()) {
          continue;
        }
        List<Evidence> ev = new ArrayList<>();
        ev.add(
            Evidence.of(
                ns.name(),
                addr.get()
                    + " on "
                    + b.name()
                    + " ("
                    + ns.portsOf(b.name()).size()
                    + " port"
                    + (ns.portsOf(b.name()).size() == 1 ? ")" : "s)"),
                addr.get().origin()));
        drops.stream().map(x -> Drops.evidence(ns, x)).distinct().forEach(ev::add);
        List<Fix> fx = new ArrayList<>();
        for (String f : fixes) {
          fx.add(
              new Fix(
                  shell.exec(ns.name(), "iptables -I FORWARD " + f + " -j ACCEPT"),
                  "accepts what "
                      + (f.startsWith("-i") ? "comes from " : "goes to ")
                      + b.name()
                      + " before "
                      + Drops.what(drops.get(0))
                      + (drops.get(0).rule().isEmpty()
                          ? " (Docker >= 1.13 sets FORWARD's policy to DROP and opens only its own bridges; flannel >= 0.10"
                              + " adds such rules for its network in FLANNEL-FWD, kube-proxy's KUBE-FORWARD accepts only"
                              + " marked and established traffic)"
                          : " (a host firewall's rule: on a firewalld host, add the bridge to the trusted zone,"
                              + " firewall-cmd --permanent --zone=trusted --add-interface="
                              + b.name()
                              + ")")));
        }
        out.add(
            new Finding(
                Code.FORWARD_DROPS_POD_TRAFFIC,
                Severity.ERROR,
                ns.name().toString(),
                "filter FORWARD of "
                    + ns.name()
                    + " drops new connections of "
                    + b.name()
                    + "'s pods ("
                    + subnet
                    + ") "
                    + String.join(", ", directions)
                    + ": "
                    + Drops.what(drops.get(0))
                    + " is reached and no rule before it"
                    + " accepts them, so "
                    + Drops.seen(drops.get(0))
                    + ".",
                ev,
                fx));
      }
    }
    return out;
  }

  /** The devices other than {@code b} that the namespace's routes send out of. */
  private static List<String> egress(Netns ns, NetDevice b) {
    Set<String> out = new LinkedHashSet<>();
    for (Route r : ns.routing().allRoutes()) {
      if (r.type() != RouteType.UNICAST || r.table() == TableIds.LOCAL) {
        continue;
      }
      r.nextHops()
          .forEach(
              h -> {
                Optional<NetDevice> d = ns.device(h.dev());
                if (d.isPresent()
                    && d.get() != b
                    && d.get().up()
                    && !d.get().isLoopback()
                    && d.get().master().isEmpty()) {
                  out.add(h.dev());
                }
              });
    }
    return List.copyOf(out);
  }
}
