package dev.podpath.trace.render.plan;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.podpath.model.finding.Evidence;
import dev.podpath.model.finding.Fix;
import dev.podpath.trace.plan.PlanChecks;
import dev.podpath.trace.plan.PlanFinding;
import dev.podpath.trace.plan.PlanReview;
import dev.podpath.trace.render.matrix.MatrixJson;

/** A {@link PlanReview} as JSON ({@code podpath plan -o json}, docs/plan.md). */
public final class PlanJson {

  /** Bumped whenever a field is renamed or removed. */
  public static final int FORMAT_VERSION = 1;

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private PlanJson() {}

  /** {@return the JSON text, indented} */
  public static String render(PlanReview r) {
    return render(r, java.util.Optional.empty());
  }

  /**
   * {@return the JSON text, indented; {@code derivedPlan}, the plan file derived from a snapshot,
   * when there is one}
   */
  public static String render(PlanReview r, java.util.Optional<String> derivedPlan) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("format", FORMAT_VERSION);
    root.put("plan", r.plan().file());
    derivedPlan.ifPresent(y -> root.put("derivedPlan", y));
    ArrayNode ranges = root.putArray("ranges");
    for (PlanChecks.Range x : r.ranges()) {
      ObjectNode n = ranges.addObject();
      n.put("cidr", x.cidr().toString());
      n.put("what", x.what());
      n.put("key", x.pointer());
    }
    ObjectNode cap = root.putObject("capacity");
    cap.put("nodes", r.capacity().nodes());
    cap.put("podsPerNode", r.capacity().podsPerNode());
    cap.put("services", r.capacity().services());
    cap.put("podMtu", r.capacity().podMtu());
    ArrayNode fs = root.putArray("findings");
    for (PlanFinding f : r.findings()) {
      ObjectNode n = fs.addObject();
      n.put("code", f.code().id());
      f.code().lint().ifPresent(c -> n.put("lintCode", c.id()));
      n.put("severity", f.severity().label());
      n.put("explanation", f.explanation());
      ArrayNode ev = n.putArray("evidence");
      for (Evidence e : f.evidence()) {
        ObjectNode o = ev.addObject();
        o.put("location", e.location());
        o.put("where", e.where());
        o.put("entry", e.entry());
      }
      ArrayNode fx = n.putArray("fixes");
      for (Fix x : f.fixes()) {
        ObjectNode o = fx.addObject();
        o.put("change", x.change());
        o.put("why", x.why());
      }
    }
    if (r.matrix().isPresent()) {
      root.set("matrix", MatrixJson.tree(r.matrix().get()));
    } else {
      root.putNull("matrix");
      root.put("notBuilt", r.notBuilt().orElse(""));
    }
    ArrayNode services = root.putArray("services");
    for (PlanReview.ServiceCells c : r.services()) {
      ObjectNode n = services.addObject();
      n.put("name", c.service().name());
      n.put("clusterIp", c.service().clusterIp().toString());
      n.put("protocol", c.service().protocol());
      n.put("port", c.service().port());
      n.put("endpoint", c.service().endpoint() + ":" + c.service().targetPort());
      n.put("endpointNetns", c.service().endpointNetns());
      n.set("matrix", MatrixJson.tree(c.matrix()));
    }
    return root.toPrettyString() + "\n";
  }
}
