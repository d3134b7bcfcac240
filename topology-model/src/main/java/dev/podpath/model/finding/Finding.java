package dev.podpath.model.finding;

import java.util.List;
import java.util.Objects;

/**
 * Something wrong with a network, found from its model before any packet is traced: a code, a
 * severity, the entries it rests on (each with its file:line), an explanation of one or two
 * sentences, and at least one fix.
 *
 * <pre>{@code
 * error gateway-not-on-link: worker1: 10.10.3.0/24 goes via 192.168.3.14 on enp0s5, but ...
 *     samples/gateway-other-segment.sh:71: worker1: 10.10.3.0/24 via 192.168.3.14 dev enp0s5 onlink
 *     fix: ip -n worker1 route del 10.10.3.0/24 via 192.168.3.14 dev enp0s5
 *          why: ...
 * }</pre>
 *
 * @param subject the namespace, node or object the finding is about ({@code worker1}, {@code
 *     kube-system/kube-dns}, {@code cluster})
 */
public record Finding(
    Code code,
    Severity severity,
    String subject,
    String explanation,
    List<Evidence> evidence,
    List<Fix> fixes) {

  public Finding {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(explanation, "explanation");
    evidence = List.copyOf(evidence);
    fixes = List.copyOf(fixes);
    if (evidence.isEmpty()) {
      throw new IllegalArgumentException(code.id() + ": a finding needs evidence");
    }
    if (fixes.isEmpty()) {
      throw new IllegalArgumentException(code.id() + ": a finding needs a fix");
    }
  }

  /** The same finding is the same code about the same subject on the same entries. */
  public Key key() {
    return new Key(code, subject, evidence);
  }

  /** What makes two findings the same (the explanation's wording aside). */
  public record Key(Code code, String subject, List<Evidence> evidence) {}

  @Override
  public String toString() {
    return severity.label() + " " + code.id() + ": " + subject + ": " + explanation;
  }
}
