package dev.podpath.testing;

import static dev.podpath.testing.TraceAssert.assertThatTrace;
import static org.assertj.core.api.Assertions.assertThat;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.packet.Ipv4Packet;
import dev.podpath.model.packet.L4;
import dev.podpath.model.script.Scenario;
import dev.podpath.model.script.ScenarioInterpreter;
import dev.podpath.model.topo.NetnsName;
import dev.podpath.sim.outcome.Disposition;
import dev.podpath.sim.outcome.DropReason;
import dev.podpath.sim.outcome.Step;
import dev.podpath.trace.Probe;
import dev.podpath.trace.Session;
import dev.podpath.trace.Trace;
import dev.podpath.trace.Tracer;
import dev.podpath.trace.Traceroute;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Given a sample, when a probe, then these hops, these decisions, this culprit. */
final class SampleTracesTest {

  private static Trace ping(String sample, String from, String to) throws Exception {
    Scenario sc = ScenarioInterpreter.interpret(Samples.sample(sample));
    return Tracer.trace(sc.topology(), Probe.icmp(NetnsName.of(from), Ipv4Address.parse(to)));
  }

  @Test
  void hostGw_podToPodAcrossNodes_isRoutedByBothNodes_withArpAndLearning() throws Exception {
    Trace t = ping("flannel-host-gw.sh", "busybox-jpnb6", "10.10.2.4");
    assertThatTrace(t)
        .isReachable()
        .request()
        .isDeliveredTo("busybox-pg7ps")
        .visits("busybox-jpnb6", "worker1", "lan", "worker2", "busybox-pg7ps")
        .hasStep(
            "busybox-jpnb6",
            Step.ArpRequest.class,
            a -> a.target().equals(Ipv4Address.parse("10.10.1.1")))
        .hasStep(
            "worker1",
            Step.ArpReply.class,
            a -> a.ip().equals(Ipv4Address.parse("10.10.1.1")) && !a.proxy())
        .hasStep("worker1", Step.BridgeLearned.class, b -> b.port().equals("veth-jpnb6"))
        .hasStep(
            "worker1", Step.BridgeForwarded.class, b -> b.decision() == Step.BridgeDecision.TO_HOST)
        .hasStep(
            "worker1",
            Step.RouteSelected.class,
            r ->
                r.nextHop().equals(Optional.of(Ipv4Address.parse("192.168.2.15")))
                    && r.outDev().equals(Optional.of("enp0s5"))
                    && r.route().origin().line() > 0)
        .hasStep("worker1", Step.Forwarded.class, f -> f.ttlBefore() == 64 && f.ttlAfter() == 63)
        .hasStep(
            "lan",
            Step.BridgeForwarded.class,
            b ->
                b.decision() == Step.BridgeDecision.KNOWN_UNICAST
                    && b.outPorts().equals(java.util.List.of("lan-worker2")))
        .hasStep("worker2", Step.Forwarded.class, f -> f.ttlAfter() == 62);
    assertThatTrace(t)
        .response()
        .isDeliveredTo("busybox-jpnb6")
        .visits("busybox-pg7ps", "worker2", "lan", "worker1", "busybox-jpnb6");
  }

  /**
   * An ARP request carried by a VXLAN tunnel belongs to the ARP exchange its sender waited for, on
   * every hop it crosses: the outer packet's route and neighbour on the underlay, the decapsulation
   * and the answer at the far end, and the way back. No step of it is left over as a stray copy.
   */
  @Test
  void arpAcrossATunnel_isOneExchange_withBothEndsOfTheTunnel() throws Exception {
    Trace t = ping("vxlan-learning.sh", "h1", "172.16.0.2");
    assertThatTrace(t).isReachable();
    dev.podpath.trace.Hop first = t.request().hops().get(0);
    assertThat(first.arp()).extracting(e -> e.step().netns().toString()).contains("h1", "h2");
    assertThat(first.arp())
        .anyMatch(
            e -> e.step() instanceof Step.Decapsulated && e.step().netns().toString().equals("h2"));
    assertThat(first.arp())
        .anyMatch(
            e -> e.step() instanceof Step.Decapsulated && e.step().netns().toString().equals("h1"));
    assertThat(first.branches()).as("stray copies of the exchange").isEmpty();
  }

