package dev.podpath.sim.net;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.addr.MacAddress;
import dev.podpath.model.packet.Ipv4Packet;
import dev.podpath.model.packet.L4;
import dev.podpath.model.topo.DeviceRef;
import dev.podpath.model.topo.NetDevice;
import dev.podpath.model.topo.Netns;
import dev.podpath.model.topo.NetnsName;
import dev.podpath.sim.outcome.DropReason;
import dev.podpath.sim.outcome.SocketError;
import dev.podpath.sim.outcome.Step;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The IP stack's input and forward paths on their own (kernel-semantics.md sections 6 and 7;
 * kernel-experiments/12-rp-filter-ip-forward.sh, 14-ttl-icmp.sh): given router r (eth0 10.1.0.254
 * towards h, eth1 10.2.0.254 towards s, a route to 10.20.0.0/16 via 10.2.0.1), when a packet
 * arrives on eth0, then delivered locally or forwarded to the neighbour layer with its TTL one
 * lower. Netfilter, the neighbour layer, ICMP, TCP and the tunnels are recorders ({@link Bench}).
 */
final class IpStackTest {

  private static final DeviceRef ETH0 = Bench.dev("r", "eth0");

  /** What the stack handed the neighbour layer. */
  private record Out(DeviceRef dev, Ipv4Address nextHop, Ipv4Packet packet) {}

  private static String[] router(String... extra) {
    List<String> c =
        new ArrayList<>(
            List.of(
                "ip netns add r",
                "ip netns add h",
                "ip netns add s",
                "ip -n r link add eth0 type veth peer name eth0 netns h",
                "ip -n r link add eth1 type veth peer name eth0 netns s",
                "ip -n r addr add 10.1.0.254/24 dev eth0",
                "ip -n r addr add 10.2.0.254/24 dev eth1",
                "ip -n r link set eth0 up",
                "ip -n r link set eth1 up",
                "ip -n r link set lo up",
                "ip -n r route add 10.20.0.0/16 via 10.2.0.1"));
    c.addAll(List.of(extra));
    return c.toArray(String[]::new);
  }

  private final List<Out> out = new ArrayList<>();
  private final List<Ipv4Packet> echoed = new ArrayList<>();

  private IpStack stack(Bench b) {
    NeighbourOutput neighbours =
        new NeighbourOutput() {
          @Override
          public void output(
              DeviceRef devRef,
              NetDevice dev,
              Ipv4Address nextHop,
              long packetId,
              long copyId,
              boolean arp,
              Ipv4Packet packet) {
            out.add(new Out(devRef, nextHop, packet));
          }

          @Override
          public void resolve(
              DeviceRef devRef,
              NetDevice dev,
              Ipv4Address nextHop,
              long packetId,
              long copyId,
              boolean arp,
              Ipv4Packet packet,
              Consumer<MacAddress> then) {
            throw new AssertionError("unexpected resolution");
          }
        };
    IcmpOutput icmp =
        new IcmpOutput() {
          @Override
          public void sendError(
              NetnsName ns, long offendingId, Ipv4Packet offending, int type, int code, int mtu) {
            b.icmp.sendError(ns, offendingId, offending, type, code, mtu);
          }

          @Override
          public void sendErrorAboutBridged(
              NetnsName ns, long offendingId, Ipv4Packet offending, int type, int code) {
            b.icmp.sendErrorAboutBridged(ns, offendingId, offending, type, code);
          }

          @Override
          public boolean routeErrorAllowed(
              NetnsName ns, long offendingId, Ipv4Packet offending, int code) {
            return true;
          }

          @Override
          public boolean redirect(
              NetnsName ns,
              long offendingId,
              Ipv4Packet offending,
              dev.podpath.model.addr.Ipv4Address gateway) {
            return false;
          }

          @Override
          public void echoReply(NetnsName ns, long requestId, Ipv4Packet request) {
            echoed.add(request);
          }
        };
    LocalOutput noLocalOut =
        new LocalOutput() {
          @Override
          public void output(
              Netns ns,
              long id,
              long copy,
              boolean arp,
              Ipv4Packet packet,
              FibResult.Found found,
              Sender sender) {
            throw new AssertionError("unexpected local output");
          }

          @Override
          public void failed(long id, NetnsName ns, SocketError error) {
            throw new AssertionError("unexpected local error");
          }
        };
    return new IpStack(
        b.run,
        b.noIptables,
        noLocalOut,
        neighbours,
        icmp,
        b.noTcp,
        b.noTunnelReceive,
        new PathMtu(b.run.clock()),
        new Redirects(
            b.run,
            (ref, dev, target, id) -> {
              throw new AssertionError("unexpected redirect taken");
            }),
        new LocalSockets(b.log));
  }

