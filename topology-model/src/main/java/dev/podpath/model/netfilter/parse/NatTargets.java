package dev.podpath.model.netfilter.parse;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.netfilter.NatRange;
import dev.podpath.model.netfilter.PortRange;
import dev.podpath.model.netfilter.Protocols;
import dev.podpath.model.netfilter.Target;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/** DNAT, SNAT, MASQUERADE and REDIRECT. */
final class NatTargets {

  private NatTargets() {}

  /** Whether a port mapping is allowed: {@code -p} tcp, udp, sctp or dccp. */
  static void requirePortProtocol(RuleContext ctx) {
    boolean ok =
        ctx.protocol().isPresent()
            && !ctx.protocolNegated()
            && List.of(
                    Protocols.TCP, Protocols.UDP, Protocols.SCTP, Protocols.DCCP, Protocols.UDPLITE)
                .contains(ctx.protocol().get());
    if (!ok) {
      throw IptablesError.parameter("Need TCP, UDP, SCTP or DCCP with port specification");
    }
  }

  /** {@code p} or {@code p-q} of {@code --to-ports}. */
  static PortRange toPorts(String text) {
    int dash = text.indexOf('-');
    int lo = natPort(dash < 0 ? text : text.substring(0, dash));
    int hi = dash < 0 ? lo : natPort(text.substring(dash + 1));
    if (hi < lo) {
      throw IptablesError.parameter("Port range `" + text.substring(dash + 1) + "' funky");
    }
    return new PortRange(lo, hi);
  }

  private static int natPort(String text) {
    OptionalLong n = Values.number(text);
    if (n.isEmpty() || n.getAsLong() > 65535) {
      throw IptablesError.parameter("Port `" + text + "' not valid");
    }
    return (int) n.getAsLong();
  }

  /** {@code a[-b][:p[-q]]} or {@code :p[-q]}. */
  static NatRange range(String text) {
    int colon = text.indexOf(':');
    String addrs = colon < 0 ? text : text.substring(0, colon);
    Optional<PortRange> ports =
        colon < 0 ? Optional.empty() : Optional.of(toPorts(text.substring(colon + 1)));
    if (addrs.isEmpty()) {
      if (ports.isEmpty()) {
        throw IptablesError.parameter("Bad IP address \"" + text + "\"");
      }
      return new NatRange(Optional.empty(), Optional.empty(), ports);
    }
    int dash = addrs.indexOf('-');
    Ipv4Address lo = address(dash < 0 ? addrs : addrs.substring(0, dash));
    Ipv4Address hi = dash < 0 ? lo : address(addrs.substring(dash + 1));
    if (lo.compareTo(hi) > 0) {
      throw IptablesError.parameter("Bad IP address \"" + addrs + "\"");
    }
    return new NatRange(Optional.of(lo), Optional.of(hi), ports);
  }

  private static Ipv4Address address(String text) {
    return Ipv4Address.tryParse(text)
        .orElseThrow(() -> IptablesError.parameter("Bad IP address \"" + text + "\""));
  }

  /** DNAT and SNAT. */
  static final class Nat extends TargetParser {
    private NatRange to;
    private boolean random;
    private boolean randomFully;
    private boolean persistent;

    Nat(String name) {
      super(name);
    }

    private String toOption() {
      return name.equals("DNAT") ? "to-destination" : "to-source";
    }

    @Override
    Map<String, Integer> options() {
      return name.equals("DNAT")
          ? Map.of("to-destination", 1, "random", 0, "persistent", 0)
          : Map.of("to-source", 1, "random", 0, "random-fully", 0, "persistent", 0);
    }

    @Override
    void option(String option, boolean negated, List<String> values) {
      switch (option) {
        case "random" -> random = true;
        case "random-fully" -> randomFully = true;
        case "persistent" -> persistent = true;
        default -> {
          if (to != null) {
            throw once(option);
          }
          to = range(values.get(0));
        }
      }
    }

    @Override
    Target build(RuleContext ctx) {
      if (to == null) {
        throw IptablesError.parameter(name + ": option \"--" + toOption() + "\" must be specified");
      }
      if (to.ports().isPresent()) {
        requirePortProtocol(ctx);
      }
      return name.equals("DNAT")
          ? new Target.Dnat(to, random, persistent)
          : new Target.Snat(to, random, randomFully, persistent);
    }
  }

  /** MASQUERADE and REDIRECT: {@code --to-ports}, {@code --random}. */
  static final class Ports extends TargetParser {
    private Optional<PortRange> ports = Optional.empty();
    private boolean random;
    private boolean randomFully;

    Ports(String name) {
      super(name);
    }

    @Override
    Map<String, Integer> options() {
      return name.equals("MASQUERADE")
          ? Map.of("to-ports", 1, "random", 0, "random-fully", 0)
          : Map.of("to-ports", 1, "random", 0);
    }

    @Override
    void option(String option, boolean negated, List<String> values) {
      switch (option) {
        case "random" -> random = true;
        case "random-fully" -> randomFully = true;
        default -> ports = Optional.of(toPorts(values.get(0)));
      }
    }

    @Override
    Target build(RuleContext ctx) {
      if (ports.isPresent()) {
        requirePortProtocol(ctx);
      }
      return name.equals("MASQUERADE")
          ? new Target.Masquerade(ports, random, randomFully)
          : new Target.Redirect(ports, random);
    }
  }
}
