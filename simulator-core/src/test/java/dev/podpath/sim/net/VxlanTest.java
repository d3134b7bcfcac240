package dev.podpath.sim.net;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.addr.MacAddress;
import dev.podpath.model.packet.ArpMessage;
import dev.podpath.model.packet.Frame;
import dev.podpath.model.packet.Ipv4Packet;
import dev.podpath.model.packet.L4;
import dev.podpath.model.packet.UdpPayload;
import dev.podpath.model.topo.LinkKind;
import dev.podpath.model.topo.NetnsName;
import dev.podpath.sim.outcome.DropReason;
import dev.podpath.sim.outcome.Step;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A VXLAN device on its own (kernel-semantics.md 11.2; kernel-experiments/05-flannel-vxlan.sh;
 * {@code drivers/net/vxlan/vxlan_core.c}): given two nodes with {@code flannel.1} as flanneld
 * creates it, when a frame is transmitted on the device or a datagram arrives on its UDP port, then
 * the outer packet handed to the underlay, the unwrapped frame handed to the links, or the typed
 * drop. The underlay and the links are recorders ({@link Bench}).
 */
final class VxlanTest {

  private static final MacAddress VTEP1 = MacAddress.parse("0e:f1:00:00:00:01");
  private static final MacAddress VTEP2 = MacAddress.parse("0e:f1:00:00:00:02");
  private static final MacAddress OTHER = MacAddress.parse("0e:f1:00:00:00:09");

  /**
   * n1 192.168.50.11 and n2 192.168.50.12 on one veth; flannel.1 on each as in 05-flannel-vxlan.sh
   * ({@code id 1 local <node> dev eth0 dstport 8472 nolearning}, unless {@code learning} is asked).
   */
  private static String[] nodesWith(String vxlanOptions, String... extra) {
    return Bench.script(
        Bench.N1_N2,
        List.of(
            "ip -n n1 link add flannel.1 address "
                + VTEP1
                + " type vxlan id 1 local 192.168.50.11 dev eth0 dstport 8472 "
                + vxlanOptions,
            "ip -n n2 link add flannel.1 address "
                + VTEP2
                + " type vxlan id 1 local 192.168.50.12 dev eth0 dstport 8472 "
                + vxlanOptions,
            "ip -n n1 addr add 10.244.0.0/32 dev flannel.1",
            "ip -n n2 addr add 10.244.1.0/32 dev flannel.1",
            "ip -n n1 link set flannel.1 up",
            "ip -n n2 link set flannel.1 up"),
        extra);
  }

  private static String[] nodes(String... extra) {
    return nodesWith("nolearning", extra);
  }

  /** p1's echo request as it leaves n1 through flannel.1: forwarded once (TTL 63), DF set. */
  private static final Ipv4Packet PING =
      new Ipv4Packet(
          Ipv4Address.parse("10.244.0.3"),
          Ipv4Address.parse("10.244.1.2"),
          63,
          0,
          true,
          84,
          0,
          L4.Icmp.echoRequest(1379, 1));

  private static Vxlan vxlan(Bench b) {
    return new Vxlan(b.run, b.underlay, b.host, b.arpExits);
  }

  private static void transmit(Bench b, Vxlan vx, String ns, long packetId, Frame inner) {
    transmit(b, vx, ns, packetId, inner, conf(b, ns));
  }

  private static void transmit(
      Bench b, Vxlan vx, String ns, long packetId, Frame inner, LinkKind.Vxlan conf) {
    Skb skb = new Skb(packetId, b.log.newCopyId(), inner, inner.payload() instanceof ArpMessage);
    vx.transmit(Bench.dev(ns, "flannel.1"), b.device(ns, "flannel.1"), conf, skb);
  }

  private static LinkKind.Vxlan conf(Bench b, String ns) {
    return (LinkKind.Vxlan) b.device(ns, "flannel.1").kind();
  }

  /** What the underlay was handed for one encapsulated copy. */
  private static Step.Encapsulated encapsulation(Bench.Underlaid u) {
    return (Step.Encapsulated) u.step();
  }

  private static L4.Udp udp(Ipv4Packet outer) {
    return (L4.Udp) outer.l4();
  }

  /**
   * A datagram from n1's VTEP to n2's, carrying {@code inner} under {@code vni} to {@code port}.
   */
  private static Ipv4Packet datagram(int vni, int port, Frame inner) {
    UdpPayload.Vxlan v = new UdpPayload.Vxlan(vni, inner);
    return new Ipv4Packet(
        Ipv4Address.parse("192.168.50.11"),
        Ipv4Address.parse("192.168.50.12"),
        64,
        0,
        false,
        Ipv4Packet.HEADER_BYTES + L4.Udp.HEADER_BYTES + v.length(),
        0,
        new L4.Udp(Vxlan.sourcePort(inner), port, Optional.of(v)));
  }

