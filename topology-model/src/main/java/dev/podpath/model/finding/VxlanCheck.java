package dev.podpath.model.finding;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.addr.MacAddress;
import dev.podpath.model.bridge.FdbEntry;
import dev.podpath.model.kube.KubeNode;
import dev.podpath.model.neigh.NeighEntry;
import dev.podpath.model.route.NextHop;
import dev.podpath.model.route.Route;
import dev.podpath.model.route.RouteType;
import dev.podpath.model.topo.LinkKind;
import dev.podpath.model.topo.NetDevice;
import dev.podpath.model.topo.Netns;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The three tables flannel's VXLAN forwarding rests on, checked against each other and against the
 * other nodes: for each route through a VXLAN device, the gateway's neighbour entry (without one,
 * and without learning or a default FDB destination, ARP cannot resolve it), the FDB entry of the
 * neighbour's MAC (without one, frames have no remote VTEP), and the node that FDB entry sends to:
 * it must exist and have a VXLAN device of the same VNI whose MAC is the neighbour's (else the
 * frames arrive for a MAC that is not there: the stale-MAC case after a VTEP came back with a new
 * address). With kubectl's nodes, a node flannel's annotations name (public-ip, VtepMAC) counts as
 * that node where its dump is missing.
 */
final class VxlanCheck implements Check {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Override
  public List<Finding> find(Survey survey) {
    NetworkFacts facts = survey.facts();
    List<Finding> out = new ArrayList<>();
    Shell shell = new Shell(facts);
    for (Netns x : facts.topology().netnsList()) {
      for (NetDevice v : x.deviceList()) {
        if (!(v.kind() instanceof LinkKind.Vxlan vx) || !v.up()) {
          continue;
        }
        Map<Ipv4Address, List<Route>> byGateway = new LinkedHashMap<>();
        for (Route r : x.routing().allRoutes()) {
          if (r.type() != RouteType.UNICAST) {
            continue;
          }
          for (NextHop h : r.nextHops()) {
            if (h.dev().equals(v.name()) && h.via().isPresent()) {
              byGateway.computeIfAbsent(h.via().get(), k -> new ArrayList<>()).add(r);
            }
          }
        }
        byGateway.forEach((gw, routes) -> check(survey, shell, x, v, vx, gw, routes, out));
      }
    }
    return out;
  }

