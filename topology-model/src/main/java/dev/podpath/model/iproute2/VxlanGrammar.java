package dev.podpath.model.iproute2;

import java.util.Map;
import java.util.Optional;

/**
 * The words of a VXLAN device's settings, as {@code ip link add NAME type vxlan ...} takes them
 * ({@code vxlan_parse_opt}) and {@code ip -d link show} prints them back ({@code vxlan_print_opt}):
 * one vocabulary for the interpreter ({@code model.script.VxlanOptions}) and the dump reader
 * ({@code model.dump.TunnelKinds}), which differ only in what they do with a bad value (the command
 * fails as {@code ip} does, the dump warns and goes on).
 *
 * <pre>{@code
 * ip link add flannel.1 type vxlan id 1 local 192.168.2.16 dev enp0s5 dstport 8472 nolearning
 * vxlan id 1 local 192.168.2.16 dev enp0s5 srcport 0 0 dstport 8472 nolearning ttl auto ageing 300
 * }</pre>
 */
public final class VxlanGrammar {

  /** The kernel's default VXLAN port (not the IANA 4789) when {@code dstport} is not given or 0. */
  public static final int LINUX_DEFAULT_PORT = 8472;

  /** The largest VNI: 24 bits. */
  public static final int MAX_VNI = 0xFF_FFFF;

  /** What a word of the settings is. */
  public enum Word {
    /** {@code id VNI} ({@code vni} in the command). */
    ID,
    LOCAL,
    REMOTE,
    GROUP,
    /** {@code dev LOWER}: the underlay device. */
    DEV,
    DSTPORT,
    /** {@code srcport MIN MAX} ({@code port} in the command): two values. */
    SRCPORT,
    LEARNING,
    NOLEARNING,
    /** {@code ttl N|auto|inherit} ({@code hoplimit}). */
    TTL,
    /** A setting with one value that does not change podpath's datapath ({@code tos}, ...). */
    IGNORED_WITH_VALUE,
    /** A flag that does not change podpath's datapath ({@code udpcsum}, {@code norsc}, ...). */
    IGNORED_FLAG,
    /** A flag that makes the device one podpath does not model ({@code external}, ...). */
    NOT_MODELLED_FLAG
  }

  private static final Map<String, Word> WORDS =
      Map.ofEntries(
          Map.entry("id", Word.ID),
          Map.entry("vni", Word.ID),
          Map.entry("local", Word.LOCAL),
          Map.entry("remote", Word.REMOTE),
          Map.entry("group", Word.GROUP),
          Map.entry("dev", Word.DEV),
          Map.entry("dstport", Word.DSTPORT),
          Map.entry("srcport", Word.SRCPORT),
          Map.entry("port", Word.SRCPORT),
          Map.entry("learning", Word.LEARNING),
          Map.entry("nolearning", Word.NOLEARNING),
          Map.entry("ttl", Word.TTL),
          Map.entry("hoplimit", Word.TTL),
          Map.entry("tos", Word.IGNORED_WITH_VALUE),
          Map.entry("df", Word.IGNORED_WITH_VALUE),
          Map.entry("flowlabel", Word.IGNORED_WITH_VALUE),
          Map.entry("label", Word.IGNORED_WITH_VALUE),
          Map.entry("label_policy", Word.IGNORED_WITH_VALUE),
          Map.entry("ageing", Word.IGNORED_WITH_VALUE),
          Map.entry("maxaddr", Word.IGNORED_WITH_VALUE),
          Map.entry("maxaddress", Word.IGNORED_WITH_VALUE),
          Map.entry("udpcsum", Word.IGNORED_FLAG),
          Map.entry("noudpcsum", Word.IGNORED_FLAG),
          Map.entry("udp6zerocsumtx", Word.IGNORED_FLAG),
          Map.entry("noudp6zerocsumtx", Word.IGNORED_FLAG),
          Map.entry("udp6zerocsumrx", Word.IGNORED_FLAG),
          Map.entry("noudp6zerocsumrx", Word.IGNORED_FLAG),
          Map.entry("remcsumtx", Word.IGNORED_FLAG),
          Map.entry("noremcsumtx", Word.IGNORED_FLAG),
          Map.entry("remcsumrx", Word.IGNORED_FLAG),
          Map.entry("noremcsumrx", Word.IGNORED_FLAG),
          Map.entry("rsc", Word.IGNORED_FLAG),
          Map.entry("norsc", Word.IGNORED_FLAG),
          Map.entry("noproxy", Word.IGNORED_FLAG),
          Map.entry("noproxy_arp", Word.IGNORED_FLAG),
          Map.entry("nol2miss", Word.IGNORED_FLAG),
          Map.entry("nol3miss", Word.IGNORED_FLAG),
          Map.entry("noexternal", Word.IGNORED_FLAG),
          Map.entry("novnifilter", Word.IGNORED_FLAG),
          Map.entry("localbypass", Word.IGNORED_FLAG),
          Map.entry("nolocalbypass", Word.IGNORED_FLAG),
          Map.entry("proxy", Word.NOT_MODELLED_FLAG),
          Map.entry("l2miss", Word.NOT_MODELLED_FLAG),
          Map.entry("l3miss", Word.NOT_MODELLED_FLAG),
          Map.entry("external", Word.NOT_MODELLED_FLAG),
          Map.entry("collect_metadata", Word.NOT_MODELLED_FLAG),
          Map.entry("gbp", Word.NOT_MODELLED_FLAG),
          Map.entry("gpe", Word.NOT_MODELLED_FLAG),
          Map.entry("vnifilter", Word.NOT_MODELLED_FLAG));

  private VxlanGrammar() {}

  /** What {@code word} is; empty for a word iproute2 does not know here. */
  public static Optional<Word> word(String word) {
    return Optional.ofNullable(WORDS.get(word));
  }

  /**
   * The UDP destination port a {@code dstport} of {@code port} gives: 0 is the kernel's default.
   */
  public static int dstPort(int port) {
    return port == 0 ? LINUX_DEFAULT_PORT : port;
  }
}