  @Test
  void hostGw_podToPodOnOneNode_isBridged_ttlUnchanged() throws Exception {
    Trace t = ping("flannel-host-gw.sh", "busybox-jpnb6", "10.10.1.5");
    assertThatTrace(t)
        .isReachable()
        .request()
        .visits("busybox-jpnb6", "worker1", "busybox-sgf8v")
        .hasStep(
            "worker1",
            Step.BridgeForwarded.class,
            b -> b.decision() == Step.BridgeDecision.KNOWN_UNICAST);
    assertThat(
            t.request().hops().stream()
                .flatMap(h -> h.steps().stream())
                .anyMatch(e -> e.step() instanceof Step.Forwarded))
        .as("nobody routes bridged traffic")
        .isFalse();
  }

  @Test
  void routerWithoutTheRoute_answersNetUnreachable() throws Exception {
    Trace t = ping("missing-route.sh", "ns1", "10.1.3.5");
    assertThatTrace(t)
        .isNotReachable()
        .request()
        .droppedBecause(DropReason.NoRoute.class, "router");
    assertThatTrace(t).response().isDeliveredTo("ns1");
    var icmp = (L4.Icmp) t.response().get().packet().orElseThrow().l4();
    assertThat(icmp.type()).isEqualTo(L4.Icmp.DEST_UNREACH);
    assertThat(icmp.code()).isEqualTo(L4.Icmp.NET_UNREACH);
    assertThat(t.response().get().packet().get().src()).isEqualTo(Ipv4Address.parse("10.1.1.1"));
  }

  @Test
  void senderWithoutARoute_getsNetworkUnreachableLocally() throws Exception {
    assertThatTrace(ping("missing-route.sh", "ns2", "10.1.1.2"))
        .isNotReachable()
        .hasLocalError("connect: Network is unreachable")
        .request()
        .droppedBecause(DropReason.NoRoute.class, "ns2");
  }

  @Test
  void onlinkGatewayOnAnotherSegment_failsArp_andTheNodeAnswersHostUnreachable() throws Exception {
    Trace t = ping("gateway-other-segment.sh", "busybox-jpnb6", "10.10.3.2");
    assertThatTrace(t)
        .isNotReachable()
        .request()
        .droppedBecause(DropReason.NeighbourFailed.class, "worker1");
    var reason = (DropReason.NeighbourFailed) t.request().reason().orElseThrow();
    assertThat(reason.nextHop()).isEqualTo(Ipv4Address.parse("192.168.3.14"));
    assertThat(reason.attempts()).isEqualTo(3);
    assertThatTrace(t).response().isDeliveredTo("busybox-jpnb6");
    assertThat(t.response().get().packet().get().src()).isEqualTo(Ipv4Address.parse("10.10.1.1"));
    assertThat(t.responseDelayNanos())
        .hasValueSatisfying(d -> assertThat(d).isBetween(3_000_000_000L, 3_100_000_000L));
  }

  @Test
  void ipForwardOff_dropsSilently_atTheRouter() throws Exception {
    Trace t = ping("ip-forward-off.sh", "ns1", "10.1.2.2");
    assertThatTrace(t)
        .isNotReachable()
        .request()
        .droppedBecause(DropReason.ForwardingDisabled.class, "router");
    assertThat(t.response()).as("no ICMP when forwarding is off").isEmpty();
  }

  @Test
  void ipForwardOff_theRoutersOtherAddress_stillAnswers_weakHost() throws Exception {
    assertThatTrace(ping("ip-forward-off.sh", "ns1", "10.1.2.1")).isReachable();
  }

