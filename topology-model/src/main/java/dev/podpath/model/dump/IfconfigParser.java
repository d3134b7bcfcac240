package dev.podpath.model.dump;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.addr.MacAddress;
import dev.podpath.model.addr.Prefix;
import dev.podpath.model.origin.Origin;
import dev.podpath.model.route.RouteScope;
import dev.podpath.model.topo.IfAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code ifconfig} / {@code ifconfig -a} in both net-tools formats: the new one (net-tools
 * 2.x: {@code cni0: flags=4163<UP,BROADCAST,RUNNING,MULTICAST> mtu 1500}, {@code inet 10.10.1.1
 * netmask 255.255.255.0 broadcast 10.10.1.255}, {@code ether MAC}) and the old one (net-tools 1.60,
 * busybox: {@code eth0 Link encap:Ethernet HWaddr 02:42:AC:11:00:02}, {@code inet addr:172.17.0.2
 * Bcast:172.17.255.255 Mask:255.255.0.0}, {@code UP BROADCAST RUNNING MULTICAST MTU:1500}).
 *
 * <p>Per device: name, MAC, MTU, flags (UP; RUNNING is the carrier), and the IPv4 address with its
 * netmask, broadcast ({@code 0.0.0.0} means none) and point-to-point peer ({@code destination} /
 * {@code P-t-P}). An alias ({@code eth0:1}) adds its address to {@code eth0}. ifconfig shows no
 * ifindex, no device kinds, and no peer of a point-to-point address on a device without the
 * POINTOPOINT flag (a tap, a veth).
 */
public final class IfconfigParser {

  static final String COMMAND = "ifconfig -a";

  private static final Pattern NEW_HEADER = Pattern.compile("^(\\S+?): flags=\\d+<([^>]*)>(.*)$");
  private static final Pattern OLD_HEADER = Pattern.compile("^(\\S+)\\s+Link encap:(.*)$");
  private static final Set<String> OLD_FLAGS =
      Set.of(
          "UP",
          "BROADCAST",
          "RUNNING",
          "MULTICAST",
          "LOOPBACK",
          "NOARP",
          "POINTOPOINT",
          "PROMISC",
          "ALLMULTI",
          "DEBUG",
          "NOTRAILERS",
          "MASTER",
          "SLAVE",
          "DYNAMIC");
  private static final Pattern IGNORED_LINE =
      Pattern.compile(
          "^\\s*(inet6|RX|TX|collisions|Interrupt|Memory|device|unspec|txqueuelen|Base address"
              + "|infiniband|loop|ppp|tunnel|\\(Ethernet\\)|Scope|Metric).*");

  private IfconfigParser() {}

  /** A device being read. */
  private static final class Draft {
    String name;
    Optional<MacAddress> mac = Optional.empty();
    OptionalInt mtu = OptionalInt.empty();
    List<String> flags = new ArrayList<>();
    String linkType = "";
    final List<IfAddress> addresses = new ArrayList<>();
    Origin origin;
  }

  public static ParseResult<List<LinkFacts>> parse(String file, String content) {
    Warnings w = new Warnings(file);
    if (!Inputs.usable(content, COMMAND, w)
        || !Inputs.isExpected(content, Set.of(DumpFormat.IFCONFIG), COMMAND, w)) {
      return w.result(List.of());
    }
    Map<String, Draft> devices = new LinkedHashMap<>();
    Draft current = null;
    for (TextLine line : TextLine.split(content)) {
      if (line.isBlank()) {
        continue;
      }
      String t = line.text();
      Matcher nh = NEW_HEADER.matcher(t);
      Matcher oh = OLD_HEADER.matcher(t);
      if (!line.isIndented() && (nh.matches() || oh.matches())) {
        String name = nh.matches() ? nh.group(1) : oh.group(1);
        String base = name.contains(":") ? name.substring(0, name.indexOf(':')) : name;
        current = devices.get(base);
        if (current == null) {
          current = new Draft();
          current.name = base;
          current.origin = new Origin(file, line.number(), t.strip());
          devices.put(base, current);
        }
        if (nh.matches()) {
          if (current.flags.isEmpty()) {
            current.flags.addAll(List.of(nh.group(2).split(",")));
          }
          rest(current, line, Token.split(nh.group(3), nh.start(3)), w);
        } else {
          String encap = oh.group(2);
          current.linkType =
              encap.startsWith("Local Loopback")
                  ? "loopback"
                  : encap.startsWith("Ethernet") ? "ether" : current.linkType;
          if (encap.contains("HWaddr")) {
            rest(current, line, Token.split(encap, oh.start(2)), w);
          }
        }
        continue;
      }
      if (current == null) {
        w.add(
            line,
            1,
            "not part of an interface block (one starts with \"NAME: flags=\" or"
                + " \"NAME Link encap:\"); skipped");
        continue;
      }
      rest(current, line, line.tokens(), w);
    }
    List<LinkFacts> out = new ArrayList<>();
    for (Draft d : devices.values()) {
      out.add(
          new LinkFacts(
              d.name,
              0,
              "",
              d.linkType,
              d.mac,
              d.mtu,
              d.flags,
              "",
              Optional.empty(),
              Optional.empty(),
              Optional.empty(),
              Optional.empty(),
              d.addresses,
              d.origin));
    }
    return w.result(List.copyOf(out));
  }

