package dev.podpath.model.snapshot;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.addr.MacAddress;
import dev.podpath.model.addr.Prefix;
import dev.podpath.model.bridge.FdbEntry;
import dev.podpath.model.kube.KubeNode;
import dev.podpath.model.neigh.NeighEntry;
import dev.podpath.model.neigh.NudState;
import dev.podpath.model.route.NextHop;
import dev.podpath.model.route.Route;
import dev.podpath.model.route.RouteProtocol;
import dev.podpath.model.route.RouteScope;
import dev.podpath.model.route.RouteType;
import dev.podpath.model.route.TableIds;
import dev.podpath.model.topo.LinkKind;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What flanneld installs on a node for every other node, from the other nodes' annotations in
 * {@code kubectl get nodes -o json} or {@code kubectl describe nodes}, where the dumped node lacks
 * it (a dumped entry always wins; nothing is replaced). flanneld watches the Node objects and, for
 * each other node's lease (its {@code spec.podCIDR}):
 *
 * <ul>
 *   <li>host-gw ({@code flannel.alpha.coreos.com/backend-type: host-gw}): {@code podCIDR via
 *       public-ip dev <the device of the connected route to public-ip>};
 *   <li>vxlan: the neighbour {@code <podCIDR's network address> lladdr VtepMAC dev flannel.VNI
 *       PERMANENT}, the FDB entry {@code VtepMAC dev flannel.VNI dst public-ip self permanent} and
 *       the route {@code podCIDR via <network address> dev flannel.VNI onlink}, {@code VtepMAC} and
 *       {@code VNI} read from {@code flannel.alpha.coreos.com/backend-data}.
 * </ul>
 *
 * The public IP is the {@code flannel.alpha.coreos.com/public-ip} annotation, else kubectl's
 * InternalIP. Each inferred entry's origin is the other node's line in the kubectl file, so a trace
 * through it names that line; each is an {@link Assumption}. A flannel device the dumps do not show
 * is never invented. Package-private.
 *
 * <pre>{@code
 * worker1: assumed: route 10.42.2.0/24 via 10.42.2.0 dev flannel.1 onlink, neighbour 10.42.2.0 dev
 *     flannel.1 lladdr 3a:.. PERMANENT, FDB 3a:.. dev flannel.1 dst 92.255.77.52 self permanent:
 *     what flanneld (vxlan) installs for node n2 (kubectl-describe-nodes.txt:61) ...
 * }</pre>
 */
final class FlannelPeers {

  static final String BACKEND_DATA = "flannel.alpha.coreos.com/backend-data";

  private static final Pattern VTEP_MAC =
      Pattern.compile("\"VtepMAC\"\\s*:\\s*\"([0-9A-Fa-f:]{17})\"");
  private static final Pattern VNI = Pattern.compile("\"VNI\"\\s*:\\s*(\\d+)");

  /** What the node holds already, read once: a look-up per other node, not a scan. */
  private final NetnsDraft host;

  private final Set<Prefix> mainDestinations = new HashSet<>();
  private final Set<List<Object>> neighbours = new HashSet<>();
  private final Set<List<Object>> fdb = new HashSet<>();

  /** The main table's routes to a subnet straight through a device: where a gateway can be. */
  private final List<Route> connected = new ArrayList<>();

  private FlannelPeers(NetnsDraft host) {
    this.host = host;
    for (Route r : host.routes) {
      if (r.table() == TableIds.MAIN) {
        mainDestinations.add(r.destination());
        if (r.type() == RouteType.UNICAST
            && r.destination().length() > 0
            && r.nextHops().size() == 1
            && r.nextHops().get(0).via().isEmpty()) {
          connected.add(r);
        }
      }
    }
    host.neighbours.forEach(n -> neighbours.add(List.of(n.dev(), n.address())));
    host.fdb.forEach(f -> fdb.add(List.of(f.dev(), f.mac())));
  }

  /** A node flanneld installs something for on the others: its podCIDRs, public IP, backend. */
  record Peer(KubeNode node, Ipv4Address publicIp, String backend) {}

  /**
   * The nodes kubectl lists with a podCIDR and a public IP (the annotation, or the InternalIP),
   * each read once for all the nodes it is a peer of.
   */
  static List<Peer> withPodCidrs(List<KubeNode> kubeNodes) {
    List<Peer> out = new ArrayList<>();
    for (KubeNode k : kubeNodes) {
      if (k.podCidrs().isEmpty()) {
        continue;
      }
      Optional<Ipv4Address> publicIp =
          word(k.annotations().get(KubeNode.FLANNEL_PUBLIC_IP))
              .flatMap(Ipv4Address::tryParse)
              .or(k::internalIp);
      String backend = word(k.annotations().get(KubeNode.FLANNEL_BACKEND_TYPE)).orElse("");
      publicIp.ifPresent(ip -> out.add(new Peer(k, ip, backend)));
    }
    return out;
  }

