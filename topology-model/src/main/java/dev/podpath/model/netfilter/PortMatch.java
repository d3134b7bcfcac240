package dev.podpath.model.netfilter;

import java.util.Objects;

/** One {@code [!] --sport}/{@code --dport} criterion of a tcp or udp match. */
public record PortMatch(PortRange range, boolean negated) {

  public PortMatch {
    Objects.requireNonNull(range, "range");
  }

  public boolean matches(int port) {
    return range.contains(port) != negated;
  }

  String save(String option) {
    return " " + SaveSyntax.not(negated) + option + " " + range.toMatchString();
  }
}