  @Test
  void vethPeerDown_noCarrier_arpFails_andThePodTellsItself() throws Exception {
    Trace t = ping("veth-down.sh", "pod-b", "10.244.0.1");
    assertThatTrace(t)
        .isNotReachable()
        .request()
        .droppedBecause(DropReason.NeighbourFailed.class, "pod-b")
        .hasStep("pod-b", Step.Dropped.class, d -> d.reason() instanceof DropReason.NoCarrier);
    assertThat(t.response().get().packet().get().src()).isEqualTo(Ipv4Address.parse("10.244.0.3"));
  }

  @Test
  void routeTypes_blackholeSilent_unreachableHostUnreach_prohibitFiltered() throws Exception {
    Trace blackhole = ping("blackhole.sh", "ns1", "10.1.2.3");
    assertThatTrace(blackhole)
        .isNotReachable()
        .request()
        .droppedBecause(DropReason.RouteType.class, "router");
    assertThat(blackhole.response()).isEmpty();
    Trace unreachable = ping("blackhole.sh", "ns1", "10.1.2.4");
    assertThat(((L4.Icmp) unreachable.response().get().packet().get().l4()).code())
        .isEqualTo(L4.Icmp.HOST_UNREACH);
    Trace prohibit = ping("blackhole.sh", "ns1", "10.1.2.5");
    assertThat(((L4.Icmp) prohibit.response().get().packet().get().l4()).code())
        .isEqualTo(L4.Icmp.ADMIN_PROHIBITED);
  }

  @Test
  void asymmetricRoutes_strictRpFilter_inAFreshWorld_alsoSilencesArp_soTheReplyDiesInNs2()
      throws Exception {
    // rp_filter applies to ARP too: ns2 asks for 10.1.3.1 with sender 10.1.2.2, whose route back
    // is not via v3_r, so the router ignores the request (kernel-verified in samples/rp-filter.sh).
    Trace t = ping("rp-filter.sh", "ns1", "10.1.2.2");
    assertThatTrace(t).isNotReachable();
    assertThatTrace(t).request().isDeliveredTo("ns2");
    assertThatTrace(t)
        .response()
        .droppedBecause(DropReason.NeighbourFailed.class, "ns2")
        .hasStep("router", Step.ArpIgnored.class, a -> a.why().contains("rp_filter=1"));
  }

  @Test
  void asymmetricRoutes_strictRpFilter_onceArpIsResolved_dropsTheReplyAtTheRouter()
      throws Exception {
    Scenario sc = ScenarioInterpreter.interpret(Samples.sample("rp-filter.sh"));
    Session session = new Session(sc.topology(), dev.podpath.sim.net.SimConfig.defaults());
    assertThatTrace(session.trace(Probe.icmp(NetnsName.of("ns1"), Ipv4Address.parse("10.1.3.2"))))
        .isReachable();
    Trace t = session.trace(Probe.icmp(NetnsName.of("ns1"), Ipv4Address.parse("10.1.2.2")));
    assertThatTrace(t).isNotReachable();
    assertThatTrace(t).response().droppedBecause(DropReason.RpFilter.class, "router");
    assertThat(((DropReason.RpFilter) t.response().get().reason().get()).mode()).isEqualTo(1);
  }

  @Test
  void traceroute_hostGw_showsBothNodes() throws Exception {
    Scenario sc = ScenarioInterpreter.interpret(Samples.sample("flannel-host-gw.sh"));
    Traceroute.Result r =
        Traceroute.run(
            sc.topology(),
            new Probe(
                NetnsName.of("busybox-jpnb6"),
                Ipv4Address.parse("10.10.2.4"),
                Optional.empty(),
                Probe.Protocol.UDP,
                44444,
                Traceroute.BASE_PORT,
                1),
            30);
    assertThat(r.lines())
        .extracting(dev.podpath.trace.render.TracerouteLines::line)
        .containsExactly(" 1  10.10.1.1", " 2  192.168.2.15", " 3  10.10.2.4");
    assertThat(r.reached()).isTrue();
  }