  /**
   * What flanneld installs on the node {@code node} for each of the {@code peers} ({@link
   * #withPodCidrs}) that is not in its dumps.
   */
  static void infer(List<NetnsDraft> node, List<Peer> peers, LoadWork work) {
    NetnsDraft host = node.get(0);
    if (!host.isNode || peers.isEmpty()) {
      return;
    }
    FlannelPeers f = new FlannelPeers(host);
    work.count(host.routes.size() + peers.size());
    for (Peer p : peers) {
      KubeNode k = p.node();
      if (k.name().equals(host.node)) {
        continue;
      }
      for (Prefix cidr : k.podCidrs()) {
        switch (p.backend()) {
          case "host-gw" -> f.hostGw(k, cidr, p.publicIp());
          case "vxlan" -> f.vxlan(k, cidr, p.publicIp());
          default -> {}
        }
      }
    }
  }

  private void hostGw(KubeNode k, Prefix cidr, Ipv4Address gw) {
    if (mainDestinations.contains(cidr)) {
      return;
    }
    Optional<Route> connected =
        this.connected.stream().filter(r -> r.destination().contains(gw)).findFirst();
    if (connected.isEmpty()) {
      host.assume(
          "no route to "
              + cidr
              + " is inferred for node "
              + k.name()
              + " ("
              + k.origin().location()
              + ", "
              + KubeNode.FLANNEL_BACKEND_TYPE
              + ": host-gw): its public IP "
              + gw
              + " is on no subnet this node is connected to, and flanneld's host-gw needs one");
      return;
    }
    String dev = connected.get().nextHops().get(0).dev();
    Route r = route(cidr, NextHop.via(gw, dev), k);
    addRoute(r);
    host.assume(
        "route "
            + r
            + ": what flanneld (host-gw) installs for node "
            + k.name()
            + " ("
            + k.origin().location()
            + ": podCIDR "
            + cidr
            + ", public IP "
            + gw
            + ", on "
            + dev
            + "'s subnet "
            + connected.get().destination()
            + "); the dumped routes have none to "
            + cidr);
  }

  private void vxlan(KubeNode k, Prefix cidr, Ipv4Address publicIp) {
    String data = k.annotations().getOrDefault(BACKEND_DATA, "");
    Matcher mac = VTEP_MAC.matcher(data);
    if (!mac.find()) {
      return;
    }
    Optional<MacAddress> vtepMac = MacAddress.tryParse(mac.group(1));
    Matcher vniMatch = VNI.matcher(data);
    int vni = vniMatch.find() ? Integer.parseInt(vniMatch.group(1)) : 1;
    String dev = "flannel." + vni;
    Optional<DeviceDraft> vtep =
        host.device(dev)
            .filter(d -> d.details.filter(LinkKind.Vxlan.class::isInstance).isPresent());
    if (vtepMac.isEmpty() || vtep.isEmpty()) {
      return;
    }
    Ipv4Address gw = cidr.network();
    StringBuilder said = new StringBuilder();
    if (neighbours.add(List.of(dev, gw))) {
      NeighEntry n = new NeighEntry(gw, dev, vtepMac, NudState.PERMANENT, false, k.origin());
      host.neighbours.add(n);
      said.append("neighbour ").append(n);
    }
    if (fdb.add(List.of(dev, vtepMac.get()))) {
      FdbEntry f =
          new FdbEntry(
              vtepMac.get(),
              dev,
              Optional.empty(),
              FdbEntry.Kind.PERMANENT,
              Optional.of(publicIp),
              k.origin());
      host.fdb.add(f);
      said.append(said.isEmpty() ? "" : ", ").append("FDB ").append(f);
    }
    if (!mainDestinations.contains(cidr)) {
      Route r = route(cidr, new NextHop(Optional.of(gw), dev, 1, true), k);
      addRoute(r);
      said.append(said.isEmpty() ? "" : ", ").append("route ").append(r);
    }
    if (said.isEmpty()) {
      return;
    }
    host.assume(
        said
            + ": what flanneld (vxlan) installs for node "
            + k.name()
            + " ("
            + k.origin().location()
            + ": podCIDR "
            + cidr
            + ", VtepMAC "
            + vtepMac.get()
            + ", public IP "
            + publicIp
            + "); the dumps of this node do not have "
            + (said.indexOf(", ") < 0 ? "it" : "them"));
  }

  private void addRoute(Route r) {
    host.routes.add(r);
    mainDestinations.add(r.destination());
  }

  private static Route route(Prefix cidr, NextHop hop, KubeNode k) {
    return new Route(
        TableIds.MAIN,
        RouteType.UNICAST,
        cidr,
        List.of(hop),
        Optional.empty(),
        0,
        RouteScope.GLOBAL,
        RouteProtocol.BOOT,
        k.origin());
  }

  /** The first word of an annotation's value (posters mark lines: {@code 10.0.0.1 <=====}). */
  private static Optional<String> word(String value) {
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    return Optional.of(value.strip().split("\\s+")[0]);
  }
}
