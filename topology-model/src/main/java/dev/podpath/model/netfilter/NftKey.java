package dev.podpath.model.netfilter;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * What a match or map looks up in the packet: a header field, packet metadata, conntrack's state, a
 * FIB lookup's route type, a random number, or several of them concatenated ({@code ip daddr . meta
 * l4proto . th dport}, kube-proxy's Service key).
 */
public sealed interface NftKey {

  /** The types of the values this key yields, one per component of a concatenation. */
  List<NftType> types();

  /** The key as {@code nft list ruleset} prints it. */
  String render();

  /** The header fields podpath models, with the protocol each one implies. */
  enum Field {
    IP_SADDR("ip saddr", NftType.IPV4_ADDR, 0),
    IP_DADDR("ip daddr", NftType.IPV4_ADDR, 0),
    IP_PROTOCOL("ip protocol", NftType.INET_PROTO, 0),
    TCP_SPORT("tcp sport", NftType.INET_SERVICE, 6),
    TCP_DPORT("tcp dport", NftType.INET_SERVICE, 6),
    UDP_SPORT("udp sport", NftType.INET_SERVICE, 17),
    UDP_DPORT("udp dport", NftType.INET_SERVICE, 17),
    /** The transport header's port, whatever the protocol (kube-proxy's {@code th dport}). */
    TH_SPORT("th sport", NftType.INET_SERVICE, 0),
    TH_DPORT("th dport", NftType.INET_SERVICE, 0),
    ICMP_TYPE("icmp type", NftType.ICMP_TYPE, 1);

    private final String text;
    private final NftType type;
    private final int protocol;

    Field(String text, NftType type, int protocol) {
      this.text = text;
      this.type = type;
      this.protocol = protocol;
    }

    public String text() {
      return text;
    }

    public NftType type() {
      return type;
    }

    /** The IP protocol the field belongs to (its implied {@code meta l4proto}), 0 for any. */
    public int protocol() {
      return protocol;
    }
  }

  /** A header field: {@code ip saddr}, {@code tcp dport}. */
  record Payload(Field field) implements NftKey {
    public Payload {
      Objects.requireNonNull(field, "field");
    }

    public List<NftType> types() {
      return List.of(field.type());
    }

    public String render() {
      return field.text();
    }
  }

  /** The packet's metadata podpath models. */
  enum MetaKey {
    IIFNAME("iifname", NftType.IFNAME),
    OIFNAME("oifname", NftType.IFNAME),
    L4PROTO("l4proto", NftType.INET_PROTO),
    MARK("mark", NftType.MARK),
    NFPROTO("nfproto", NftType.NFPROTO);

    private final String word;
    private final NftType type;

    MetaKey(String word, NftType type) {
      this.word = word;
      this.type = type;
    }

    public String word() {
      return word;
    }

    public NftType type() {
      return type;
    }
  }

  /**
   * {@code meta KEY}, with a mask for {@code meta mark and 0x4000} ({@code -1}: none).
   *
   * @param mask ANDed with the value before the comparison, or {@code -1}
   */
  record Meta(MetaKey key, long mask) implements NftKey {
    public Meta {
      Objects.requireNonNull(key, "key");
    }

    public List<NftType> types() {
      return List.of(key.type());
    }

    public String render() {
      String s = "meta " + key.word();
      return mask < 0 ? s : s + " & " + String.format("0x%08x", mask);
    }
  }

  /** {@code ct state}. */
  record CtStateKey() implements NftKey {
    public List<NftType> types() {
      return List.of(NftType.CT_STATE);
    }

    public String render() {
      return "ct state";
    }
  }

  /**
   * {@code fib saddr type} or {@code fib daddr type}: the type of the route to the address in the
   * namespace's FIB ({@code local} for one of its own addresses).
   */
  record FibType(boolean source) implements NftKey {
    public List<NftType> types() {
      return List.of(NftType.FIB_ADDRTYPE);
    }

    public String render() {
      return "fib " + (source ? "saddr" : "daddr") + " type";
    }
  }

  /** {@code numgen random mod N [offset O]}: a random number from O to O+N-1. */
  record Numgen(int modulus, int offset) implements NftKey {
    public Numgen {
      if (modulus < 1) {
        throw new IllegalArgumentException("numgen modulus " + modulus);
      }
    }

    public List<NftType> types() {
      return List.of(NftType.INTEGER);
    }

    public String render() {
      return "numgen random mod " + modulus + (offset == 0 ? "" : " offset " + offset);
    }
  }

  /** Several keys joined with {@code .}. */
  record Concat(List<NftKey> parts) implements NftKey {
    public Concat {
      parts = List.copyOf(parts);
      if (parts.size() < 2 || parts.stream().anyMatch(Concat.class::isInstance)) {
        throw new IllegalArgumentException("a concatenation of " + parts);
      }
    }

    public List<NftType> types() {
      return parts.stream().flatMap(p -> p.types().stream()).toList();
    }

    public String render() {
      return parts.stream().map(NftKey::render).collect(Collectors.joining(" . "));
    }
  }
}
