package dev.podpath.model.dump;

import static dev.podpath.model.dump.JsonFields.bool;
import static dev.podpath.model.dump.JsonFields.number;
import static dev.podpath.model.dump.JsonFields.strings;
import static dev.podpath.model.dump.JsonFields.text;

import com.fasterxml.jackson.databind.JsonNode;
import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.addr.MacAddress;
import dev.podpath.model.origin.Origin;
import dev.podpath.model.route.RouteScope;
import dev.podpath.model.topo.BridgePort;
import dev.podpath.model.topo.IfAddress;
import dev.podpath.model.topo.LinkKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/** The device objects of {@code ip -j [-d] link} and {@code ip -j [-d] addr}. Package-private. */
final class JsonDevices {

  private JsonDevices() {}

  static List<LinkFacts> read(String content, String command, Warnings w) {
    List<LinkFacts> out = new ArrayList<>();
    for (JsonElements.Element e : JsonElements.read(content, command, w)) {
      fromJson(e, w).ifPresent(out::add);
    }
    return out;
  }

  static Optional<LinkFacts> fromJson(JsonElements.Element e, Warnings w) {
    JsonNode n = e.node();
    Optional<String> name = text(n, "ifname");
    if (name.isEmpty()) {
      w.add(
          e.line(),
          e.column(),
          e.text(),
          "a device without \"ifname\": not an `ip -j link` or" + " `ip -j addr` entry; skipped");
      return Optional.empty();
    }
    Origin origin = new Origin(w.file(), e.line(), JsonFields.compact(e.text()));
    String linkType = text(n, "link_type").orElse("");
    Optional<MacAddress> mac = text(n, "address").flatMap(MacAddress::tryParse);
    if (mac.isEmpty() && linkType.equals("ether") && text(n, "address").isPresent()) {
      w.add(
          e.line(),
          e.column(),
          e.text(),
          "device "
              + name.get()
              + ": \"address\" "
              + text(n, "address").get()
              + " is not a MAC address; the device is kept without one");
    }
    OptionalLong mtu = number(n, "mtu");
    String type = "";
    Optional<BridgePort> port = Optional.empty();
    Optional<LinkKind> details = Optional.empty();
    JsonNode info = n.get("linkinfo");
    if (info != null && info.isObject()) {
      type = text(info, "info_kind").orElse("");
      JsonNode data = info.get("info_data");
      boolean hasData = data != null && data.isObject();
      if (type.equals("bridge") && hasData) {
        details =
            Optional.of(
                new LinkKind.Bridge(
                    (int) number(data, "ageing_time").orElse(30000),
                    number(data, "stp_state").orElse(0) != 0,
                    false,
                    false));
      } else if (type.equals("vxlan") && hasData) {
        details = Optional.of(TunnelKinds.vxlanFromJson(data, name.get(), e, w));
      } else if (type.equals("vxlan")) {
        w.add(
            e.line(),
            e.column(),
            e.text(),
            "device "
                + name.get()
                + ": a vxlan without \"info_data\""
                + " (its VNI, port, lower device); the device is kept as not modelled");
      } else if (type.equals("tun")) {
        details = Optional.of(TunnelKinds.tunFromJson(hasData ? data : info, linkType));
      } else if (type.equals("geneve") && hasData) {
        details = Optional.of(TunnelKinds.geneveFromJson(data, name.get(), e, w));
      } else if (type.equals("ipip") && hasData) {
        details = Optional.of(TunnelKinds.ipipFromJson(data, name.get(), e, w));
      }
      JsonNode slave = info.get("info_slave_data");
      if (text(info, "info_slave_kind").filter("bridge"::equals).isPresent()
          && slave != null
          && slave.isObject()) {
        port =
            Optional.of(
                new BridgePort(
                    bool(slave, "hairpin").orElse(false),
                    bool(slave, "learning").orElse(true),
                    bool(slave, "flood").orElse(true)));
      }
    }
    Optional<LinkFacts.LinkRef> link = Optional.empty();
    if (n.has("link") || n.has("link_index") || n.has("link_netnsid")) {
      link =
          Optional.of(
              new LinkFacts.LinkRef(
                  text(n, "link"),
                  toInt(number(n, "link_index")),
                  toInt(number(n, "link_netnsid")),
                  Optional.empty()));
    }
    List<IfAddress> addresses = addresses(n, name.get(), e, w);
    return Optional.of(
        new LinkFacts(
            name.get(),
            (int) number(n, "ifindex").orElse(0),
            type,
            linkType,
            mac,
            toInt(mtu),
            strings(n, "flags"),
            text(n, "operstate").orElse(""),
            text(n, "master"),
            port,
            details,
            link,
            addresses,
            origin,
            n.has("flags")));
  }

  private static List<IfAddress> addresses(
      JsonNode n, String dev, JsonElements.Element e, Warnings w) {
    List<IfAddress> out = new ArrayList<>();
    JsonNode infos = n.get("addr_info");
    if (infos == null || !infos.isArray()) {
      return out;
    }
    for (JsonNode a : infos) {
      if (!text(a, "family").orElse("inet").equals("inet")) {
        continue;
      }
      Optional<Ipv4Address> local = text(a, "local").flatMap(Ipv4Address::tryParse);
      OptionalLong len = number(a, "prefixlen");
      if (local.isEmpty() || len.isEmpty() || len.getAsLong() < 0 || len.getAsLong() > 32) {
        w.add(
            e.line(),
            e.column(),
            a.toString(),
            "device "
                + dev
                + ": an inet address without a"
                + " valid \"local\" and \"prefixlen\"; skipped");
        continue;
      }
      Optional<Ipv4Address> peer =
          text(a, "address").flatMap(Ipv4Address::tryParse).filter(p -> !p.equals(local.get()));
      Optional<Ipv4Address> brd = text(a, "broadcast").flatMap(Ipv4Address::tryParse);
      RouteScope scope = text(a, "scope").flatMap(RouteScope::parse).orElse(RouteScope.GLOBAL);
      out.add(
          new IfAddress(
              local.get(),
              (int) len.getAsLong(),
              peer,
              brd,
              scope,
              new Origin(w.file(), e.line(), JsonFields.compact(a.toString()))));
    }
    return out;
  }

  static OptionalInt toInt(OptionalLong v) {
    return v.isPresent() && v.getAsLong() >= Integer.MIN_VALUE && v.getAsLong() <= Integer.MAX_VALUE
        ? OptionalInt.of((int) v.getAsLong())
        : OptionalInt.empty();
  }
}
