package dev.podpath.model.dump;

import static dev.podpath.model.dump.JsonFields.bool;
import static dev.podpath.model.dump.JsonFields.number;
import static dev.podpath.model.dump.JsonFields.text;

import com.fasterxml.jackson.databind.JsonNode;
import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.iproute2.VxlanGrammar;
import dev.podpath.model.topo.LinkKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The settings of VXLAN, TUN and IPIP devices as {@code ip -d link} prints them (iproute2's {@code
 * vxlan_print_opt}, {@code tun_print_opt} and {@code iptunnel_print_opt}), JSON ({@code
 * linkinfo.info_data}) and text (the detail line after the kind), read into the model's {@link
 * LinkKind.Vxlan}, {@link LinkKind.Tun} and {@link LinkKind.Ipip}. Package-private.
 *
 * <pre>{@code
 * vxlan id 1 local 192.168.1.10 dev eth0 srcport 0 0 dstport 8472 nolearning ttl auto ageing 300 ...
 * {"info_kind":"vxlan","info_data":{"id":1,"local":"192.168.1.10","link":"eth0","port":8472,
 *  "learning":false,"ttl":0,...}}
 * tun type tun pi off vnet_hdr off persist on
 * {"info_kind":"tun","info_data":{"type":"tun","pi":false,"vnet_hdr":false,"persist":true}}
 * ipip any remote any local any ttl inherit nopmtudisc                   (tunl0, as Calico uses it)
 * ipip ipip remote 203.0.113.20 local 198.51.100.10 ttl 64 pmtudisc
 * {"info_kind":"ipip","info_data":{"proto":"any","remote":"any","local":"any","ttl":0,"pmtudisc":false}}
 * }</pre>
 *
 * <p>IPIP: {@code any} is no fixed endpoint, a TTL of 0 ({@code ttl inherit} in text) inherits the
 * inner packet's, {@code [no]pmtudisc} is whether the outer header always has DF. The device named
 * {@code tunl0} is the namespace's fallback device (the kernel gives that name to no other). The
 * protocol word ({@code ipip}, {@code any}: iproute2 4.x and later print it) is optional; a tunnel
 * in {@code external} mode, carrying another protocol ({@code ip6ip}, {@code mplsip}), or with a
 * UDP encapsulation ({@code encap fou|gue}) is kept as {@link LinkKind.NotModelled}.
 *
 * <p>What a dump leaves out is the kernel's default, as {@code ip link add ... type vxlan} leaves
 * it (and as the scenario interpreter fills it): no {@code dstport} (or 0) is 8472, no learning
 * word is learning on, a TTL of 0 is {@code auto}. The TTL the kernel calls inherit is printed
 * {@code ttl inherit} in text and left out of the JSON (iproute2 4.19 to 7.1 print {@code "ttl"} in
 * every other case), so a JSON without {@code "ttl"} is inherit; {@code "ttl":"inherit"} is read
 * too. Known ambiguity: iproute2 before 4.19 printed {@code ttl inherit} for a TTL of 0, which is
 * {@code auto} (those kernels had no TTL inherit); podpath reads the words as today's. Only IPv4
 * underlays are modelled: a VXLAN device with {@code local6}/{@code group6}/{@code remote6}, or in
 * {@code external} (collect-metadata) mode, or with proxy ARP, l2miss/l3miss, GBP or GPE is kept as
 * {@link LinkKind.NotModelled}. The {@code remote} address is not part of the kind: the kernel
 * shows it again as the all-zero FDB entry ({@code 00:00:00:00:00:00 dev vx0 dst REMOTE}).
 */
final class TunnelKinds {

  /**
   * Settings with which podpath's VXLAN datapath would be wrong: the device is kept, not modelled.
   */
  private static final List<String> NOT_MODELLED_FLAGS =
      List.of("external", "vnifilter", "proxy", "l2miss", "l3miss", "gbp", "gpe");

  private static final List<String> IPV6_FIELDS = List.of("local6", "group6", "remote6");

  /** Words of the detail line that start iproute2's generic attributes, after the kind's own. */
  private static final Set<String> GENERIC =
      Set.of(
          "addrgenmode",
          "numtxqueues",
          "numrxqueues",
          "gso_max_size",
          "gso_max_segs",
          "tso_max_size",
          "tso_max_segs",
          "gro_max_size",
          "gso_ipv4_max_size",
          "gro_ipv4_max_size",
          "parentbus",
          "parentdev");

