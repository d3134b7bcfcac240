package dev.podpath.model.dump;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.netfilter.ConntrackFlow;
import dev.podpath.model.origin.Origin;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code conntrack -L} (conntrack-tools; also {@code -o extended} and {@code
 * /proc/net/nf_conntrack}, which put {@code ipv4 2} in front): one connection a line, the original
 * tuple, then the reply tuple, flags in brackets and {@code key=value} fields. IPv6 entries, and
 * protocols other than TCP, UDP and ICMP, are passed over with a warning; conntrack's summary line
 * ({@code conntrack v1.4.7 (conntrack-tools): 3 flow entries have been shown.}) is skipped.
 *
 * <pre>{@code
 * tcp      6 431998 ESTABLISHED src=10.0.0.1 dst=10.96.0.10 sport=57848 dport=80 src=10.0.0.2 dst=10.0.0.1 sport=8080 dport=57848 [ASSURED] mark=0 use=1
 * }</pre>
 */
public final class ConntrackParser {

  private static final Pattern HEAD =
      Pattern.compile("^(?:(ipv4|ipv6)\\s+\\d+\\s+)?([a-z0-9]+)\\s+(\\d+)\\s+(\\d+)\\s+(.*)$");
  private static final Pattern SUMMARY = Pattern.compile("^conntrack v[\\d.]+ .*flow entries.*");

  /** The TCP states of {@code enum tcp_conntrack}, as conntrack prints them. */
  private static final Set<String> TCP_STATES =
      Set.of(
          "NONE",
          "SYN_SENT",
          "SYN_RECV",
          "ESTABLISHED",
          "FIN_WAIT",
          "CLOSE_WAIT",
          "LAST_ACK",
          "TIME_WAIT",
          "CLOSE",
          "SYN_SENT2");

  private ConntrackParser() {}

  public static ParseResult<List<ConntrackFlow>> parse(String file, String content) {
    List<ConntrackFlow> out = new ArrayList<>();
    List<DumpWarning> w = new ArrayList<>();
    String[] lines = content.split("\r\n|\r|\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      String t = line.strip();
      if (t.isEmpty() || t.startsWith("#") || SUMMARY.matcher(t).matches()) {
        continue;
      }
      int n = i + 1;
      Matcher m = HEAD.matcher(t);
      if (!m.matches()) {
        w.add(
            new DumpWarning(
                file, n, 1, line, "not a conntrack entry (PROTO NUM TIMEOUT ...); skipped"));
        continue;
      }
      if ("ipv6".equals(m.group(1))) {
        w.add(new DumpWarning(file, n, 1, line, "an IPv6 connection: not modelled; skipped"));
        continue;
      }
      int protocol = Integer.parseInt(m.group(3));
      if (protocol != 1 && protocol != 6 && protocol != 17) {
        w.add(
            new DumpWarning(
                file,
                n,
                1,
                line,
                "a connection of IP protocol "
                    + protocol
                    + " ("
                    + protocolName(protocol, m.group(2))
                    + "): not modelled (podpath tracks ICMP, TCP and UDP); skipped"));
        continue;
      }
      Optional<String> state = Optional.empty();
      List<Map<String, String>> dirs = new ArrayList<>();
      Map<String, String> current = null;
      Set<String> flags = new java.util.HashSet<>();
      long mark = 0;
      String bad = null;
      for (String word : m.group(5).split("\\s+")) {
        if (word.startsWith("[") && word.endsWith("]")) {
          flags.add(word.substring(1, word.length() - 1));
          continue;
        }
        int eq = word.indexOf('=');
        if (eq < 0) {
          if (dirs.isEmpty() && protocol == 6 && TCP_STATES.contains(word)) {
            state = Optional.of(word);
          } else if (dirs.isEmpty() && protocol == 6) {
            bad = "\"" + word + "\" is no TCP state conntrack prints";
          }
          continue;
        }
        String k = word.substring(0, eq);
        String v = word.substring(eq + 1);
        if (k.equals("src")) {
          current = new HashMap<>();
          dirs.add(current);
        }
        if (k.equals("mark")) {
          try {
            mark = Long.decode(v);
          } catch (NumberFormatException e) {
            bad = "mark \"" + v + "\" is not a number";
          }
        } else if (current != null && current.putIfAbsent(k, v) != null) {
          bad = "\"" + k + "\" twice in one direction";
        }
      }
      if (bad == null && dirs.size() != 2) {
        bad = "a connection has an original and a reply tuple (src= ... src= ...)";
      }
      if (bad == null && protocol == 6 && state.isEmpty()) {
        bad = "a TCP connection without its state";
      }
      Optional<ConntrackFlow.Direction> original =
          bad == null ? direction(protocol, dirs.get(0)) : Optional.empty();
      Optional<ConntrackFlow.Direction> reply =
          bad == null ? direction(protocol, dirs.get(1)) : Optional.empty();
      if (bad == null && (original.isEmpty() || reply.isEmpty())) {
        bad =
            protocol == 1
                ? "an ICMP tuple needs src, dst, type, code and id"
                : "a tuple needs src, dst, sport and dport";
      }
      if (bad != null) {
        w.add(new DumpWarning(file, n, 1, line, bad + "; skipped"));
        continue;
      }
      out.add(
          new ConntrackFlow(
              protocol,
              original.get(),
              reply.get(),
              state,
              flags.contains("UNREPLIED"),
              flags.contains("ASSURED"),
              mark,
              new Origin(file, n, line)));
    }
    return ParseResult.of(out, w);
  }

  private static Optional<ConntrackFlow.Direction> direction(int protocol, Map<String, String> f) {
    Optional<Ipv4Address> src = Optional.ofNullable(f.get("src")).flatMap(Ipv4Address::tryParse);
    Optional<Ipv4Address> dst = Optional.ofNullable(f.get("dst")).flatMap(Ipv4Address::tryParse);
    if (src.isEmpty() || dst.isEmpty()) {
      return Optional.empty();
    }
    Optional<Integer> a;
    Optional<Integer> b;
    if (protocol == 1) {
      Optional<Integer> type = number(f.get("type"), 255);
      Optional<Integer> code = number(f.get("code"), 255);
      a = number(f.get("id"), 65535);
      b =
          type.isPresent() && code.isPresent()
              ? Optional.of(type.get() << 8 | code.get())
              : Optional.empty();
    } else {
      a = number(f.get("sport"), 65535);
      b = number(f.get("dport"), 65535);
    }
    if (a.isEmpty() || b.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new ConntrackFlow.Direction(src.get(), dst.get(), a.get(), b.get()));
  }

  private static Optional<Integer> number(String v, int max) {
    if (v == null || !v.matches("\\d{1,5}")) {
      return Optional.empty();
    }
    int n = Integer.parseInt(v);
    return n <= max ? Optional.of(n) : Optional.empty();
  }

  /** {@return the protocol's name, where conntrack prints its generic tracker's "unknown"} */
  private static String protocolName(int protocol, String printed) {
    return switch (protocol) {
      case 2 -> "IGMP";
      case 4 -> "IPIP";
      case 47 -> "GRE";
      case 50 -> "ESP";
      case 132 -> "SCTP";
      default -> printed;
    };
  }
}
