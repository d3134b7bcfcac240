package dev.podpath.model.script;

import dev.podpath.model.addr.MacAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The arguments of {@code ip link add|set}, parsed as iproute2's {@code iplink_parse()} does:
 * keywords in its order (some matched by prefix), a bare word as the device, and everything after
 * {@code type KIND} left to the kind.
 */
final class LinkArgs {

  String dev;
  String name;
  String netns;
  Optional<MacAddress> address = Optional.empty();
  Optional<Integer> mtu = Optional.empty();
  Boolean up;
  String master;
  boolean nomaster;
  Boolean promisc;
  Boolean arp;
  String type;
  Args typeArgs = Args.of();

  /** Options accepted without effect on podpath's datapath. */
  final List<String> ignored = new ArrayList<>();

  private LinkArgs() {}

  static LinkArgs parse(Args a) {
    LinkArgs l = new LinkArgs();
    while (a.hasNext()) {
      String k = a.next();
      if (k.equals("up")) {
        l.up = true;
      } else if (k.equals("down")) {
        l.up = false;
      } else if (k.equals("name")) {
        l.name = a.value();
      } else if (k.equals("index")) {
        a.value();
        l.ignored.add("index");
      } else if (Keywords.matches(k, "link")) {
        a.value();
        l.ignored.add("link");
      } else if (Keywords.matches(k, "address")) {
        l.address = Optional.of(Args.lladdr(a.value()));
      } else if (Keywords.matches(k, "broadcast") || Keywords.matches(k, "brd")) {
        Args.lladdr(a.value());
        l.ignored.add("broadcast");
      } else if (Keywords.matches(k, "txqueuelen")
          || Keywords.matches(k, "qlen")
          || Keywords.matches(k, "txqlen")) {
        Args.u32(a.value(), "Invalid \"txqueuelen\" value");
        l.ignored.add("txqueuelen");
      } else if (k.equals("mtu")) {
        String v = a.value();
        l.mtu = Optional.of((int) Args.u32(v, "Invalid \"mtu\" value"));
      } else if (k.equals("netns")) {
        l.netns = a.value();
      } else if (k.equals("multicast")
          || k.equals("allmulticast")
          || k.equals("trailers")
          || k.equals("carrier")
          || k.equals("dynamic")
          || k.equals("protodown")) {
        Args.onOff(k, a.value());
        l.ignored.add(k);
      } else if (k.equals("promisc")) {
        l.promisc = Args.onOff(k, a.value());
      } else if (k.equals("arp")) {
        l.arp = Args.onOff(k, a.value());
      } else if (k.equals("master")) {
        l.master = a.value();
      } else if (k.equals("nomaster")) {
        l.nomaster = true;
      } else if (k.equals("vf") || k.equals("vrf") || k.startsWith("xdp")) {
        throw new CommandError("ip link " + k + " is not supported by podpath");
      } else if (Keywords.matches(k, "type")) {
        l.type = a.value();
        l.typeArgs = new Args(a.rest());
        a.skipRest();
      } else if (Keywords.matches(k, "alias")
          || k.equals("group")
          || k.equals("mode")
          || k.equals("state")
          || k.equals("numtxqueues")
          || k.equals("numrxqueues")
          || k.equals("addrgenmode")
          || k.equals("link-netns")
          || k.equals("link-netnsid")
          || k.startsWith("gso_")
          || k.startsWith("gro_")
          || k.startsWith("tso_")
          || k.equals("protodown_reason")
          || k.equals("netnsid")) {
        a.value();
        l.ignored.add(k);
      } else {
        if (k.equals("dev")) {
          k = a.value();
        }
        if (l.dev != null) {
          throw new CommandError(
              "Error: either \"dev\" is duplicate, or \"" + k + "\" is a garbage.");
        }
        l.dev = k;
      }
    }
    return l;
  }
}