  private TunnelKinds() {}

  /** A VXLAN device's {@code info_data}. */
  static LinkKind vxlanFromJson(JsonNode data, String dev, JsonElements.Element e, Warnings w) {
    for (String f : NOT_MODELLED_FLAGS) {
      if (bool(data, f).orElse(false)) {
        return new LinkKind.NotModelled("vxlan " + f);
      }
    }
    for (String f : IPV6_FIELDS) {
      if (text(data, f).isPresent()) {
        return new LinkKind.NotModelled("vxlan over IPv6");
      }
    }
    OptionalLong vni = number(data, "id");
    if (vni.isEmpty() || vni.getAsLong() < 0 || vni.getAsLong() > VxlanGrammar.MAX_VNI) {
      w.add(
          e.line(),
          e.column(),
          e.text(),
          "device "
              + dev
              + ": a vxlan without an \"id\" (VNI) of 0.."
              + VxlanGrammar.MAX_VNI
              + "; the device is kept as not modelled");
      return new LinkKind.NotModelled("vxlan");
    }
    Optional<Ipv4Address> local = address(data, "local", dev, e, w);
    Optional<Ipv4Address> group = address(data, "group", dev, e, w);
    Optional<String> lower = text(data, "link");
    int port = VxlanGrammar.LINUX_DEFAULT_PORT;
    if (data.has("port")) {
      OptionalInt p =
          inRange(
              data,
              "port",
              0,
              65535,
              "device "
                  + dev
                  + ": vxlan \"port\" "
                  + data.get("port")
                  + " is not a UDP port; the kernel's default "
                  + VxlanGrammar.LINUX_DEFAULT_PORT
                  + " is assumed",
              e,
              w);
      if (p.isPresent() && p.getAsInt() != 0) {
        port = p.getAsInt();
      }
    }
    boolean learning = bool(data, "learning").orElse(true);
    int ttl = 0;
    boolean inherit = false;
    JsonNode t = data.get("ttl");
    if (t == null || (t.isTextual() && t.asText().equals("inherit"))) {
      inherit = true;
    } else if (t.isTextual() && t.asText().equals("auto")) {
      ttl = 0;
    } else {
      ttl =
          inRange(
                  data,
                  "ttl",
                  0,
                  255,
                  "device "
                      + dev
                      + ": vxlan \"ttl\" "
                      + t
                      + " is not 0..255 or \"inherit\"; auto (0) is assumed",
                  e,
                  w)
              .orElse(0);
    }
    return new LinkKind.Vxlan(
        (int) vni.getAsLong(), local, group, lower, port, learning, ttl, inherit);
  }

  /**
   * A number field of {@code info_data} within {@code lo..hi}; otherwise {@code warning} is added
   * at the element and nothing is returned (the caller assumes what the warning says).
   */
  private static OptionalInt inRange(
      JsonNode data,
      String field,
      int lo,
      int hi,
      String warning,
      JsonElements.Element e,
      Warnings w) {
    OptionalLong v = number(data, field);
    if (v.isPresent() && v.getAsLong() >= lo && v.getAsLong() <= hi) {
      return OptionalInt.of((int) v.getAsLong());
    }
    w.add(e.line(), e.column(), e.text(), warning);
    return OptionalInt.empty();
  }

  private static Optional<Ipv4Address> address(
      JsonNode data, String field, String dev, JsonElements.Element e, Warnings w) {
    Optional<String> v = text(data, field);
    if (v.isEmpty()) {
      return Optional.empty();
    }
    Optional<Ipv4Address> a = Ipv4Address.tryParse(v.get());
    if (a.isEmpty()) {
      w.add(
          e.line(),
          e.column(),
          e.text(),
          "device "
              + dev
              + ": vxlan \""
              + field
              + "\" "
              + v.get()
              + " is not an IPv4 address; ignored");
    }
    return a;
  }

  /** A TUN device's {@code info_data}: {@code "type":"tun"} is a TUN, {@code "tap"} a TAP. */
  static LinkKind tunFromJson(JsonNode data, String linkType) {
    return tun(text(data, "type"), linkType);
  }

  private static LinkKind tun(Optional<String> type, String linkType) {
    // Without a type (older iproute2 printed none), the link layer tells: a TAP has Ethernet.
    String t = type.orElse(linkType.equals("ether") ? "tap" : "tun");
    return t.equals("tun") ? new LinkKind.Tun(Optional.empty()) : new LinkKind.NotModelled(t);
  }