  private static void check(
      Survey survey,
      Shell shell,
      Netns x,
      NetDevice v,
      LinkKind.Vxlan vx,
      Ipv4Address gw,
      List<Route> routes,
      List<Finding> out) {
    NetworkFacts facts = survey.facts();
    boolean flooding =
        vx.learning()
            || vx.group().isPresent()
            || x.fdb().stream()
                .anyMatch(
                    f ->
                        f.dev().equals(v.name())
                            && f.master().isEmpty()
                            && f.mac().isZero()
                            && f.dst().isPresent());
    Optional<Remote> owner = remoteWithAddress(survey, vx, gw);
    List<Evidence> base = new ArrayList<>();
    routes.forEach(r -> base.add(Evidence.of(x.name(), r, r.origin())));
    String what =
        String.join(", ", routes.stream().map(r -> r.destination().toRouteString()).toList());
    Optional<NeighEntry> neigh = ArpReply.neighbour(x, v.name(), gw);
    if (neigh.isEmpty()) {
      boolean dumped = facts.closedWorld() || !x.neighbours().isEmpty();
      if (flooding || !dumped) {
        return;
      }
      List<Fix> fixes = new ArrayList<>();
      fixes.add(
          new Fix(
              shell.ip(
                  x.name(),
                  "neigh replace "
                      + gw
                      + " lladdr "
                      + owner.map(o -> o.mac().toString()).orElse("REMOTE_VTEP_MAC")
                      + " dev "
                      + v.name()
                      + " nud permanent"),
              "flanneld writes this entry for each node (the node's VtepMAC); "
                  + v.name()
                  + " does not learn, so ARP cannot fill it"
                  + owner
                      .map(
                          o ->
                              " ("
                                  + o.name()
                                  + "'s "
                                  + o.device()
                                  + " has "
                                  + gw
                                  + " and MAC "
                                  + o.mac()
                                  + ")")
                      .orElse("")));
      List<Evidence> ev = new ArrayList<>(base);
      owner.ifPresent(o -> ev.add(o.evidence()));
      out.add(
          new Finding(
              Code.VXLAN_NO_NEIGHBOUR,
              Severity.ERROR,
              x.name().toString(),
              x.name()
                  + " routes "
                  + what
                  + " via "
                  + gw
                  + " on "
                  + v.name()
                  + ", but has no neighbour entry for "
                  + gw
                  + "; "
                  + v.name()
                  + " does not learn and has no default FDB destination, so its ARP request goes"
                  + " nowhere: after 3 tries the sender gets \"Destination Host Unreachable\".",
              ev,
              fixes));
      return;
    }
    NeighEntry n = neigh.get();
    MacAddress mac = n.lladdr().orElseThrow();
    List<Evidence> withNeigh = new ArrayList<>(base);
    withNeigh.add(Evidence.of(x.name(), n, n.origin()));
    List<FdbEntry> fdb =
        x.fdb().stream()
            .filter(
                f ->
                    f.dev().equals(v.name())
                        && f.master().isEmpty()
                        && f.mac().equals(mac)
                        && f.dst().isPresent())
            .toList();
    if (fdb.isEmpty()) {
      if (flooding || vx.fdbUnknown().isPresent()) {
        return;
      }
      Optional<Remote> byMac = remoteWithMac(survey, vx, mac);
      String dst = byMac.or(() -> owner).map(o -> o.vtep().toString()).orElse("REMOTE_NODE_IP");
      List<Evidence> ev = new ArrayList<>(withNeigh);
      byMac.ifPresent(o -> ev.add(o.evidence()));
      out.add(
          new Finding(
              Code.VXLAN_NO_FDB_ENTRY,
              Severity.ERROR,
              x.name().toString(),
              x.name()
                  + " sends "
                  + what
                  + " to "
                  + gw
                  + ", whose neighbour entry is "
                  + mac
                  + " on "
                  + v.name()
                  + ", but "
                  + v.name()
                  + "'s FDB has no entry for "
                  + mac
                  + ": the frame has no remote VTEP and is"
                  + " dropped (counted as TX dropped), with no error.",
              ev,
              List.of(
                  new Fix(
                      shell.bridge(
                          x.name(),
                          "fdb append "
                              + mac
                              + " dev "
                              + v.name()
                              + " dst "
                              + dst
                              + " self permanent"),
                      "flanneld writes one FDB entry per node: the node's VtepMAC to its public IP"
                          + byMac
                              .map(o -> " (" + o.name() + " has " + mac + " on " + o.device() + ")")
                              .orElse("")))));
      return;
    }
    for (FdbEntry f : fdb) {
      Ipv4Address dst = f.dst().orElseThrow();
      List<Evidence> ev = new ArrayList<>(withNeigh);
      ev.add(Evidence.of(x.name(), f, f.origin()));
      Optional<Remote> remote = remoteAt(survey, vx, dst);
      if (remote.isEmpty()) {
        if (!unknownVtep(survey, dst)) {
          continue;
        }
        out.add(
            new Finding(
                Code.VXLAN_UNKNOWN_VTEP,
                Severity.ERROR,
                x.name().toString(),
                x.name()
                    + "'s FDB sends "
                    + mac
                    + " (the neighbour of "
                    + gw
                    + ") to "
                    + dst
                    + ", but "
                    + (facts.closedWorld()
                        ? "no namespace has " + dst
                        : "neither a dumped node nor a node kubectl lists has " + dst)
                    + " (VNI "
                    + vx.vni()
                    + "): the encapsulated packets go nowhere, silently.",
                ev,
                List.of(
                    new Fix(
                        shell.bridge(
                            x.name(),
                            "fdb replace "
                                + mac
                                + " dev "
                                + v.name()
                                + " dst "
                                + owner.map(o -> o.vtep().toString()).orElse("REMOTE_NODE_IP")
                                + " self permanent"),
                        "the FDB entry must name the public IP of the node whose "
                            + v.name()
                            + " has "
                            + mac
                            + " (flanneld takes it from the node's public-ip annotation)"))));
        continue;
      }
      Remote r = remote.get();
      if (r.mac().equals(mac)) {
        continue;
      }
      ev.add(r.evidence());
      out.add(
          new Finding(
              Code.VXLAN_STALE_MAC,
              Severity.ERROR,
              x.name().toString(),
              x.name()
                  + "'s neighbour and FDB entries send "
                  + what
                  + " to "
                  + mac
                  + " at "
                  + dst
                  + ", but "
                  + r.name()
                  + "'s "
                  + r.device()
                  + " (VNI "
                  + vx.vni()
                  + ") has MAC "
                  + r.mac()
                  + ": the frames arrive for a MAC"
                  + " that is not there and "
                  + r.name()
                  + " drops them silently (a VTEP that came back with a new MAC).",
              ev,
              List.of(
                  new Fix(
                      shell.ip(
                              x.name(),
                              "neigh replace "
                                  + gw
                                  + " lladdr "
                                  + r.mac()
                                  + " dev "
                                  + v.name()
                                  + " nud permanent")
                          + " && "
                          + shell.bridge(
                              x.name(),
                              "fdb replace "
                                  + r.mac()
                                  + " dev "
                                  + v.name()
                                  + " dst "
                                  + dst
                                  + " self permanent"),
                      "points both entries at "
                          + r.name()
                          + "'s current MAC; flanneld does this from the node's VtepMAC"
                          + " annotation, so also check that the annotation is current and restart flanneld on "
                          + x.name()))));
    }
  }

  /** A remote VTEP: a dumped namespace's VXLAN device, or a node flannel's annotations describe. */
  private record Remote(
      String name, String device, MacAddress mac, Ipv4Address vtep, Evidence evidence) {}

