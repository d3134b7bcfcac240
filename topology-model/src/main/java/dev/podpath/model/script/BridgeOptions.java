package dev.podpath.model.script;

import dev.podpath.model.build.DeviceBuilder;
import dev.podpath.model.build.FdbTable;
import dev.podpath.model.build.NetDevices;
import dev.podpath.model.topo.BridgePort;
import java.util.Set;

/**
 * The options of {@code type bridge} and {@code type bridge_slave} ({@code ip link add|set}), and
 * of {@code bridge link set}: the ones podpath models change the device, the others are accepted
 * with a note.
 */
final class BridgeOptions {

  private static final Set<String> BRIDGE_IGNORED =
      Set.of(
          "forward_delay",
          "hello_time",
          "max_age",
          "priority",
          "group_fwd_mask",
          "group_address",
          "vlan_protocol",
          "vlan_default_pvid",
          "vlan_stats_enabled",
          "vlan_stats_per_port",
          "mcast_snooping",
          "mcast_router",
          "mcast_query_use_ifaddr",
          "mcast_querier",
          "mcast_hash_elasticity",
          "mcast_hash_max",
          "mcast_last_member_count",
          "mcast_startup_query_count",
          "mcast_last_member_interval",
          "mcast_membership_interval",
          "mcast_querier_interval",
          "mcast_query_interval",
          "mcast_query_response_interval",
          "mcast_startup_query_interval",
          "mcast_stats_enabled",
          "mcast_igmp_version",
          "mcast_mld_version",
          "mcast_vlan_snooping",
          "no_linklocal_learn",
          "fdb_max_learned",
          "mst_enabled");

  private static final Set<String> PORT_IGNORED =
      Set.of(
          "cost",
          "priority",
          "state",
          "guard",
          "root_block",
          "fastleave",
          "mcast_fast_leave",
          "mcast_flood",
          "bcast_flood",
          "mcast_to_unicast",
          "mcast_router",
          "proxy_arp",
          "proxy_arp_wifi",
          "vlan_tunnel",
          "isolated",
          "neigh_suppress",
          "locked",
          "mab",
          "backup_port",
          "nobackup_port",
          "group_fwd_mask",
          "mcast_eht_hosts_limit",
          "tcp_mss");

  private BridgeOptions() {}

  /** Applies {@code type bridge} options to {@code br}. */
  static void bridge(Exec ex, DeviceBuilder br, Args a) {
    while (a.hasNext()) {
      String k = a.next();
      if (k.equals("ageing_time")) {
        NetDevices.setAgeingTime(br, (int) Args.u32(a.value(), "Invalid \"ageing_time\" value"));
      } else if (k.equals("stp_state")) {
        boolean on = Args.u32(a.value(), "Invalid \"stp_state\" value") != 0;
        NetDevices.setStp(br, on);
        if (on) {
          ex.notModelled("STP is not modelled: podpath's bridge ports forward at once");
        }
      } else if (k.equals("vlan_filtering")) {
        if (Args.u32(a.value(), "Invalid \"vlan_filtering\" value") != 0) {
          ex.notModelled("VLAN filtering is not modelled: podpath's bridge ignores VLANs");
        }
      } else if (k.startsWith("nf_call_")) {
        a.value();
        ex.notModelled("br_netfilter (" + k + ") is not modelled yet");
      } else if (k.equals("fdb_flush")) {
        FdbTable.flushBridge(ex.ns(), br);
      } else if (BRIDGE_IGNORED.contains(k)) {
        a.value();
        ex.info("bridge option " + k + " does not change podpath's datapath");
      } else {
        throw new CommandError("bridge: unknown command \"" + k + "\"?");
      }
    }
  }

  /** Applies port options ({@code type bridge_slave}, {@code bridge link set}) to {@code port}. */
  static void port(Exec ex, DeviceBuilder port, Args a) {
    BridgePort p = port.port();
    while (a.hasNext()) {
      String k = a.next();
      if (k.equals("hairpin")) {
        p = new BridgePort(Args.onOff(k, a.value()), p.learning(), p.flood());
      } else if (k.equals("learning")) {
        p = new BridgePort(p.hairpin(), Args.onOff(k, a.value()), p.flood());
      } else if (k.equals("flood")) {
        p = new BridgePort(p.hairpin(), p.learning(), Args.onOff(k, a.value()));
      } else if (PORT_IGNORED.contains(k)) {
        a.value();
        ex.notModelled("bridge port option " + k + " is not modelled");
      } else if (k.equals("self") || k.equals("master")) {
        continue;
      } else {
        throw new CommandError("bridge: unknown option \"" + k + "\"?");
      }
    }
    NetDevices.setPortFlags(port, p);
  }
}
