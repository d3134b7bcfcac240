package dev.podpath.trace.render;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.podpath.sim.net.NexthopPin;
import dev.podpath.sim.netfilter.StatisticPin;
import dev.podpath.trace.Branches;
import dev.podpath.trace.Trace;
import dev.podpath.trace.diagnosis.Diagnosis;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * {@code trace --all-branches -o json} (docs/trace-json.md): {@code {"branches": [...]}}, each
 * branch with its {@code probability}, the statistic rules' {@code pins}, the multipath routes'
 * {@code nexthops} and its {@code trace} as {@link JsonRenderer} writes one, with the diagnosis of
 * a failed one. Written by the mapper every JSON output shares.
 */
public final class BranchJson {

  private BranchJson() {}

  /**
   * {@return the branches as JSON, one line at the end}
   *
   * @param why the diagnosis of a branch's trace (empty for one that succeeded)
   */
  public static String render(
      List<Branches.Branch> branches,
      String source,
      Annotations notes,
      Function<Trace, Optional<Diagnosis>> why) {
    ObjectMapper mapper = JsonRenderer.mapperInUse();
    ObjectNode root = mapper.createObjectNode();
    ArrayNode arr = root.putArray("branches");
    for (Branches.Branch b : branches) {
      ObjectNode n = arr.addObject();
      n.put("probability", b.probability());
      b.pins().stream().map(StatisticPin::toString).forEach(n.putArray("pins")::add);
      ArrayNode hops = n.putArray("nexthops");
      for (NexthopPin h : b.nexthops()) {
        ObjectNode o = hops.addObject();
        o.put("netns", h.netns().toString());
        o.put("destination", h.destination().toRouteString());
        o.put("nexthop", h.index() + 1);
      }
      ObjectNode trace = JsonRenderer.tree(b.trace(), source, notes);
      why.apply(b.trace()).ifPresent(d -> trace.set("diagnosis", DiagnosisJson.tree(d, f -> f)));
      n.set("trace", trace);
    }
    try {
      return mapper.writeValueAsString(root) + "\n";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