  /** The words after {@code tun} on a detail line: {@code type tun pi off vnet_hdr off ...}. */
  static LinkKind tunFromText(TokenCursor c, String linkType) {
    Optional<String> type = Optional.empty();
    while (c.hasNext()) {
      Token k = c.next();
      if (k.is("type")) {
        type = c.value().map(Token::text);
      } else if (GENERIC.contains(k.text())) {
        break;
      }
    }
    return tun(type, linkType);
  }

  /** The words after {@code vxlan} on a detail line of {@code ip -d link}. */
  static LinkKind vxlanFromText(TokenCursor c, String dev, TextLine line, Warnings w) {
    Long vni = null;
    boolean idSeen = false;
    Optional<Ipv4Address> local = Optional.empty();
    Optional<Ipv4Address> group = Optional.empty();
    Optional<String> lower = Optional.empty();
    int port = VxlanGrammar.LINUX_DEFAULT_PORT;
    boolean learning = true;
    int ttl = 0;
    boolean inherit = false;
    List<String> notModelled = new ArrayList<>();
    while (c.hasNext()) {
      Token k = c.next();
      String word = k.text();
      if (GENERIC.contains(word)) {
        break;
      }
      switch (VxlanGrammar.word(word).orElse(VxlanGrammar.Word.IGNORED_FLAG)) {
        case ID -> {
          idSeen = true;
          Optional<Token> v = c.value();
          OptionalLong n = v.map(t -> JsonFields.parseLong(t.text())).orElse(OptionalLong.empty());
          if (n.isPresent() && n.getAsLong() >= 0 && n.getAsLong() <= VxlanGrammar.MAX_VNI) {
            vni = n.getAsLong();
          } else {
            w.add(
                line,
                v.orElse(k),
                "device "
                    + dev
                    + ": vxlan id \""
                    + v.map(Token::text).orElse("")
                    + "\" is not a VNI (0.."
                    + VxlanGrammar.MAX_VNI
                    + "); the device is kept as not modelled");
          }
        }
        case LOCAL, GROUP, REMOTE -> {
          Optional<Token> v = c.value();
          if (v.isPresent() && v.get().text().contains(":")) {
            notModelled.add("over IPv6");
            continue;
          }
          Optional<Ipv4Address> a = v.flatMap(t -> Ipv4Address.tryParse(t.text()));
          if (a.isEmpty()) {
            w.add(
                line,
                v.orElse(k),
                "device "
                    + dev
                    + ": vxlan "
                    + word
                    + " \""
                    + v.map(Token::text).orElse("")
                    + "\" is not an IPv4 address; ignored");
          } else if (word.equals("local")) {
            local = a;
          } else if (word.equals("group")) {
            group = a;
          }
        }
        case DEV -> lower = c.value().map(Token::text);
        case DSTPORT -> {
          Optional<Token> v = c.value();
          OptionalLong n = v.map(t -> JsonFields.parseLong(t.text())).orElse(OptionalLong.empty());
          if (n.isEmpty() || n.getAsLong() < 0 || n.getAsLong() > 65535) {
            w.add(
                line,
                v.orElse(k),
                "device "
                    + dev
                    + ": vxlan dstport \""
                    + v.map(Token::text).orElse("")
                    + "\" is not a UDP port; the kernel's default "
                    + VxlanGrammar.LINUX_DEFAULT_PORT
                    + " is assumed");
          } else if (n.getAsLong() != 0) {
            port = (int) n.getAsLong();
          }
        }
        case SRCPORT -> {
          c.value();
          c.value();
        }
        case LEARNING -> learning = true;
        case NOLEARNING -> learning = false;
        case TTL -> {
          Optional<Token> v = c.value();
          String s = v.map(Token::text).orElse("");
          if (s.equals("inherit")) {
            inherit = true;
          } else if (!s.equals("auto")) {
            OptionalLong n = JsonFields.parseLong(s);
            if (n.isEmpty() || n.getAsLong() < 0 || n.getAsLong() > 255) {
              w.add(
                  line,
                  v.orElse(k),
                  "device "
                      + dev
                      + ": vxlan ttl \""
                      + s
                      + "\" is not 1..255, auto or inherit; auto is assumed");
            } else {
              ttl = (int) n.getAsLong();
            }
          }
        }
        case IGNORED_WITH_VALUE -> c.value();
        case NOT_MODELLED_FLAG -> notModelled.add(word);
        case IGNORED_FLAG -> {
          // udpcsum, noudp6zerocsumtx, rsc, remcsumtx, localbypass, ...: no effect on the model.
        }
      }
    }
    if (!notModelled.isEmpty()) {
      return new LinkKind.NotModelled("vxlan " + notModelled.get(0));
    }
    if (vni == null) {
      if (!idSeen) {
        w.add(
            line,
            1,
            "device "
                + dev
                + ": a vxlan line without \"id VNI\"; the device is kept as not modelled");
      }
      return new LinkKind.NotModelled("vxlan");
    }
    return new LinkKind.Vxlan((int) (long) vni, local, group, lower, port, learning, ttl, inherit);
  }

