package dev.podpath.model.snapshot;

import dev.podpath.model.bridge.FdbEntry;
import dev.podpath.model.dump.BrctlBridge;
import dev.podpath.model.dump.DeviceDriver;
import dev.podpath.model.dump.DockerNetwork;
import dev.podpath.model.dump.FlannelSubnetEnv;
import dev.podpath.model.dump.LinkFacts;
import dev.podpath.model.dump.RouteDump;
import dev.podpath.model.neigh.NeighEntry;
import dev.podpath.model.netfilter.ConntrackFlow;
import dev.podpath.model.netfilter.Ruleset;
import dev.podpath.model.route.RoutingRule;
import dev.podpath.model.script.FlanneldUdpCommand;
import dev.podpath.model.sysctl.Sysctls;
import dev.podpath.model.topo.Sockets;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What the dumps of one network namespace say, file by file, before assembly: each field is empty
 * when its file was not collected.
 *
 * @param name the folder's name (a node's name, or the namespace's name under {@code netns/})
 * @param dir the folder, relative to the snapshot ({@code worker1}, {@code worker1/netns/pod5})
 * @param links {@code ip -j -d link} / {@code ip -d link}
 * @param addrs {@code ip -j addr} / {@code ip addr}
 * @param ifconfig {@code ifconfig -a}
 * @param routes {@code ip -j route show table all} / {@code ip route} / {@code route -n}
 * @param nsids {@code ip netns list-id}: the ids this namespace gives other namespaces, with their
 *     names where iproute2 knows them
 * @param sockets {@code ss -ltun}: the listening sockets
 * @param tunPrograms {@code ps.txt}: the programs podpath models that hold a TUN device of this
 *     namespace (flanneld-udp.py); empty when no {@code ps.txt} was collected
 * @param bridges {@code brctl show}: bridges and their ports
 * @param drivers {@code ethtool -i DEV} of some devices: their drivers
 * @param conntrack {@code conntrack -L}: the connections conntrack held
 * @param dockerNetworks {@code docker network inspect}: the node's Docker networks
 */
record NetnsDump(
    String name,
    String dir,
    Optional<List<LinkFacts>> links,
    Optional<List<LinkFacts>> addrs,
    Optional<List<LinkFacts>> ifconfig,
    Optional<RouteDump> routes,
    Optional<List<RoutingRule>> rules,
    Optional<List<NeighEntry>> neighbours,
    Optional<List<FdbEntry>> fdb,
    Optional<Sysctls> sysctls,
    Optional<Ruleset> netfilter,
    Optional<FlannelSubnetEnv> subnetEnv,
    Map<Integer, Optional<String>> nsids,
    Optional<Sockets> sockets,
    Optional<List<FlanneldUdpCommand.Invocation>> tunPrograms,
    Optional<List<BrctlBridge>> bridges,
    Optional<List<DeviceDriver>> drivers,
    Optional<List<ConntrackFlow>> conntrack,
    Optional<List<DockerNetwork>> dockerNetworks) {

  NetnsDump {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(dir, "dir");
    nsids = Map.copyOf(nsids);
    Objects.requireNonNull(tunPrograms, "tunPrograms");
    Objects.requireNonNull(bridges, "bridges");
    Objects.requireNonNull(drivers, "drivers");
    Objects.requireNonNull(conntrack, "conntrack");
    Objects.requireNonNull(dockerNetworks, "dockerNetworks");
  }

  /**
   * A namespace the assembly makes itself, of which nothing was dumped: every file absent but the
   * listening sockets, which are {@code sockets} (none for a router podpath stands in, unknown for
   * a container it models).
   */
  static NetnsDump nothingDumped(String name, String dir, Sockets sockets) {
    return new NetnsDump(
        name,
        dir,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Map.of(),
        Optional.of(sockets));
  }

  /** A namespace whose processes were not collected. */
  NetnsDump(
      String name,
      String dir,
      Optional<List<LinkFacts>> links,
      Optional<List<LinkFacts>> addrs,
      Optional<List<LinkFacts>> ifconfig,
      Optional<RouteDump> routes,
      Optional<List<RoutingRule>> rules,
      Optional<List<NeighEntry>> neighbours,
      Optional<List<FdbEntry>> fdb,
      Optional<Sysctls> sysctls,
      Optional<Ruleset> netfilter,
      Optional<FlannelSubnetEnv> subnetEnv,
      Map<Integer, Optional<String>> nsids,
      Optional<Sockets> sockets) {
    this(
        name,
        dir,
        links,
        addrs,
        ifconfig,
        routes,
        rules,
        neighbours,
        fdb,
        sysctls,
        netfilter,
        subnetEnv,
        nsids,
        sockets,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty());
  }

  /** Whether any file about devices (links, addresses, ifconfig) was collected. */
  boolean hasDeviceDump() {
    return links.isPresent() || addrs.isPresent() || ifconfig.isPresent();
  }
}
