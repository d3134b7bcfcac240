package dev.podpath.model.dump;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.addr.MacAddress;
import dev.podpath.model.addr.Prefix;
import dev.podpath.model.origin.Origin;
import dev.podpath.model.route.RouteScope;
import dev.podpath.model.topo.BridgePort;
import dev.podpath.model.topo.IfAddress;
import dev.podpath.model.topo.LinkKind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The device blocks of the text of {@code ip [-d] [-o] link} and {@code ip [-o] addr} (also busybox
 * {@code ip addr}). Package-private.
 */
final class IpTextDevices {

  private static final Pattern HEADER =
      Pattern.compile("^(\\d+):\\s+([^\\s:@]+(?::\\d+)?)(?:@([^\\s:]+))?:\\s+<([^>]*)>(.*)$");
  private static final Pattern ONELINE_ADDR =
      Pattern.compile("^(\\d+):\\s+([^\\s@]+)\\s+(inet6?|link/\\S+)\\s(.*)$");

  /** Words that start a detail line of {@code -d} without naming a kind. */
  private static final Set<String> NOT_KINDS =
      Set.of(
          "addrgenmode",
          "altname",
          "valid_lft",
          "inet6",
          "numtxqueues",
          "prop",
          "vf",
          "alias",
          "bond_slave",
          "team_slave",
          "vrf_slave",
          "RX:",
          "TX:",
          "RX",
          "TX",
          "cache",
          "link-netnsid",
          "link-netns",
          "gso_max_size",
          "promiscuity");

  private IpTextDevices() {}

  /** A device being read. */
  private static final class Draft {
    String name;
    int index;
    String type = "";
    String linkType = "";
    Optional<MacAddress> mac = Optional.empty();
    OptionalInt mtu = OptionalInt.empty();
    List<String> flags = List.of();
    String operstate = "";
    Optional<String> master = Optional.empty();
    Optional<BridgePort> port = Optional.empty();
    Optional<LinkKind> details = Optional.empty();
    Optional<String> linkName = Optional.empty();
    OptionalInt linkIndex = OptionalInt.empty();
    OptionalInt linkNetnsId = OptionalInt.empty();
    Optional<String> linkNetns = Optional.empty();
    final List<IfAddress> addresses = new ArrayList<>();
    Origin origin;

    /**
     * Whether a header line ({@code N: NAME: <FLAGS> ...}) showed the flags; {@code ip -o addr} has
     * none.
     */
    boolean stateShown;

    LinkFacts build() {
      Optional<LinkFacts.LinkRef> link =
          linkName.isPresent() || linkIndex.isPresent()
              ? Optional.of(new LinkFacts.LinkRef(linkName, linkIndex, linkNetnsId, linkNetns))
              : Optional.empty();
      return new LinkFacts(
          name,
          index,
          type,
          linkType,
          mac,
          mtu,
          flags,
          operstate,
          master,
          port,
          details,
          link,
          addresses,
          origin,
          stateShown);
    }
  }

  static List<LinkFacts> read(String content, Warnings w) {
    Map<String, Draft> devices = new LinkedHashMap<>();
    Draft current = null;
    for (TextLine raw : TextLine.split(content)) {
      for (TextLine line : oneLineSegments(raw)) {
        if (line.isBlank()) {
          continue;
        }
        Matcher h = HEADER.matcher(line.text());
        if (h.matches()) {
          current = header(h, line, w);
          devices.put(current.name, current);
          continue;
        }
        Matcher o = ONELINE_ADDR.matcher(line.text());
        if (o.matches()) {
          Draft d = devices.get(o.group(2));
          if (d == null) {
            d = new Draft();
            d.name = o.group(2);
            d.index = Integer.parseInt(o.group(1));
            d.origin = new Origin(w.file(), line.number(), line.text().strip());
            devices.put(d.name, d);
          }
          current = d;
          int col = o.start(3);
          detail(
              d,
              new TextLine(line.number(), line.text()),
              Token.split(line.text().substring(col), col),
              w);
          continue;
        }
        if (current == null || !line.isIndented()) {
          w.add(
              line,
              1,
              "not part of a device block of `ip link`/`ip addr` (a device starts with"
                  + " \"N: NAME: <FLAGS>\"); skipped");
          continue;
        }
        detail(current, line, line.tokens(), w);
      }
    }
    return devices.values().stream().map(Draft::build).toList();
  }