  private static void rest(Draft d, TextLine line, List<Token> tokens, Warnings w) {
    if (tokens.isEmpty()) {
      return;
    }
    TokenCursor c = new TokenCursor(tokens);
    Token first = c.peek().orElseThrow();
    if (first.is("inet")) {
      c.next();
      inet(d, line, c, first, w);
      return;
    }
    if (OLD_FLAGS.contains(first.text())) {
      while (c.hasNext()) {
        Token k = c.next();
        if (OLD_FLAGS.contains(k.text())) {
          d.flags.add(k.text());
        } else if (k.text().startsWith("MTU:")) {
          mtu(d, line, k, k.text().substring(4), w);
        }
      }
      return;
    }
    boolean understood = false;
    while (c.hasNext()) {
      Token k = c.next();
      switch (k.text()) {
        case "mtu" -> {
          understood = true;
          c.value().ifPresent(v -> mtu(d, line, v, v.text(), w));
        }
        case "ether", "HWaddr" -> {
          understood = true;
          d.linkType = "ether";
          c.value()
              .ifPresent(
                  v -> {
                    d.mac = MacAddress.tryParse(v.text());
                    if (d.mac.isEmpty()) {
                      w.add(
                          line,
                          v,
                          "\"" + v + "\" is not a MAC address; the device is kept without one");
                    }
                  });
        }
        case "loop" -> {
          understood = true;
          d.linkType = "loopback";
        }
        default -> {
          if (k.text().startsWith("encap:") || k.text().startsWith("Ethernet")) {
            understood = true;
          }
        }
      }
    }
    if (!understood && !IGNORED_LINE.matcher(line.text()).matches()) {
      w.add(line, first, "an ifconfig line podpath does not know; ignored");
    }
  }

  private static void mtu(Draft d, TextLine line, Token at, String v, Warnings w) {
    try {
      int m = Integer.parseInt(v);
      if (m > 0) {
        d.mtu = OptionalInt.of(m);
        return;
      }
    } catch (NumberFormatException e) {
      // warned below
    }
    w.add(line, at, "MTU \"" + v + "\" is not a positive number; ignored");
  }

  /** {@code inet A netmask M broadcast B} or {@code inet addr:A Bcast:B Mask:M}. */
  private static void inet(Draft d, TextLine line, TokenCursor c, Token inet, Warnings w) {
    Optional<Ipv4Address> addr = Optional.empty();
    Optional<Ipv4Address> mask = Optional.empty();
    Optional<Ipv4Address> brd = Optional.empty();
    Optional<Ipv4Address> peer = Optional.empty();
    Token at = inet;
    while (c.hasNext()) {
      Token k = c.next();
      String t = k.text();
      int colon = t.indexOf(':');
      String key = colon > 0 ? t.substring(0, colon) : t;
      Optional<Token> v =
          colon > 0
              ? Optional.of(new Token(t.substring(colon + 1), k.column() + colon + 1))
              : Optional.empty();
      switch (key) {
        case "addr" -> {
          at = v.orElse(k);
          addr = v.flatMap(x -> Ipv4Address.tryParse(x.text()));
        }
        case "Bcast", "broadcast" ->
            brd = (v.isPresent() ? v : c.value()).flatMap(x -> Ipv4Address.tryParse(x.text()));
        case "Mask", "netmask" ->
            mask = (v.isPresent() ? v : c.value()).flatMap(x -> Ipv4Address.tryParse(x.text()));
        case "P-t-P", "destination" ->
            peer = (v.isPresent() ? v : c.value()).flatMap(x -> Ipv4Address.tryParse(x.text()));
        default -> {
          if (addr.isEmpty() && colon < 0) {
            at = k;
            addr = Ipv4Address.tryParse(t);
          }
        }
      }
    }
    if (addr.isEmpty()) {
      w.add(line, at, "no IPv4 address after \"inet\"; the line is skipped");
      return;
    }
    int len = 32;
    if (mask.isPresent()) {
      Optional<Integer> l = Prefix.lengthOfNetmask(mask.get());
      if (l.isEmpty()) {
        w.add(line, at, "netmask " + mask.get() + " is not contiguous; the address is skipped");
        return;
      }
      len = l.get();
    }
    Ipv4Address a = addr.get();
    RouteScope scope = a.isLoopback() ? RouteScope.HOST : RouteScope.GLOBAL;
    d.addresses.add(
        new IfAddress(
            a,
            len,
            peer.filter(p -> !p.equals(a)),
            brd.filter(b -> !b.isAny()),
            scope,
            new Origin(w.file(), line.number(), line.text().strip())));
  }
}
