package dev.podpath.model.finding;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.addr.Prefix;
import dev.podpath.model.kube.KubeNode;
import dev.podpath.model.kube.KubeService;
import dev.podpath.model.route.NextHop;
import dev.podpath.model.route.Route;
import dev.podpath.model.route.RouteType;
import dev.podpath.model.route.TableIds;
import dev.podpath.model.topo.IfAddress;
import dev.podpath.model.topo.LinkKind;
import dev.podpath.model.topo.NetDevice;
import dev.podpath.model.topo.Netns;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Networks of different roles that overlap: a node's own subnet, a non-pod bridge's network
 * (docker0, br-*, virbr0), a pod subnet, the Service CIDR, and routes a node has toward other
 * networks (a VPN, a corporate range) that cut into a pod subnet. The Service CIDR is not in any
 * dump: it is inferred from the ClusterIPs kubectl lists (the smallest prefix that holds them all,
 * which the real CIDR contains), and each ClusterIP is checked too. Routes that only contain a pod
 * range (a corporate 10.0.0.0/8 around a 10.244.0.0/16 pod network) are not findings: the pods' own
 * routes are more specific.
 */
final class CidrOverlapCheck implements Check {

  private enum Role {
    NODE_SUBNET("node subnet"),
    BRIDGE("bridge network"),
    POD_SUBNET("pod subnet"),
    SERVICES("Service CIDR"),
    CLUSTER_IP("ClusterIP"),
    FOREIGN_ROUTE("route to another network");

    final String label;

    Role(String label) {
      this.label = label;
    }
  }

  private record Net(Role role, Prefix prefix, String where, Evidence evidence) {
    String describe() {
      return role.label
          + " "
          + (prefix.length() == 32 ? prefix.network().toString() : prefix.toString())
          + " ("
          + where
          + ")";
    }
  }

