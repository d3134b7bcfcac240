package dev.podpath.model.finding;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.route.NextHop;
import dev.podpath.model.route.Route;
import dev.podpath.model.route.RouteType;
import dev.podpath.model.topo.IfAddress;
import dev.podpath.model.topo.NetDevice;
import dev.podpath.model.topo.Netns;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A route whose gateway is an address of its own namespace (the kernel refuses to add one, so a
 * dump that shows it was edited or raced a change of address): the namespace would ARP for itself,
 * nobody answers, and the range is unreachable. When the route also hides the connected route of
 * the same range, that is said.
 */
final class RouteViaOwnAddressCheck implements Check {

  @Override
  public List<Finding> find(Survey survey) {
    NetworkFacts facts = survey.facts();
    Shell shell = new Shell(facts);
    List<Finding> out = new ArrayList<>();
    for (Netns ns : facts.topology().netnsList()) {
      for (Route r : ns.routing().allRoutes()) {
        if (r.type() != RouteType.UNICAST) {
          continue;
        }
        for (NextHop h : r.nextHops()) {
          if (h.via().isEmpty()) {
            continue;
          }
          Ipv4Address gw = h.via().get();
          Optional<NetDevice> owner = ns.deviceWithAddress(gw);
          if (owner.isEmpty()) {
            continue;
          }
          IfAddress addr =
              owner.get().addresses().stream()
                  .filter(a -> a.address().equals(gw))
                  .findFirst()
                  .orElseThrow();
          List<Evidence> ev =
              new ArrayList<>(
                  List.of(
                      Evidence.of(ns.name(), r, r.origin()),
                      Evidence.of(ns.name(), addr + " on " + owner.get().name(), addr.origin())));
          String hidden = "";
          for (Route c : ns.routing().table(r.table()).exact(r.destination())) {
            if (c != r && Routes.connected(c)) {
              ev.add(Evidence.of(ns.name(), c, c.origin()));
              hidden = " It also stands in the way of the connected route " + c + ".";
            }
          }
          out.add(
              new Finding(
                  Code.ROUTE_VIA_OWN_ADDRESS,
                  Severity.ERROR,
                  ns.name().toString(),
                  ns.name()
                      + " routes "
                      + r.destination()
                      + " via "
                      + gw
                      + ", which is its own address (on "
                      + owner.get().name()
                      + "): the kernel takes such a gateway as none and sends to "
                      + r.destination()
                      + " as if it were on "
                      + h.dev()
                      + "'s link, asking there for each destination, and no host there answers,"
                      + " so "
                      + r.destination()
                      + " is unreachable from and through it."
                      + hidden,
                  ev,
                  dockerNetwork(owner.get(), h)
                      .map(id -> dockerFixes(ns, id, owner.get(), gw, h, r, shell))
                      .orElseGet(
                          () ->
                              List.of(
                                  new Fix(
                                      shell.ip(ns.name(), "route del " + Shell.routeSpec(r)),
                                      "a node does not route to itself; the gateway must be another"
                                          + " host's address (for a pod subnet: the node that has"
                                          + " it), or the range is this node's own and needs no"
                                          + " route")))));
        }
      }
    }
    return out;
  }

  /** A Docker network's bridge: {@code br-} and the first 12 digits of the network's id. */
  private static final java.util.regex.Pattern DOCKER_BRIDGE =
      java.util.regex.Pattern.compile("br-([0-9a-f]{12})");

  /**
   * The id of the Docker network whose bridge took the gateway's address, when the route leaves by
   * another device (the gateway is a host on that device's LAN, not the bridge).
   */
  private static Optional<String> dockerNetwork(NetDevice owner, NextHop h) {
    java.util.regex.Matcher m = DOCKER_BRIDGE.matcher(owner.name());
    if (!m.matches() || owner.name().equals(h.dev()) || !owner.isBridge()) {
      return Optional.empty();
    }
    return Optional.of(m.group(1));
  }

  private static List<Fix> dockerFixes(
      Netns ns, String id, NetDevice owner, Ipv4Address gw, NextHop h, Route r, Shell shell) {
    return List.of(
        new Fix(
            shell.exec(ns.name(), "docker network rm " + id),
            "the Docker network whose bridge is "
                + owner.name()
                + " took "
                + gw
                + ", the address of the gateway on "
                + h.dev()
                + "'s LAN, so the host keeps what it sends there (DNS to that address included);"
                + " removing the network (its containers stopped first) gives the address back."
                + " Recreate it with a subnet clear of the LAN (`docker network create --subnet"
                + " ...`, in Compose `ipam: config: - subnet:`), or set `default-address-pools` in"
                + " /etc/docker/daemon.json; a Docker network's subnet cannot be changed in place"),
        new Fix(
            shell.ip(
                ns.name(),
                "addr del "
                    + owner.addresses().stream()
                        .filter(a -> a.address().equals(gw))
                        .findFirst()
                        .map(Object::toString)
                        .orElse(gw.toString())
                    + " dev "
                    + owner.name()),
            "or, until then, take the address off the bridge: its containers lose their gateway"));
  }
}
