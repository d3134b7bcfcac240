package dev.podpath.model.finding;

import dev.podpath.model.kube.KubeEndpoints;
import dev.podpath.model.kube.KubeService;
import dev.podpath.model.kube.ServicePort;
import dev.podpath.model.netfilter.Chain;
import dev.podpath.model.netfilter.Match;
import dev.podpath.model.netfilter.NetfilterTable;
import dev.podpath.model.netfilter.Rule;
import dev.podpath.model.netfilter.Target;
import dev.podpath.model.topo.Netns;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A Service with a selector and no ready endpoint: its ClusterIP answers every connection with a
 * reject (kube-proxy's "has no endpoints" rule: "Connection refused", or "No route to host" for
 * UDP). From kubectl's Services and endpoints when both were dumped; otherwise from kube-proxy's
 * own statement in the rules: the filter REJECT it writes for such a Service carries the comment
 * {@code "NS/NAME:PORT has no endpoints"} (the comment kube-proxy writes as the rule's label).
 */
final class ServiceEndpointsCheck implements Check {

  private static final String NO_ENDPOINTS = " has no endpoints";

  @Override
  public List<Finding> find(Survey survey) {
    NetworkFacts facts = survey.facts();
    Cluster k = facts.cluster();
    if (!k.services().isEmpty() && !k.endpoints().isEmpty()) {
      return fromKubectl(k);
    }
    return k.services().isEmpty() ? fromRules(facts) : List.of();
  }

  private static List<Finding> fromKubectl(Cluster k) {
    List<Finding> out = new ArrayList<>();
    for (KubeService s : k.services()) {
      if (s.clusterIp().isEmpty()
          || s.headless()
          || s.type().equals("ExternalName")
          || s.selector().isEmpty()) {
        continue;
      }
      List<KubeEndpoints> eps = k.endpointsOf(s);
      if (eps.stream().anyMatch(e -> !e.ready().isEmpty())) {
        continue;
      }
      List<Evidence> ev = new ArrayList<>();
      ev.add(
          Evidence.of(
              s.qualifiedName(), "service " + s.clusterIp().get() + " " + ports(s), s.origin()));
      eps.forEach(
          e ->
              ev.add(
                  Evidence.of(
                      e.qualifiedName(),
                      "endpoints: "
                          + (e.endpoints().isEmpty()
                              ? "<none>"
                              : e.endpoints().size() + " not ready"),
                      e.source())));
      String selector =
          s.selector().entrySet().stream()
              .sorted(Map.Entry.comparingByKey())
              .map(e -> e.getKey() + "=" + e.getValue())
              .collect(Collectors.joining(","));
      String ns = s.namespace().orElse("default");
      out.add(
          new Finding(
              Code.SERVICE_WITHOUT_ENDPOINTS,
              Severity.WARNING,
              s.qualifiedName(),
              s.qualifiedName()
                  + " ("
                  + s.clusterIp().get()
                  + ", "
                  + ports(s)
                  + ") selects pods "
                  + selector
                  + ", but "
                  + (eps.isEmpty()
                      ? "kubectl lists no endpoints for it"
                      : "none of its endpoints is ready")
                  + ": kube-proxy rejects connections to it (\"Connection refused\"), whatever the network does.",
              ev,
              List.of(
                  new Fix(
                      "kubectl -n "
                          + ns
                          + " get pods -l "
                          + selector
                          + " -o wide && kubectl -n "
                          + ns
                          + " describe endpoints "
                          + s.name(),
                      "shows whether the Service's pods are missing, not running or not ready (a failing readiness probe,"
                          + " often because the pod cannot reach what it depends on, such as the API server)"))));
    }
    return out;
  }

  private static List<Finding> fromRules(NetworkFacts facts) {
    Map<String, List<Evidence>> byService = new LinkedHashMap<>();
    for (Netns ns : facts.topology().netnsList()) {
      if (!ns.netfilter().isKnown()) {
        continue;
      }
      for (Chain c : ns.netfilter().chains(NetfilterTable.FILTER)) {
        for (Rule r : c.rules()) {
          Optional<String> service = service(r);
          service.ifPresent(
              s ->
                  byService
                      .computeIfAbsent(
                          s.indexOf(':') < 0 ? s : s.substring(0, s.indexOf(':')),
                          x -> new ArrayList<>())
                      .add(Evidence.of(ns.name(), "filter " + r.text(), r.origin())));
        }
      }
    }
    List<Finding> out = new ArrayList<>();
    byService.forEach(
        (name, ev) -> {
          int slash = name.indexOf('/');
          out.add(
              new Finding(
                  Code.SERVICE_WITHOUT_ENDPOINTS,
                  Severity.WARNING,
                  name,
                  "kube-proxy's rules say "
                      + name
                      + " has no endpoints: they reject its connections (\"Connection refused\")"
                      + " until a ready pod backs it.",
                  ev,
                  List.of(
                      new Fix(
                          "kubectl -n "
                              + name.substring(0, slash)
                              + " describe endpoints "
                              + name.substring(slash + 1),
                          "shows whether the Service's pods are missing or not ready; kube-proxy replaces the REJECT with its"
                              + " DNAT rules as soon as one is"))));
        });
    return out;
  }

  /** {@code ns/name:port} of kube-proxy's "has no endpoints" REJECT, if {@code r} is one. */
  static Optional<String> service(Rule r) {
    if (!(r.target() instanceof Target.Reject)) {
      return Optional.empty();
    }
    for (Match m : r.matches()) {
      if (m instanceof Match.Comment c && c.text().endsWith(NO_ENDPOINTS)) {
        String s = c.text().substring(0, c.text().length() - NO_ENDPOINTS.length());
        if (s.indexOf('/') > 0 && !s.contains(" ")) {
          return Optional.of(s);
        }
      }
    }
    return Optional.empty();
  }

  private static String ports(KubeService s) {
    return s.ports().stream().map(ServicePort::toString).collect(Collectors.joining(","));
  }
}
