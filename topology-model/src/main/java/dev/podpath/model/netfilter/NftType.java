package dev.podpath.model.netfilter;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The data types of the values podpath models, with {@code nft}'s names ({@code type ipv4_addr .
 * inet_proto . inet_service}) and its symbolic constants ({@code tcp}, {@code established}, {@code
 * local}, {@code echo-request}).
 *
 * <pre>{@code
 * NftType.IPV4_ADDR.parse("10.0.0.0/8");   // Range 10.0.0.0 .. 10.255.255.255
 * NftType.INET_PROTO.parse("tcp");         // Range 6 .. 6
 * }</pre>
 */
public enum NftType {
  IPV4_ADDR("ipv4_addr", Map.of()),
  INET_PROTO("inet_proto", Map.of("icmp", 1L, "igmp", 2L, "tcp", 6L, "udp", 17L, "sctp", 132L)),
  INET_SERVICE(
      "inet_service",
      Map.of("http", 80L, "https", 443L, "ssh", 22L, "domain", 53L, "ntp", 123L, "smtp", 25L)),
  IFNAME("ifname", Map.of()),
  MARK("mark", Map.of()),
  /** The kernel's {@code NF_CT_STATE_BIT}s: invalid 1, established 2, related 4, new 8. */
  CT_STATE(
      "ct_state",
      Map.of("invalid", 1L, "established", 2L, "related", 4L, "new", 8L, "untracked", 64L)),
  /** The kernel's {@code RTN_*} route types. */
  FIB_ADDRTYPE(
      "fib_addrtype",
      Map.ofEntries(
          Map.entry("unspec", 0L),
          Map.entry("unicast", 1L),
          Map.entry("local", 2L),
          Map.entry("broadcast", 3L),
          Map.entry("anycast", 4L),
          Map.entry("multicast", 5L),
          Map.entry("blackhole", 6L),
          Map.entry("unreachable", 7L),
          Map.entry("prohibit", 8L))),
  ICMP_TYPE(
      "icmp_type",
      Map.of(
          "echo-reply", 0L,
          "destination-unreachable", 3L,
          "redirect", 5L,
          "echo-request", 8L,
          "time-exceeded", 11L,
          "parameter-problem", 12L)),
  NFPROTO("nf_proto", Map.of("ipv4", 2L, "ipv6", 10L)),
  INTEGER("integer", Map.of());

  private final String keyword;
  private final Map<String, Long> symbols;

  NftType(String keyword, Map<String, Long> symbols) {
    this.keyword = keyword;
    this.symbols = symbols;
  }

  public String keyword() {
    return keyword;
  }

  /** The type {@code nft} names so in a set's {@code type} ({@code ipv4_addr}...). */
  public static Optional<NftType> parse(String keyword) {
    for (NftType t : values()) {
      if (t.keyword.equals(keyword)) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }

  /**
   * One value of this type as written ({@code 10.0.0.0/8}, {@code 1000-2000}, {@code tcp}, {@code
   * "eth*"}).
   *
   * @throws IllegalArgumentException worded as a sentence, when the text is not such a value
   */
  public NftValue value(String text) {
    if (this == IFNAME) {
      String s =
          text.length() >= 2 && text.startsWith("\"") && text.endsWith("\"")
              ? text.substring(1, text.length() - 1)
              : text;
      if (s.isEmpty() || s.length() > 15) {
        throw new IllegalArgumentException("\"" + s + "\" is not an interface name");
      }
      return new NftValue.Name(s);
    }
    if (this == IPV4_ADDR) {
      int slash = text.indexOf('/');
      if (slash > 0) {
        long a = address(text.substring(0, slash));
        int len = number(text.substring(slash + 1), 0, 32);
        long mask = len == 0 ? 0 : (0xFFFFFFFFL << (32 - len)) & 0xFFFFFFFFL;
        return new NftValue.Range(this, a & mask, (a & mask) | (~mask & 0xFFFFFFFFL));
      }
    }
    int dash = text.indexOf('-', 1);
    if (dash > 0 && !symbols.containsKey(text)) {
      long lo = single(text.substring(0, dash));
      long hi = single(text.substring(dash + 1));
      if (hi < lo) {
        throw new IllegalArgumentException("range " + text + " is negative");
      }
      return new NftValue.Range(this, lo, hi);
    }
    long v = single(text);
    return new NftValue.Range(this, v, v);
  }

  private long single(String text) {
    Long sym = symbols.get(text);
    if (sym != null) {
      return sym;
    }
    if (this == IPV4_ADDR) {
      return address(text);
    }
    try {
      long v = text.startsWith("0x") ? Long.parseLong(text.substring(2), 16) : Long.parseLong(text);
      long max = max();
      if (v < 0 || v > max) {
        throw new IllegalArgumentException(
            "value " + text + " exceeds valid range 0-" + max + " of " + keyword);
      }
      return v;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "Could not parse " + keyword.replace('_', ' ') + " \"" + text + "\"");
    }
  }

  private long max() {
    return switch (this) {
      case INET_PROTO, ICMP_TYPE, NFPROTO -> 255;
      case INET_SERVICE -> 65535;
      case CT_STATE, FIB_ADDRTYPE -> 255;
      default -> 0xFFFFFFFFL;
    };
  }

  private static long address(String text) {
    String[] parts = text.split("\\.", -1);
    if (parts.length != 4) {
      throw new IllegalArgumentException("Could not resolve hostname: \"" + text + "\"");
    }
    long a = 0;
    for (String p : parts) {
      if (!p.matches("[0-9]{1,3}") || Integer.parseInt(p) > 255) {
        throw new IllegalArgumentException("Could not resolve hostname: \"" + text + "\"");
      }
      a = (a << 8) | Integer.parseInt(p);
    }
    return a;
  }

  private static int number(String text, int min, int max) {
    if (!text.matches("[0-9]{1,3}") || Integer.parseInt(text) < min) {
      throw new IllegalArgumentException("bad prefix length \"" + text + "\"");
    }
    int v = Integer.parseInt(text);
    if (v > max) {
      throw new IllegalArgumentException("bad prefix length \"" + text + "\"");
    }
    return v;
  }

  /** A value or range as {@code nft list ruleset} prints it. */
  String render(long lo, long hi) {
    if (this == IPV4_ADDR) {
      long size = hi - lo + 1;
      if (Long.bitCount(size) == 1 && (lo & (size - 1)) == 0 && size > 1) {
        return dotted(lo) + "/" + (32 - Long.numberOfTrailingZeros(size));
      }
      return lo == hi ? dotted(lo) : dotted(lo) + "-" + dotted(hi);
    }
    return lo == hi ? one(lo) : one(lo) + "-" + one(hi);
  }

  private String one(long v) {
    if (this == MARK) {
      return String.format("0x%08x", v);
    }
    if (this == INET_PROTO || this == CT_STATE || this == FIB_ADDRTYPE || this == ICMP_TYPE) {
      for (Map.Entry<String, Long> e : symbols.entrySet()) {
        if (e.getValue() == v) {
          return e.getKey();
        }
      }
    }
    return Long.toString(v);
  }

  /** The dotted quad of a 32-bit address. */
  public static String dotted(long a) {
    return List.of((a >> 24) & 255, (a >> 16) & 255, (a >> 8) & 255, a & 255).stream()
        .map(String::valueOf)
        .reduce((x, y) -> x + "." + y)
        .orElseThrow();
  }
}