  private static boolean receive(Bench b, Vxlan vx, String ns, Ipv4Packet outer) {
    Skb skb = new Skb(7, b.log.newCopyId(), new Frame(OTHER, OTHER, outer), false);
    return vx.receive(b.network.netns(NetnsName.of(ns)), "eth0", skb, outer, udp(outer));
  }

  // ---- transmit: the FDB names the remote VTEP ----

  @Test
  void theInnerDestinationMac_isLookedUpInTheDevicesFdb_andItsDstIsTheOuterDestination() {
    // 11.2: "FDB lookup of the inner dst MAC gives the remote VTEP IP"; bridge fdb append
    // 0e:f1:00:00:00:02 dev flannel.1 dst 192.168.50.12 self permanent
    Bench b =
        Bench.given(
            nodes(
                "bridge -n n1 fdb append "
                    + VTEP2
                    + " dev flannel.1 dst 192.168.50.12 self permanent",
                "bridge -n n1 fdb append "
                    + OTHER
                    + " dev flannel.1 dst 192.168.50.99 self permanent"));
    transmit(b, vxlan(b), "n1", 1, new Frame(VTEP1, VTEP2, PING));

    assertThat(b.underlaid)
        .singleElement()
        .satisfies(
            u -> {
              assertThat(u.tunnel()).isEqualTo(Bench.dev("n1", "flannel.1"));
              assertThat(u.outer().dst()).isEqualTo(Ipv4Address.parse("192.168.50.12"));
              assertThat(encapsulation(u).tunnel()).isEqualTo(Step.Tunnel.VXLAN);
              assertThat(encapsulation(u).fdbEntry())
                  .get()
                  .satisfies(e -> assertThat(e.mac()).isEqualTo(VTEP2));
              assertThat(encapsulation(u).innerFrame()).contains(new Frame(VTEP1, VTEP2, PING));
            });
    assertThat(b.steps(Step.Dropped.class)).isEmpty();
  }

  @Test
  void theOuterHeader_localSource_vni_port8472_ttlAuto64_dfUnset_50BytesMore() {
    // 11.2 and the capture of 05-flannel-vxlan.sh: "(tos 0x0, ttl 64, ..., flags [none], proto UDP
    // (17), length 134) 192.168.50.11.55938 > 192.168.50.12.8472: OTV, flags [I] (0x08), overlay
    // 0, instance 1" around an inner "length 84" packet with flags [DF]
    Bench b =
        Bench.given(
            nodes(
                "bridge -n n1 fdb append "
                    + VTEP2
                    + " dev flannel.1 dst 192.168.50.12 self permanent"));
    Frame inner = new Frame(VTEP1, VTEP2, PING);
    transmit(b, vxlan(b), "n1", 1, inner);

    Ipv4Packet outer = b.underlaid.get(0).outer();
    assertThat(outer.src()).isEqualTo(Ipv4Address.parse("192.168.50.11"));
    assertThat(outer.ttl()).isEqualTo(64);
    assertThat(outer.dontFragment()).isFalse();
    assertThat(outer.totalLength()).isEqualTo(134);
    assertThat(udp(outer).dport()).isEqualTo(8472);
    assertThat(udp(outer).sport())
        .isEqualTo(Vxlan.sourcePort(inner))
        .isBetween(Vxlan.PORT_MIN, Vxlan.PORT_MAX);
    assertThat(udp(outer).payload())
        .get()
        .isInstanceOfSatisfying(
            UdpPayload.Vxlan.class,
            v -> {
              assertThat(v.vni()).isEqualTo(1);
              assertThat(v.inner()).isEqualTo(inner);
            });
  }