  @Test
  void ttlOne_expiresAtTheFirstRouter_withItsBridgeAddress() throws Exception {
    Scenario sc = ScenarioInterpreter.interpret(Samples.sample("flannel-host-gw.sh"));
    Trace t =
        Tracer.trace(
            sc.topology(),
            Probe.icmp(NetnsName.of("busybox-jpnb6"), Ipv4Address.parse("10.10.2.4")).withTtl(1));
    assertThatTrace(t).request().hasDisposition(Disposition.TTL_EXCEEDED);
    assertThat(t.response().get().packet().get().src()).isEqualTo(Ipv4Address.parse("10.10.1.1"));
    assertThat(t.response().get().packet().get().tos()).isEqualTo(0xc0);
  }

  // ---------- overlays (issue 5) ----------

  private static Trace afterScript(String sample, Probe probe, String untilLine) throws Exception {
    Scenario sc = ScenarioInterpreter.interpret(Samples.sample(sample));
    int index = -1;
    for (int i = 0; i < sc.probes().size(); i++) {
      if (sc.probes().get(i).origin().text().contains(untilLine)) {
        index = i;
        break;
      }
    }
    assertThat(index).as("a probe line containing %s in %s", untilLine, sample).isNotNegative();
    return Tracer.trace(sc.topologyAt(index), probe);
  }

  private static boolean vxlan(Ipv4Packet outer, int vni, int dport) {
    return outer.l4() instanceof L4.Udp u
        && u.dport() == dport
        && u.payload().orElse(null) instanceof dev.podpath.model.packet.UdpPayload.Vxlan v
        && v.vni() == vni;
  }

  @Test
  void vxlan_podToPodAcrossNodes_isEncapsulatedInUdp8472_andDecapsulatedOnFlannel1()
      throws Exception {
    Trace t = ping("flannel-vxlan.sh", "busybox-jpnb6", "10.10.2.4");
    Ipv4Address w1 = Ipv4Address.parse("192.168.2.16");
    Ipv4Address w2 = Ipv4Address.parse("192.168.2.15");
    assertThatTrace(t)
        .isReachable()
        .request()
        .isDeliveredTo("busybox-pg7ps")
        .visits("busybox-jpnb6", "worker1", "lan", "worker2", "busybox-pg7ps")
        .hasStep(
            "worker1",
            Step.RouteSelected.class,
            r ->
                r.outDev().equals(Optional.of("flannel.1"))
                    && r.nextHop().equals(Optional.of(Ipv4Address.parse("10.10.2.0"))))
        .hasStep(
            "worker1", Step.Forwarded.class, f -> f.out().equals("flannel.1") && f.ttlAfter() == 63)
        .hasStep(
            "worker1",
            Step.NeighbourUsed.class,
            n ->
                n.dev().name().equals("flannel.1")
                    && n.state() == dev.podpath.model.neigh.NudState.PERMANENT
                    && n.mac().toString().equals("0e:f1:00:00:00:15"))
        .hasStep(
            "worker1",
            Step.Encapsulated.class,
            e ->
                e.tunnel() == Step.Tunnel.VXLAN
                    && e.outer().src().equals(w1)
                    && e.outer().dst().equals(w2)
                    && vxlan(e.outer(), 1, 8472)
                    && e.outer().ttl() == 64
                    && !e.outer().dontFragment()
                    && e.outer().totalLength() == ((Ipv4Packet) e.inner()).totalLength() + 50
                    && e.fdbEntry().map(f -> f.dst().equals(Optional.of(w2))).orElse(false))
        .hasStep(
            "worker2",
            Step.Decapsulated.class,
            d ->
                d.dev().name().equals("flannel.1")
                    && vxlan(d.outer(), 1, 8472)
                    && ((Ipv4Packet) d.inner()).ttl() == 63)
        .hasStep(
            "worker2",
            Step.RouteSelected.class,
            r -> r.input() && r.outDev().equals(Optional.of("cni0")))
        .hasStep(
            "worker2", Step.Forwarded.class, f -> f.in().equals("flannel.1") && f.ttlAfter() == 62);
    assertThatTrace(t)
        .response()
        .isDeliveredTo("busybox-jpnb6")
        .visits("busybox-pg7ps", "worker2", "lan", "worker1", "busybox-jpnb6");
  }