  @Override
  public List<Finding> find(Survey survey) {
    NetworkFacts facts = survey.facts();
    List<PodSubnets.PodSubnet> pods = survey.podSubnets();
    List<Netns> nodes = nodes(survey, pods);
    List<Net> nets = new ArrayList<>();
    pods.forEach(
        p ->
            nets.add(
                new Net(
                    Role.POD_SUBNET,
                    p.prefix(),
                    p.node().name() + "/" + p.bridge().name(),
                    Evidence.of(
                        p.node().name(),
                        p.address() + " on " + p.bridge().name(),
                        p.address().origin()))));
    for (Netns ns : nodes) {
      for (NetDevice d : ns.deviceList()) {
        for (IfAddress a : d.addresses()) {
          if (!Gateways.global(a)
              || a.prefixLength() >= 31
              || a.address().bits() >>> 16 == 0xA9FE) {
            continue;
          }
          Evidence e = Evidence.of(ns.name(), a + " on " + d.name(), a.origin());
          if (d.isBridge()) {
            if (pods.stream().noneMatch(p -> p.node() == ns && p.bridge() == d)) {
              nets.add(new Net(Role.BRIDGE, a.connectedPrefix(), ns.name() + "/" + d.name(), e));
            }
          } else if (!tunnel(d) && !d.isLoopback()) {
            nets.add(new Net(Role.NODE_SUBNET, a.connectedPrefix(), ns.name() + "/" + d.name(), e));
          }
        }
      }
      foreignRoutes(facts, ns, nodes, pods, nets);
    }
    services(facts, nets);
    List<Finding> out = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < nets.size(); i++) {
      for (int j = 0; j < nets.size(); j++) {
        Net a = nets.get(i);
        Net b = nets.get(j);
        if (i == j
            || !clash(a, b)
            || !(a.prefix().contains(b.prefix()) || b.prefix().contains(a.prefix()))) {
          continue;
        }
        if (!seen.add(Math.min(i, j) + "/" + Math.max(i, j))) {
          continue;
        }
        boolean warning = a.role() == Role.FOREIGN_ROUTE && b.role() == Role.SERVICES;
        out.add(finding(facts, a, b, warning ? Severity.WARNING : Severity.ERROR));
      }
    }
    return out;
  }

  /**
   * Which pairs of roles must not overlap (in this order: a foreign route only when it cuts into
   * the other).
   */
  private static boolean clash(Net a, Net b) {
    if (a.role() == Role.FOREIGN_ROUTE) {
      return (b.role() == Role.POD_SUBNET || b.role() == Role.SERVICES)
          && (!a.prefix().contains(b.prefix()) || a.prefix().equals(b.prefix()));
    }
    if (b.role() == Role.FOREIGN_ROUTE) {
      return false;
    }
    if (a.role() == b.role()) {
      return false;
    }
    if (a.role() == Role.SERVICES && b.role() == Role.CLUSTER_IP
        || a.role() == Role.CLUSTER_IP && b.role() == Role.SERVICES) {
      return false;
    }
    return a.role().ordinal() < b.role().ordinal();
  }

  private static Finding finding(NetworkFacts facts, Net a, Net b, Severity severity) {
    String inferred =
        a.role() == Role.SERVICES || b.role() == Role.SERVICES
            ? " (the Service CIDR is inferred from the ClusterIPs: the real one contains it)"
            : "";
    String effect =
        switch (a.role() == Role.FOREIGN_ROUTE ? b.role() : a.role()) {
          case NODE_SUBNET ->
              "packets for the overlap go to the node's LAN or to the other network depending on which"
                  + " route is more specific, so one side is unreachable";
          case BRIDGE ->
              "the node routes the overlap to its bridge, so the other network's hosts are unreachable from it";
          case POD_SUBNET -> "pods in the overlap are unreachable from where the other route wins";
          default -> "ClusterIPs in the overlap are ambiguous";
        };
    if (a.role() == Role.FOREIGN_ROUTE) {
      effect =
          "the route is more specific than the pod or Service range, so packets for the overlap follow it instead";
    }
    return new Finding(
        Code.CIDR_OVERLAP,
        severity,
        a.where(),
        "the " + a.describe() + " overlaps the " + b.describe() + inferred + ": " + effect + ".",
        List.of(a.evidence(), b.evidence()),
        List.of(
            new Fix(
                fix(a, b),
                "networks of different roles must not overlap; the pod network is chosen at cluster"
                    + " creation (--cluster-cidr / --pod-network-cidr, flannel's net-conf.json), the Service range by"
                    + " --service-cluster-ip-range, Docker's by \"bip\" and \"default-address-pools\" in"
                    + " /etc/docker/daemon.json")));
  }

  private static String fix(Net a, Net b) {
    Net moved =
        a.role() == Role.BRIDGE || a.role() == Role.FOREIGN_ROUTE
            ? a
            : b.role() == Role.BRIDGE ? b : a;
    return switch (moved.role()) {
      case BRIDGE ->
          "move "
              + moved.where()
              + " to a free range (Docker: \"bip\": \"A.B.C.1/24\" and"
              + " \"default-address-pools\" in /etc/docker/daemon.json, then restart docker)";
      case FOREIGN_ROUTE ->
          "narrow or remove the route "
              + moved.prefix()
              + " on "
              + moved.where()
              + " (a VPN's pushed routes: exclude the pod and Service ranges)";
      default -> "renumber one of the two: " + a.describe() + " or " + b.describe();
    };
  }

  /**
   * The namespaces taken as cluster nodes: kubectl's, or those that own or route to pod subnets.
   */
  private static List<Netns> nodes(Survey survey, List<PodSubnets.PodSubnet> pods) {
    NetworkFacts facts = survey.facts();
    List<Netns> out = new ArrayList<>(survey.nodes());
    for (KubeNode k : facts.cluster().nodes()) {
      facts
          .topology()
          .netns(dev.podpath.model.topo.NetnsName.of(k.name()))
          .filter(n -> out.stream().noneMatch(x -> x == n))
          .ifPresent(out::add);
    }
    return out;
  }

  private static boolean tunnel(NetDevice d) {
    return d.kind() instanceof LinkKind.Vxlan
        || d.kind() instanceof LinkKind.Ipip
        || d.kind() instanceof LinkKind.Tun;
  }

  /**
   * A node's non-default routes via a gateway that is no node, or into a device podpath does not
   * model (a VPN).
   */
  private static void foreignRoutes(
      NetworkFacts facts,
      Netns ns,
      List<Netns> nodes,
      List<PodSubnets.PodSubnet> pods,
      List<Net> nets) {
    for (Route r : ns.routing().allRoutes()) {
      if (r.type() != RouteType.UNICAST
          || r.table() == TableIds.LOCAL
          || r.destination().isDefault()
          || Routes.connected(r)
          || pods.stream().anyMatch(p -> p.prefix().equals(r.destination()))) {
        continue;
      }
      boolean foreign = false;
      for (NextHop h : r.nextHops()) {
        Optional<NetDevice> d = ns.device(h.dev());
        if (d.isEmpty()
            || tunnel(d.get())
                && !(d.get().kind() instanceof LinkKind.Tun t
                    && t.flanneld().isEmpty()
                    && t.holderUnknown().isEmpty())) {
          continue;
        }
        if (h.via().isPresent()) {
          Ipv4Address gw = h.via().get();
          boolean node =
              nodes.stream().anyMatch(n -> n.ownsAddress(gw))
                  || facts.cluster().nodes().stream()
                      .anyMatch(k -> k.internalIp().filter(gw::equals).isPresent());
          foreign |= !node;
        } else {
          foreign |=
              d.get().kind() instanceof LinkKind.NotModelled
                  || d.get().kind() instanceof LinkKind.Tun;
        }
      }
      if (foreign) {
        nets.add(
            new Net(
                Role.FOREIGN_ROUTE,
                r.destination(),
                ns.name().toString(),
                Evidence.of(ns.name(), r, r.origin())));
      }
    }
  }

  /** The Service CIDR inferred from the ClusterIPs; with a single ClusterIP, that address. */
  private static void services(NetworkFacts facts, List<Net> nets) {
    List<KubeService> withIp =
        facts.cluster().services().stream().filter(s -> s.clusterIp().isPresent()).toList();
    if (withIp.isEmpty()) {
      return;
    }
    int lo =
        withIp.stream()
            .mapToInt(s -> s.clusterIp().get().bits())
            .reduce((x, y) -> Integer.compareUnsigned(x, y) <= 0 ? x : y)
            .getAsInt();
    int hi =
        withIp.stream()
            .mapToInt(s -> s.clusterIp().get().bits())
            .reduce((x, y) -> Integer.compareUnsigned(x, y) >= 0 ? x : y)
            .getAsInt();
    if (withIp.size() >= 2) {
      int len = lo == hi ? 32 : Integer.numberOfLeadingZeros(lo ^ hi);
      Prefix cidr = Prefix.of(new Ipv4Address(lo), len);
      KubeService first = withIp.get(0);
      nets.add(
          new Net(
              Role.SERVICES,
              cidr,
              "inferred from " + withIp.size() + " ClusterIPs",
              Evidence.of(
                  first.qualifiedName(),
                  "ClusterIP " + first.clusterIp().get() + " (one of " + withIp.size() + ")",
                  first.origin())));
    }
    for (KubeService s : withIp.size() >= 2 ? List.<KubeService>of() : withIp) {
      nets.add(
          new Net(
              Role.CLUSTER_IP,
              Prefix.of(s.clusterIp().get(), 32),
              s.qualifiedName(),
              Evidence.of(s.qualifiedName(), "ClusterIP " + s.clusterIp().get(), s.origin())));
    }
  }
}
