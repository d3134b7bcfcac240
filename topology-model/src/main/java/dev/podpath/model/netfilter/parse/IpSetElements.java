package dev.podpath.model.netfilter.parse;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.addr.Prefix;
import dev.podpath.model.netfilter.IpSet;
import dev.podpath.model.netfilter.Protocols;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * Members of an ipset as {@code ipset add} reads them, one element per dimension of the set's type
 * ({@code hash:ip,port}: {@code 10.0.0.1,udp:53}). An {@code ip} dimension given a CIDR or a range
 * adds every address, as ipset does; port ranges likewise.
 */
final class IpSetElements {

  /** Most members one {@code add} may expand to (ipset refuses far larger ranges too). */
  static final int MAX_EXPANSION = 65536;

  private IpSetElements() {}

  /** The members {@code text} stands for in a set of {@code type}. */
  static List<IpSet.Member> parse(String type, String text) {
    List<String> dims = List.of(type.substring(type.indexOf(':') + 1).split(","));
    String[] parts = text.split(",", -1);
    if (parts.length != dims.size()) {
      throw new IpsetError(
          "Syntax error: Elem separator in " + text + ", but settype " + type + " supports none.");
    }
    List<List<Object[]>> choices = new ArrayList<>();
    for (int k = 0; k < parts.length; k++) {
      choices.add(dimension(dims.get(k), parts[k]));
    }
    List<IpSet.Member> out = new ArrayList<>();
    expand(choices, 0, new ArrayList<>(), out);
    return out;
  }

  private static void expand(
      List<List<Object[]>> choices, int k, List<Object[]> picked, List<IpSet.Member> out) {
    if (k == choices.size()) {
      StringBuilder text = new StringBuilder();
      List<IpSet.Element> elements = new ArrayList<>();
      for (Object[] p : picked) {
        text.append(text.length() > 0 ? "," : "").append(p[0]);
        elements.add((IpSet.Element) p[1]);
      }
      out.add(new IpSet.Member(text.toString(), elements));
      return;
    }
    for (Object[] c : choices.get(k)) {
      picked.add(c);
      expand(choices, k + 1, picked, out);
      picked.remove(picked.size() - 1);
      if (out.size() > MAX_EXPANSION) {
        throw new IpsetError("Hash is full, cannot add more elements");
      }
    }
  }

  /** The {@code {text, element}} pairs one dimension's text stands for. */
  private static List<Object[]> dimension(String dim, String text) {
    List<Object[]> out = new ArrayList<>();
    switch (dim) {
      case "ip", "net" -> {
        if (dim.equals("ip")) {
          for (Ipv4Address a : addresses(text)) {
            out.add(new Object[] {a.toString(), new IpSet.Element.Net(Prefix.of(a, 32))});
          }
        } else {
          Prefix p = prefix(text);
          out.add(
              new Object[] {
                p.length() == 32 ? p.network().toString() : p.toString(), new IpSet.Element.Net(p)
              });
        }
      }
      case "port" -> ports(text, out);
      case "iface" -> out.add(new Object[] {text, new IpSet.Element.Iface(text)});
      case "mark" -> {
        OptionalLong m = Values.number(text);
        if (m.isEmpty() || m.getAsLong() > 0xFFFF_FFFFL) {
          throw new IpsetError("Syntax error: '" + text + "' is invalid as number");
        }
        out.add(
            new Object[] {
              "0x" + String.format(Locale.ROOT, "%08x", m.getAsLong()),
              new IpSet.Element.Mark(m.getAsLong())
            });
      }
      default -> out.add(new Object[] {text, new IpSet.Element.Raw(text)});
    }
    return out;
  }

  private static List<Ipv4Address> addresses(String text) {
    int dash = text.indexOf('-');
    long lo;
    long hi;
    if (dash > 0) {
      lo = address(text.substring(0, dash)).unsigned();
      hi = address(text.substring(dash + 1)).unsigned();
    } else {
      Prefix p = prefix(text);
      lo = p.network().unsigned();
      hi = p.broadcast().unsigned();
    }
    if (hi < lo || hi - lo >= MAX_EXPANSION) {
      throw new IpsetError("Syntax error: range too large: " + text);
    }
    List<Ipv4Address> out = new ArrayList<>();
    for (long a = lo; a <= hi; a++) {
      out.add(new Ipv4Address((int) a));
    }
    return out;
  }

  private static Prefix prefix(String text) {
    int slash = text.indexOf('/');
    Ipv4Address a = address(slash < 0 ? text : text.substring(0, slash));
    if (slash < 0) {
      return Prefix.of(a, 32);
    }
    OptionalLong len = Values.number(text.substring(slash + 1));
    if (len.isEmpty() || len.getAsLong() > 32 || len.getAsLong() < 1) {
      throw new IpsetError(
          "Syntax error: '" + text.substring(slash + 1) + "' is out of range 1-32");
    }
    return Prefix.of(a, (int) len.getAsLong());
  }

  private static Ipv4Address address(String text) {
    return Ipv4Address.tryParse(text)
        .orElseThrow(
            () ->
                new IpsetError(
                    "Syntax error: cannot parse " + text + ": resolving to IPv4 address failed"));
  }

  /** {@code [proto:]port[-port]}; tcp by default; {@code icmp:NAME|type/code}. */
  private static void ports(String text, List<Object[]> out) {
    int colon = text.indexOf(':');
    String proto = colon < 0 ? "tcp" : text.substring(0, colon);
    String value = colon < 0 ? text : text.substring(colon + 1);
    int number =
        Protocols.parse(proto)
            .orElseThrow(
                () -> new IpsetError("Syntax error: cannot parse '" + proto + "' as a protocol"));
    if (number == Protocols.ICMP) {
      int[] t = IcmpTypes.parse(value);
      String name = value;
      out.add(new Object[] {"icmp:" + name, new IpSet.Element.Port(number, t[0] << 8 | t[1])});
      return;
    }
    int dash = value.indexOf('-');
    int lo;
    int hi;
    try {
      lo = Values.port(dash < 0 ? value : value.substring(0, dash));
      hi = dash < 0 ? lo : Values.port(value.substring(dash + 1));
    } catch (IptablesError e) {
      throw new IpsetError("Syntax error: cannot parse '" + value + "' as a " + proto + " port");
    }
    for (int p = lo; p <= hi; p++) {
      out.add(new Object[] {Protocols.name(number) + ":" + p, new IpSet.Element.Port(number, p)});
    }
  }
}
