package dev.podpath.model.finding;

import dev.podpath.model.kube.KubeNode;
import dev.podpath.model.topo.NetDevice;
import dev.podpath.model.topo.Netns;
import dev.podpath.model.topo.NetnsName;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A node kubectl lists whose dump has no address at all (beyond loopback), or not the InternalIP
 * kubectl lists for it: the address the cluster uses for the node (flannel's public IP, the
 * kubelet's, other nodes' routes to it) is not on it.
 */
final class NodeAddressCheck implements Check {

  @Override
  public List<Finding> find(Survey survey) {
    NetworkFacts facts = survey.facts();
    List<Finding> out = new ArrayList<>();
    for (KubeNode k : facts.cluster().nodes()) {
      Optional<Netns> ns = facts.topology().netns(NetnsName.of(k.name()));
      if (ns.isEmpty()) {
        continue;
      }
      boolean any =
          ns.get().deviceList().stream()
              .filter(d -> !d.isLoopback())
              .anyMatch(d -> d.addresses().stream().anyMatch(Gateways::global));
      if (!any) {
        out.add(
            new Finding(
                Code.NODE_WITHOUT_ADDRESS,
                Severity.ERROR,
                k.name(),
                k.name()
                    + "'s dump has no address on any device but loopback: nothing can reach the node, nor its pods.",
                List.of(
                    Evidence.of(
                        k.name(),
                        "node "
                            + k.internalIp()
                                .map(ip -> "InternalIP " + ip)
                                .orElse("without InternalIP"),
                        k.origin())),
                List.of(
                    new Fix(
                        "on " + k.name() + ": ip -br addr",
                        "check the node's interfaces and its network configuration (DHCP, netplan, NetworkManager); if the"
                            + " dump is incomplete, collect it again with podpath collect"))));
        continue;
      }
      if (k.internalIp().isPresent() && !ns.get().ownsAddress(k.internalIp().get())) {
        List<String> addrs = new ArrayList<>();
        for (NetDevice d : ns.get().deviceList()) {
          d.addresses().stream()
              .filter(Gateways::global)
              .forEach(a -> addrs.add(a + " on " + d.name()));
        }
        out.add(
            new Finding(
                Code.NODE_WITHOUT_ADDRESS,
                Severity.WARNING,
                k.name(),
                "kubectl lists "
                    + k.internalIp().get()
                    + " as "
                    + k.name()
                    + "'s InternalIP, but the node has no such"
                    + " address (it has "
                    + String.join(", ", addrs)
                    + "): what other nodes and the control plane send to"
                    + " that address does not reach it.",
                List.of(Evidence.of(k.name(), "InternalIP " + k.internalIp().get(), k.origin())),
                List.of(
                    new Fix(
                        "on "
                            + k.name()
                            + ": set kubelet's --node-ip to the node's address, restart kubelet",
                        "the InternalIP comes from kubelet (--node-ip, else the address of the host name); flannel's"
                            + " public-ip and host-gw routes follow it"))));
      }
    }
    return out;
  }
}
