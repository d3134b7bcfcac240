package dev.podpath.sim.netfilter;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.netfilter.NetfilterTable;
import dev.podpath.model.packet.L4;
import dev.podpath.model.script.ScenarioInterpreter;
import dev.podpath.model.sysctl.Sysctls;
import dev.podpath.model.topo.NetnsName;
import dev.podpath.model.topo.Topology;
import dev.podpath.sim.net.LocalSend;
import dev.podpath.sim.net.SimConfig;
import dev.podpath.sim.net.Simulation;
import dev.podpath.sim.outcome.DropReason;
import dev.podpath.sim.outcome.Step;
import dev.podpath.sim.outcome.TraceEvent;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Test topologies written as the kernel experiments build them (lib.sh's mknode, mkpod, lanport,
 * turned into plain ip commands), interpreted by the scenario interpreter, and small probes.
 */
final class Scenarios {

  /** Rule files sit next to the (virtual) script, as iptables-restore FILE reads them. */
  static final Path DIR = Path.of("src/test/resources/netfilter").toAbsolutePath();

  private final List<String> lines = new ArrayList<>();

  static Scenarios script() {
    return new Scenarios();
  }

  Scenarios ns(String n) {
    return add("ip netns add " + n, "ip -n " + n + " link set lo up");
  }

  /** mknode: a node namespace with a cni0 bridge holding the pod gateway address, forwarding on. */
  Scenarios node(String n, String cniGw) {
    return ns(n)
        .add(
            "ip -n " + n + " link add cni0 type bridge",
            "ip -n " + n + " addr add " + cniGw + " dev cni0",
            "ip -n " + n + " link set cni0 up",
            "ip netns exec " + n + " sysctl -w net.ipv4.ip_forward=1");
  }

  /** mkpod: a pod namespace whose eth0 is a veth with its peer veth-POD on the node's cni0. */
  Scenarios pod(String node, String pod, String addr, String gw) {
    return ns(pod)
        .add(
            "ip -n " + pod + " link add eth0 type veth peer name veth-" + pod + " netns " + node,
            "ip -n " + node + " link set veth-" + pod + " master cni0 up",
            "ip -n " + pod + " addr add " + addr + " dev eth0",
            "ip -n " + pod + " link set eth0 up",
            "ip -n " + pod + " route add default via " + gw);
  }

  /** lanport: a node's interface as a port of a bridge in the lan namespace. */
  Scenarios lanPort(String lan, String bridge, String node, String ifname, String addr) {
    return add(
        "ip -n "
            + node
            + " link add "
            + ifname
            + " type veth peer name "
            + bridge
            + "-"
            + node
            + " netns "
            + lan,
        "ip -n " + lan + " link set " + bridge + "-" + node + " master " + bridge + " up",
        "ip -n " + node + " addr add " + addr + " dev " + ifname,
        "ip -n " + node + " link set " + ifname + " up");
  }

  /**
   * The two-node cluster of experiments 09-11: n1 (p1, pa, pb) and n2 (pc) on a LAN, host-gw
   * routes.
   */
  static Scenarios twoNodes() {
    return script()
        .ns("lan")
        .add("ip -n lan link add br50 type bridge", "ip -n lan link set br50 up")
        .node("n1", "10.244.0.1/24")
        .node("n2", "10.244.1.1/24")
        .lanPort("lan", "br50", "n1", "eth0", "192.168.50.11/24")
        .lanPort("lan", "br50", "n2", "eth0", "192.168.50.12/24")
        .add(
            "ip -n n1 route add 10.244.1.0/24 via 192.168.50.12 dev eth0",
            "ip -n n2 route add 10.244.0.0/24 via 192.168.50.11 dev eth0")
        .pod("n1", "p1", "10.244.0.2/24", "10.244.0.1")
        .pod("n1", "pa", "10.244.0.3/24", "10.244.0.1")
        .pod("n1", "pb", "10.244.0.4/24", "10.244.0.1")
        .pod("n2", "pc", "10.244.1.2/24", "10.244.1.1");
  }

  /** Servers on TCP and UDP {@code port}, started in the background as a script would. */
  Scenarios servers(int port, String... namespaces) {
    for (String n : namespaces) {
      add(
          "ip netns exec " + n + " nc -lk " + port + " &",
          "ip netns exec " + n + " nc -lku " + port + " &");
    }
    return this;
  }

