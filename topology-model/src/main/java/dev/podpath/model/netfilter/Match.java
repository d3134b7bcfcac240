package dev.podpath.model.netfilter;

import static dev.podpath.model.netfilter.SaveSyntax.names;
import static dev.podpath.model.netfilter.SaveSyntax.not;
import static dev.podpath.model.netfilter.SaveSyntax.quote;

import dev.podpath.model.addr.Prefix;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One criterion of an iptables rule: a field of the IP header ({@code -s}, {@code -d}, {@code -p},
 * {@code -i}, {@code -o}, {@code -f}) or a match module ({@code -m conntrack --ctstate NEW}). A
 * rule matches when all of its matches do. {@link #save()} gives the text {@code iptables-save}
 * prints for it.
 *
 * <pre>{@code
 * new Match.Mark(0x4000, 0x4000, true).save();   // "-m mark ! --mark 0x4000/0x4000"
 * }</pre>
 *
 * <p>Match modules podpath does not know (or does not evaluate) are kept as {@link NotModelled}
 * with their arguments, never dropped; {@link Limit} and {@link Recent} keep their options but
 * depend on timing podpath does not simulate.
 */
public sealed interface Match {

  /** This match as {@code iptables-save} prints it, without surrounding spaces. */
  String save();

  /** {@code [!] -s prefix}. */
  record Source(Prefix prefix, boolean negated) implements Match {
    public Source {
      Objects.requireNonNull(prefix, "prefix");
    }

    @Override
    public String save() {
      return not(negated) + "-s " + prefix;
    }
  }

  /** {@code [!] -d prefix}. */
  record Destination(Prefix prefix, boolean negated) implements Match {
    public Destination {
      Objects.requireNonNull(prefix, "prefix");
    }

    @Override
    public String save() {
      return not(negated) + "-d " + prefix;
    }
  }

  /** {@code [!] -p proto}, by number; {@link #name()} is how iptables prints it. */
  record Protocol(int number, boolean negated) implements Match {
    public Protocol {
      if (number < 0 || number > 255) {
        throw new IllegalArgumentException("protocol out of range: " + number);
      }
    }

    public String name() {
      return Protocols.name(number);
    }

    public boolean matches(int protocol) {
      return (protocol == number) != negated;
    }

    @Override
    public String save() {
      return not(negated) + "-p " + name();
    }
  }

  /**
   * {@code [!] -i name}; a trailing {@code +} matches every device whose name starts with the rest.
   */
  record InInterface(String name, boolean negated) implements Match {
    public InInterface {
      Objects.requireNonNull(name, "name");
    }

    /** Whether a packet that came in on {@code dev} matches (negation included). */
    public boolean matches(String dev) {
      return SaveSyntax.interfaceMatches(name, dev) != negated;
    }

    @Override
    public String save() {
      return not(negated) + "-i " + name;
    }
  }

  /**
   * {@code [!] -o name}; a trailing {@code +} matches every device whose name starts with the rest.
   */
  record OutInterface(String name, boolean negated) implements Match {
    public OutInterface {
      Objects.requireNonNull(name, "name");
    }

    /** Whether a packet leaving through {@code dev} matches (negation included). */
    public boolean matches(String dev) {
      return SaveSyntax.interfaceMatches(name, dev) != negated;
    }

    @Override
    public String save() {
      return not(negated) + "-o " + name;
    }
  }

  /** {@code [!] -f}: second and later fragments. */
  record Fragment(boolean negated) implements Match {
    @Override
    public String save() {
      return not(negated) + "-f";
    }
  }

  /**
   * {@code -m tcp}: source and destination port, flags, option. kube-proxy writes an empty {@code
   * -m tcp} after {@code -p tcp}; it matches every TCP packet.
   */
  record Tcp(
      Optional<PortMatch> sourcePort,
      Optional<PortMatch> destinationPort,
      Optional<Flags> flags,
      Optional<Option> option)
      implements Match {

    public Tcp {
      Objects.requireNonNull(sourcePort, "sourcePort");
      Objects.requireNonNull(destinationPort, "destinationPort");
      Objects.requireNonNull(flags, "flags");
      Objects.requireNonNull(option, "option");
    }

    public static Tcp ports(Optional<PortMatch> sourcePort, Optional<PortMatch> destinationPort) {
      return new Tcp(sourcePort, destinationPort, Optional.empty(), Optional.empty());
    }

    @Override
    public String save() {
      StringBuilder sb = new StringBuilder("-m tcp");
      sourcePort.ifPresent(p -> sb.append(p.save("--sport")));
      destinationPort.ifPresent(p -> sb.append(p.save("--dport")));
      option.ifPresent(
          o -> sb.append(' ').append(not(o.negated())).append("--tcp-option ").append(o.kind()));
      flags.ifPresent(f -> sb.append(' ').append(f.save()));
      return sb.toString();
    }

    /**
     * {@code [!] --tcp-flags mask comp}: the flags in {@code mask} must be exactly those in {@code
     * comp}. {@code --syn} is {@link #SYN_ONLY}.
     */
    public record Flags(int mask, int comp, boolean negated) {
      public static final int FIN = dev.podpath.model.packet.TcpFlags.FIN;
      public static final int SYN = dev.podpath.model.packet.TcpFlags.SYN;
      public static final int RST = dev.podpath.model.packet.TcpFlags.RST;
      public static final int PSH = dev.podpath.model.packet.TcpFlags.PSH;
      public static final int ACK = dev.podpath.model.packet.TcpFlags.ACK;
      public static final int URG = dev.podpath.model.packet.TcpFlags.URG;
      public static final int ALL = dev.podpath.model.packet.TcpFlags.ALL;

      /** The flag names in the order iptables prints them. */
      public static final List<String> NAMES = List.of("FIN", "SYN", "RST", "PSH", "ACK", "URG");

      /** {@code --syn}: SYN set, FIN, RST and ACK clear. */
      public static final Flags SYN_ONLY = new Flags(FIN | SYN | RST | ACK, SYN, false);

      public Flags {
        if ((mask & ~ALL) != 0 || (comp & ~ALL) != 0) {
          throw new IllegalArgumentException("bad tcp flags " + mask + " " + comp);
        }
      }

      public boolean matches(int tcpFlags) {
        return ((tcpFlags & mask) == comp) != negated;
      }

      /** Whether a header with {@code flags} matches. */
      public boolean matches(dev.podpath.model.packet.TcpFlags flags) {
        return matches(flags.bits());
      }

      String save() {
        return not(negated) + "--tcp-flags " + flagNames(mask) + " " + flagNames(comp);
      }

      private static String flagNames(int bits) {
        if (bits == 0) {
          return "NONE";
        }
        StringBuilder sb = new StringBuilder();
        for (int k = 0; k < NAMES.size(); k++) {
          if ((bits & (1 << k)) != 0) {
            sb.append(sb.length() > 0 ? "," : "").append(NAMES.get(k));
          }
        }
        return sb.toString();
      }
    }

    /** {@code [!] --tcp-option kind}: the TCP header carries that option. */
    public record Option(int kind, boolean negated) {}
  }

  /** {@code -m udp}: source and destination port. */
  record Udp(Optional<PortMatch> sourcePort, Optional<PortMatch> destinationPort) implements Match {
    public Udp {
      Objects.requireNonNull(sourcePort, "sourcePort");
      Objects.requireNonNull(destinationPort, "destinationPort");
    }

    @Override
    public String save() {
      StringBuilder sb = new StringBuilder("-m udp");
      sourcePort.ifPresent(p -> sb.append(p.save("--sport")));
      destinationPort.ifPresent(p -> sb.append(p.save("--dport")));
      return sb.toString();
    }
  }

  /**
   * {@code -m icmp [!] --icmp-type type[/code]}: {@code type} 255 is {@code any}; codes {@code
   * codeMin..codeMax} (0..255 for every code of the type).
   */
  record IcmpType(int type, int codeMin, int codeMax, boolean negated) implements Match {
    public static final int ANY = 0xFF;

    public IcmpType {
      if (type < 0 || type > 255 || codeMin < 0 || codeMax > 255 || codeMin > codeMax) {
        throw new IllegalArgumentException("bad icmp type " + type + "/" + codeMin + "-" + codeMax);
      }
    }

    public boolean matches(int icmpType, int icmpCode) {
      boolean m = type == ANY || (type == icmpType && icmpCode >= codeMin && icmpCode <= codeMax);
      return m != negated;
    }

    @Override
    public String save() {
      String value =
          type == ANY ? "any" : type + (codeMin != 0 || codeMax != 0xFF ? "/" + codeMin : "");
      return "-m icmp " + not(negated) + "--icmp-type " + value;
    }
  }

  /** {@code -m multiport [!] --sports|--dports|--ports p1,p2,lo:hi} (up to 15 ports). */
  record Multiport(Side side, List<PortRange> ports, boolean negated) implements Match {
    /** Which port {@code --sports}, {@code --dports} or {@code --ports} (either) compares. */
    public enum Side {
      SOURCE("--sports"),
      DESTINATION("--dports"),
      EITHER("--ports");

      private final String option;

      Side(String option) {
        this.option = option;
      }

      public String option() {
        return option;
      }
    }

    public Multiport {
      Objects.requireNonNull(side, "side");
      ports = List.copyOf(ports);
    }

    public boolean matches(int sourcePort, int destinationPort) {
      boolean m =
          switch (side) {
            case SOURCE -> ports.stream().anyMatch(r -> r.contains(sourcePort));
            case DESTINATION -> ports.stream().anyMatch(r -> r.contains(destinationPort));
            case EITHER ->
                ports.stream().anyMatch(r -> r.contains(sourcePort) || r.contains(destinationPort));
          };
      return m != negated;
    }

    @Override
    public String save() {
      return "-m multiport "
          + not(negated)
          + side.option()
          + " "
          + ports.stream().map(PortRange::toMatchString).collect(Collectors.joining(","));
    }
  }

  /**
   * {@code -m conntrack}: criteria on the packet's connection, each optionally negated; all must
   * hold. Kept in the order iptables prints them.
   *
   * <pre>{@code
   * -m conntrack --ctstate RELATED,ESTABLISHED
   * -m conntrack ! --ctstate NEW --ctorigdst 10.96.0.10 --ctorigdstport 80
   * }</pre>
   */
  record Conntrack(List<Criterion> criteria) implements Match {

    public Conntrack {
      criteria =
          criteria.stream().sorted(java.util.Comparator.comparingInt(Criterion::order)).toList();
    }

    /** Just {@code --ctstate}. */
    public static Conntrack state(Set<CtState> states, boolean negated) {
      return new Conntrack(List.of(new States(states, negated)));
    }

    @Override
    public String save() {
      StringBuilder sb = new StringBuilder("-m conntrack");
      criteria.forEach(c -> sb.append(' ').append(c.save()));
      return sb.toString();
    }

    /** One {@code --ct...} option. */
    public sealed interface Criterion {
      /** Position in iptables' output. */
      int order();

      String save();
    }

    /** The original or reply tuple's source or destination. */
    public enum Tuple {
      ORIGSRC,
      ORIGDST,
      REPLSRC,
      REPLDST;

      String option() {
        return "ct" + name().toLowerCase(java.util.Locale.ROOT);
      }
    }

    /** {@code [!] --ctstate S,..}. */
    public record States(Set<CtState> states, boolean negated) implements Criterion {
      public States {
        states = Set.copyOf(EnumSet.copyOf(states));
      }

      @Override
      public int order() {
        return 0;
      }

      @Override
      public String save() {
        return not(negated) + "--ctstate " + names(states);
      }
    }

    /** {@code [!] --ctproto N}. */
    public record Proto(int number, boolean negated) implements Criterion {
      @Override
      public int order() {
        return 1;
      }

      @Override
      public String save() {
        return not(negated) + "--ctproto " + number;
      }
    }

    /** {@code [!] --ctorigsrc|--ctorigdst|--ctreplsrc|--ctrepldst prefix}. */
    public record Address(Tuple tuple, Prefix prefix, boolean negated) implements Criterion {
      public Address {
        Objects.requireNonNull(tuple, "tuple");
        Objects.requireNonNull(prefix, "prefix");
      }

      @Override
      public int order() {
        return 2 + tuple.ordinal();
      }

      @Override
      public String save() {
        String p = prefix.length() == 32 ? prefix.network().toString() : prefix.toString();
        return not(negated) + "--" + tuple.option() + " " + p;
      }
    }

    /** {@code [!] --ctorigsrcport|--ctorigdstport|--ctreplsrcport|--ctrepldstport lo[:hi]}. */
    public record Port(Tuple tuple, PortRange range, boolean negated) implements Criterion {
      public Port {
        Objects.requireNonNull(tuple, "tuple");
        Objects.requireNonNull(range, "range");
      }

      @Override
      public int order() {
        return 6 + tuple.ordinal();
      }

      @Override
      public String save() {
        return not(negated) + "--" + tuple.option() + "port " + range.toMatchString();
      }
    }

    /** {@code [!] --ctstatus S,..}. */
    public record Status(Set<CtStatus> statuses, boolean negated) implements Criterion {
      public Status {
        statuses = Set.copyOf(EnumSet.copyOf(statuses));
      }

      @Override
      public int order() {
        return 10;
      }

      @Override
      public String save() {
        return not(negated) + "--ctstatus " + names(statuses);
      }
    }

    /** {@code [!] --ctexpire min[:max]}: remaining lifetime in seconds. */
    public record Expire(long min, long max, boolean negated) implements Criterion {
      @Override
      public int order() {
        return 11;
      }

      @Override
      public String save() {
        return not(negated) + "--ctexpire " + (min == max ? Long.toString(min) : min + ":" + max);
      }
    }

    /** {@code --ctdir ORIGINAL|REPLY}: the packet's direction in its connection. */
    public record Direction(boolean reply) implements Criterion {
      @Override
      public int order() {
        return 12;
      }

      @Override
      public String save() {
        return "--ctdir " + (reply ? "REPLY" : "ORIGINAL");
      }
    }
  }

  /** {@code -m state [!] --state NEW,ESTABLISHED}. */
  record State(Set<CtState> states, boolean negated) implements Match {
    public State {
      states = Set.copyOf(EnumSet.copyOf(states));
    }

    public boolean matches(CtState state) {
      return states.contains(state) != negated;
    }

    @Override
    public String save() {
      return "-m state " + not(negated) + "--state " + names(states);
    }
  }

  /** {@code -m mark [!] --mark value[/mask]}: the packet's mark, masked, equals {@code value}. */
  record Mark(long value, long mask, boolean negated) implements Match {
    public Mark {
      SaveSyntax.checkMark(value, mask);
    }

    public boolean matches(long mark) {
      return ((mark & mask) == value) != negated;
    }

    @Override
    public String save() {
      return "-m mark " + not(negated) + "--mark " + SaveSyntax.valueMask(value, mask);
    }
  }

  /**
   * {@code -m connmark [!] --mark value[/mask]}: the connection's mark, masked, equals {@code
   * value}.
   */
  record Connmark(long value, long mask, boolean negated) implements Match {
    public Connmark {
      SaveSyntax.checkMark(value, mask);
    }

    public boolean matches(long ctmark) {
      return ((ctmark & mask) == value) != negated;
    }

    @Override
    public String save() {
      return "-m connmark " + not(negated) + "--mark " + SaveSyntax.valueMask(value, mask);
    }
  }

  /** {@code -m comment --comment text}: always matches; kube-proxy names services with it. */
  record Comment(String text) implements Match {
    public Comment {
      Objects.requireNonNull(text, "text");
    }

    @Override
    public String save() {
      return "-m comment --comment " + quote(text);
    }
  }

  /**
   * {@code -m addrtype [[!] --src-type T,..] [[!] --dst-type T,..] [--limit-iface-in|out]}: the
   * route type of the source or destination address ({@code LOCAL}: an address of this namespace).
   * An empty set means the option is absent.
   */
  record AddrType(
      Set<AddressType> sourceTypes,
      boolean sourceNegated,
      Set<AddressType> destinationTypes,
      boolean destinationNegated,
      boolean limitIfaceIn,
      boolean limitIfaceOut)
      implements Match {

    public AddrType {
      sourceTypes = Set.copyOf(sourceTypes);
      destinationTypes = Set.copyOf(destinationTypes);
    }

    /** {@code -m addrtype [!] --dst-type T}, the form kube-proxy and Docker use. */
    public static AddrType destination(AddressType type, boolean negated) {
      return new AddrType(Set.of(), false, Set.of(type), negated, false, false);
    }

    @Override
    public String save() {
      StringBuilder sb = new StringBuilder("-m addrtype");
      if (!sourceTypes.isEmpty()) {
        sb.append(' ').append(not(sourceNegated)).append("--src-type ").append(names(sourceTypes));
      }
      if (!destinationTypes.isEmpty()) {
        sb.append(' ')
            .append(not(destinationNegated))
            .append("--dst-type ")
            .append(names(destinationTypes));
      }
      if (limitIfaceIn) {
        sb.append(" --limit-iface-in");
      }
      if (limitIfaceOut) {
        sb.append(" --limit-iface-out");
      }
      return sb.toString();
    }
  }

  /**
   * {@code -m statistic --mode random --probability p} (p as the kernel stores it: a multiple of
   * 2^-31) or {@code --mode nth --every n --packet p}. kube-proxy spreads a Service over its
   * endpoints with random mode.
   */
  record Statistic(Mode mode, double probability, int every, int packet, boolean negated)
      implements Match {
    /** {@code --mode}. */
    public enum Mode {
      RANDOM,
      NTH
    }

    public Statistic {
      Objects.requireNonNull(mode, "mode");
      if (probability < 0 || probability > 1 || every < 0 || packet < 0) {
        throw new IllegalArgumentException(
            "bad statistic " + probability + " " + every + " " + packet);
      }
    }

    /** Random mode, with {@code p} rounded to the kernel's 2^-31 steps as iptables does. */
    public static Statistic random(double p, boolean negated) {
      return new Statistic(
          Mode.RANDOM, Math.round(p * 0x80000000L) / (double) 0x80000000L, 0, 0, negated);
    }

    @Override
    public String save() {
      if (mode == Mode.RANDOM) {
        String p =
            new java.math.BigDecimal(probability)
                .setScale(11, java.math.RoundingMode.HALF_EVEN)
                .toPlainString();
        return "-m statistic --mode random " + not(negated) + "--probability " + p;
      }
      return "-m statistic --mode nth "
          + not(negated)
          + "--every "
          + every
          + (packet != 0 ? " --packet " + packet : "");
    }
  }

  /**
   * {@code -m physdev}: the bridge ports of a bridged packet (with {@code
   * bridge-nf-call-iptables}). The {@code is*} options are empty when absent, else whether the
   * condition must hold ({@code false} for {@code ! --physdev-is-in}).
   */
  record Physdev(
      Optional<String> in,
      boolean inNegated,
      Optional<String> out,
      boolean outNegated,
      Optional<Boolean> isIn,
      Optional<Boolean> isOut,
      Optional<Boolean> isBridged)
      implements Match {

    public Physdev {
      Objects.requireNonNull(in, "in");
      Objects.requireNonNull(out, "out");
      Objects.requireNonNull(isIn, "isIn");
      Objects.requireNonNull(isOut, "isOut");
      Objects.requireNonNull(isBridged, "isBridged");
    }

    @Override
    public String save() {
      StringBuilder sb = new StringBuilder("-m physdev");
      isIn.ifPresent(v -> sb.append(' ').append(not(!v)).append("--physdev-is-in"));
      in.ifPresent(v -> sb.append(' ').append(not(inNegated)).append("--physdev-in ").append(v));
      isOut.ifPresent(v -> sb.append(' ').append(not(!v)).append("--physdev-is-out"));
      out.ifPresent(v -> sb.append(' ').append(not(outNegated)).append("--physdev-out ").append(v));
      isBridged.ifPresent(v -> sb.append(' ').append(not(!v)).append("--physdev-is-bridged"));
      return sb.toString();
    }
  }

  /**
   * {@code -m set [!] --match-set NAME src|dst[,...]} and its further options (kept verbatim, e.g.
   * {@code --return-nomatch}); the flags say which address (or port) of the packet is looked up in
   * each dimension of the set.
   */
  record SetMatch(String name, List<Flag> flags, boolean negated, List<String> options)
      implements Match {
    /** One dimension's lookup key. */
    public enum Flag {
      SRC,
      DST
    }

    public SetMatch {
      Objects.requireNonNull(name, "name");
      flags = List.copyOf(flags);
      options = List.copyOf(options);
    }

    @Override
    public String save() {
      String f =
          flags.stream()
              .map(x -> x.name().toLowerCase(java.util.Locale.ROOT))
              .collect(Collectors.joining(","));
      StringBuilder sb =
          new StringBuilder("-m set " + not(negated) + "--match-set " + name + " " + f);
      options.forEach(o -> sb.append(' ').append(SaveSyntax.verbatim(o)));
      return sb.toString();
    }
  }

  /**
   * {@code -m limit --limit rate --limit-burst n}: {@code period} is the kernel's average interval
   * between packets in 1/10000 s. podpath does not simulate time: it treats the rule as matching
   * and flags it.
   */
  record Limit(long period, int burst) implements Match {
    /** {@code XT_LIMIT_SCALE}: the period's unit is 1/10000 s. */
    public static final long SCALE = 10_000;

    private static final String[] UNITS = {"day", "hour", "min", "sec"};
    private static final long[] MULT = {SCALE * 86400, SCALE * 3600, SCALE * 60, SCALE};

    public Limit {
      if (period <= 0 || burst <= 0) {
        throw new IllegalArgumentException("bad limit " + period + " " + burst);
      }
    }

    /** The rate as iptables prints it ({@code print_rate}): {@code 5/min}. */
    public String rate() {
      int i = 1;
      for (; i < UNITS.length; i++) {
        if (period > MULT[i] || MULT[i] / period < MULT[i] % period) {
          break;
        }
      }
      return MULT[i - 1] / period + "/" + UNITS[i - 1];
    }

    @Override
    public String save() {
      return "-m limit --limit " + rate() + (burst != 5 ? " --limit-burst " + burst : "");
    }
  }

  /**
   * {@code -m recent}: membership of the source (or destination) address in a named list the rule
   * itself maintains. Kept with its options; podpath treats it as matching and flags it.
   */
  record Recent(
      Mode mode,
      boolean negated,
      int seconds,
      boolean reap,
      int hitcount,
      boolean rttl,
      String name,
      dev.podpath.model.addr.Ipv4Address mask,
      boolean destination)
      implements Match {
    /** {@code --set}, {@code --rcheck}, {@code --update} or {@code --remove}. */
    public enum Mode {
      SET,
      RCHECK,
      UPDATE,
      REMOVE
    }

    public Recent {
      Objects.requireNonNull(mode, "mode");
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(mask, "mask");
    }

    @Override
    public String save() {
      StringBuilder sb = new StringBuilder("-m recent ");
      sb.append(not(negated)).append("--").append(mode.name().toLowerCase(java.util.Locale.ROOT));
      if (seconds != 0) {
        sb.append(" --seconds ").append(seconds);
      }
      if (reap) {
        sb.append(" --reap");
      }
      if (hitcount != 0) {
        sb.append(" --hitcount ").append(hitcount);
      }
      if (rttl) {
        sb.append(" --rttl");
      }
      sb.append(" --name ").append(name).append(" --mask ").append(mask);
      sb.append(destination ? " --rdest" : " --rsource");
      return sb.toString();
    }
  }

  /**
   * Any other match module ({@code -m owner --uid-owner 0}), kept with its arguments as given.
   * {@code module} is empty for options podpath does not know outside a module.
   */
  record NotModelled(String module, List<String> args) implements Match {
    public NotModelled {
      Objects.requireNonNull(module, "module");
      args = List.copyOf(args);
    }

    @Override
    public String save() {
      StringBuilder sb = new StringBuilder(module.isEmpty() ? "" : "-m " + module);
      for (String a : args) {
        sb.append(sb.length() > 0 ? " " : "").append(a.equals("!") ? a : SaveSyntax.verbatim(a));
      }
      return sb.toString();
    }
  }
}