  @Test
  void theSourcePort_comesFromTheInnerFlow_theSameBothWays_anotherForAnotherFlow() {
    // 11.2: "source port = a hash of the inner flow ... the same for both directions of a flow"
    Bench b =
        Bench.given(
            nodes(
                "bridge -n n1 fdb append "
                    + VTEP2
                    + " dev flannel.1 dst 192.168.50.12 self permanent",
                "bridge -n n2 fdb append "
                    + VTEP1
                    + " dev flannel.1 dst 192.168.50.11 self permanent"));
    Vxlan vx = vxlan(b);
    Ipv4Packet reply =
        new Ipv4Packet(PING.dst(), PING.src(), 63, 0, false, 84, 0, L4.Icmp.echoRequest(1379, 1));
    Ipv4Packet otherPod = PING.withSrc(Ipv4Address.parse("10.244.0.2"));
    transmit(b, vx, "n1", 1, new Frame(VTEP1, VTEP2, PING));
    transmit(b, vx, "n2", 2, new Frame(VTEP2, VTEP1, reply));
    transmit(b, vx, "n1", 3, new Frame(VTEP1, VTEP2, otherPod));

    List<Integer> ports = b.underlaid.stream().map(u -> udp(u.outer()).sport()).toList();
    assertThat(ports.get(1)).isEqualTo(ports.get(0));
    assertThat(ports.get(2)).isNotEqualTo(ports.get(0));
  }

  @Test
  void aFixedTtl_isTheOuterTtl_andTtlInherit_copiesTheInnerOne() {
    // ip-link(8) vxlan: "ttl TTL - specifies the TTL value to use in outgoing packets"; "inherit"
    Bench fixed =
        Bench.given(
            nodesWith(
                "nolearning ttl 10",
                "bridge -n n1 fdb append "
                    + VTEP2
                    + " dev flannel.1 dst 192.168.50.12 self permanent"));
    transmit(fixed, vxlan(fixed), "n1", 1, new Frame(VTEP1, VTEP2, PING));
    assertThat(fixed.underlaid.get(0).outer().ttl()).isEqualTo(10);

    Bench inherit =
        Bench.given(
            nodesWith(
                "nolearning ttl inherit",
                "bridge -n n1 fdb append "
                    + VTEP2
                    + " dev flannel.1 dst 192.168.50.12 self permanent"));
    transmit(inherit, vxlan(inherit), "n1", 1, new Frame(VTEP1, VTEP2, PING));
    assertThat(inherit.underlaid.get(0).outer().ttl()).isEqualTo(63);
  }

  @Test
  void theAllZerosEntries_areTheDefault_eachGetsACopy_andAnExactEntryWinsOverThem() {
    // bridge(8): "00:00:00:00:00:00 ... dst" entries are the default destinations; vxlan_xmit
    // sends one copy per remote of the matching entry
    Bench b =
        Bench.given(
            nodes(
                "bridge -n n1 fdb append 00:00:00:00:00:00 dev flannel.1 dst 192.168.50.12",
                "bridge -n n1 fdb append 00:00:00:00:00:00 dev flannel.1 dst 192.168.50.13",
                "bridge -n n1 fdb append "
                    + VTEP2
                    + " dev flannel.1 dst 192.168.50.14 self permanent"));
    Vxlan vx = vxlan(b);
    transmit(b, vx, "n1", 1, new Frame(VTEP1, OTHER, PING));

    assertThat(b.underlaid)
        .extracting(u -> u.outer().dst().toString())
        .containsExactly("192.168.50.12", "192.168.50.13");
    assertThat(b.underlaid.get(1).skb().copyId()).isNotEqualTo(b.underlaid.get(0).skb().copyId());
    assertThat(b.underlaid).allSatisfy(u -> assertThat(u.skb().packetId()).isEqualTo(1));

    b.underlaid.clear();
    transmit(b, vx, "n1", 2, new Frame(VTEP1, VTEP2, PING));
    assertThat(b.underlaid)
        .extracting(u -> u.outer().dst().toString())
        .containsExactly("192.168.50.14");
  }

