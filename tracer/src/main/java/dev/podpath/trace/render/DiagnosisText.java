package dev.podpath.trace.render;

import dev.podpath.model.finding.Evidence;
import dev.podpath.model.finding.Finding;
import dev.podpath.model.finding.Fix;
import dev.podpath.trace.diagnosis.Diagnosis;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The {@code why:} block a failed trace ends with: the drop, the entries responsible with their
 * file:line, the lint findings on the path, and the fixes (or why there is none).
 *
 * <pre>{@code
 * why: NEIGHBOUR_FAILED: no ARP reply for 192.168.3.14 on worker1/enp0s5 after 3 requests
 *     culprit: samples/gateway-other-segment.sh:71: worker1: 10.10.3.0/24 via 192.168.3.14 dev enp0s5 onlink
 *     finding: error gateway-not-on-link: worker1: ...
 *     fix: ip -n worker1 route replace 10.10.3.0/24 via GATEWAY dev enp0s5
 *          why: ...
 * }</pre>
 */
public final class DiagnosisText {

  private DiagnosisText() {}

  /** The lines of {@code d}; {@code file} maps an origin's file to the path to print. */
  public static List<String> lines(Diagnosis d, UnaryOperator<String> file) {
    List<String> out = new ArrayList<>();
    out.add("why: " + why(d));
    for (Evidence e : d.culprit()) {
      out.add("    culprit: " + culprit(e, file));
    }
    for (Finding f : d.related()) {
      out.add("    finding: " + finding(f));
    }
    for (Fix x : d.fixes()) {
      out.add("    fix: " + x.change());
      out.add("         why: " + x.why());
    }
    d.noFix().ifPresent(n -> out.add("    no fix: " + n));
    return out;
  }

  /** {@return the drop, as {@code CODE: sentence}} */
  public static String why(Diagnosis d) {
    return d.reason().code() + ": " + d.reason().explain();
  }

  /** {@return one entry responsible, as {@code file:line: where: entry}} */
  public static String culprit(Evidence e, UnaryOperator<String> file) {
    return e.origin().map(o -> FindingText.location(o, file)).orElse("-")
        + ": "
        + e.where()
        + ": "
        + e.entry();
  }

  /** {@return a finding on the path, as {@code severity code: subject: explanation}} */
  public static String finding(Finding f) {
    return f.severity().label() + " " + f.code().id() + ": " + f.subject() + ": " + f.explanation();
  }
}