  /** {@code ip -o} joins a device's lines with a backslash; they are split back apart. */
  private static List<TextLine> oneLineSegments(TextLine line) {
    String t = line.text();
    if (t.indexOf('\\') < 0) {
      return List.of(line);
    }
    List<TextLine> out = new ArrayList<>();
    String[] parts = t.split("\\\\", -1);
    out.add(new TextLine(line.number(), parts[0]));
    int offset = parts[0].length() + 1;
    for (int i = 1; i < parts.length; i++) {
      // Keep columns right: pad with spaces up to the segment's place in the line.
      out.add(new TextLine(line.number(), " ".repeat(offset) + parts[i]));
      offset += parts[i].length() + 1;
    }
    return out;
  }

  private static Draft header(Matcher h, TextLine line, Warnings w) {
    Draft d = new Draft();
    d.index = Integer.parseInt(h.group(1).length() > 9 ? "0" : h.group(1));
    d.name = h.group(2);
    d.origin = new Origin(w.file(), line.number(), line.text().strip());
    if (h.group(3) != null && !h.group(3).equals("NONE")) {
      String at = h.group(3);
      if (at.matches("if\\d{1,9}")) {
        d.linkIndex = OptionalInt.of(Integer.parseInt(at.substring(2)));
      } else {
        d.linkName = Optional.of(at);
      }
    }
    d.flags = h.group(4).isEmpty() ? List.of() : Arrays.asList(h.group(4).split(","));
    d.stateShown = true;
    int col = h.start(5);
    TokenCursor c = new TokenCursor(Token.split(h.group(5), col));
    while (c.hasNext()) {
      Token k = c.next();
      switch (k.text()) {
        case "mtu" ->
            c.value()
                .ifPresent(
                    v -> {
                      OptionalLong m = JsonFields.parseLong(v.text());
                      if (m.isPresent() && m.getAsLong() > 0 && m.getAsLong() < Integer.MAX_VALUE) {
                        d.mtu = OptionalInt.of((int) m.getAsLong());
                      } else {
                        w.add(line, v, "mtu \"" + v + "\" is not a positive number; ignored");
                      }
                    });
        case "master" -> d.master = c.value().map(Token::text);
        case "state" -> d.operstate = c.value().map(Token::text).orElse("");
        case "qdisc", "mode", "group", "qlen", "link-netnsid", "link-netns" -> c.value();
        default -> {
          // Other words (e.g. "portid", "event") are read past.
        }
      }
    }
    return d;
  }

  private static void detail(Draft d, TextLine line, List<Token> tokens, Warnings w) {
    if (tokens.isEmpty()) {
      return;
    }
    TokenCursor c = new TokenCursor(tokens);
    Token first = c.next();
    String f = first.text();
    if (f.startsWith("link/")) {
      d.linkType = f.substring(5);
      c.value()
          .ifPresent(
              v -> {
                if (d.linkType.equals("ether") || d.linkType.equals("loopback")) {
                  d.mac = MacAddress.tryParse(v.text());
                  if (d.mac.isEmpty()) {
                    w.add(
                        line,
                        v,
                        "\"" + v + "\" is not a MAC address; the device is kept without one");
                  }
                }
              });
      while (c.hasNext()) {
        Token k = c.next();
        switch (k.text()) {
          case "link-netnsid" ->
              c.value()
                  .flatMap(v -> integer(v.text()))
                  .ifPresent(n -> d.linkNetnsId = OptionalInt.of(n));
          case "link-netns" -> d.linkNetns = c.value().map(Token::text);
          case "brd", "peer", "permaddr" -> c.value();
          default -> {
            // promiscuity, minmtu, ... and the -d attributes of some versions: read past.
          }
        }
      }
      return;
    }
    if (f.equals("inet")) {
      address(d, line, c, first, w);
      return;
    }
    if (f.equals("bridge_slave")) {
      boolean hairpin = false;
      boolean learning = true;
      boolean flood = true;
      while (c.hasNext()) {
        Token k = c.next();
        switch (k.text()) {
          case "hairpin" -> hairpin = c.value().map(v -> v.is("on")).orElse(false);
          case "learning" -> learning = c.value().map(v -> v.is("on")).orElse(true);
          case "flood" -> flood = c.value().map(v -> v.is("on")).orElse(true);
          default -> {}
        }
      }
      d.port = Optional.of(new BridgePort(hairpin, learning, flood));
      return;
    }
    if (NOT_KINDS.contains(f) || f.startsWith("inet6") || !f.matches("[a-z][a-z0-9_]*")) {
      return;
    }
    d.type = f;
    if (f.equals("bridge")) {
      int ageing = 30000;
      boolean stp = false;
      while (c.hasNext()) {
        Token k = c.next();
        if (k.is("ageing_time")) {
          ageing = c.value().flatMap(v -> integer(v.text())).orElse(ageing);
        } else if (k.is("stp_state")) {
          stp = c.value().flatMap(v -> integer(v.text())).orElse(0) != 0;
        }
      }
      d.details = Optional.of(new LinkKind.Bridge(ageing, stp, false, false));
    } else if (f.equals("vxlan")) {
      d.details = Optional.of(TunnelKinds.vxlanFromText(c, d.name, line, w));
    } else if (f.equals("tun")) {
      d.details = Optional.of(TunnelKinds.tunFromText(c, d.linkType));
    } else if (f.equals("ipip")) {
      d.details = Optional.of(TunnelKinds.ipipFromText(c, d.name, line, w));
    }
  }

