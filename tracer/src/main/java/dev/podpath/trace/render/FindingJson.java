package dev.podpath.trace.render;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.podpath.model.finding.Evidence;
import dev.podpath.model.finding.Finding;
import dev.podpath.model.finding.Fix;
import dev.podpath.model.origin.Origin;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A finding as JSON (docs/lint-json.md): {@code code}, {@code severity}, {@code subject}, {@code
 * explanation}, {@code evidence} (each {@code where}, {@code entry}, {@code location}, and {@code
 * file}/{@code line}/{@code text} when the entry has a line), {@code fixes} (each {@code command}
 * and {@code why}), and for a scenario {@code when}.
 */
public final class FindingJson {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private FindingJson() {}

  /**
   * {@code f} as a JSON object; {@code probes} are the script lines of the probes it held for
   * (null: a snapshot).
   */
  public static ObjectNode tree(
      Finding f, UnaryOperator<String> file, List<Origin> probes, Boolean atEnd) {
    ObjectNode n = MAPPER.createObjectNode();
    n.put("code", f.code().id());
    n.put("severity", f.severity().label());
    n.put("subject", f.subject());
    n.put("explanation", f.explanation());
    evidence(n.putArray("evidence"), f.evidence(), file);
    fixes(n.putArray("fixes"), f.fixes());
    if (probes != null) {
      ObjectNode when = n.putObject("when");
      ArrayNode lines = when.putArray("probeLines");
      probes.forEach(p -> lines.add(p.line()));
      when.put("atEnd", atEnd);
    }
    return n;
  }

  /** Each entry as {@code where}, {@code entry}, {@code location}, and its line when it has one. */
  static void evidence(ArrayNode into, List<Evidence> evidence, UnaryOperator<String> file) {
    for (Evidence e : evidence) {
      ObjectNode o = into.addObject();
      o.put("where", e.where());
      o.put("entry", e.entry());
      if (e.origin().isPresent()) {
        Origin origin = e.origin().get();
        o.put("location", FindingText.location(origin, file));
        if (!origin.isKernel()) {
          o.put("file", file.apply(origin.file()));
          o.put("line", origin.line());
          o.put("text", origin.text());
        }
      } else {
        o.putNull("location");
      }
    }
  }

  /** Each fix as {@code command} and {@code why}. */
  static void fixes(ArrayNode into, List<Fix> fixes) {
    for (Fix x : fixes) {
      ObjectNode o = into.addObject();
      o.put("command", x.change());
      o.put("why", x.why());
    }
  }
}
