package dev.podpath.model.netfilter.parse;

import dev.podpath.model.netfilter.Match;
import dev.podpath.model.netfilter.PortMatch;
import dev.podpath.model.netfilter.PortRange;
import dev.podpath.model.netfilter.Protocols;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** {@code -m tcp}, {@code -m udp}, {@code -m icmp} and {@code -m multiport}. */
final class PortMatches {

  private PortMatches() {}

  /** {@code --sport}/{@code --dport} of tcp and udp. */
  abstract static class Ports extends MatchParser {
    Optional<PortMatch> sport = Optional.empty();
    Optional<PortMatch> dport = Optional.empty();
    private final int protocol;

    Ports(String name, int protocol) {
      super(name);
      this.protocol = protocol;
    }

    boolean ports(String option, boolean negated, List<String> values) {
      switch (option) {
        case "source-port", "sport" -> {
          if (sport.isPresent()) {
            throw IptablesError.parameter("Only one `--source-port' allowed");
          }
          sport = Optional.of(new PortMatch(Values.portRange(values.get(0)), negated));
          return true;
        }
        case "destination-port", "dport" -> {
          if (dport.isPresent()) {
            throw IptablesError.parameter("Only one `--destination-port' allowed");
          }
          dport = Optional.of(new PortMatch(Values.portRange(values.get(0)), negated));
          return true;
        }
        default -> {
          return false;
        }
      }
    }

    void requireProtocol(RuleContext ctx) {
      if (!ctx.is(protocol)) {
        String upper = name.toUpperCase(Locale.ROOT);
        throw IptablesError.parameter(upper + " match requires '-p " + name + "'");
      }
    }

    @Override
    boolean given() {
      return sport.isPresent() || dport.isPresent();
    }
  }

  static final class Tcp extends Ports {
    Optional<Match.Tcp.Flags> flags = Optional.empty();
    Optional<Match.Tcp.Option> tcpOption = Optional.empty();

    Tcp() {
      super("tcp", Protocols.TCP);
    }

    @Override
    Map<String, Integer> options() {
      return Map.of(
          "source-port",
          1,
          "sport",
          1,
          "destination-port",
          1,
          "dport",
          1,
          "tcp-flags",
          2,
          "syn",
          0,
          "tcp-option",
          1);
    }

    @Override
    void option(String option, boolean negated, List<String> values) {
      if (ports(option, negated, values)) {
        return;
      }
      switch (option) {
        case "syn" ->
            flags =
                Optional.of(
                    new Match.Tcp.Flags(
                        Match.Tcp.Flags.SYN_ONLY.mask(), Match.Tcp.Flags.SYN_ONLY.comp(), negated));
        case "tcp-flags" ->
            flags =
                Optional.of(
                    new Match.Tcp.Flags(flagBits(values.get(0)), flagBits(values.get(1)), negated));
        case "tcp-option" -> {
          long kind = Values.number(values.get(0)).orElse(-1);
          if (kind < 1 || kind > 255) {
            throw IptablesError.parameter(
                "tcp: bad value for option \"--tcp-option\", or out of range (1-255).");
          }
          tcpOption = Optional.of(new Match.Tcp.Option((int) kind, negated));
        }
        default -> throw new AssertionError(option);
      }
    }

    private static int flagBits(String text) {
      int bits = 0;
      for (String f : text.split(",")) {
        String u = f.toUpperCase(Locale.ROOT);
        int k = Match.Tcp.Flags.NAMES.indexOf(u);
        if (k >= 0) {
          bits |= 1 << k;
        } else if (u.equals("ALL")) {
          bits |= Match.Tcp.Flags.ALL;
        } else if (!u.equals("NONE")) {
          throw IptablesError.parameter("Unknown TCP flag `" + f + "'");
        }
      }
      return bits;
    }

    @Override
    boolean given() {
      return super.given() || flags.isPresent() || tcpOption.isPresent();
    }