  @Test
  void vxlan_outerSourcePort_isStablePerFlow_andTheSameBothWays() throws Exception {
    Trace t = ping("flannel-vxlan.sh", "busybox-jpnb6", "10.10.2.4");
    java.util.List<Integer> ports =
        java.util.stream.Stream.of(t.request(), t.response().orElseThrow())
            .flatMap(p -> p.hops().stream())
            .flatMap(h -> h.steps().stream())
            .map(e -> e.step())
            .filter(s -> s instanceof Step.Encapsulated)
            .map(s -> ((L4.Udp) ((Step.Encapsulated) s).outer().l4()).sport())
            .toList();
    assertThat(ports).hasSize(2).allMatch(p -> p >= 32768 && p <= 60999);
    assertThat(ports.get(0)).isEqualTo(ports.get(1));
  }

  @Test
  void vxlan_withoutTheFdbEntry_dropsSilently_onTheSendingNode() throws Exception {
    Trace t =
        afterScript(
            "flannel-vxlan-broken.sh",
            Probe.icmp(NetnsName.of("busybox-jpnb6"), Ipv4Address.parse("10.10.2.4")),
            "ping -c1 -W1 10.10.2.4 || true");
    assertThatTrace(t)
        .isNotReachable()
        .request()
        .droppedBecause(DropReason.VxlanNoFdb.class, "worker1");
    assertThat(t.response()).as("a silent drop: nothing comes back").isEmpty();
  }

  @Test
  void vxlan_staleVtepMac_reachesTheRemoteNode_andIsDroppedByItsFlannel1() throws Exception {
    Scenario sc = ScenarioInterpreter.interpret(Samples.sample("flannel-vxlan-broken.sh"));
    int stale = 3;
    assertThat(sc.probes().get(stale).origin().line())
        .isGreaterThan(sc.probes().get(stale - 1).origin().line());
    Trace t =
        Tracer.trace(
            sc.topologyAt(stale),
            Probe.icmp(NetnsName.of("busybox-jpnb6"), Ipv4Address.parse("10.10.2.4")));
    assertThatTrace(t)
        .isNotReachable()
        .request()
        .visits("busybox-jpnb6", "worker1", "lan", "worker2")
        .droppedBecause(DropReason.VtepMacMismatch.class, "worker2")
        .hasStep("worker2", Step.Decapsulated.class, d -> d.dev().name().equals("flannel.1"));
  }

  @Test
  void vxlan_pod1500OverA1450Path_getsFragNeededFromItsNode_thenFailsLocally() throws Exception {
    Scenario sc = ScenarioInterpreter.interpret(Samples.sample("flannel-vxlan-mtu.sh"));
    Session session = new Session(sc.topology(), dev.podpath.sim.net.SimConfig.defaults());
    Probe big =
        new Probe(
            NetnsName.of("busybox-jpnb6"),
            Ipv4Address.parse("10.10.2.4"),
            Optional.empty(),
            Probe.Protocol.ICMP,
            0,
            0,
            64,
            1472,
            true);
    Trace first = session.traceAsCommand(big, 1_000_000_000L);
    assertThatTrace(first)
        .isNotReachable()
        .request()
        .droppedBecause(DropReason.FragmentationNeeded.class, "worker1")
        .hasStep("worker1", Step.IcmpSent.class, i -> ((L4.Icmp) i.icmp().l4()).mtu() == 1450);
    assertThat(((L4.Icmp) first.response().orElseThrow().packet().orElseThrow().l4()).mtu())
        .isEqualTo(1450);
    Trace second = session.traceAsCommand(big, 1_000_000_000L);
    assertThatTrace(second)
        .isNotReachable()
        .hasLocalError("local error: message too long, mtu=1450");
  }

