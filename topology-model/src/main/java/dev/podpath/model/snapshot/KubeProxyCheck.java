package dev.podpath.model.snapshot;

import dev.podpath.model.dump.DumpWarning;
import dev.podpath.model.kube.KubeEndpoints;
import dev.podpath.model.netfilter.Chain;
import dev.podpath.model.netfilter.Match;
import dev.podpath.model.netfilter.NetfilterTable;
import dev.podpath.model.netfilter.Rule;
import dev.podpath.model.netfilter.Ruleset;
import dev.podpath.model.netfilter.Target;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Cross-checks kube-proxy's iptables rules on each node that has an {@code iptables-save} dump
 * against the Services' endpoints kubectl lists: the stale-kube-proxy case, where a node still
 * DNATs to pods that are gone, does not DNAT to new ones, or REJECTs a Service as having no
 * endpoints while the Endpoints say it has ready ones.
 *
 * <p>kube-proxy's rules name their Service port in a comment: each {@code KUBE-SEP-*} chain {@code
 * -m comment --comment "default/kubernetes:https" ... -j DNAT --to-destination 192.168.1.5:6443},
 * and in filter {@code KUBE-SERVICES} {@code -m comment --comment "kube-system/kube-dns:dns has no
 * endpoints" -j REJECT}. Those are compared, per Service port, with the ready endpoints of the same
 * Service port; with kubectl's text table (no port names, at most three addresses), per Service,
 * and only in the direction the table allows.
 *
 * <p>A disagreement is reported as a problem ({@link DumpWarning} at the rule's line), not as an
 * assumption: podpath assumes nothing here (a trace follows the node's rules, as the kernel does),
 * but two dumps of the same snapshot contradict each other, so either the node's rules are stale
 * (kube-proxy not running or failing to sync: the case to find) or the dumps were taken at
 * different times; either way what a trace says about that Service needs a second look, and lint
 * exits 1 so that scripts notice. Only Services the node's rules name are checked (a node in IPVS
 * mode, or without kube-proxy, has none).
 */
final class KubeProxyCheck {

  private static final String NO_ENDPOINTS = " has no endpoints";

  private KubeProxyCheck() {}

  /**
   * A Service port as kube-proxy's comments name it: {@code ns/name} and the port name ("" when
   * unnamed).
   */
  private record PortKey(String service, String port) {
    static Optional<PortKey> of(String comment) {
      int slash = comment.indexOf('/');
      if (slash <= 0 || comment.contains(" ")) {
        return Optional.empty();
      }
      int colon = comment.indexOf(':', slash);
      return Optional.of(
          colon < 0
              ? new PortKey(comment, "")
              : new PortKey(comment.substring(0, colon), comment.substring(colon + 1)));
    }

    @Override
    public String toString() {
      return service + (port.isEmpty() ? "" : ":" + port);
    }
  }

  /** What one node's rules say about one Service port. */
  private static final class RulesFor {
    final Set<String> dnat = new TreeSet<>();
    Optional<Rule> firstDnat = Optional.empty();
    Optional<Rule> reject = Optional.empty();
  }

  /**
   * The disagreements between {@code rulesets} (a node's name to its host namespace's rules) and
   * {@code endpoints} (every Endpoints object or EndpointSlice read).
   */
  static List<DumpWarning> check(Map<String, Ruleset> rulesets, List<KubeEndpoints> endpoints) {
    Map<String, List<KubeEndpoints>> byService = new LinkedHashMap<>();
    endpoints.forEach(
        e -> byService.computeIfAbsent(e.qualifiedName(), k -> new ArrayList<>()).add(e));
    List<DumpWarning> out = new ArrayList<>();
    rulesets.forEach(
        (node, rules) -> {
          Map<PortKey, RulesFor> seen = rules(rules);
          Map<String, Map<PortKey, RulesFor>> perService = new LinkedHashMap<>();
          seen.forEach(
              (k, v) ->
                  perService.computeIfAbsent(k.service(), s -> new LinkedHashMap<>()).put(k, v));
          perService.forEach(
              (svc, ports) -> {
                List<KubeEndpoints> eps = byService.get(svc);
                if (eps != null) {
                  compare(node, svc, ports, eps, out);
                }
              });
        });
    return out;
  }

  private static Map<PortKey, RulesFor> rules(Ruleset rules) {
    Map<PortKey, RulesFor> out = new LinkedHashMap<>();
    for (Chain c : rules.chains(NetfilterTable.NAT)) {
      if (!c.name().startsWith("KUBE-SEP-")) {
        continue;
      }
      for (Rule r : c.rules()) {
        if (r.target() instanceof Target.Dnat d && d.to().minAddress().isPresent()) {
          comment(r)
              .flatMap(PortKey::of)
              .ifPresent(
                  k -> {
                    RulesFor f = out.computeIfAbsent(k, x -> new RulesFor());
                    f.dnat.add(
                        d.to().minAddress().get()
                            + d.to().ports().map(p -> ":" + p.first()).orElse(""));
                    if (f.firstDnat.isEmpty()) {
                      f.firstDnat = Optional.of(r);
                    }
                  });
        }
      }
    }
    for (Chain c : rules.chains(NetfilterTable.FILTER)) {
      for (Rule r : c.rules()) {
        Optional<String> text = comment(r).filter(t -> t.endsWith(NO_ENDPOINTS));
        if (r.target() instanceof Target.Reject && text.isPresent()) {
          PortKey.of(text.get().substring(0, text.get().length() - NO_ENDPOINTS.length()))
              .ifPresent(
                  k -> {
                    RulesFor f = out.computeIfAbsent(k, x -> new RulesFor());
                    if (f.reject.isEmpty()) {
                      f.reject = Optional.of(r);
                    }
                  });
        }
      }
    }
    return out;
  }

  private static Optional<String> comment(Rule r) {
    return r.matches().stream()
        .filter(Match.Comment.class::isInstance)
        .map(m -> ((Match.Comment) m).text())
        .findFirst();
  }

  private static void compare(
      String node,
      String svc,
      Map<PortKey, RulesFor> ports,
      List<KubeEndpoints> eps,
      List<DumpWarning> out) {
    List<KubeEndpoints.Endpoint> ready = eps.stream().flatMap(e -> e.ready().stream()).toList();
    boolean truncated = eps.stream().anyMatch(KubeEndpoints::truncated);
    boolean named =
        ready.stream().allMatch(e -> e.protocol().isPresent())
            && eps.stream()
                .allMatch(e -> e.endpoints().stream().allMatch(x -> x.protocol().isPresent()));
    String where =
        eps.stream()
            .map(e -> e.source().location())
            .distinct()
            .reduce((a, b) -> a + ", " + b)
            .orElse("");
    if (named) {
      ports.forEach(
          (k, f) -> {
            Set<String> want = new TreeSet<>();
            ready.stream()
                .filter(e -> e.portName().orElse("").equals(k.port()))
                .forEach(e -> want.add(e.address()));
            report(node, k.toString(), f.dnat, f.firstDnat, f.reject, want, false, where, out);
          });
      return;
    }
    RulesFor all = new RulesFor();
    ports
        .values()
        .forEach(
            f -> {
              all.dnat.addAll(f.dnat);
              if (all.firstDnat.isEmpty()) {
                all.firstDnat = f.firstDnat;
              }
              if (all.reject.isEmpty()) {
                all.reject = f.reject;
              }
            });
    Set<String> want = new TreeSet<>();
    ready.forEach(e -> want.add(e.address()));
    report(node, svc, all.dnat, all.firstDnat, all.reject, want, truncated, where, out);
  }

  private static void report(
      String node,
      String what,
      Set<String> dnat,
      Optional<Rule> firstDnat,
      Optional<Rule> reject,
      Set<String> ready,
      boolean partial,
      String where,
      List<DumpWarning> out) {
    Set<String> missing = new TreeSet<>(ready);
    missing.removeAll(dnat);
    Set<String> extra = new TreeSet<>(dnat);
    if (!partial) {
      extra.removeAll(ready);
    } else {
      extra.clear();
    }
    String stale =
        "; kube-proxy on "
            + node
            + " has not synced its rules since (not running, or failing), or the"
            + " dumps were taken at different times. A trace follows the node's rules, as the kernel does";
    if (reject.isPresent() && dnat.isEmpty() && !ready.isEmpty()) {
      out.add(
          at(
              reject.get(),
              "kube-proxy's rule on "
                  + node
                  + " REJECTs "
                  + what
                  + " as having no endpoints,"
                  + " but "
                  + where
                  + " lists ready endpoint"
                  + (ready.size() == 1 ? " " : "s ")
                  + String.join(", ", ready)
                  + stale));
      return;
    }
    if (missing.isEmpty() && extra.isEmpty()) {
      return;
    }
    Rule at = firstDnat.or(() -> reject).orElseThrow();
    StringBuilder sb =
        new StringBuilder(
            "kube-proxy's rules on "
                + node
                + " for "
                + what
                + " DNAT to "
                + (dnat.isEmpty() ? "nothing" : String.join(", ", dnat))
                + ", but "
                + where
                + " lists "
                + (ready.isEmpty()
                    ? "no ready endpoint"
                    : "ready endpoint"
                        + (ready.size() == 1 ? " " : "s ")
                        + String.join(", ", ready)
                        + (partial ? " (kubectl's table shows only the first)" : "")));
    if (!missing.isEmpty() && !ready.isEmpty()) {
      sb.append(": not DNATed to ").append(String.join(", ", missing));
    }
    if (!extra.isEmpty()) {
      sb.append(missing.isEmpty() || ready.isEmpty() ? ": " : "; ")
          .append("DNATed to ")
          .append(String.join(", ", extra))
          .append(", which ")
          .append(extra.size() == 1 ? "is" : "are")
          .append(" not a ready endpoint");
    }
    out.add(at(at, sb + stale));
  }

  private static DumpWarning at(Rule r, String message) {
    return new DumpWarning(r.origin().file(), r.origin().line(), 1, r.text(), message);
  }
}
