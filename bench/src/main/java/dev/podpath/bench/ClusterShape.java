package dev.podpath.bench;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.addr.Prefix;
import dev.podpath.model.origin.Origin;
import dev.podpath.model.route.NextHop;
import dev.podpath.model.route.Route;
import dev.podpath.model.route.RouteProtocol;
import dev.podpath.model.route.RouteScope;
import dev.podpath.model.route.RouteType;
import dev.podpath.model.route.TableIds;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The addressing plan of the generated clusters, shared by every benchmark.
 *
 * <pre>
 *   node i (0-based)   eth0 / enp0s5   172.16.0.0/12, address 172.16.0.0 + i + 1
 *                      cni0            10.0.0.0/8 cut in /24s: node i owns 10.0.0.0 + i*256, /24
 *                      gateway         172.31.255.254 (the default route of a node)
 * </pre>
 *
 * The pod network is 10.0.0.0/8 rather than one 10.x.0.0/16 because a /16 holds only 256 node /24s;
 * 10.0.0.0/8 holds 65,536 (node 5,000 is 10.19.136.0/24). The 100,000-route table overflows into
 * 11.0.0.0/8, which changes nothing for the trie.
 */
final class ClusterShape {

  static final Prefix NODE_NETWORK = Prefix.parse("172.16.0.0/12");
  static final Prefix POD_NETWORK = Prefix.parse("10.0.0.0/8");
  static final Ipv4Address GATEWAY = Ipv4Address.parse("172.31.255.254");
  private static final int POD_BASE = Ipv4Address.parse("10.0.0.0").bits();
  private static final int NODE_BASE = NODE_NETWORK.network().bits();

  private ClusterShape() {}

  /** Node i's pod /24. */
  static Prefix podSubnet(int node) {
    return new Prefix(new Ipv4Address(POD_BASE + (node << 8)), 24);
  }

  /** Host {@code host} (1..254) of node i's pod /24; host 1 is cni0. */
  static Ipv4Address podAddress(int node, int host) {
    return new Ipv4Address(POD_BASE + (node << 8) + host);
  }

  /** Node i's address on the node segment. */
  static Ipv4Address nodeAddress(int node) {
    return new Ipv4Address(NODE_BASE + node + 1);
  }

  /** Dotted quad of node i's address, e.g. for a script. */
  static String nodeIp(int node) {
    return nodeAddress(node).toString();
  }

  /**
   * The main table of node {@code self} in a host-gw cluster of {@code nodes} nodes, built the way
   * the scenario interpreter builds it: every route has its own {@link Prefix}, {@link
   * Ipv4Address}, {@link NextHop} and {@link Origin} (the script line that added it), nothing is
   * shared between routes or tables. {@code nodes + 2} routes: default via the gateway, the
   * connected node segment, the connected cni0 /24, and {@code nodes - 1} host-gw routes.
   */
  static List<Route> hostGwMainTable(int self, int nodes, String file) {
    List<Route> routes = new ArrayList<>(nodes + 2);
    String ns = nodeName(self);
    int line = 1;
    routes.add(
        route(
            Prefix.DEFAULT,
            NextHop.via(new Ipv4Address(GATEWAY.bits()), "eth0"),
            Optional.empty(),
            RouteScope.GLOBAL,
            "boot",
            new Origin(
                file, line++, "ip -n " + ns + " route add default via " + GATEWAY + " dev eth0")));
    Ipv4Address me = nodeAddress(self);
    routes.add(
        route(
            new Prefix(new Ipv4Address(NODE_NETWORK.network().bits()), 12),
            NextHop.dev("eth0"),
            Optional.of(me),
            RouteScope.LINK,
            "kernel",
            Origin.KERNEL));
    routes.add(
        route(
            podSubnet(self),
            NextHop.dev("cni0"),
            Optional.of(podAddress(self, 1)),
            RouteScope.LINK,
            "kernel",
            Origin.KERNEL));
    for (int j = 0; j < nodes; j++) {
      if (j == self) {
        continue;
      }
      Prefix dst = podSubnet(j);
      Ipv4Address via = nodeAddress(j);
      String text = "ip -n " + ns + " route add " + dst + " via " + via + " dev eth0";
      routes.add(
          route(
              dst,
              NextHop.via(via, "eth0"),
              Optional.empty(),
              RouteScope.GLOBAL,
              "boot",
              new Origin(file, line++, text)));
    }
    return routes;
  }

  static String nodeName(int node) {
    return String.format("node-%05d", node);
  }

  private static Route route(
      Prefix dst,
      NextHop hop,
      Optional<Ipv4Address> src,
      RouteScope scope,
      String proto,
      Origin origin) {
    return new Route(
        TableIds.MAIN,
        RouteType.UNICAST,
        dst,
        List.of(hop),
        src,
        0,
        scope,
        RouteProtocol.of(proto),
        origin);
  }
}
