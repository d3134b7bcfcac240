package dev.podpath.model.snapshot;

import dev.podpath.model.dump.DumpWarning;
import dev.podpath.model.kube.KubeNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The nodes of {@code kubectl get nodes} and {@code kubectl describe nodes} together: a node both
 * show is one node, {@code get}'s values first and what only {@code describe} shows (its pod CIDRs
 * and annotations, next to a wide table) added; two different InternalIPs are a problem at the
 * description's line. Package-private.
 */
final class KubeNodes {

  private KubeNodes() {}

  static Optional<List<KubeNode>> merged(
      Optional<List<KubeNode>> got,
      Optional<List<KubeNode>> described,
      List<DumpWarning> warnings) {
    if (described.isEmpty()) {
      return got;
    }
    Map<String, KubeNode> out = new LinkedHashMap<>();
    got.orElse(List.of()).forEach(n -> out.putIfAbsent(n.name(), n));
    for (KubeNode d : described.get()) {
      KubeNode g = out.get(d.name());
      if (g == null) {
        out.put(d.name(), d);
        continue;
      }
      if (g.internalIp().isPresent()
          && d.internalIp().isPresent()
          && !g.internalIp().equals(d.internalIp())) {
        warnings.add(
            new DumpWarning(
                d.origin().file(),
                d.origin().line(),
                1,
                d.origin().text(),
                "node "
                    + d.name()
                    + " has InternalIP "
                    + d.internalIp().get()
                    + " here but "
                    + g.internalIp().get()
                    + " in "
                    + g.origin().location()
                    + ": the dumps were taken at different times; "
                    + g.internalIp().get()
                    + " is used"));
      }
      Map<String, String> annotations = new LinkedHashMap<>(d.annotations());
      annotations.putAll(g.annotations());
      out.put(
          d.name(),
          new KubeNode(
              g.name(),
              g.internalIp().or(d::internalIp),
              g.externalIp().or(d::externalIp),
              g.podCidrs().isEmpty() ? d.podCidrs() : g.podCidrs(),
              annotations,
              g.origin()));
    }
    return Optional.of(new ArrayList<>(out.values()));
  }
}