  private static Ipv4Packet ping(String src, String dst, int ttl) {
    return Bench.ping(src, dst).withTtl(ttl);
  }

  private void arrive(Bench b, Ipv4Packet p) {
    stack(b)
        .receive(
            ETH0,
            b.device("r", "eth0"),
            b.frame(1, MacAddress.parse("02:00:00:00:00:01"), b.mac("r", "eth0"), p),
            p);
  }

  @Test
  void forwarding_decrementsTheTtl_andHandsThePacketToTheNextHopOfTheRoute() {
    // section 6 (14-ttl-icmp.sh): a router forwards with TTL - 1, to the route's gateway
    Bench b = Bench.given(router("ip netns exec r sysctl -w net.ipv4.ip_forward=1"));
    arrive(b, ping("10.1.0.1", "10.20.1.1", 64));

    assertThat(b.steps(Step.Forwarded.class))
        .containsExactly(new Step.Forwarded(NetnsName.of("r"), "eth0", "eth1", 64, 63));
    assertThat(out)
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.dev()).isEqualTo(Bench.dev("r", "eth1"));
              assertThat(o.nextHop()).isEqualTo(Ipv4Address.parse("10.2.0.1"));
              assertThat(o.packet().ttl()).isEqualTo(63);
            });
  }

  @Test
  void ttl1_toBeForwarded_isDropped_withTimeExceededToTheSender() {
    // section 7 (14-ttl-icmp.sh): TTL 1 does not survive forwarding; ICMP time exceeded
    Bench b = Bench.given(router("ip netns exec r sysctl -w net.ipv4.ip_forward=1"));
    arrive(b, ping("10.1.0.1", "10.20.1.1", 1));

    assertThat(out).isEmpty();
    assertThat(b.steps(Step.Dropped.class))
        .extracting(Step.Dropped::reason)
        .containsExactly(new DropReason.TtlExceeded(NetnsName.of("r"), 1));
    assertThat(b.icmpErrors)
        .singleElement()
        .satisfies(i -> assertThat(i.type()).isEqualTo(L4.Icmp.TIME_EXCEEDED));
  }

  @Test
  void ttl1_toALocalAddress_isDelivered_evenOfAnotherDevice_withForwardingOff() {
    // gotcha 2 (12-rp-filter-ip-forward.sh, weak host): a router answers for the address of
    // another interface, even with forwarding off; TTL=1 to a local address is delivered
    Bench b = Bench.given(router());
    arrive(b, ping("10.1.0.1", "10.2.0.254", 1));

    assertThat(b.steps(Step.LocalDelivery.class)).hasSize(1);
    assertThat(echoed).extracting(Ipv4Packet::dst).containsExactly(Ipv4Address.parse("10.2.0.254"));
    assertThat(b.steps(Step.Dropped.class)).isEmpty();
  }

  @Test
  void forwardingOffOnTheIngressDevice_dropsSilently() {
    // gotcha 12 (12-rp-filter-ip-forward.sh): the ingress interface's flag decides; no ICMP
    Bench b =
        Bench.given(
            router(
                "ip netns exec r sysctl -w net.ipv4.ip_forward=1",
                "ip netns exec r sysctl -w net.ipv4.conf.eth0.forwarding=0"));
    arrive(b, ping("10.1.0.1", "10.20.1.1", 64));

    assertThat(out).isEmpty();
    assertThat(b.steps(Step.Dropped.class))
        .extracting(Step.Dropped::reason)
        .containsExactly(new DropReason.ForwardingDisabled(ETH0));
    assertThat(b.icmpErrors).isEmpty();
  }

  @Test
  void noRoute_whenForwarding_isNetUnreachableToTheSender() {
    // gotcha 8 (03-routing.sh): no route -> ICMP 3/0
    Bench b = Bench.given(router("ip netns exec r sysctl -w net.ipv4.ip_forward=1"));
    arrive(b, ping("10.1.0.1", "10.99.0.1", 64));

    assertThat(out).isEmpty();
    assertThat(b.steps(Step.Dropped.class))
        .extracting(Step.Dropped::reason)
        .singleElement()
        .isInstanceOf(DropReason.NoRoute.class);
    assertThat(b.icmpErrors)
        .singleElement()
        .satisfies(
            i -> {
              assertThat(i.type()).isEqualTo(L4.Icmp.DEST_UNREACH);
              assertThat(i.code()).isEqualTo(L4.Icmp.NET_UNREACH);
            });
  }
}
