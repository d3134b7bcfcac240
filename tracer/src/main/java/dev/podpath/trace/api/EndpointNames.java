package dev.podpath.trace.api;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.kube.KubeEndpoints;
import dev.podpath.model.kube.KubePod;
import dev.podpath.model.snapshot.Snapshot;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * What each endpoint address of a snapshot's Services is, for the trace to name the pod behind a
 * DNAT: {@code 10.1.0.67:53/UDP} (without the protocol from kubectl's table; a pod's IP alone for
 * any pod) -> {@code pod kube-system/coredns-857d9ff4c9-7m27z, an endpoint of kube-system/kube-dns
 * (kubectl-get-endpointslices.json:40)}. The pod is the endpoint's {@code targetRef}, else the one
 * pod kubectl lists with that address.
 */
final class EndpointNames {

  private EndpointNames() {}

  static Map<String, String> of(Snapshot s) {
    // Snapshot.podWithIp, indexed once: linear in the pods, not quadratic
    Map<Ipv4Address, List<KubePod>> byIp = new HashMap<>();
    for (KubePod p : s.pods()) {
      if (p.ip().isPresent() && !p.hostNetwork().orElse(false)) {
        byIp.computeIfAbsent(p.ip().get(), ip -> new ArrayList<>()).add(p);
      }
    }
    Function<Ipv4Address, Optional<KubePod>> podWithIp =
        ip -> {
          List<KubePod> found = byIp.getOrDefault(ip, List.of());
          return found.size() == 1 ? Optional.of(found.get(0)) : Optional.empty();
        };
    Map<String, String> out = new LinkedHashMap<>();
    for (KubeEndpoints e : s.endpoints()) {
      for (KubeEndpoints.Endpoint ep : e.endpoints()) {
        Optional<String> pod =
            ep.pod()
                .or(
                    () ->
                        podWithIp
                            .apply(ep.ip())
                            .map(p -> p.namespace().orElse("default") + "/" + p.name()));
        String what =
            pod.map(p -> "pod " + p + ", ").orElse("")
                + (ep.ready() ? "an endpoint of " : "a NOT READY endpoint of ")
                + e.qualifiedName()
                + ep.portName().map(n -> ":" + n).orElse("")
                + " ("
                + e.source().location()
                + ")";
        String key = ep.address() + ep.protocol().map(p -> "/" + p).orElse("");
        out.merge(key, what, (a, b) -> a.equals(b) ? a : a + "; " + b);
      }
    }
    for (KubePod p : s.pods()) {
      if (p.ip().isPresent()
          && !p.hostNetwork().orElse(false)
          && podWithIp.apply(p.ip().get()).isPresent()) {
        out.putIfAbsent(
            p.ip().get().toString(),
            "pod "
                + p.namespace().orElse("default")
                + "/"
                + p.name()
                + " ("
                + p.origin().location()
                + ")");
      }
    }
    return out;
  }
}
