package dev.podpath.model.finding;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.kube.KubeNode;
import dev.podpath.model.topo.DeviceRef;
import dev.podpath.model.topo.IfAddress;
import dev.podpath.model.topo.LinkKind;
import dev.podpath.model.topo.NetDevice;
import dev.podpath.model.topo.Netns;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * One address in two places that must not share it: two namespaces on one L2 segment (ARP answers
 * from both, and the neighbours' caches flip between them), two nodes' tunnel endpoints (VXLAN or
 * IPIP {@code local}), or two nodes in kubectl's list (InternalIP, flannel's public-ip). The same
 * address on isolated segments (every host's docker0 at 172.17.0.1) is not a finding.
 */
final class DuplicateAddressCheck implements Check {

  private record Place(Netns ns, NetDevice dev, IfAddress address) {}

  @Override
  public List<Finding> find(Survey survey) {
    NetworkFacts facts = survey.facts();
    List<Finding> out = new ArrayList<>();
    Map<Ipv4Address, List<Place>> places = new LinkedHashMap<>();
    for (Netns ns : facts.topology().netnsList()) {
      for (NetDevice d : ns.deviceList()) {
        for (IfAddress a : d.addresses()) {
          if (Gateways.global(a)) {
            places.computeIfAbsent(a.address(), k -> new ArrayList<>()).add(new Place(ns, d, a));
          }
        }
      }
    }
    places.forEach(
        (ip, list) -> {
          for (int i = 0; i < list.size(); i++) {
            for (int j = i + 1; j < list.size(); j++) {
              Place a = list.get(i);
              Place b = list.get(j);
              if (a.ns() == b.ns()) {
                continue;
              }
              Optional<String> why = shared(survey, a, b);
              why.ifPresent(
                  w ->
                      out.add(
                          new Finding(
                              Code.DUPLICATE_ADDRESS,
                              Severity.ERROR,
                              a.ns().name().toString(),
                              ip
                                  + " is an address of both "
                                  + a.ns().name()
                                  + "/"
                                  + a.dev().name()
                                  + " and "
                                  + b.ns().name()
                                  + "/"
                                  + b.dev().name()
                                  + ", "
                                  + w
                                  + ": packets for it reach one or the other, whichever answered last.",
                              List.of(
                                  Evidence.of(
                                      a.ns().name(),
                                      a.address() + " on " + a.dev().name(),
                                      a.address().origin()),
                                  Evidence.of(
                                      b.ns().name(),
                                      b.address() + " on " + b.dev().name(),
                                      b.address().origin())),
                              List.of(
                                  new Fix(
                                      new Shell(facts)
                                          .ip(
                                              b.ns().name(),
                                              "addr del " + b.address() + " dev " + b.dev().name()),
                                      "then give "
                                          + b.ns().name()
                                          + " an address of its own (each node, VTEP and pod needs a unique"
                                          + " one)")))));
            }
          }
        });
    kubectl(facts, "InternalIP", KubeNode::internalIp, out);
    kubectl(
        facts,
        "flannel public-ip",
        k ->
            Optional.ofNullable(k.annotations().get(KubeNode.FLANNEL_PUBLIC_IP))
                .flatMap(Ipv4Address::tryParse),
        out);
    return out;
  }

  /** Why two places of one address clash, if they do. */
  private static Optional<String> shared(Survey survey, Place a, Place b) {
    NetworkFacts facts = survey.facts();
    if (tunnelLocal(a) && tunnelLocal(b)) {
      return Optional.of("the tunnel endpoint of both nodes");
    }
    L2Segment seg = survey.segment(new DeviceRef(a.ns().name(), a.dev().name()));
    if (seg.stations().contains(new DeviceRef(b.ns().name(), b.dev().name()))) {
      return Optional.of("on one L2 segment");
    }
    return Optional.empty();
  }

  private static boolean tunnelLocal(Place p) {
    return p.ns().deviceList().stream()
        .anyMatch(
            d ->
                d.kind() instanceof LinkKind.Vxlan vx
                        && vx.local().filter(p.address().address()::equals).isPresent()
                    || d.kind() instanceof LinkKind.Ipip ip
                        && ip.local().filter(p.address().address()::equals).isPresent());
  }

  private static void kubectl(
      NetworkFacts facts,
      String what,
      Function<KubeNode, Optional<Ipv4Address>> f,
      List<Finding> out) {
    Map<Ipv4Address, List<KubeNode>> by = new LinkedHashMap<>();
    facts
        .cluster()
        .nodes()
        .forEach(
            k -> f.apply(k).ifPresent(ip -> by.computeIfAbsent(ip, x -> new ArrayList<>()).add(k)));
    by.forEach(
        (ip, nodes) -> {
          if (nodes.size() < 2) {
            return;
          }
          List<Evidence> ev =
              nodes.stream().map(k -> Evidence.of(k.name(), what + " " + ip, k.origin())).toList();
          out.add(
              new Finding(
                  Code.DUPLICATE_ADDRESS,
                  Severity.ERROR,
                  nodes.get(0).name(),
                  "kubectl lists "
                      + ip
                      + " as the "
                      + what
                      + " of "
                      + String.join(" and ", nodes.stream().map(KubeNode::name).toList())
                      + ": routes, tunnels and Services built for one of them reach the other.",
                  ev,
                  List.of(
                      new Fix(
                          "kubectl get nodes -o wide",
                          "find the node whose address is wrong (a cloned VM, kubelet's --node-ip, flannel's --iface or"
                              + " --public-ip), fix it there and restart kubelet and flanneld on it"))));
        });
  }
}