    /** Takes over the options of a later {@code -m tcp} as iptables-nft does (later values win). */
    void absorb(Tcp later) {
      later.sport.ifPresent(p -> sport = Optional.of(p));
      later.dport.ifPresent(p -> dport = Optional.of(p));
      later.flags.ifPresent(f -> flags = Optional.of(f));
      later.tcpOption.ifPresent(o -> tcpOption = Optional.of(o));
    }

    @Override
    Match build(RuleContext ctx) {
      requireProtocol(ctx);
      return new Match.Tcp(sport, dport, flags, tcpOption);
    }
  }

  static final class Udp extends Ports {
    Udp() {
      super("udp", Protocols.UDP);
    }

    @Override
    Map<String, Integer> options() {
      return Map.of("source-port", 1, "sport", 1, "destination-port", 1, "dport", 1);
    }

    @Override
    void option(String option, boolean negated, List<String> values) {
      if (!ports(option, negated, values)) {
        throw new AssertionError(option);
      }
    }

    void absorb(Udp later) {
      later.sport.ifPresent(p -> sport = Optional.of(p));
      later.dport.ifPresent(p -> dport = Optional.of(p));
    }

    @Override
    Match build(RuleContext ctx) {
      requireProtocol(ctx);
      return new Match.Udp(sport, dport);
    }
  }

  static final class Icmp extends MatchParser {
    private Match.IcmpType type;

    Icmp() {
      super("icmp");
    }

    @Override
    Map<String, Integer> options() {
      return Map.of("icmp-type", 1);
    }

    @Override
    void option(String option, boolean negated, List<String> values) {
      int[] t = IcmpTypes.parse(values.get(0));
      type = new Match.IcmpType(t[0], t[1], t[2], negated);
    }

    @Override
    boolean given() {
      return type != null;
    }

    @Override
    Match build(RuleContext ctx) {
      if (!ctx.is(Protocols.ICMP)) {
        throw IptablesError.parameter("ICMP match requires '-p icmp'");
      }
      return type != null ? type : new Match.IcmpType(Match.IcmpType.ANY, 0, 255, false);
    }
  }

  static final class Multiport extends MatchParser {
    private Match.Multiport.Side side;
    private String sideOption;
    private List<PortRange> ports;
    private boolean negated;

    Multiport() {
      super("multiport");
    }

    @Override
    Map<String, Integer> options() {
      return Map.of(
          "source-ports", 1, "sports", 1, "destination-ports", 1, "dports", 1, "ports", 1);
    }

    @Override
    void option(String option, boolean neg, List<String> values) {
      String canonical =
          option.equals("sports")
              ? "source-ports"
              : option.equals("dports") ? "destination-ports" : option;
      if (side != null) {
        throw together(
            sideOption, canonical, List.of("source-ports", "destination-ports", "ports"));
      }
      sideOption = canonical;
      side =
          switch (canonical) {
            case "source-ports" -> Match.Multiport.Side.SOURCE;
            case "destination-ports" -> Match.Multiport.Side.DESTINATION;
            default -> Match.Multiport.Side.EITHER;
          };
      negated = neg;
      ports = new ArrayList<>();
      int count = 0;
      for (String p : values.get(0).split(",")) {
        PortRange r = Values.portRange(p);
        count += r.isSingle() ? 1 : 2;
        if (count > 15) {
          throw IptablesError.parameter("too many ports specified");
        }
        ports.add(r);
      }
    }

    @Override
    Match build(RuleContext ctx) {
      boolean ok =
          ctx.protocol().isPresent()
              && !ctx.protocolNegated()
              && List.of(
                      Protocols.TCP,
                      Protocols.UDP,
                      Protocols.UDPLITE,
                      Protocols.SCTP,
                      Protocols.DCCP)
                  .contains(ctx.protocol().get());
      if (!ok) {
        throw IptablesError.parameter(
            "multiport needs `-p tcp', `-p udp', `-p udplite', `-p sctp' or `-p dccp'");
      }
      if (side == null) {
        throw IptablesError.parameter("multiport expects an option");
      }
      return new Match.Multiport(side, ports, negated);
    }
  }
}
