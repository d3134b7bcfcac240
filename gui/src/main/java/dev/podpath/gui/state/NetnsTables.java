package dev.podpath.gui.state;

import dev.podpath.gui.whatif.Offer;
import dev.podpath.gui.whatif.Offers;
import dev.podpath.model.bridge.FdbEntry;
import dev.podpath.model.neigh.NeighEntry;
import dev.podpath.model.netfilter.Chain;
import dev.podpath.model.netfilter.NetfilterTable;
import dev.podpath.model.netfilter.Rule;
import dev.podpath.model.origin.Origin;
import dev.podpath.model.route.Route;
import dev.podpath.model.route.RouteTable;
import dev.podpath.model.route.RoutingRule;
import dev.podpath.model.route.TableIds;
import dev.podpath.model.topo.IfAddress;
import dev.podpath.model.topo.NetDevice;
import dev.podpath.model.topo.Netns;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A namespace's state as tables, each row with its origin: addresses, links, routes of every table,
 * rules, neighbours, the bridges' FDB, iptables per table and chain, the sysctls that decide
 * forwarding and ARP. Read from the immutable model only.
 */
public final class NetnsTables {

  /** The sysctl keys (or their last component) the datapath reads. */
  private static final List<String> SYSCTLS_THAT_MATTER =
      List.of(
          "ip_forward",
          "forwarding",
          "rp_filter",
          "proxy_arp",
          "arp_ignore",
          "arp_announce",
          "accept_local",
          "route_localnet",
          "ip_default_ttl",
          "bridge-nf-call-iptables",
          "icmp_ratelimit",
          "icmp_ratemask");

  /** The tables' titles, in the order of {@link #of}. */
  public static final List<String> TITLES =
      List.of("Addresses", "Links", "Routes", "Rules", "Neighbours", "FDB", "iptables", "Sysctls");

  private NetnsTables() {}

  /** Every table of {@code n}, in the order the GUI shows them. */
  public static List<StateTable> of(Netns n) {
    return List.of(
        addresses(n),
        links(n),
        routes(n),
        rules(n),
        neighbours(n),
        fdb(n),
        iptables(n),
        sysctls(n));
  }

  static StateTable addresses(Netns n) {
    List<StateTable.Row> rows = new ArrayList<>();
    for (NetDevice d : n.deviceList()) {
      for (IfAddress a : d.addresses()) {
        rows.add(
            row(
                a.origin(),
                d.name(),
                a.toString(),
                a.scope().keyword(),
                a.broadcast().map(Object::toString).orElse("")));
      }
    }
    return new StateTable("Addresses", List.of("device", "address", "scope", "broadcast"), rows);
  }

  static StateTable links(Netns n) {
    List<StateTable.Row> rows = new ArrayList<>();
    for (NetDevice d : n.deviceList()) {
      rows.add(
          offering(
              Offers.link(n.name(), d),
              d.origin(),
              String.valueOf(d.index()),
              d.name(),
              d.kind().typeName(),
              d.mac().toString(),
              String.valueOf(d.mtu()),
              d.up() ? "UP" : "DOWN",
              d.master().orElse(""),
              d.vethPeer().map(Object::toString).orElse("")));
    }
    return new StateTable(
        "Links", List.of("index", "name", "kind", "MAC", "MTU", "state", "master", "peer"), rows);
  }

  static StateTable routes(Netns n) {
    List<StateTable.Row> rows = new ArrayList<>();
    Map<Integer, RouteTable> tables = new TreeMap<>(n.routing().tables());
    for (RouteTable t : tables.values()) {
      for (Route r : t.routes()) {
        rows.add(
            offering(Offers.route(n.name(), r), r.origin(), TableIds.name(t.id()), r.toString()));
      }
    }
    return new StateTable("Routes", List.of("table", "route"), rows);
  }

  static StateTable rules(Netns n) {
    List<StateTable.Row> rows = new ArrayList<>();
    for (RoutingRule r : n.routing().rules()) {
      rows.add(row(r.origin(), String.valueOf(r.priority()), r.toString()));
    }
    return new StateTable("Rules", List.of("priority", "rule"), rows);
  }

  static StateTable neighbours(Netns n) {
    List<StateTable.Row> rows = new ArrayList<>();
    for (NeighEntry e : n.neighbours()) {
      rows.add(
          row(
              e.origin(),
              e.address().toString(),
              e.dev(),
              e.lladdr().map(Object::toString).orElse(""),
              e.state().toString(),
              e.proxy() ? "proxy" : ""));
    }
    return new StateTable(
        "Neighbours", List.of("address", "device", "lladdr", "state", "proxy"), rows);
  }

  static StateTable fdb(Netns n) {
    List<StateTable.Row> rows = new ArrayList<>();
    for (FdbEntry e : n.fdb()) {
      rows.add(
          row(
              e.origin(),
              e.mac().toString(),
              e.dev(),
              e.master().orElse("self"),
              e.dst().map(Object::toString).orElse(""),
              e.kind().toString().toLowerCase(java.util.Locale.ROOT)));
    }
    return new StateTable("FDB", List.of("MAC", "device", "master", "dst", "kind"), rows);
  }

  static StateTable iptables(Netns n) {
    List<StateTable.Row> rows = new ArrayList<>();
    for (NetfilterTable t : NetfilterTable.values()) {
      for (Chain c : n.netfilter().chains(t)) {
        rows.add(
            new StateTable.Row(
                List.of(
                    t.keyword(),
                    c.name(),
                    "",
                    "policy " + c.policy().map(Object::toString).orElse("-"),
                    ""),
                "",
                Optional.empty(),
                Offers.chain(n.name(), t, c.name())));
        int i = 0;
        for (Rule r : c.rules()) {
          i++;
          rows.add(
              offering(
                  Offers.rule(n.name(), t, c.name(), i, r),
                  r.origin(),
                  t.keyword(),
                  c.name(),
                  String.valueOf(i),
                  r.spec(),
                  r.counters().packets() + " / " + r.counters().bytes()));
        }
      }
    }
    if (n.netfilter().unknown().isPresent()) {
      rows.add(
          new StateTable.Row(
              List.of("", "", "", "the rules were not dumped: they are not known", ""),
              "",
              Optional.empty()));
    }
    return new StateTable(
        "iptables", List.of("table", "chain", "#", "rule", "packets / bytes"), rows);
  }

  static StateTable sysctls(Netns n) {
    List<StateTable.Row> rows = new ArrayList<>();
    for (Map.Entry<String, String> e : new TreeMap<>(n.sysctls().values()).entrySet()) {
      if (SYSCTLS_THAT_MATTER.stream().anyMatch(k -> e.getKey().endsWith(k))) {
        rows.add(
            new StateTable.Row(
                List.of(e.getKey(), e.getValue()),
                "",
                Optional.empty(),
                Offers.sysctl(n.name(), e.getKey(), e.getValue())));
      }
    }
    return new StateTable("Sysctls", List.of("key", "value"), rows);
  }

  private static StateTable.Row offering(List<Offer> offers, Origin o, String... cells) {
    return new StateTable.Row(
        List.of(cells), o.location(), Optional.of(o).filter(x -> !x.isKernel()), offers);
  }

  private static StateTable.Row row(Origin o, String... cells) {
    return new StateTable.Row(
        List.of(cells), o.location(), Optional.of(o).filter(x -> !x.isKernel()));
  }
}
