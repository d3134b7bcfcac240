package dev.podpath.model.finding;

import dev.podpath.model.topo.IfAddress;
import dev.podpath.model.topo.LinkKind;
import dev.podpath.model.topo.NetDevice;
import dev.podpath.model.topo.Netns;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A node without a route to another node's pod subnet: its lookup for that subnet finds only the
 * default route (pod traffic leaves toward the LAN's router, which does not know pod ranges) or
 * nothing. The cluster's nodes and pod subnets are those the model shows: a namespace is a node
 * when it routes to another node's pod subnet by its exact prefix (or kubectl lists it), and a pod
 * subnet is one such a route, or kubectl's podCIDR, names.
 */
final class MissingPodRouteCheck implements Check {

  @Override
  public List<Finding> find(Survey survey) {
    NetworkFacts facts = survey.facts();
    List<Finding> out = new ArrayList<>();
    Shell shell = new Shell(facts);
    List<PodSubnets.PodSubnet> subnets = survey.podSubnets();
    for (Netns x : survey.nodes()) {
      for (PodSubnets.PodSubnet s : subnets) {
        if (s.node() == x) {
          continue;
        }
        Fib.Result r = Fib.output(x, s.address().address());
        boolean onlyDefault =
            r instanceof Fib.Hit h && h.forwards() && h.route().destination().isDefault();
        boolean none =
            r instanceof Fib.Miss
                || r instanceof Fib.Refused
                || r instanceof Fib.Hit h2 && h2.drops();
        if (!onlyDefault && !none) {
          continue;
        }
        List<Evidence> ev = new ArrayList<>();
        if (r instanceof Fib.Hit h) {
          ev.add(Evidence.of(x.name(), h.route(), h.route().origin()));
        }
        ev.add(
            Evidence.of(
                s.node().name(), s.address() + " on " + s.bridge().name(), s.address().origin()));
        ev.add(s.because());
        out.add(
            new Finding(
                Code.MISSING_POD_ROUTE,
                Severity.ERROR,
                x.name().toString(),
                x.name()
                    + " has no route for "
                    + s.node().name()
                    + "'s pod subnet "
                    + s.prefix()
                    + (onlyDefault
                        ? ": only its default route ("
                            + ((Fib.Hit) r).route()
                            + ") matches, which sends pod traffic to a"
                            + " router that does not know pod ranges"
                        : ": packets for it are refused (\"Network is unreachable\")")
                    + "; the other nodes do route it.",
                ev,
                List.of(fix(shell, x, s))));
      }
    }
    return out;
  }

  private static Fix fix(Shell shell, Netns x, PodSubnets.PodSubnet s) {
    for (NetDevice v : x.deviceList()) {
      if (v.kind() instanceof LinkKind.Vxlan) {
        Optional<IfAddress> remote =
            s.node().deviceList().stream()
                .filter(d -> d.kind() instanceof LinkKind.Vxlan)
                .flatMap(d -> d.addresses().stream())
                .findFirst();
        return new Fix(
            shell.ip(
                x.name(),
                "route replace "
                    + s.prefix()
                    + " via "
                    + remote.map(a -> a.address().toString()).orElse("REMOTE_VTEP_ADDRESS")
                    + " dev "
                    + v.name()
                    + " onlink"),
            "the route flanneld adds when it sees "
                + s.node().name()
                + "'s lease (with its neighbour and FDB entry);"
                + " restart flanneld on "
                + x.name()
                + " if it missed it");
      }
    }
    for (NetDevice d : x.deviceList()) {
      for (IfAddress a : d.addresses()) {
        for (NetDevice yd : s.node().deviceList()) {
          for (IfAddress ya : yd.addresses()) {
            if (!yd.isBridge()
                && Gateways.global(a)
                && a.prefixLength() < 31
                && a.connectedPrefix().contains(ya.address())
                && !ya.address().equals(a.address())) {
              return new Fix(
                  shell.ip(
                      x.name(),
                      "route replace " + s.prefix() + " via " + ya.address() + " dev " + d.name()),
                  "the host-gw route to "
                      + s.node().name()
                      + " (flannel's host-gw backend adds it from the node's"
                      + " lease; restart flanneld on "
                      + x.name()
                      + " if it missed it)");
            }
          }
        }
      }
    }
    return new Fix(
        shell.ip(x.name(), "route replace " + s.prefix() + " via NODE_ADDRESS"),
        "with NODE_ADDRESS the address of "
            + s.node().name()
            + " that "
            + x.name()
            + " reaches directly, or an"
            + " overlay route if the nodes share no segment");
  }
}
