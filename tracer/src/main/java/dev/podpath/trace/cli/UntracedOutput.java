package dev.podpath.trace.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.podpath.model.finding.Finding;
import dev.podpath.trace.api.TraceRequest;
import dev.podpath.trace.api.Untraced;
import dev.podpath.trace.render.FindingJson;
import dev.podpath.trace.render.FindingText;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code trace}'s answer when no trace ran ({@link Untraced}): the headline, then each finding that
 * bears on the question as lint prints it; as JSON, {@code verdict} {@code CANNOT TRACE}, {@code
 * reason}, and a {@code diagnosis} object as a failed trace's (docs/trace-json.md), whose {@code
 * culprit} and {@code fixes} are the findings'.
 */
final class UntracedOutput {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private UntracedOutput() {}

  static List<String> text(Untraced u, String prefix) {
    List<String> out = new ArrayList<>();
    out.add(u.headline());
    for (Finding f : u.bearing()) {
      out.addAll(FindingText.lines(f, "", file -> prefix + file));
    }
    return out;
  }

  static String json(Untraced u, TraceRequest request, String source, String prefix) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("source", source);
    ObjectNode q = root.putObject("question");
    q.put("from", request.from());
    q.put("to", request.to());
    request.protocol().ifPresent(p -> q.put("proto", p.name().toLowerCase(java.util.Locale.ROOT)));
    request.dport().ifPresent(p -> q.put("dport", p));
    root.put("verdict", Untraced.VERDICT);
    root.put("reason", u.reason());
    ObjectNode d = root.putObject("diagnosis");
    d.put("code", "cannot-trace");
    d.put("headline", u.headline());
    ArrayNode culprit = d.putArray("culprit");
    ArrayNode findings = d.putArray("findings");
    ArrayNode fixes = d.putArray("fixes");
    for (Finding f : u.bearing()) {
      ObjectNode one = FindingJson.tree(f, file -> prefix + file, null, null);
      findings.add(one);
      one.withArray("evidence").forEach(e -> culprit.add(e.deepCopy()));
      one.withArray("fixes").forEach(x -> fixes.add(x.deepCopy()));
    }
    if (u.bearing().isEmpty()) {
      d.put("noFix", "no trace ran, and nothing that was posted bears on these packets");
    } else {
      d.putNull("noFix");
    }
    return root.toPrettyString() + "\n";
  }
}