  /**
   * A Geneve device's {@code info_data} ({@code ip -d -j link}, iproute2's {@code
   * geneve_print_opt}): {@code id}, {@code remote}, {@code ttl} (0: auto), {@code ttl_inherit},
   * {@code port}. What the model does not simulate is kept as not modelled, named: {@code external}
   * (collect-metadata mode), an IPv6 remote ({@code remote6}), {@code df set|inherit}, {@code
   * inner_proto_inherit}, and a device without a remote.
   *
   * <pre>{@code
   * {"info_kind":"geneve","info_data":{"id":42,"remote":"192.168.0.2","ttl":0,"port":6081,"udp_csum":false,...}}
   * }</pre>
   */
  static LinkKind geneveFromJson(JsonNode data, String dev, JsonElements.Element e, Warnings w) {
    if (bool(data, "external").orElse(false)) {
      return new LinkKind.NotModelled("geneve external");
    }
    if (text(data, "remote6").isPresent()) {
      return new LinkKind.NotModelled("geneve over IPv6");
    }
    Optional<String> df = text(data, "df");
    if (df.isPresent() && !df.get().equals("unset")) {
      return new LinkKind.NotModelled("geneve df " + df.get());
    }
    if (bool(data, "inner_proto_inherit").orElse(false)) {
      return new LinkKind.NotModelled("geneve innerprotoinherit");
    }
    OptionalLong vni = number(data, "id");
    if (vni.isEmpty() || vni.getAsLong() < 0 || vni.getAsLong() > VxlanGrammar.MAX_VNI) {
      w.add(
          e.line(),
          e.column(),
          e.text(),
          "device "
              + dev
              + ": a geneve without an \"id\" (VNI) of 0.."
              + VxlanGrammar.MAX_VNI
              + "; the device is kept as not modelled");
      return new LinkKind.NotModelled("geneve");
    }
    Optional<Ipv4Address> remote = address(data, "remote", dev, e, w);
    if (remote.isEmpty()) {
      w.add(
          e.line(),
          e.column(),
          e.text(),
          "device "
              + dev
              + ": a geneve without an IPv4 \"remote\"; the device is kept as not modelled");
      return new LinkKind.NotModelled("geneve");
    }
    int port = LinkKind.Geneve.DEFAULT_PORT;
    if (data.has("port")) {
      port =
          inRange(
                  data,
                  "port",
                  1,
                  65535,
                  "device "
                      + dev
                      + ": geneve \"port\" "
                      + data.get("port")
                      + " is not 1..65535; "
                      + port
                      + " is assumed",
                  e,
                  w)
              .orElse(port);
    }
    // the kernel always reports IFLA_GENEVE_TTL; iproute2 6.1 leaves "ttl" out for `ttl inherit`
    // (printed in text only), as it does for VXLAN; a string "inherit" is read too
    boolean inherit =
        !data.has("ttl")
            || text(data, "ttl").filter("inherit"::equals).isPresent()
            || bool(data, "ttl_inherit").orElse(false);
    int ttl = 0;
    if (!inherit) {
      ttl =
          inRange(
                  data,
                  "ttl",
                  0,
                  255,
                  "device "
                      + dev
                      + ": geneve \"ttl\" "
                      + data.get("ttl")
                      + " is not 0..255; auto (0) is assumed",
                  e,
                  w)
              .orElse(0);
    }
    return new LinkKind.Geneve(
        (int) vni.getAsLong(), remote.get(), port, inherit ? 0 : ttl, inherit);
  }

