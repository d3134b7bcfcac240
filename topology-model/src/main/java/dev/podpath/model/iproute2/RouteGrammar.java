package dev.podpath.model.iproute2;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The words of a route, as {@code ip route add} takes them ({@code iproute_modify}) and {@code ip
 * route show} prints them back ({@code print_route}): one vocabulary for the interpreter ({@code
 * model.script.RouteArgs}) and the dump reader ({@code model.dump.IpRouteTextParser}). Some words
 * only one side knows: {@code show} prints state ({@code linkdown}, {@code offload}, a cached
 * route's {@code expires}...) that {@code add} does not take, and each reader treats the other's
 * words as it treats an unknown one.
 *
 * <pre>{@code
 * ip route add 10.10.2.0/24 via 192.168.2.15 dev enp0s5 metric 100 onlink
 * 10.10.2.0/24 via 192.168.2.15 dev enp0s5 metric 100 onlink linkdown
 * }</pre>
 */
public final class RouteGrammar {

  /** What a word of a route is. */
  public enum Word {
    /** {@code to PREFIX} (the prefix may also come alone). */
    TO,
    VIA,
    /** {@code dev DEV} ({@code oif DEV} in the command). */
    DEV,
    SRC,
    /** {@code metric N} ({@code priority}, {@code preference}). */
    METRIC,
    TABLE,
    SCOPE,
    /** {@code proto P} ({@code protocol}). */
    PROTOCOL,
    ONLINK,
    /** {@code nexthop ...}: one next hop of a multipath route. */
    NEXTHOP,
    /** {@code weight N} of a next hop. */
    WEIGHT,
    /** {@code from PREFIX}: a source-specific route (IPv6 only). */
    FROM,
    /** {@code tos T} ({@code dsfield}): podpath's routes match any TOS. */
    TOS,
    /**
     * A route attribute with a value podpath does not model: {@code mtu}, {@code hoplimit}, {@code
     * pref} (an IPv6 router preference).
     */
    NOT_MODELLED_METRIC,
    /** A metric that only TCP reads ({@code advmss}, {@code initcwnd}, ...), or {@code expires}. */
    TCP_METRIC,
    /** {@code encap ...}: a lightweight tunnel. */
    ENCAP,
    /** {@code nhid N}: a route through a next-hop object. */
    NHID,
    /** {@code linkdown}, {@code dead}: a next hop's device is down ({@code show} only). */
    LINKDOWN,
    /** State {@code show} prints with a value ({@code uid}, {@code used}, {@code cache} ...). */
    SHOWN_WITH_VALUE,
    /** A flag {@code show} prints ({@code offload}, {@code pervasive}, ...). */
    SHOWN_FLAG
  }

  private static final Map<String, Word> EXACT =
      Map.ofEntries(
          Map.entry("to", Word.TO),
          Map.entry("via", Word.VIA),
          Map.entry("dev", Word.DEV),
          Map.entry("oif", Word.DEV),
          Map.entry("src", Word.SRC),
          Map.entry("proto", Word.PROTOCOL),
          Map.entry("onlink", Word.ONLINK),
          Map.entry("nexthop", Word.NEXTHOP),
          Map.entry("weight", Word.WEIGHT),
          Map.entry("from", Word.FROM),
          Map.entry("tos", Word.TOS),
          Map.entry("mtu", Word.NOT_MODELLED_METRIC),
          Map.entry("hoplimit", Word.NOT_MODELLED_METRIC),
          Map.entry("advmss", Word.TCP_METRIC),
          Map.entry("rtt", Word.TCP_METRIC),
          Map.entry("rttvar", Word.TCP_METRIC),
          Map.entry("reordering", Word.TCP_METRIC),
          Map.entry("window", Word.TCP_METRIC),
          Map.entry("cwnd", Word.TCP_METRIC),
          Map.entry("initcwnd", Word.TCP_METRIC),
          Map.entry("initrwnd", Word.TCP_METRIC),
          Map.entry("ssthresh", Word.TCP_METRIC),
          Map.entry("rto_min", Word.TCP_METRIC),
          Map.entry("features", Word.TCP_METRIC),
          Map.entry("quickack", Word.TCP_METRIC),
          Map.entry("congctl", Word.TCP_METRIC),
          Map.entry("fastopen_no_cookie", Word.TCP_METRIC),
          Map.entry("realm", Word.TCP_METRIC),
          Map.entry("realms", Word.TCP_METRIC),
          Map.entry("expires", Word.TCP_METRIC),
          Map.entry("ttl-propagate", Word.TCP_METRIC),
          Map.entry("pref", Word.NOT_MODELLED_METRIC),
          Map.entry("encap", Word.ENCAP),
          Map.entry("nhid", Word.NHID),
          Map.entry("linkdown", Word.LINKDOWN),
          Map.entry("dead", Word.LINKDOWN),
          Map.entry("error", Word.SHOWN_WITH_VALUE),
          Map.entry("uid", Word.SHOWN_WITH_VALUE),
          Map.entry("used", Word.SHOWN_WITH_VALUE),
          Map.entry("age", Word.SHOWN_WITH_VALUE),
          Map.entry("ipid", Word.SHOWN_WITH_VALUE),
          Map.entry("users", Word.SHOWN_WITH_VALUE),
          Map.entry("cache", Word.SHOWN_WITH_VALUE),
          Map.entry("mark", Word.SHOWN_WITH_VALUE),
          Map.entry("iif", Word.SHOWN_WITH_VALUE),
          Map.entry("pmtu", Word.SHOWN_WITH_VALUE),
          Map.entry("notify", Word.SHOWN_WITH_VALUE),
          Map.entry("lastuse", Word.SHOWN_WITH_VALUE),
          Map.entry("tableid", Word.SHOWN_WITH_VALUE),
          Map.entry("pervasive", Word.SHOWN_FLAG),
          Map.entry("offload", Word.SHOWN_FLAG),
          Map.entry("trap", Word.SHOWN_FLAG),
          Map.entry("rt_offload", Word.SHOWN_FLAG),
          Map.entry("rt_trap", Word.SHOWN_FLAG),
          Map.entry("rt_offload_failed", Word.SHOWN_FLAG),
          Map.entry("offload_failed", Word.SHOWN_FLAG),
          Map.entry("lock", Word.SHOWN_FLAG),
          Map.entry("unresolved", Word.SHOWN_FLAG),
          Map.entry("redirected", Word.SHOWN_FLAG),
          Map.entry("cloned", Word.SHOWN_FLAG));

  /** The words {@code ip route add} matches by any prefix ({@code matches()}), in its order. */
  private static final List<Map.Entry<String, Word>> BY_PREFIX =
      List.of(
          Map.entry("dsfield", Word.TOS),
          Map.entry("metric", Word.METRIC),
          Map.entry("priority", Word.METRIC),
          Map.entry("preference", Word.METRIC),
          Map.entry("protocol", Word.PROTOCOL),
          Map.entry("table", Word.TABLE),
          Map.entry("scope", Word.SCOPE));

  private RouteGrammar() {}

  /** What {@code word} is, exactly as {@code ip route show} prints it; empty for another word. */
  public static Optional<Word> shown(String word) {
    Word w = EXACT.get(word);
    if (w != null) {
      return Optional.of(w);
    }
    return BY_PREFIX.stream()
        .filter(e -> e.getKey().equals(word))
        .map(Map.Entry::getValue)
        .findFirst();
  }

  /**
   * What {@code word} is in {@code ip route add}, with iproute2's prefix matching; empty for a word
   * that is not a keyword (a route type or the destination).
   */
  public static Optional<Word> typed(String word) {
    Optional<Word> w = shown(word);
    if (w.isPresent() || word.isEmpty()) {
      return w;
    }
    return BY_PREFIX.stream()
        .filter(e -> e.getKey().startsWith(word))
        .map(Map.Entry::getValue)
        .findFirst();
  }
}
