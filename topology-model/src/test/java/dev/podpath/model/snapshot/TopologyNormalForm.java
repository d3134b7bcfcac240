package dev.podpath.model.snapshot;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.addr.MacAddress;
import dev.podpath.model.addr.Prefix;
import dev.podpath.model.bridge.FdbEntry;
import dev.podpath.model.netfilter.Chain;
import dev.podpath.model.netfilter.NetfilterTable;
import dev.podpath.model.netfilter.Rule;
import dev.podpath.model.origin.Origin;
import dev.podpath.model.route.NextHop;
import dev.podpath.model.route.Route;
import dev.podpath.model.route.RouteScope;
import dev.podpath.model.route.RouteType;
import dev.podpath.model.route.RoutingRule;
import dev.podpath.model.sysctl.Sysctls;
import dev.podpath.model.topo.BridgePort;
import dev.podpath.model.topo.IfAddress;
import dev.podpath.model.topo.LinkKind;
import dev.podpath.model.topo.NetDevice;
import dev.podpath.model.topo.Netns;
import dev.podpath.model.topo.NetnsName;
import dev.podpath.model.topo.Topology;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@link Topology} with what is not configuration taken out, so that a script's network and the
 * snapshot collected from the same script in the kernel compare equal. Every exclusion is listed
 * here, with why the kernel decides it on its own and a script does not say it:
 *
 * <ol>
 *   <li>Origins (every {@link Origin}, and a netfilter rule's text): where a fact was read, a
 *       script line or a dump line, is provenance, not the fact.
 *   <li>MAC addresses the script did not set: the kernel picks random ones ({@code
 *       eth_random_addr}) and podpath makes up its own; a MAC a script sets ({@code address}) is
 *       compared.
 *   <li>ifindexes: allocated per namespace by the kernel; the collector's sandbox may have made and
 *       removed devices (or namespaces) the script does not show. The order of devices is kept.
 *   <li>Packet and byte counters (of netfilter rules and policies): the kernel counts what passed
 *       before the collector dumped them, a script says nothing about traffic.
 *   <li>Sysctls podpath does not read, and how a value is spelled: compared are the effective
 *       values of the keys the simulator reads (a script's namespace holds only what it changed, a
 *       dump every key).
 *   <li>The forwarding flags of namespaces the script adds, when the script turned forwarding on in
 *       its own namespace first: the kernel copies a new namespace's IPv4 {@code conf.all/default}
 *       from the initial namespace ({@code devconf_inherit_init_net=0}). On a host the script's
 *       namespace is the initial one (the interpreter's model); in the sandbox the snapshots were
 *       collected in it is not, and the new namespaces got the host's flags.
 * </ol>
 *
 * <p>Everything else is compared: device kinds with their settings, MTUs, states, masters and port
 * settings, addresses, every route of every table (the kernel's own included), rules, neighbour and
 * FDB entries, the netfilter tables, chains, policies and rules, and the listening sockets.
 */
final class TopologyNormalForm {

  private TopologyNormalForm() {}

  /** One namespace's configuration. */
  record NetnsFacts(
      NetnsName name,
      List<DeviceFacts> devices,
      List<RouteFacts> routes,
      List<RuleFacts> rules,
      List<NeighFacts> neighbours,
      List<FdbFacts> fdb,
      Map<String, String> sysctls,
      List<String> netfilter,
      boolean rulesKnown,
      List<String> sockets) {}

  record DeviceFacts(
      String name,
      LinkKind kind,
      Optional<MacAddress> mac,
      int mtu,
      boolean up,
      Optional<String> master,
      BridgePort port,
      List<AddressFacts> addresses) {}

  record AddressFacts(
      Ipv4Address address,
      int prefixLength,
      Optional<Ipv4Address> peer,
      Optional<Ipv4Address> broadcast,
      RouteScope scope) {}

  record RouteFacts(
      int table,
      RouteType type,
      Prefix destination,
      List<NextHop> nextHops,
      Optional<Ipv4Address> src,
      int metric,
      RouteScope scope,
      dev.podpath.model.route.RouteProtocol protocol) {}

  record RuleFacts(
      int priority,
      boolean invert,
      Optional<Prefix> from,
      Optional<Prefix> to,
      Optional<String> iif,
      Optional<String> oif,
      Optional<RoutingRule.FwMark> fwmark,
      RoutingRule.Action action) {}

  record NeighFacts(
      Ipv4Address address,
      String dev,
      Optional<MacAddress> lladdr,
      dev.podpath.model.neigh.NudState state,
      boolean proxy) {}

  record FdbFacts(
      Optional<MacAddress> mac,
      String dev,
      Optional<String> master,
      FdbEntry.Kind kind,
      Optional<Ipv4Address> dst) {}

  /**
   * The normal form of {@code t}: namespaces by name. {@code typed} are the MAC addresses the
   * script writes: those are configuration; any other MAC is the kernel's random choice and left
   * out.
   */
  static Map<NetnsName, NetnsFacts> of(Topology t, Set<MacAddress> typed) {
    Map<NetnsName, NetnsFacts> out = new TreeMap<>();
    for (Netns ns : t.netnsList()) {
      out.put(ns.name(), netns(ns, typed, inheritedForwarding(t, ns)));
    }
    return out;
  }

  /**
   * Whether {@code ns} is a namespace the script added after turning forwarding on in its own: its
   * forwarding flags then depend on where the script ran (see the class comment).
   */
  private static boolean inheritedForwarding(Topology t, Netns ns) {
    return !ns.name().equals(NetnsName.ROOT)
        && t.netns(NetnsName.ROOT).map(r -> r.sysctls().confAll("forwarding") != 0).orElse(false);
  }

  private static NetnsFacts netns(Netns ns, Set<MacAddress> typed, boolean inheritedForwarding) {
    List<DeviceFacts> devices = new ArrayList<>();
    for (NetDevice d : ns.deviceList()) {
      devices.add(
          new DeviceFacts(
              d.name(),
              kind(d.kind()),
              typedOnly(Optional.of(d.mac()), typed),
              d.mtu(),
              d.up(),
              d.master(),
              d.port(),
              d.addresses().stream().map(TopologyNormalForm::address).toList()));
    }
    List<RouteFacts> routes =
        ns.routing().tables().values().stream()
            .flatMap(tb -> tb.routes().stream())
            .map(TopologyNormalForm::route)
            .sorted(Comparator.comparing(Object::toString))
            .toList();
    List<RuleFacts> rules = ns.routing().rules().stream().map(TopologyNormalForm::rule).toList();
    List<NeighFacts> neigh =
        ns.neighbours().stream()
            .map(
                n ->
                    new NeighFacts(
                        n.address(), n.dev(), typedOnly(n.lladdr(), typed), n.state(), n.proxy()))
            .sorted(Comparator.comparing(Object::toString))
            .toList();
    List<FdbFacts> fdb =
        ns.fdb().stream()
            .map(
                f ->
                    new FdbFacts(
                        typedOnly(Optional.of(f.mac()), typed),
                        f.dev(),
                        f.master(),
                        f.kind(),
                        f.dst()))
            .sorted(Comparator.comparing(Object::toString))
            .toList();
    List<String> netfilter = new ArrayList<>();
    for (NetfilterTable table : NetfilterTable.values()) {
      for (Chain c : ns.netfilter().chains(table)) {
        netfilter.add(table + " " + c.name() + " " + c.policy().map(Object::toString).orElse("-"));
        for (Rule r : c.rules()) {
          netfilter.add(table + " " + c.name() + " " + r.spec());
        }
      }
    }
    return new NetnsFacts(
        ns.name(),
        devices,
        routes,
        rules,
        neigh,
        fdb,
        sysctls(ns, inheritedForwarding),
        netfilter,
        ns.netfilter().unknown().isEmpty(),
        ns.sockets().known()
            ? ns.sockets().listening().stream().map(Object::toString).sorted().toList()
            : List.of("(not known)"));
  }

  /**
   * The sysctls as podpath reads them: the effective value of each key the simulator and the
   * findings consult, per device where the key is per device. A script's namespace lists only what
   * differs from the kernel's defaults, a dump lists every key; both read the same.
   */
  private static Map<String, String> sysctls(Netns ns, boolean inheritedForwarding) {
    Sysctls s = ns.sysctls();
    Map<String, String> out = new TreeMap<>();
    out.put("ip_default_ttl", "" + s.defaultTtl());
    out.put("icmp_ratelimit", "" + s.intValue("net.ipv4.icmp_ratelimit", 1000));
    out.put("icmp_ratemask", "" + s.intValue("net.ipv4.icmp_ratemask", 6168));
    out.put("bridge-nf-call-iptables", "" + s.intValue("net.bridge.bridge-nf-call-iptables", 1));
    for (String key : Sysctls.CONF_DEFAULTS.keySet()) {
      if (inheritedForwarding && key.equals("forwarding")) {
        continue;
      }
      out.put("conf.all." + key, "" + s.confAll(key));
    }
    for (NetDevice d : ns.deviceList()) {
      String dev = d.name();
      if (!inheritedForwarding) {
        out.put(dev + ".forwarding", "" + s.forwarding(dev));
      }
      out.put(dev + ".rp_filter", "" + s.rpFilter(dev));
      out.put(dev + ".proxy_arp", "" + s.proxyArp(dev));
      out.put(dev + ".arp_ignore", "" + s.arpIgnore(dev));
      out.put(dev + ".arp_announce", "" + s.arpAnnounce(dev));
      out.put(dev + ".accept_local", "" + s.acceptLocal(dev));
      out.put(dev + ".route_localnet", "" + s.routeLocalnet(dev));
      out.put(dev + ".send_redirects", "" + s.conf(dev, "send_redirects"));
      out.put(dev + ".mcast_solicit", "" + s.neigh(dev, "mcast_solicit", 3));
      out.put(dev + ".app_solicit", "" + s.neigh(dev, "app_solicit", 0));
      out.put(dev + ".ucast_solicit", "" + s.neigh(dev, "ucast_solicit", 3));
      out.put(dev + ".retrans_time_ms", "" + s.neigh(dev, "retrans_time_ms", 1000));
      out.put(dev + ".delay_first_probe_time", "" + s.neigh(dev, "delay_first_probe_time", 5));
      out.put(dev + ".proxy_delay", "" + s.neigh(dev, "proxy_delay", 80));
    }
    return out;
  }

  private static LinkKind kind(LinkKind k) {
    if (k instanceof LinkKind.Tun t) {
      return new LinkKind.Tun(
          t.flanneld().map(f -> new LinkKind.FlanneldUdp(f.port(), f.leases(), Origin.KERNEL)),
          t.holderUnknown());
    }
    return k;
  }

  private static AddressFacts address(IfAddress a) {
    return new AddressFacts(a.address(), a.prefixLength(), a.peer(), a.broadcast(), a.scope());
  }

  private static RouteFacts route(Route r) {
    return new RouteFacts(
        r.table(),
        r.type(),
        r.destination(),
        r.nextHops(),
        r.src(),
        r.metric(),
        r.scope(),
        r.protocol());
  }

  private static RuleFacts rule(RoutingRule r) {
    return new RuleFacts(
        r.priority(), r.invert(), r.from(), r.to(), r.iif(), r.oif(), r.fwmark(), r.action());
  }

  /** A MAC the script wrote, or empty for one the kernel chose. */
  private static Optional<MacAddress> typedOnly(Optional<MacAddress> mac, Set<MacAddress> typed) {
    return mac.filter(m -> typed.contains(m) || m.equals(MacAddress.ZERO));
  }

  private static final Pattern MAC = Pattern.compile("\\b\\p{XDigit}{2}(?::\\p{XDigit}{2}){5}\\b");

  /** The MAC addresses written in {@code script}'s text. */
  static Set<MacAddress> typedMacs(String script) {
    Set<MacAddress> out = new java.util.HashSet<>();
    Matcher m = MAC.matcher(script);
    while (m.find()) {
      out.add(MacAddress.parse(m.group()));
    }
    return out;
  }
}