  /**
   * The router of experiment 08: h 10.1.0.1 -- (eth0 10.1.0.254) r (eth1 10.2.0.254) -- s 10.2.0.1.
   */
  static Scenarios router() {
    return script()
        .ns("r")
        .ns("h")
        .ns("s")
        .add(
            "ip -n r link add eth0 type veth peer name eth0 netns h",
            "ip -n r link add eth1 type veth peer name eth0 netns s",
            "ip -n r addr add 10.1.0.254/24 dev eth0",
            "ip -n r addr add 10.2.0.254/24 dev eth1",
            "ip -n r link set eth0 up",
            "ip -n r link set eth1 up",
            "ip netns exec r sysctl -w net.ipv4.ip_forward=1",
            "ip -n h addr add 10.1.0.1/24 dev eth0",
            "ip -n h link set eth0 up",
            "ip -n h route add default via 10.1.0.254",
            "ip -n s addr add 10.2.0.1/24 dev eth0",
            "ip -n s link set eth0 up",
            "ip -n s route add default via 10.2.0.254")
        .servers(80, "s");
  }

  /** A TCP server in {@code ns} ({@code nc -lk PORT &}): SYNs to the port get a SYN-ACK. */
  Scenarios listen(String ns, int port) {
    return add("ip netns exec " + ns + " nc -lk " + port + " &");
  }

  Scenarios add(String... more) {
    lines.addAll(List.of(more));
    return this;
  }

  Topology topology() throws Exception {
    return ScenarioInterpreter.interpret(
            DIR.resolve("test.sh").toString(),
            String.join("\n", lines) + "\n",
            Sysctls.kernelDefaults())
        .topology();
  }

  Simulation simulation() throws Exception {
    return new Simulation(topology(), SimConfig.defaults());
  }

  Simulation simulation(SimConfig config) throws Exception {
    return new Simulation(topology(), config);
  }

  // ---- probes ----

  static long ping(Simulation sim, String from, String to) {
    long id = sim.send(LocalSend.ping(NetnsName.of(from), Ipv4Address.parse(to)));
    sim.run();
    return id;
  }

  static long udp(Simulation sim, String from, String to, int sport, int dport) {
    long id =
        sim.send(
            new LocalSend(
                NetnsName.of(from),
                Ipv4Address.parse(to),
                Optional.empty(),
                new L4.Udp(sport, dport),
                64,
                2,
                true));
    sim.run();
    return id;
  }

  static long tcp(Simulation sim, String from, String to, int sport, int dport) {
    long id =
        sim.send(
            new LocalSend(
                NetnsName.of(from),
                Ipv4Address.parse(to),
                Optional.empty(),
                new L4.Tcp(sport, dport, dev.podpath.model.packet.TcpFlags.SYN_ONLY),
                64,
                0,
                true));
    sim.run();
    return id;
  }

  static List<Step> steps(Simulation sim, long id) {
    return sim.log().events().stream()
        .filter(e -> e.packetId() == id && !e.arp())
        .map(TraceEvent::step)
        .toList();
  }

  /**
   * The table:chain sequence the packet visited in {@code ns}, as xtables-monitor --trace lists
   * them.
   */
  static List<String> visited(Simulation sim, long id, String ns) {
    return steps(sim, id).stream()
        .filter(s -> s instanceof Step.Netfilter && s.netns().value().equals(ns))
        .map(s -> ((Step.Netfilter) s).table().keyword() + ":" + ((Step.Netfilter) s).hook())
        .toList();
  }

  static <T extends Step> List<T> steps(Simulation sim, long id, Class<T> type) {
    return steps(sim, id).stream().filter(type::isInstance).map(type::cast).toList();
  }

  /** The packet's last drop, if any. */
  static Optional<DropReason> dropped(Simulation sim, long id) {
    List<Step.Dropped> d = steps(sim, id, Step.Dropped.class);
    return d.isEmpty() ? Optional.empty() : Optional.of(d.get(d.size() - 1).reason());
  }

  static boolean delivered(Simulation sim, long id, String ns) {
    return steps(sim, id).stream()
        .anyMatch(s -> s instanceof Step.LocalDelivery && s.netns().value().equals(ns));
  }

  /** The packets {@code id} caused (echo reply, ICMP error, SYN-ACK, RST), in order. */
  static List<Long> answers(Simulation sim, long id) {
    // a redirect a router sent on the way (the DNAT routed back out of cni0) is no answer
    return sim.log().responsesTo(id).stream()
        .filter(
            r ->
                sim.log()
                    .role(r)
                    .filter(dev.podpath.sim.outcome.PacketRole.ICMP_REDIRECT::equals)
                    .isEmpty())
        .toList();
  }

  /** What the packet looked like when delivered in {@code ns}. */
  static Optional<dev.podpath.model.packet.Ipv4Packet> deliveredPacket(
      Simulation sim, long id, String ns) {
    return steps(sim, id, Step.LocalDelivery.class).stream()
        .filter(s -> s.netns().value().equals(ns))
        .map(Step.LocalDelivery::packet)
        .findFirst();
  }

  static String counters(Simulation sim, String ns, NetfilterTable table, String chain) {
    return sim.ruleset(NetnsName.of(ns))
        .chain(table, chain)
        .map(
            c -> c.counters() + " " + c.rules().stream().map(r -> r.counters().toString()).toList())
        .orElse("?");
  }
}
