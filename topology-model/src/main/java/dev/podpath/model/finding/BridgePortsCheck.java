package dev.podpath.model.finding;

import dev.podpath.model.kube.KubePod;
import dev.podpath.model.topo.IfAddress;
import dev.podpath.model.topo.NetDevice;
import dev.podpath.model.topo.Netns;
import dev.podpath.model.topo.NetnsName;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A bridge without any port on a node where kubectl lists pods in the bridge's subnet: the pods are
 * not attached to it (the CNI put them on another bridge, or their veths are gone), so packets for
 * them end in ARP requests nobody answers. A bridge without ports and without pods (a node that
 * runs none, an idle docker0) is not a finding.
 *
 * <p>A snapshot stands in for the ports of pods that were not dumped with a port of its own, so
 * there this is found only where the node's dump shows the bridge bare and no pod is left out.
 */
final class BridgePortsCheck implements Check {

  @Override
  public List<Finding> find(Survey survey) {
    NetworkFacts facts = survey.facts();
    List<Finding> out = new ArrayList<>();
    for (Netns ns : facts.topology().netnsList()) {
      for (NetDevice b : ns.deviceList()) {
        Optional<IfAddress> a = b.addresses().stream().filter(Gateways::global).findFirst();
        if (!b.isBridge()
            || a.isEmpty()
            || a.get().prefixLength() >= 31
            || !ns.portsOf(b.name()).isEmpty()) {
          continue;
        }
        List<KubePod> pods = pods(facts, ns.name(), a.get());
        if (pods.isEmpty()) {
          continue;
        }
        List<Evidence> ev = new ArrayList<>();
        ev.add(
            Evidence.of(ns.name(), a.get() + " on " + b.name() + " (no port)", a.get().origin()));
        pods.stream()
            .limit(3)
            .forEach(
                p ->
                    ev.add(
                        Evidence.of(
                            p.namespace().orElse("default") + "/" + p.name(),
                            "pod " + p.ip().orElseThrow() + " on " + p.node().orElseThrow(),
                            p.origin())));
        out.add(
            new Finding(
                Code.BRIDGE_WITHOUT_PORTS,
                Severity.ERROR,
                ns.name().toString(),
                ns.name()
                    + "'s "
                    + b.name()
                    + " ("
                    + a.get().connectedPrefix()
                    + ") has no port, but kubectl lists "
                    + pods.size()
                    + " pod"
                    + (pods.size() == 1 ? "" : "s")
                    + " of the node in its subnet: they are not"
                    + " attached to it, so packets for them end in unanswered ARP requests (\"Destination Host"
                    + " Unreachable\").",
                ev,
                List.of(
                    new Fix(
                        new Shell(facts).ip(ns.name(), "link show master " + b.name()),
                        "lists the bridge's ports: the CNI attaches each pod's veth to it; recreate the pods (kubectl delete"
                            + " pod) after fixing the CNI configuration, so that it attaches them again"))));
      }
    }
    return out;
  }

  private static List<KubePod> pods(NetworkFacts facts, NetnsName node, IfAddress a) {
    return facts.cluster().pods().stream()
        .filter(
            p ->
                p.node().filter(node.toString()::equals).isPresent()
                    && !p.hostNetwork().orElse(false)
                    && p.ip()
                        .filter(ip -> a.connectedPrefix().contains(ip) && !ip.equals(a.address()))
                        .isPresent())
        .toList();
  }
}
