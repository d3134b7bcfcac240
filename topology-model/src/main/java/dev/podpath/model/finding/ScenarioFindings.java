package dev.podpath.model.finding;

import dev.podpath.model.origin.Origin;
import dev.podpath.model.script.ProbeSpec;
import dev.podpath.model.script.Scenario;
import dev.podpath.model.topo.Topology;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The findings of a scenario script, which may change its network between probes (break a route,
 * then repair it): the findings of the network as each probe saw it and as the script left it, each
 * reported once with the moments it holds at.
 */
public final class ScenarioFindings {

  private ScenarioFindings() {}

  /**
   * A finding and when it holds.
   *
   * @param probes the probes (their script lines) that ran while it held
   * @param atEnd whether it holds in the network the script leaves
   * @param always whether it held for every probe and at the end
   */
  public record Staged(Finding finding, List<Origin> probes, boolean atEnd, boolean always) {
    public Staged {
      Objects.requireNonNull(finding, "finding");
      probes = List.copyOf(probes);
    }

    /**
     * {@code while the probes at lines 96, 97 ran; at the end of the script}, or empty when always.
     */
    public String when() {
      if (always) {
        return "";
      }
      List<String> parts = new ArrayList<>();
      if (!probes.isEmpty()) {
        parts.add(
            (probes.size() == 1 ? "while the probe at line " : "while the probes at lines ")
                + String.join(", ", probes.stream().map(o -> String.valueOf(o.line())).toList())
                + " ran");
      }
      if (atEnd) {
        parts.add("at the end of the script");
      }
      return String.join("; ", parts);
    }
  }

  /** Every finding of {@code s}, errors first. */
  public static List<Staged> of(Scenario s) {
    Map<Topology, List<Finding>> cache = new IdentityHashMap<>();
    Map<Finding.Key, Finding> first = new LinkedHashMap<>();
    Map<Finding.Key, List<Origin>> during = new LinkedHashMap<>();
    List<ProbeSpec> probes = s.probes();
    for (int i = 0; i < probes.size(); i++) {
      Origin at = probes.get(i).origin();
      for (Finding f :
          cache.computeIfAbsent(s.topologyAt(i), t -> Findings.of(NetworkFacts.scenario(t)))) {
        first.putIfAbsent(f.key(), f);
        during.computeIfAbsent(f.key(), k -> new ArrayList<>()).add(at);
      }
    }
    List<Finding> end =
        cache.computeIfAbsent(s.topology(), t -> Findings.of(NetworkFacts.scenario(t)));
    end.forEach(f -> first.putIfAbsent(f.key(), f));
    List<Finding.Key> endKeys = end.stream().map(Finding::key).toList();
    List<Staged> out = new ArrayList<>();
    first.forEach(
        (key, f) -> {
          List<Origin> p = during.getOrDefault(key, List.of());
          boolean atEnd = endKeys.contains(key);
          out.add(new Staged(f, p, atEnd, atEnd && p.size() == probes.size()));
        });
    out.sort(
        Comparator.comparing((Staged st) -> st.finding().severity())
            .thenComparing(st -> st.finding().code())
            .thenComparing(st -> st.finding().subject()));
    return out;
  }
}
