package dev.podpath.model.finding;

import dev.podpath.model.netfilter.Chain;
import dev.podpath.model.netfilter.NetfilterTable;
import dev.podpath.model.netfilter.Rule;
import dev.podpath.model.netfilter.Target;
import dev.podpath.model.origin.Origin;
import dev.podpath.model.topo.NetDevice;
import dev.podpath.model.topo.Netns;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code net.bridge.bridge-nf-call-iptables = 0}, as posted, on a node that DNATs (kube-proxy's
 * Services, a hostPort, Docker's published ports) and whose pods or containers sit on a bridge (or
 * whose devices were not dumped): a connection to a Service whose endpoint is on the client's own
 * bridge is DNATed on the way in, but the endpoint answers the client directly across the bridge,
 * frames iptables then does not see, so conntrack never un-DNATs the reply and the client drops it
 * (kernel-semantics.md section 10; {@code test/.../netfilter/br-netfilter.sh} and its kernel
 * transcript: {@code nc} to the ClusterIP from the endpoint's bridge neighbour times out with 0,
 * connects with 1). Kubernetes requires 1 (kubeadm's preflight check). Only from a posted value.
 */
final class BridgeNfCheck implements Check {

  private static final String KEY = "net.bridge.bridge-nf-call-iptables";

  @Override
  public List<Finding> find(Survey survey) {
    NetworkFacts facts = survey.facts();
    Shell shell = new Shell(facts);
    List<Finding> out = new ArrayList<>();
    for (Netns ns : facts.topology().netnsList()) {
      Optional<String> v = ns.sysctls().get(KEY);
      Optional<Origin> line = ns.sysctls().origin(KEY);
      if (v.isEmpty() || line.isEmpty() || !v.get().strip().equals("0")) {
        continue;
      }
      Optional<Rule> dnat = dnat(ns);
      boolean kubernetes = !facts.cluster().services().isEmpty();
      if (dnat.isEmpty() && !kubernetes) {
        continue; // nothing DNATs here: bridged traffic bypassing iptables breaks no reply
      }
      Optional<NetDevice> bridge = ns.deviceList().stream().filter(NetDevice::isBridge).findFirst();
      if (bridge.isEmpty() && ns.deviceList().stream().anyMatch(d -> !d.name().equals("lo"))) {
        continue; // devices dumped, none a bridge: no endpoint shares the client's bridge
      }
      List<Evidence> ev = new ArrayList<>();
      ev.add(Evidence.of(ns.name(), KEY + " = 0", line.get()));
      dnat.ifPresent(r -> ev.add(Evidence.of(ns.name(), "nat " + r.text(), r.origin())));
      out.add(
          new Finding(
              Code.BRIDGE_NF_CALL_IPTABLES_OFF,
              Severity.ERROR,
              ns.name().toString(),
              ns.name()
                  + " DNATs connections ("
                  + (dnat.isPresent()
                      ? "kube-proxy's Services or published ports"
                      : "kubectl lists Services")
                  + "), but "
                  + KEY
                  + " = 0, so frames forwarded inside "
                  + bridge.map(b -> "the bridge " + b.name()).orElse("its bridge")
                  + " bypass iptables: a client whose Service endpoint is on the same bridge is"
                  + " DNATed on the way in, the endpoint answers it directly across the bridge, and"
                  + " conntrack never un-DNATs the reply, which the client drops (a timeout; DNS"
                  + " fails when a kube-dns pod shares the client's node).",
              ev,
              List.of(
                  new Fix(
                      shell.exec(ns.name(), "modprobe br_netfilter && sysctl -w " + KEY + "=1"),
                      "bridged IPv4 traffic then passes iptables, so the reply meets conntrack and"
                          + " is un-DNATed (br_netfilter must be loaded for the key to exist)"),
                  new Fix(
                      shell.exec(
                          ns.name(),
                          "echo br_netfilter > /etc/modules-load.d/k8s.conf && echo '"
                              + KEY
                              + " = 1' > /etc/sysctl.d/k8s.conf"),
                      "keeps it across reboots, as Kubernetes' install guide has it"))));
    }
    return out;
  }

  /** A DNAT of the nat table (kube-proxy's, Docker's), the first. */
  private static Optional<Rule> dnat(Netns ns) {
    if (!ns.netfilter().isKnown()) {
      return Optional.empty();
    }
    for (Chain c : ns.netfilter().chains(NetfilterTable.NAT)) {
      for (Rule r : c.rules()) {
        if (r.target() instanceof Target.Dnat) {
          return Optional.of(r);
        }
      }
    }
    return Optional.empty();
  }
}