  private static void address(Draft d, TextLine line, TokenCursor c, Token inet, Warnings w) {
    Optional<Token> a = c.value();
    if (a.isEmpty()) {
      w.add(line, inet, "\"inet\" without an address; skipped");
      return;
    }
    String[] al = a.get().text().split("/", 2);
    Optional<Ipv4Address> addr = Ipv4Address.tryParse(al[0]);
    Optional<Integer> len = al.length > 1 ? integer(al[1]).filter(l -> l <= 32) : Optional.of(32);
    if (addr.isEmpty() || len.isEmpty()) {
      w.add(
          line,
          a.get(),
          "\"" + a.get() + "\" is not an IPv4 address with a prefix length;" + " skipped");
      return;
    }
    int prefixLength = len.get();
    Optional<Ipv4Address> peer = Optional.empty();
    Optional<Ipv4Address> brd = Optional.empty();
    RouteScope scope = RouteScope.GLOBAL;
    while (c.hasNext()) {
      Token k = c.next();
      switch (k.text()) {
        case "peer" -> {
          Optional<Token> v = c.value();
          Optional<Prefix> p = v.flatMap(t -> Prefix.tryParse(t.text()));
          if (p.isEmpty()) {
            w.add(line, v.orElse(k), "peer is not an IPv4 address; the address is skipped");
            return;
          }
          peer = Optional.of(p.get().network());
          prefixLength = p.get().length();
        }
        case "brd" -> {
          Optional<Token> v = c.value();
          brd = v.flatMap(t -> Ipv4Address.tryParse(t.text()));
          if (brd.isEmpty()) {
            w.add(line, v.orElse(k), "brd is not an IPv4 address; ignored");
          }
        }
        case "scope" -> {
          Optional<Token> v = c.value();
          Optional<RouteScope> s = v.flatMap(t -> RouteScope.parse(t.text()));
          if (s.isEmpty()) {
            w.add(line, v.orElse(k), "unknown scope; global is assumed");
          }
          scope = s.orElse(RouteScope.GLOBAL);
        }
        case "proto", "metric" -> c.value();
        default -> {
          // secondary, dynamic, noprefixroute, the label, ...: not modelled.
        }
      }
    }
    d.addresses.add(
        new IfAddress(
            addr.get(),
            prefixLength,
            peer,
            brd,
            scope,
            new Origin(w.file(), line.number(), line.text().strip())));
  }

  private static Optional<Integer> integer(String s) {
    OptionalLong v = JsonFields.parseLong(s);
    return v.isPresent() && v.getAsLong() >= 0 && v.getAsLong() <= Integer.MAX_VALUE
        ? Optional.of((int) v.getAsLong())
        : Optional.empty();
  }
}
