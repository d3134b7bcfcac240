package dev.podpath.trace.diagnosis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.addr.MacAddress;
import dev.podpath.model.errno.Errno;
import dev.podpath.model.finding.NetworkFacts;
import dev.podpath.model.netfilter.Chain;
import dev.podpath.model.netfilter.Hook;
import dev.podpath.model.netfilter.NetfilterTable;
import dev.podpath.model.netfilter.RejectWith;
import dev.podpath.model.netfilter.RulesUnknown;
import dev.podpath.model.route.Route;
import dev.podpath.model.route.RouteType;
import dev.podpath.model.route.RoutingRule;
import dev.podpath.model.script.ScenarioInterpreter;
import dev.podpath.model.sysctl.Sysctls;
import dev.podpath.model.topo.DeviceRef;
import dev.podpath.model.topo.NetnsName;
import dev.podpath.model.topo.Topology;
import dev.podpath.sim.outcome.Disposition;
import dev.podpath.sim.outcome.DropReason;
import dev.podpath.sim.outcome.PacketRole;
import dev.podpath.sim.outcome.Step;
import dev.podpath.trace.PacketTrace;
import dev.podpath.trace.Probe;
import dev.podpath.trace.Trace;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every {@link DropReason} variant gets a diagnosis: the entries responsible, and fixes or the
 * reason there is none. A variant added without a remedy fails {@link #everyVariant_hasAFixture()}
 * (no fixture) or {@link #everyVariant_isDiagnosed} (no remedy).
 */
final class DiagnoserTest {

  private static final String SCRIPT =
      String.join(
          "\n",
          "ip netns add a",
          "ip netns add b",
          "ip -n a link add va type veth peer name vb netns b",
          "ip -n a addr add 10.0.0.1/24 dev va",
          "ip -n a link set va up",
          "ip -n b addr add 10.0.0.2/24 dev vb",
          "ip -n a link add br0 type bridge",
          "ip -n a link set br0 up",
          "ip -n a route add blackhole 10.9.0.0/16",
          "ip -n a rule add to 10.8.0.0/16 prohibit priority 100",
          "ip netns exec a iptables -A FORWARD -j DROP",
          "ip netns exec a iptables -P INPUT DROP",
          "");

  private static Topology topology;
  private static final NetnsName A = NetnsName.of("a");
  private static final DeviceRef VA = new DeviceRef(A, "va");
  private static final DeviceRef VB = new DeviceRef(NetnsName.of("b"), "vb");
  private static final DeviceRef BR = new DeviceRef(A, "br0");
  private static final Ipv4Address DST = Ipv4Address.parse("10.0.0.2");
  private static final MacAddress MAC = MacAddress.parse("02:00:00:00:00:09");

  @BeforeAll
  static void build() throws Exception {
    topology =
        ScenarioInterpreter.interpret("fixture.sh", SCRIPT, Sysctls.kernelDefaults()).topology();
  }

  static Stream<DropReason> fixtures() {
    Route blackhole =
        topology.require(A).routing().allRoutes().stream()
            .filter(r -> r.type() == RouteType.BLACKHOLE)
            .findFirst()
            .orElseThrow();
    RoutingRule prohibit =
        topology.require(A).routing().rules().stream()
            .filter(r -> r.priority() == 100)
            .findFirst()
            .orElseThrow();
    Chain forward =
        topology.require(A).netfilter().tables().get(NetfilterTable.FILTER).get("FORWARD");
    DropReason.BridgeLoop loop =
        new DropReason.BridgeLoop(BR, VA, List.of(BR), MacAddress.BROADCAST);
    DropReason.TtlExceeded ttl = new DropReason.TtlExceeded(A, 1);
    return Stream.of(
        new DropReason.NoRoute(A, DST, List.of(254)),
        new DropReason.RouteType(A, blackhole),
        new DropReason.RuleAction(A, prohibit),
        new DropReason.ForwardingDisabled(VA),
        new DropReason.RpFilter(VA, DST, 1, Optional.empty()),
        new DropReason.MartianSource(VA, Ipv4Address.parse("10.0.0.1")),
        new DropReason.MartianDestination(VA, Ipv4Address.parse("10.0.0.255")),
        ttl,
        new DropReason.NeighbourFailed(VA, DST, 3),
        new DropReason.DeviceDown(VB),
        new DropReason.NoCarrier(VA, Optional.of(VB)),
        new DropReason.NotForThisHost(VA, MAC),
        new DropReason.FrameTooBig(VA, 1600, 1500),
        new DropReason.FragmentationNeeded(VA, 1600, 1450, Optional.of("VXLAN's 50 bytes")),
        new DropReason.BridgeNoPort(BR, MAC, "the only port is the ingress port"),
        new DropReason.LoopbackDown(A),
        new DropReason.LeftModel(VA, "the LAN"),
        new DropReason.RuleDrop(
            A, NetfilterTable.FILTER, "FORWARD", 1, forward.rules().get(0), Optional.empty()),
        new DropReason.RuleReject(
            A,
            NetfilterTable.FILTER,
            "FORWARD",
            1,
            forward.rules().get(0),
            RejectWith.ICMP_HOST_UNREACHABLE),
        new DropReason.PolicyDrop(A, NetfilterTable.FILTER, "INPUT"),
        new DropReason.NftRuleDrop(
            A,
            "inet fw",
            "forward",
            1,
            new dev.podpath.model.netfilter.NftRule(
                java.util.List.of(
                    new dev.podpath.model.netfilter.NftExpr.Verdict(
                        dev.podpath.model.netfilter.NftVerdict.of(
                            dev.podpath.model.netfilter.NftVerdict.Kind.DROP))),
                java.util.Optional.empty(),
                new dev.podpath.model.origin.Origin(
                    "t.sh", 12, "nft add rule inet fw forward drop")),
            java.util.Optional.empty(),
            java.util.Optional.empty()),
        new DropReason.NftPolicyDrop(A, "inet fw", "forward"),
        new DropReason.NatDropsRedirect(A, true),
        new DropReason.NoSocket(A, DST, 80, Ipv4Address.parse("10.96.0.10"), 80),
        new DropReason.NotModelled(A, "macvlan device a/mv0"),
        new DropReason.NetfilterUnknown(
            A, Hook.FORWARD, new RulesUnknown.NotInFolder("a", "collect.log")),
        loop,
        new DropReason.BroadcastStorm(loop, 12, Optional.of(DST)),
        new DropReason.RoutingLoop(List.of(A, NetnsName.of("b")), 64, ttl),
        new DropReason.EventBudget(A, 100_000),
        new DropReason.InFlight(A, "waiting for ARP"),
        new DropReason.LocalError(A, Errno.EACCES, "ping: sendmsg: Operation not permitted"),
        new DropReason.VxlanNoFdb(VA, MAC),
        new DropReason.NoTunnel(A, "no VXLAN device with VNI 1 on port 4789"),
        new DropReason.TunnelLoop(VA, DST),
        new DropReason.NoSubnetLease(VA, DST),
        new DropReason.TunnelErrorAbsorbed(A, 3, 4, Step.Tunnel.VXLAN),
        new DropReason.VtepMacMismatch(VA, MAC, MacAddress.parse("02:00:00:00:00:0a")),
        new DropReason.NoPeer(
            VA, DST, DropReason.NoPeer.Cause.NO_ALLOWED_IPS, "", "no peer's allowed-ips hold it"),
        new DropReason.NoPeer(
            VA, DST, DropReason.NoPeer.Cause.SOURCE_NOT_ALLOWED, "KEY=", "the source is not in"),
        new DropReason.EdgeDrop(VA, DST, DST));
  }

  @Test
  void everyVariant_hasAFixture() {
    Set<Class<?>> covered = fixtures().map(Object::getClass).collect(Collectors.toSet());
    assertThat(covered)
        .containsExactlyInAnyOrderElementsOf(
            Arrays.asList(DropReason.class.getPermittedSubclasses()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fixtures")
  void everyVariant_isDiagnosed(DropReason reason) {
    Diagnosis d = diagnose(reason).orElseThrow();

    assertThat(d.reason().code()).isEqualTo(reason.code());
    assertThat(d.culprit()).isNotEmpty();
    assertThat(d.fixes().isEmpty()).isEqualTo(d.noFix().isPresent());
    d.fixes().forEach(f -> assertThat(f.change()).isNotBlank());
    d.noFix().ifPresent(n -> assertThat(n).isNotBlank());
  }

  @Test
  void aRouteTypeDrop_pointsAtTheRoutesLine_andDeletesIt() {
    Route blackhole =
        topology.require(A).routing().allRoutes().stream()
            .filter(r -> r.type() == RouteType.BLACKHOLE)
            .findFirst()
            .orElseThrow();

    Diagnosis d = diagnose(new DropReason.RouteType(A, blackhole)).orElseThrow();

    assertThat(d.culprit().get(0).origin().orElseThrow().line()).isEqualTo(9);
    assertThat(d.fixes().get(0).change()).isEqualTo("ip -n a route del blackhole 10.9.0.0/16");
  }

  @Test
  void aPolicyDrop_pointsAtTheLineThatSetThePolicy() {
    Diagnosis d =
        diagnose(new DropReason.PolicyDrop(A, NetfilterTable.FILTER, "INPUT")).orElseThrow();

    assertThat(d.culprit().get(0).origin().orElseThrow().line()).isEqualTo(12);
    assertThat(d.fixes().stream().map(f -> f.change()))
        .contains("ip netns exec a iptables -t filter -P INPUT ACCEPT");
  }

  @Test
  void aDownPeer_isBroughtUp() {
    Diagnosis d = diagnose(new DropReason.NoCarrier(VA, Optional.of(VB))).orElseThrow();

    assertThat(d.fixes().get(0).change()).isEqualTo("ip -n b link set vb up");
  }

  @Test
  void aSucceededTrace_hasNoDiagnosis() {
    PacketTrace delivered =
        new PacketTrace(
            PacketRole.REQUEST,
            Optional.empty(),
            Disposition.DELIVERED,
            Optional.empty(),
            Optional.of(NetnsName.of("b")),
            List.of());
    PacketTrace reply =
        new PacketTrace(
            PacketRole.ECHO_REPLY,
            Optional.empty(),
            Disposition.DELIVERED,
            Optional.empty(),
            Optional.of(A),
            List.of());
    Trace t =
        new Trace(Probe.icmp(A, DST), delivered, Optional.of(reply), Optional.empty(), List.of());

    assertThat(Diagnoser.diagnose(t, NetworkFacts.scenario(topology), List.of())).isEmpty();
  }

  private static Optional<Diagnosis> diagnose(DropReason reason) {
    PacketTrace dropped =
        new PacketTrace(
            PacketRole.REQUEST,
            Optional.empty(),
            Disposition.DROPPED,
            Optional.of(reason),
            Optional.empty(),
            List.of());
    Trace t = new Trace(Probe.icmp(A, DST), dropped, Optional.empty(), Optional.empty(), List.of());
    return Diagnoser.diagnose(t, NetworkFacts.scenario(topology), List.of());
  }
}