  /**
   * The VTEP at {@code dst}: a namespace that has it with a VXLAN device of the VNI, or an
   * annotated node.
   */
  private static Optional<Remote> remoteAt(Survey survey, LinkKind.Vxlan vx, Ipv4Address dst) {
    NetworkFacts facts = survey.facts();
    for (Netns y : survey.owners(dst)) {
      Optional<Remote> r = vxlanOf(y, vx, dst);
      if (r.isPresent()) {
        return r;
      }
    }
    for (KubeNode k : facts.cluster().nodes()) {
      Optional<Ipv4Address> ip = publicIp(k);
      if (ip.filter(dst::equals).isPresent()
          && vtepMac(k).isPresent()
          && facts.topology().netns(dev.podpath.model.topo.NetnsName.of(k.name())).isEmpty()) {
        return Optional.of(
            new Remote(
                k.name(),
                "VtepMAC annotation",
                vtepMac(k).get(),
                dst,
                Evidence.of(
                    k.name(),
                    "flannel.alpha.coreos.com/backend-data VtepMAC " + vtepMac(k).get(),
                    k.origin())));
      }
    }
    return Optional.empty();
  }

  private static Optional<Remote> vxlanOf(Netns y, LinkKind.Vxlan vx, Ipv4Address vtep) {
    for (NetDevice d : y.deviceList()) {
      if (d.kind() instanceof LinkKind.Vxlan other
          && other.vni() == vx.vni()
          && other.dstPort() == vx.dstPort()) {
        return Optional.of(
            new Remote(
                y.name().toString(),
                d.name(),
                d.mac(),
                vtep,
                Evidence.of(
                    y.name(),
                    d.name() + " (vxlan VNI " + other.vni() + ") link/ether " + d.mac(),
                    d.origin())));
      }
    }
    return Optional.empty();
  }

  /**
   * The namespace whose VXLAN device of the VNI has {@code address} (flannel's 10.x.y.0 of each
   * node).
   */
  private static Optional<Remote> remoteWithAddress(
      Survey survey, LinkKind.Vxlan vx, Ipv4Address address) {
    NetworkFacts facts = survey.facts();
    for (Netns y : facts.topology().netnsList()) {
      for (NetDevice d : y.deviceList()) {
        if (d.kind() instanceof LinkKind.Vxlan other
            && other.vni() == vx.vni()
            && d.addresses().stream().anyMatch(a -> a.address().equals(address))) {
          Optional<Ipv4Address> vtep =
              other
                  .local()
                  .or(
                      () ->
                          other
                              .lower()
                              .flatMap(l -> y.device(l))
                              .flatMap(NetDevice::primaryAddress)
                              .map(a -> a.address()));
          if (vtep.isPresent()) {
            return vxlanOf(y, vx, vtep.get());
          }
        }
      }
    }
    return Optional.empty();
  }

  /** The namespace whose VXLAN device of the VNI has {@code mac}. */
  private static Optional<Remote> remoteWithMac(Survey survey, LinkKind.Vxlan vx, MacAddress mac) {
    NetworkFacts facts = survey.facts();
    for (Netns y : facts.topology().netnsList()) {
      for (NetDevice d : y.deviceList()) {
        if (d.kind() instanceof LinkKind.Vxlan other
            && other.vni() == vx.vni()
            && d.mac().equals(mac)) {
          Optional<Ipv4Address> vtep =
              other
                  .local()
                  .or(
                      () ->
                          other
                              .lower()
                              .flatMap(l -> y.device(l))
                              .flatMap(NetDevice::primaryAddress)
                              .map(a -> a.address()));
          if (vtep.isPresent()) {
            return vxlanOf(y, vx, vtep.get());
          }
        }
      }
    }
    return Optional.empty();
  }

  /**
   * Whether the model can say nobody has {@code dst}: a scenario, or kubectl's nodes that all lack
   * it.
   */
  private static boolean unknownVtep(Survey survey, Ipv4Address dst) {
    NetworkFacts facts = survey.facts();
    if (!survey.owners(dst).isEmpty()) {
      return false;
    }
    if (facts.closedWorld()) {
      return true;
    }
    return !facts.cluster().nodes().isEmpty()
        && facts.cluster().nodes().stream()
            .noneMatch(
                k ->
                    k.internalIp().filter(dst::equals).isPresent()
                        || k.externalIp().filter(dst::equals).isPresent()
                        || publicIp(k).filter(dst::equals).isPresent());
  }

  private static Optional<Ipv4Address> publicIp(KubeNode k) {
    return Optional.ofNullable(k.annotations().get(KubeNode.FLANNEL_PUBLIC_IP))
        .flatMap(Ipv4Address::tryParse);
  }

  /** {@code VtepMAC} of flannel's {@code backend-data} annotation. */
  static Optional<MacAddress> vtepMac(KubeNode k) {
    String data = k.annotations().get("flannel.alpha.coreos.com/backend-data");
    if (data == null) {
      return Optional.empty();
    }
    try {
      JsonNode n = JSON.readTree(data);
      return n.hasNonNull("VtepMAC")
          ? MacAddress.tryParse(n.get("VtepMAC").asText())
          : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
