package dev.podpath.model.netfilter.parse;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.addr.Prefix;
import dev.podpath.model.netfilter.PortRange;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/** Values on an iptables command line, parsed with iptables' complaints. */
final class Values {

  /** Service names iptables resolves through {@code /etc/services} (the common ones). */
  private static final Map<String, Integer> SERVICES =
      Map.ofEntries(
          Map.entry("ftp-data", 20),
          Map.entry("ftp", 21),
          Map.entry("ssh", 22),
          Map.entry("telnet", 23),
          Map.entry("smtp", 25),
          Map.entry("domain", 53),
          Map.entry("bootps", 67),
          Map.entry("bootpc", 68),
          Map.entry("tftp", 69),
          Map.entry("http", 80),
          Map.entry("www", 80),
          Map.entry("kerberos", 88),
          Map.entry("pop3", 110),
          Map.entry("sunrpc", 111),
          Map.entry("ntp", 123),
          Map.entry("imap2", 143),
          Map.entry("snmp", 161),
          Map.entry("bgp", 179),
          Map.entry("ldap", 389),
          Map.entry("https", 443),
          Map.entry("submission", 587),
          Map.entry("ldaps", 636),
          Map.entry("imaps", 993),
          Map.entry("pop3s", 995),
          Map.entry("mysql", 3306),
          Map.entry("postgresql", 5432));

  private Values() {}

  /**
   * {@code -s}/{@code -d}: one or more comma-separated {@code addr[/len|/mask]}, host bits cleared.
   */
  static List<Prefix> prefixes(String text) {
    if (text.indexOf(',') < 0) {
      return List.of(prefix(text));
    }
    List<Prefix> out = new ArrayList<>();
    for (String one : text.split(",", -1)) {
      out.add(prefix(one));
    }
    return out;
  }

  static Prefix prefix(String text) {
    int slash = text.indexOf('/');
    String addr = slash < 0 ? text : text.substring(0, slash);
    Ipv4Address a =
        Ipv4Address.tryParse(addr)
            .orElseThrow(() -> IptablesError.parameter("host/network `" + addr + "' not found"));
    int len = 32;
    if (slash >= 0) {
      String m = text.substring(slash + 1);
      if (m.indexOf('.') >= 0) {
        len =
            Ipv4Address.tryParse(m)
                .flatMap(Prefix::lengthOfNetmask)
                .orElseThrow(() -> IptablesError.parameter("invalid mask `" + m + "' specified"));
      } else {
        OptionalLong n = number(m);
        if (n.isEmpty() || n.getAsLong() > 32) {
          throw IptablesError.parameter("invalid mask `" + m + "' specified");
        }
        len = (int) n.getAsLong();
      }
    }
    return Prefix.of(a, len);
  }

  /** A port number or service name. */
  static int port(String text) {
    OptionalLong n = number(text);
    if (n.isPresent() && n.getAsLong() <= 65535 && !text.startsWith("0x")) {
      return (int) n.getAsLong();
    }
    Integer s = SERVICES.get(text);
    if (s == null) {
      throw IptablesError.parameter("invalid port/service `" + text + "' specified");
    }
    return s;
  }

  /** {@code p}, {@code lo:hi}, {@code :hi} (from 0) or {@code lo:} (to 65535). */
  static PortRange portRange(String text) {
    int colon = text.indexOf(':');
    if (colon < 0) {
      return PortRange.of(port(text));
    }
    int lo = colon == 0 ? 0 : port(text.substring(0, colon));
    int hi = colon == text.length() - 1 ? 65535 : port(text.substring(colon + 1));
    if (lo > hi) {
      throw IptablesError.parameter("invalid portrange (min > max)");
    }
    return new PortRange(lo, hi);
  }

  /**
   * An unsigned number as {@code strtoul(..., 0)} reads it: decimal, {@code 0x} hex, leading-0
   * octal.
   */
  static OptionalLong number(String text) {
    try {
      if (text.startsWith("0x") || text.startsWith("0X")) {
        return text.length() > 2
            ? OptionalLong.of(Long.parseLong(text.substring(2), 16))
            : OptionalLong.empty();
      }
      if (text.length() > 1 && text.startsWith("0")) {
        return OptionalLong.of(Long.parseLong(text.substring(1), 8));
      }
      if (text.isEmpty() || !Character.isDigit(text.charAt(0))) {
        return OptionalLong.empty();
      }
      return OptionalLong.of(Long.parseLong(text));
    } catch (NumberFormatException e) {
      return OptionalLong.empty();
    }
  }

  /** A 32-bit value, or {@code MODULE: bad integer value for option "--OPT", or out of range.} */
  static long u32(String text, String module, String option) {
    OptionalLong n = number(text);
    if (n.isEmpty() || n.getAsLong() > 0xFFFF_FFFFL) {
      throw IptablesError.parameter(
          module + ": bad integer value for option \"" + option + "\", or out of range.");
    }
    return n.getAsLong();
  }

  /** {@code value[/mask]}; the mask is all ones when absent. */
  static long[] markMask(String text, String module, String option) {
    int slash = text.indexOf('/');
    String v = slash < 0 ? text : text.substring(0, slash);
    String m = slash < 0 ? null : text.substring(slash + 1);
    if (m != null && m.indexOf('/') >= 0) {
      throw IptablesError.parameter(
          module + ": trailing garbage after value for option \"" + option + "\".");
    }
    long value = u32(v, module, option);
    long mask = m == null ? 0xFFFF_FFFFL : u32(m, module, option);
    return new long[] {value, mask};
  }

  /** A device name for {@code -i}/{@code -o}/{@code --physdev-*}: at most 15 characters. */
  static String iface(String text) {
    if (text.length() > 15) {
      throw IptablesError.parameter(
          "interface name `" + text + "' must be shorter than IFNAMSIZ (15)");
    }
    return text;
  }
}