  @Test
  void noEntryAndNoDefault_theFrameIsDroppedOnTheDevice_asVxlanNoFdb() {
    // 05-flannel-vxlan.sh "missing FDB entry (nolearning, no default dst): packets are dropped by
    // the vxlan device" (TX dropped 0 -> 2); entries of other devices and bridge ports do not count
    Bench b =
        Bench.given(
            nodes(
                "ip -n n1 link add flannel.2 type vxlan id 2 local 192.168.50.11 dev eth0 dstport 8473",
                "bridge -n n1 fdb append "
                    + VTEP2
                    + " dev flannel.2 dst 192.168.50.12 self permanent"));
    transmit(b, vxlan(b), "n1", 1, new Frame(VTEP1, VTEP2, PING));

    assertThat(b.underlaid).isEmpty();
    assertThat(b.steps(Step.Dropped.class))
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.netns()).isEqualTo(NetnsName.of("n1"));
              assertThat(d.reason())
                  .isEqualTo(new DropReason.VxlanNoFdb(Bench.dev("n1", "flannel.1"), VTEP2));
            });
  }

  @Test
  void aBroadcastArpRequest_hasNoFdbDestination_either() {
    // 05-flannel-vxlan.sh "missing neighbour entry: ARP would be needed on flannel.1; nothing
    // answers (broadcast has no fdb dst)"
    Bench b =
        Bench.given(
            nodes(
                "bridge -n n1 fdb append "
                    + VTEP2
                    + " dev flannel.1 dst 192.168.50.12 self permanent"));
    ArpMessage who =
        ArpMessage.request(VTEP1, Ipv4Address.parse("10.244.0.0"), Ipv4Address.parse("10.244.1.0"));
    transmit(b, vxlan(b), "n1", 1, new Frame(VTEP1, MacAddress.BROADCAST, who));

    assertThat(b.underlaid).isEmpty();
    assertThat(b.steps(Step.Dropped.class))
        .singleElement()
        .satisfies(
            d ->
                assertThat(d.reason())
                    .isEqualTo(
                        new DropReason.VxlanNoFdb(
                            Bench.dev("n1", "flannel.1"), MacAddress.BROADCAST)));
    assertThat(b.arpExits.exit(1, Ipv4Address.parse("10.244.1.0"))).isEmpty();
  }

  @Test
  void aDeviceWhoseFdbWasNotDumped_dropsAsNotModelled_andNotesTheArpExit() {
    // a snapshot without `bridge fdb show`: the FDB is unknown, not empty; the model says so
    Bench b = Bench.given(nodes());
    LinkKind.Vxlan c = conf(b, "n1");
    LinkKind.Vxlan unknown =
        new LinkKind.Vxlan(
            c.vni(),
            c.local(),
            c.group(),
            c.lower(),
            c.dstPort(),
            c.learning(),
            c.ttl(),
            c.ttlInherit(),
            Optional.of("flannel.1's FDB (bridge fdb show was not dumped)"));
    ArpMessage who =
        ArpMessage.request(VTEP1, Ipv4Address.parse("10.244.0.0"), Ipv4Address.parse("10.244.1.0"));
    transmit(b, vxlan(b), "n1", 1, new Frame(VTEP1, MacAddress.BROADCAST, who), unknown);

    assertThat(b.underlaid).isEmpty();
    assertThat(b.steps(Step.Dropped.class))
        .singleElement()
        .satisfies(d -> assertThat(d.reason()).isInstanceOf(DropReason.NotModelled.class));
    assertThat(b.arpExits.exit(1, Ipv4Address.parse("10.244.1.0")))
        .get()
        .isInstanceOf(DropReason.NotModelled.class);
  }

  // ---- receive: the UDP port, then the VNI ----

  @Test
  void aDatagramToThePortWithTheDevicesVni_isUnwrapped_andTheInnerFrameArrivesOnTheDevice() {
    // 11.2 "Receive: UDP 8472 on the node's address -> VNI lookup -> decapsulated frame arrives on
    // flannel.1 -> routed to cni0"
    Bench b = Bench.given(nodes());
    Frame inner = new Frame(VTEP1, VTEP2, PING);
    Ipv4Packet outer = datagram(1, 8472, inner);

    assertThat(receive(b, vxlan(b), "n2", outer)).isTrue();
    assertThat(b.steps(Step.Decapsulated.class))
        .containsExactly(
            new Step.Decapsulated(
                Bench.dev("n2", "flannel.1"), Step.Tunnel.VXLAN, outer, Optional.of(inner), PING));
    assertThat(b.decapsulated)
        .singleElement()
        .satisfies(
            h -> {
              assertThat(h.dev()).isEqualTo(Bench.dev("n2", "flannel.1"));
              assertThat(h.frame()).isEqualTo(inner);
              assertThat(h.skb().packetId()).isEqualTo(7);
            });
  }

  @Test
  void aDatagramToAnotherPort_isNotTheTunnels_andGoesOnToTheUdpLayer() {
    // the VXLAN socket is bound to dstport only (4789 is IANA's, flannel uses 8472)
    Bench b = Bench.given(nodes());
    assertThat(receive(b, vxlan(b), "n2", datagram(1, 4789, new Frame(VTEP1, VTEP2, PING))))
        .isFalse();
    assertThat(b.steps()).isEmpty();
    assertThat(b.decapsulated).isEmpty();
  }

  @Test
  void aDeviceThatIsDown_holdsNoSocket() {
    // vxlan_stop releases the socket: a datagram to its port meets no tunnel
    Bench b = Bench.given(nodes("ip -n n2 link set flannel.1 down"));
    assertThat(receive(b, vxlan(b), "n2", datagram(1, 8472, new Frame(VTEP1, VTEP2, PING))))
        .isFalse();
    assertThat(b.decapsulated).isEmpty();
  }

  @Test
  void aVniNoDeviceHas_isDroppedByTheSocket_asNoTunnel() {
    // vxlan_rcv: vxlan_vs_find_vni finds no device -> drop
    Bench b = Bench.given(nodes());
    assertThat(receive(b, vxlan(b), "n2", datagram(42, 8472, new Frame(VTEP1, VTEP2, PING))))
        .isTrue();
    assertThat(b.decapsulated).isEmpty();
    assertThat(b.steps(Step.Dropped.class))
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.netns()).isEqualTo(NetnsName.of("n2"));
              assertThat(d.reason())
                  .isInstanceOfSatisfying(
                      DropReason.NoTunnel.class,
                      n -> {
                        assertThat(n.netns()).isEqualTo(NetnsName.of("n2"));
                        assertThat(n.detail()).contains("VNI 42").contains("8472");
                      });
            });
  }

  @Test
  void aDatagramWithoutAVxlanHeader_isDroppedByTheSocket() {
    Bench b = Bench.given(nodes());
    Ipv4Packet outer =
        new Ipv4Packet(
            Ipv4Address.parse("192.168.50.11"),
            Ipv4Address.parse("192.168.50.12"),
            64,
            0,
            false,
            36,
            0,
            new L4.Udp(40000, 8472, Optional.empty()));
    assertThat(receive(b, vxlan(b), "n2", outer)).isTrue();
    assertThat(b.decapsulated).isEmpty();
    assertThat(b.steps(Step.Dropped.class))
        .singleElement()
        .satisfies(d -> assertThat(d.reason()).isInstanceOf(DropReason.NoTunnel.class));
  }

  @Test
  void anInnerFrameForAnotherMac_isDroppedOnTheVtep_asForAnotherHost() {
    // from the source (not a transcript): vxlan_rcv's eth_type_trans marks a frame for another MAC
    // PACKET_OTHERHOST, and ip_rcv drops it
    Bench b = Bench.given(nodes());
    Ipv4Packet outer = datagram(1, 8472, new Frame(VTEP1, OTHER, PING));
    assertThat(receive(b, vxlan(b), "n2", outer)).isTrue();
    assertThat(b.decapsulated).isEmpty();
    assertThat(b.steps(Step.Dropped.class))
        .singleElement()
        .satisfies(
            d ->
                assertThat(d.reason())
                    .isEqualTo(
                        new DropReason.VtepMacMismatch(
                            Bench.dev("n2", "flannel.1"), OTHER, VTEP2)));
  }

  // ---- learning ----

  @Test
  void withLearning_aReceivedFramesSourceMac_isLearnedWithTheOuterSource_andUsedToSend() {
    // vxlan_snoop (learning on, the default without nolearning): "MAC dst IP self" for the
    // inner source; flanneld turns learning off, so without it the same send has no destination
    Bench b = Bench.given(nodesWith("learning"));
    Vxlan vx = vxlan(b);
    receive(b, vx, "n2", datagram(1, 8472, new Frame(VTEP1, VTEP2, PING)));

    assertThat(vx.learned())
        .containsExactly(
            new LearnedVtep(
                Bench.dev("n2", "flannel.1"), VTEP1, Ipv4Address.parse("192.168.50.11")));
    transmit(b, vx, "n2", 2, new Frame(VTEP2, VTEP1, PING));
    assertThat(b.underlaid)
        .singleElement()
        .satisfies(
            u -> {
              assertThat(u.outer().dst()).isEqualTo(Ipv4Address.parse("192.168.50.11"));
              assertThat(encapsulation(u).fdbEntry())
                  .get()
                  .satisfies(e -> assertThat(e.origin().isKernel()).isTrue());
            });
  }

  @Test
  void withNolearning_nothingIsLearned_andTheReverseSendIsDropped() {
    Bench b = Bench.given(nodes());
    Vxlan vx = vxlan(b);
    receive(b, vx, "n2", datagram(1, 8472, new Frame(VTEP1, VTEP2, PING)));
    assertThat(vx.learned()).isEmpty();
    transmit(b, vx, "n2", 2, new Frame(VTEP2, VTEP1, PING));
    assertThat(b.underlaid).isEmpty();
    assertThat(b.steps(Step.Dropped.class))
        .last()
        .satisfies(d -> assertThat(d.reason()).isInstanceOf(DropReason.VxlanNoFdb.class));
  }
}
