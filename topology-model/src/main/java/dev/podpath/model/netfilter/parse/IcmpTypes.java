package dev.podpath.model.netfilter.parse;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;

/** ICMP type names as libxt_icmp accepts them ({@code iptables -p icmp -h}). */
final class IcmpTypes {

  private static final String TABLE =
      "any 255 0 255;echo-reply 0 0 255;pong 0 0 255;"
          + "destination-unreachable 3 0 255;network-unreachable 3 0 0;host-unreachable 3 1 1;"
          + "protocol-unreachable 3 2 2;port-unreachable 3 3 3;fragmentation-needed 3 4 4;"
          + "source-route-failed 3 5 5;network-unknown 3 6 6;host-unknown 3 7 7;network-prohibited 3 9 9;"
          + "host-prohibited 3 10 10;TOS-network-unreachable 3 11 11;TOS-host-unreachable 3 12 12;"
          + "communication-prohibited 3 13 13;host-precedence-violation 3 14 14;precedence-cutoff 3 15 15;"
          + "source-quench 4 0 255;redirect 5 0 255;network-redirect 5 0 0;host-redirect 5 1 1;"
          + "TOS-network-redirect 5 2 2;TOS-host-redirect 5 3 3;echo-request 8 0 255;ping 8 0 255;"
          + "router-advertisement 9 0 255;router-solicitation 10 0 255;time-exceeded 11 0 255;"
          + "ttl-exceeded 11 0 255;ttl-zero-during-transit 11 0 0;ttl-zero-during-reassembly 11 1 1;"
          + "parameter-problem 12 0 255;ip-header-bad 12 0 0;required-option-missing 12 1 1;"
          + "timestamp-request 13 0 255;timestamp-reply 14 0 255;address-mask-request 17 0 255;"
          + "address-mask-reply 18 0 255";

  private IcmpTypes() {}

  /**
   * {@code {type, codeMin, codeMax}} for a name (a case-insensitive unique prefix) or {@code
   * type[/code]}.
   */
  static int[] parse(String text) {
    List<int[]> hits = new ArrayList<>();
    List<String> names = new ArrayList<>();
    String lower = text.toLowerCase(Locale.ROOT);
    for (String entry : TABLE.split(";")) {
      String[] p = entry.split(" ");
      if (p[0].toLowerCase(Locale.ROOT).startsWith(lower)) {
        int[] v = {Integer.parseInt(p[1]), Integer.parseInt(p[2]), Integer.parseInt(p[3])};
        if (p[0].equalsIgnoreCase(text)) {
          return v;
        }
        if (hits.stream().noneMatch(h -> java.util.Arrays.equals(h, v))) {
          hits.add(v);
          names.add(p[0]);
        }
      }
    }
    if (hits.size() == 1) {
      return hits.get(0);
    }
    if (hits.size() > 1) {
      throw IptablesError.parameter(
          "Ambiguous ICMP type `" + text + "': `" + names.get(0) + "' or `" + names.get(1) + "'?");
    }
    int slash = text.indexOf('/');
    OptionalLong type = Values.number(slash < 0 ? text : text.substring(0, slash));
    OptionalLong code = slash < 0 ? OptionalLong.of(-1) : Values.number(text.substring(slash + 1));
    if (type.isEmpty() || type.getAsLong() > 255 || code.isEmpty() || code.getAsLong() > 255) {
      throw IptablesError.parameter("Unknown ICMP type `" + text + "'");
    }
    int c = (int) code.getAsLong();
    return c < 0
        ? new int[] {(int) type.getAsLong(), 0, 255}
        : new int[] {(int) type.getAsLong(), c, c};
  }
}
