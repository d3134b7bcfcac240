package dev.podpath.trace.render;

import dev.podpath.model.finding.Evidence;
import dev.podpath.model.finding.Finding;
import dev.podpath.model.finding.Fix;
import dev.podpath.model.origin.Origin;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A finding as {@code podpath lint} prints it: a headline (severity, code, subject, explanation),
 * when it holds (a scenario's findings may hold only while some probes ran), its evidence with
 * file:line, then each fix with its reason.
 *
 * <pre>{@code
 * error gateway-not-on-link: worker1: worker1 sends 10.10.3.0/24 via 192.168.3.14 on enp0s5, but ...
 *     evidence: samples/gateway-other-segment.sh:71: worker1: 10.10.3.0/24 via 192.168.3.14 dev enp0s5 proto boot scope link onlink
 *     fix: ip -n worker1 route replace 10.10.3.0/24 via GATEWAY dev enp0s5
 *          why: with GATEWAY an address on enp0s5's segment that reaches 10.10.3.0/24 ...
 * }</pre>
 */
public final class FindingText {

  private FindingText() {}

  /**
   * The lines of {@code f}; {@code when} is empty or says when it holds; {@code file} maps an
   * origin's file to the path to print (a snapshot's are relative to its folder).
   */
  public static List<String> lines(Finding f, String when, UnaryOperator<String> file) {
    List<String> out = new ArrayList<>();
    out.add(
        f.severity().label() + " " + f.code().id() + ": " + f.subject() + ": " + f.explanation());
    if (!when.isEmpty()) {
      out.add("    when: " + when);
    }
    for (Evidence e : f.evidence()) {
      out.add(
          "    evidence: "
              + e.origin().map(o -> location(o, file)).orElse("-")
              + ": "
              + e.where()
              + ": "
              + e.entry());
    }
    for (Fix x : f.fixes()) {
      out.add("    fix: " + x.change());
      out.add("         why: " + x.why());
    }
    return out;
  }

  /** {@code file:line} with the file as {@code file} prints it, or {@code kernel}. */
  public static String location(Origin o, UnaryOperator<String> file) {
    return o.isKernel() ? "kernel" : file.apply(o.file()) + ":" + o.line();
  }
}
