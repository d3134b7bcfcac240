package dev.podpath.model.netfilter;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * IP protocol numbers and the names iptables reads and prints for them ({@code /etc/protocols} of
 * Debian 12, which iptables 1.8.9 consults).
 */
public final class Protocols {

  public static final int ICMP = 1;
  public static final int TCP = 6;
  public static final int UDP = 17;
  public static final int SCTP = 132;
  public static final int DCCP = 33;
  public static final int UDPLITE = 136;

  private static final String TABLE =
      "icmp 1;igmp 2;ggp 3;ipencap 4;st 5;tcp 6;egp 8;igp 9;pup 12;"
          + "udp 17;hmp 20;xns-idp 22;rdp 27;iso-tp4 29;dccp 33;xtp 36;ddp 37;idpr-cmtp 38;ipv6 41;"
          + "ipv6-route 43;ipv6-frag 44;idrp 45;rsvp 46;gre 47;esp 50;ah 51;skip 57;ipv6-icmp 58;"
          + "ipv6-nonxt 59;ipv6-opts 60;rspf 73;vmtp 81;eigrp 88;ospf 89;ax.25 93;ipip 94;etherip 97;"
          + "encap 98;pim 103;ipcomp 108;vrrp 112;l2tp 115;isis 124;sctp 132;fc 133;mobility-header 135;"
          + "udplite 136;mpls-in-ip 137;manet 138;hip 139;shim6 140;wesp 141;rohc 142;ethernet 143";

  private static final Map<Integer, String> NAMES = new TreeMap<>();
  private static final Map<String, Integer> NUMBERS = new TreeMap<>();

  static {
    for (String entry : TABLE.split(";")) {
      String[] p = entry.split(" ");
      int n = Integer.parseInt(p[1]);
      NAMES.put(n, p[0]);
      NUMBERS.put(p[0], n);
    }
    NUMBERS.put("all", 0);
    NUMBERS.put("ip", 0);
    NUMBERS.put("hopopt", 0);
    NUMBERS.put("icmpv6", 58);
  }

  private Protocols() {}

  /**
   * The name iptables prints for {@code number} ({@code tcp}, {@code gre}), or the number itself.
   */
  public static String name(int number) {
    return NAMES.getOrDefault(number, Integer.toString(number));
  }

  /**
   * The protocol number of a name (case-insensitive, as iptables accepts {@code -p TCP}) or of a
   * number 0-255; {@code all} is 0.
   */
  public static Optional<Integer> parse(String text) {
    if (!text.isEmpty() && digits(text)) {
      if (text.length() > 3) {
        return Optional.empty();
      }
      int n = Integer.parseInt(text);
      return n <= 255 ? Optional.of(n) : Optional.empty();
    }
    Integer n = NUMBERS.get(text);
    return Optional.ofNullable(n != null ? n : NUMBERS.get(text.toLowerCase(Locale.ROOT)));
  }

  private static boolean digits(String text) {
    for (int k = 0; k < text.length(); k++) {
      if (!Character.isDigit(text.charAt(k))) {
        return false;
      }
    }
    return true;
  }
}
