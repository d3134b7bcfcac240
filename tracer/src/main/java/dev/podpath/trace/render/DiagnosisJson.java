package dev.podpath.trace.render;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.podpath.model.finding.Finding;
import dev.podpath.trace.diagnosis.Diagnosis;
import java.util.function.UnaryOperator;

/**
 * A diagnosis as the JSON trace's {@code diagnosis} object: {@code code}, {@code headline}, {@code
 * culprit} (entries as a finding's evidence), {@code findings} (as {@code podpath lint -o json}
 * prints them), {@code fixes} (each {@code command} and {@code why}) and {@code noFix} (a reason,
 * or null).
 */
public final class DiagnosisJson {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private DiagnosisJson() {}

  public static ObjectNode tree(Diagnosis d, UnaryOperator<String> file) {
    ObjectNode n = MAPPER.createObjectNode();
    n.put("code", d.reason().code());
    n.put("headline", d.reason().explain());
    FindingJson.evidence(n.putArray("culprit"), d.culprit(), file);
    ArrayNode findings = n.putArray("findings");
    for (Finding f : d.related()) {
      findings.add(FindingJson.tree(f, file, null, null));
    }
    FindingJson.fixes(n.putArray("fixes"), d.fixes());
    if (d.noFix().isPresent()) {
      n.put("noFix", d.noFix().get());
    } else {
      n.putNull("noFix");
    }
    return n;
  }
}