  @Test
  void flannelUdp_leavesTheKernelToFlanneld_andComesBackOnThePeersFlannel0() throws Exception {
    Trace t = ping("flannel-udp.sh", "busybox-jpnb6", "10.10.2.4");
    assertThatTrace(t)
        .isReachable()
        .request()
        .isDeliveredTo("busybox-pg7ps")
        .hasStep(
            "worker1",
            Step.UserSpace.class,
            u -> u.toProgram() && u.dev().name().equals("flannel0"))
        .hasStep(
            "worker1",
            Step.Encapsulated.class,
            e ->
                e.tunnel() == Step.Tunnel.FLANNEL_UDP
                    && e.outer().l4() instanceof L4.Udp u
                    && u.sport() == 8285
                    && u.dport() == 8285
                    && e.outer().dontFragment()
                    && e.outer().totalLength() == ((Ipv4Packet) e.inner()).totalLength() + 28)
        .hasStep(
            "worker2",
            Step.UserSpace.class,
            u -> !u.toProgram() && u.dev().name().equals("flannel0"))
        .hasStep(
            "worker2", Step.Forwarded.class, f -> f.in().equals("flannel0") && f.ttlAfter() == 62);
  }

  @Test
  void calicoIpip_outerDestinationIsTheRoutesGateway_andTheOuterTtlIsTheInnerOne()
      throws Exception {
    Trace t =
        afterScript(
            "calico-ipip.sh",
            Probe.icmp(NetnsName.of("busybox-sgf8v"), Ipv4Address.parse("10.244.2.7")),
            "ping -c1 -W1 10.244.2.7");
    assertThatTrace(t)
        .isReachable()
        .request()
        .isDeliveredTo("busybox-pg7ps")
        .hasStep(
            "worker1",
            Step.ArpReply.class,
            a -> a.proxy() && a.ip().equals(Ipv4Address.parse("169.254.1.1")))
        .hasStep(
            "worker1",
            Step.Encapsulated.class,
            e ->
                e.tunnel() == Step.Tunnel.IPIP
                    && e.outer().dst().equals(Ipv4Address.parse("192.168.2.15"))
                    && e.outer().src().equals(Ipv4Address.parse("192.168.2.16"))
                    && e.outer().ttl() == 63
                    && e.outer().protocol() == 4
                    && e.outer().dontFragment())
        .hasStep("worker2", Step.Decapsulated.class, d -> d.dev().name().equals("tunl0"))
        .hasStep(
            "worker2", Step.Forwarded.class, f -> f.in().equals("tunl0") && f.ttlAfter() == 62);
  }

  @Test
  void calicoIpip_withTunl0Down_theReceivingNodeTakesNothing_andTheSendersTunnelAbsorbsTheError()
      throws Exception {
    Trace t =
        afterScript(
            "calico-ipip.sh",
            Probe.icmp(NetnsName.of("busybox-sgf8v"), Ipv4Address.parse("10.244.2.7")),
            "ping -c1 -W1 10.244.2.7 || true");
    assertThatTrace(t)
        .isNotReachable()
        .request()
        .droppedBecause(DropReason.NoTunnel.class, "worker2");
    assertThatTrace(t).response().droppedBecause(DropReason.TunnelErrorAbsorbed.class, "worker1");
  }

  @Test
  void calicoIpip_unusedAddressOfTheBlock_hitsTheBlackholeRoute() throws Exception {
    Trace t =
        afterScript(
            "calico-ipip.sh",
            Probe.icmp(NetnsName.of("busybox-sgf8v"), Ipv4Address.parse("10.244.2.9")),
            "10.244.2.9");
    assertThatTrace(t)
        .isNotReachable()
        .request()
        .droppedBecause(DropReason.RouteType.class, "worker2");
  }
}
