package dev.podpath.model.finding;

import dev.podpath.model.addr.Prefix;
import dev.podpath.model.kube.KubeNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Two nodes claiming the same pod range: kubectl's podCIDRs that overlap, or two nodes' pod subnets
 * (bridges other nodes route to) that overlap. Pods of both get addresses from one range, and the
 * other nodes' single route for it reaches only one of them.
 */
final class PodCidrCheck implements Check {

  @Override
  public List<Finding> find(Survey survey) {
    NetworkFacts facts = survey.facts();
    List<Finding> out = new ArrayList<>();
    List<KubeNode> nodes = facts.cluster().nodes();
    for (int i = 0; i < nodes.size(); i++) {
      for (int j = i + 1; j < nodes.size(); j++) {
        for (Prefix a : nodes.get(i).podCidrs()) {
          for (Prefix b : nodes.get(j).podCidrs()) {
            if (a.contains(b) || b.contains(a)) {
              KubeNode x = nodes.get(i);
              KubeNode y = nodes.get(j);
              out.add(
                  new Finding(
                      Code.POD_CIDR_CLAIMED_TWICE,
                      Severity.ERROR,
                      x.name(),
                      "kubectl gives "
                          + x.name()
                          + " the podCIDR "
                          + a
                          + " and "
                          + y.name()
                          + " "
                          + b
                          + ", which overlap:"
                          + " pods of both nodes get addresses from one range, and other nodes route it to one of them only.",
                      List.of(
                          Evidence.of(x.name(), "podCIDR " + a, x.origin()),
                          Evidence.of(y.name(), "podCIDR " + b, y.origin())),
                      List.of(
                          new Fix(
                              "kubectl delete node "
                                  + y.name()
                                  + " (then restart kubelet on it to re-register)",
                              "the controller-manager allocates podCIDRs from --cluster-cidr once per node; a node"
                                  + " re-registered gets a free range (check that --cluster-cidr and --node-cidr-mask-size"
                                  + " leave room)"))));
            }
          }
        }
      }
    }
    List<PodSubnets.PodSubnet> subnets = survey.podSubnets();
    for (int i = 0; i < subnets.size(); i++) {
      for (int j = i + 1; j < subnets.size(); j++) {
        PodSubnets.PodSubnet a = subnets.get(i);
        PodSubnets.PodSubnet b = subnets.get(j);
        if (a.node() == b.node()
            || !(a.prefix().contains(b.prefix()) || b.prefix().contains(a.prefix()))) {
          continue;
        }
        out.add(
            new Finding(
                Code.POD_CIDR_CLAIMED_TWICE,
                Severity.ERROR,
                a.node().name().toString(),
                a.node().name()
                    + "'s "
                    + a.bridge().name()
                    + " ("
                    + a.prefix()
                    + ") and "
                    + b.node().name()
                    + "'s "
                    + b.bridge().name()
                    + " ("
                    + b.prefix()
                    + ") overlap, and other nodes route pods there: each route"
                    + " reaches one of the two nodes only, so pods of the other are unreachable from elsewhere.",
                List.of(
                    Evidence.of(
                        a.node().name(),
                        a.address() + " on " + a.bridge().name(),
                        a.address().origin()),
                    Evidence.of(
                        b.node().name(),
                        b.address() + " on " + b.bridge().name(),
                        b.address().origin()),
                    a.because()),
                List.of(
                    new Fix(
                        new Shell(facts)
                            .ip(
                                b.node().name(),
                                "addr del " + b.address() + " dev " + b.bridge().name()),
                        "each node needs its own pod subnet: give "
                            + b.node().name()
                            + "'s bridge the subnet the cluster"
                            + " allocated to it (flannel: the FLANNEL_SUBNET of its subnet.env; delete a stale cni0 and let the"
                            + " CNI recreate it)"))));
      }
    }
    return out;
  }
}