  /** An IPIP device's {@code info_data}. */
  static LinkKind ipipFromJson(JsonNode data, String dev, JsonElements.Element e, Warnings w) {
    if (bool(data, "external").orElse(false)) {
      return new LinkKind.NotModelled("ipip external");
    }
    Optional<String> proto = text(data, "proto");
    if (proto.isPresent() && !proto.get().equals("ipip") && !proto.get().equals("any")) {
      return new LinkKind.NotModelled("ipip proto " + proto.get());
    }
    JsonNode encap = data.get("encap");
    if (encap != null
        && encap.isObject()
        && text(encap, "type").filter(t -> !t.equals("none")).isPresent()) {
      return new LinkKind.NotModelled("ipip encap " + text(encap, "type").get());
    }
    Optional<Ipv4Address> remote =
        endpoint(text(data, "remote"), "remote", dev, w, e.line(), e.column(), e.text());
    Optional<Ipv4Address> local =
        endpoint(text(data, "local"), "local", dev, w, e.line(), e.column(), e.text());
    int ttl = 0;
    if (data.has("ttl")) {
      ttl =
          inRange(
                  data,
                  "ttl",
                  0,
                  255,
                  "device "
                      + dev
                      + ": ipip \"ttl\" "
                      + data.get("ttl")
                      + " is not 0..255; inherit (0) is assumed",
                  e,
                  w)
              .orElse(0);
    }
    return new LinkKind.Ipip(
        local, remote, ttl, dev.equals("tunl0"), bool(data, "pmtudisc").orElse(false));
  }

  /** {@code any} (no fixed endpoint), an IPv4 address, or a warning and no endpoint. */
  private static Optional<Ipv4Address> endpoint(
      Optional<String> v, String field, String dev, Warnings w, int line, int column, String text) {
    if (v.isEmpty() || v.get().equals("any") || v.get().equals("0.0.0.0")) {
      return Optional.empty();
    }
    Optional<Ipv4Address> a = Ipv4Address.tryParse(v.get());
    if (a.isEmpty()) {
      w.add(
          line,
          column,
          text,
          "device "
              + dev
              + ": ipip "
              + field
              + " \""
              + v.get()
              + "\" is not an IPv4 address or any; any is assumed");
    }
    return a;
  }

  /** The words after {@code ipip} on a detail line of {@code ip -d link}. */
  static LinkKind ipipFromText(TokenCursor c, String dev, TextLine line, Warnings w) {
    Optional<Ipv4Address> remote = Optional.empty();
    Optional<Ipv4Address> local = Optional.empty();
    int ttl = 0;
    boolean pmtudisc = false;
    boolean first = true;
    while (c.hasNext()) {
      Token k = c.next();
      String word = k.text();
      if (GENERIC.contains(word)) {
        break;
      }
      if (first && (word.equals("ipip") || word.equals("any"))) {
        first = false;
        continue;
      }
      first = false;
      switch (word) {
        case "ip6ip", "mplsip" -> {
          return new LinkKind.NotModelled("ipip proto " + word);
        }
        case "external" -> {
          return new LinkKind.NotModelled("ipip external");
        }
        case "encap" -> {
          Optional<Token> v = c.value();
          if (v.isPresent() && !v.get().text().equals("none")) {
            return new LinkKind.NotModelled("ipip encap " + v.get().text());
          }
        }
        case "remote", "local" -> {
          Optional<Token> v = c.value();
          Optional<Ipv4Address> a =
              endpoint(
                  v.map(Token::text),
                  word,
                  dev,
                  w,
                  line.number(),
                  v.orElse(k).column(),
                  line.text());
          if (word.equals("remote")) {
            remote = a;
          } else {
            local = a;
          }
        }
        case "ttl", "hoplimit" -> {
          Optional<Token> v = c.value();
          String t = v.map(Token::text).orElse("");
          if (!t.equals("inherit")) {
            OptionalLong n = JsonFields.parseLong(t);
            if (n.isEmpty() || n.getAsLong() < 0 || n.getAsLong() > 255) {
              w.add(
                  line,
                  v.orElse(k),
                  "device "
                      + dev
                      + ": ipip ttl \""
                      + t
                      + "\" is not 1..255 or inherit;"
                      + " inherit is assumed");
            } else {
              ttl = (int) n.getAsLong();
            }
          }
        }
        case "pmtudisc" -> pmtudisc = true;
        case "nopmtudisc" -> pmtudisc = false;
        case "dev", "tos", "fwmark" -> c.value();
        default -> {
          // isatap, 6rd-prefix (sit), encap-sport/dport after "encap none": no effect on the model.
        }
      }
    }
    return new LinkKind.Ipip(local, remote, ttl, dev.equals("tunl0"), pmtudisc);
  }
}
