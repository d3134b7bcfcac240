package dev.podpath.sim.net;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.addr.MacAddress;
import dev.podpath.model.packet.ArpMessage;
import dev.podpath.sim.outcome.Step;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Answering ARP on its own (kernel-semantics.md section 4; kernel-experiments/16-neigh-arp.sh,
 * 13-proxy-arp-calico.sh, 12-rp-filter-ip-forward.sh): given a node, when an ARP request arrives on
 * one of its devices, then the reply it sends (or why it stays silent) and what its neighbour cache
 * is told. The links and the neighbour cache are recorders ({@link Bench}).
 */
final class ArpTest {

  private static final MacAddress ASKER = MacAddress.parse("4a:bb:86:dc:6e:fb");

  /** n1: eth0 192.168.50.11/24 towards n2, eth1 10.1.0.1/24 towards n3, cni0 10.244.0.1/24. */
  private static String[] n1(String... extra) {
    List<String> c =
        new ArrayList<>(
            List.of(
                "ip netns add n1",
                "ip netns add n2",
                "ip netns add n3",
                "ip -n n1 link add eth0 type veth peer name eth0 netns n2",
                "ip -n n1 link add eth1 type veth peer name eth0 netns n3",
                "ip -n n1 addr add 192.168.50.11/24 dev eth0",
                "ip -n n1 addr add 10.1.0.1/24 dev eth1",
                "ip -n n1 link set eth0 up",
                "ip -n n1 link set eth1 up",
                "ip -n n1 link set lo up",
                "ip -n n1 link add cni0 type bridge",
                "ip -n n1 addr add 10.244.0.1/24 dev cni0",
                "ip -n n1 link set cni0 up"));
    c.addAll(List.of(extra));
    return c.toArray(String[]::new);
  }

  /** A request from {@code senderIp} (MAC {@link #ASKER}) for {@code target} arrives on n1/dev. */
  private static void ask(Bench b, String dev, String senderIp, String target) {
    Skb req = b.arpRequest(ASKER, senderIp, target);
    new Arp(b.run, b.links, b.neighbours)
        .receive(
            Bench.dev("n1", dev), b.device("n1", dev), req, (ArpMessage) req.frame().payload());
  }

  @Test
  void aRequestForTheIngressAddress_isAnsweredWithThatDevicesMac_andTheAskerIsLearned() {
    // 16-neigh-arp.sh: "Reply 192.168.50.12 is-at ..."; section 4: the host creates an entry for
    // the requester
    Bench b = Bench.given(n1());
    ask(b, "eth0", "192.168.50.12", "192.168.50.11");

    MacAddress eth0 = b.mac("n1", "eth0");
    assertThat(b.steps(Step.ArpReply.class))
        .containsExactly(
            new Step.ArpReply(
                Bench.dev("n1", "eth0"),
                Ipv4Address.parse("192.168.50.11"),
                eth0,
                false,
                Ipv4Address.parse("192.168.50.12")));
    assertThat(b.transmitted)
        .singleElement()
        .satisfies(
            h -> {
              assertThat(h.dev()).isEqualTo(Bench.dev("n1", "eth0"));
              assertThat(h.frame().src()).isEqualTo(eth0);
              assertThat(h.frame().dst()).isEqualTo(ASKER);
              ArpMessage reply = (ArpMessage) h.frame().payload();
              assertThat(reply.op()).isEqualTo(ArpMessage.Op.REPLY);
              assertThat(reply.senderIp()).isEqualTo(Ipv4Address.parse("192.168.50.11"));
            });
    assertThat(b.neighbourUpdates)
        .containsExactly(
            new Bench.NeighbourUpdate(
                Bench.dev("n1", "eth0"), Ipv4Address.parse("192.168.50.12"), ASKER, true));
  }

  @Test
  void weakHost_anAddressOfAnotherDevice_isAnsweredWithTheIngressMac() {
    // gotcha 2, 16-neigh-arp.sh "weak host": arping -I eth0 10.244.0.1 answered by eth0's MAC
    Bench b = Bench.given(n1());
    ask(b, "eth0", "192.168.50.12", "10.244.0.1");

    assertThat(b.steps(Step.ArpReply.class))
        .singleElement()
        .satisfies(r -> assertThat(r.mac()).isEqualTo(b.mac("n1", "eth0")));
  }

  @Test
  void arpIgnore1_answersOnlyForAddressesOfTheIngressDevice() {
    // 16-neigh-arp.sh: with arp_ignore=1 the request for 10.244.0.1 on eth0 got no answer, the one
    // for 192.168.50.11 did
    Bench b = Bench.given(n1("ip netns exec n1 sysctl -w net.ipv4.conf.eth0.arp_ignore=1"));
    ask(b, "eth0", "192.168.50.12", "10.244.0.1");
    ask(b, "eth0", "192.168.50.12", "192.168.50.11");

    assertThat(b.steps(Step.ArpIgnored.class))
        .singleElement()
        .satisfies(
            i -> {
              assertThat(i.target()).isEqualTo(Ipv4Address.parse("10.244.0.1"));
              assertThat(i.why()).startsWith("arp_ignore=1");
            });
    assertThat(b.steps(Step.ArpReply.class))
        .extracting(Step.ArpReply::ip)
        .containsExactly(Ipv4Address.parse("192.168.50.11"));
    assertThat(b.neighbourUpdates).hasSize(1);
  }

  @Test
  void aRequestForAnAddressThatIsNotOurs_isIgnored_withoutLearningTheAsker() {
    Bench b = Bench.given(n1());
    ask(b, "eth0", "192.168.50.12", "192.168.50.99");

    assertThat(b.steps(Step.ArpIgnored.class)).hasSize(1);
    assertThat(b.transmitted).isEmpty();
    assertThat(b.neighbourUpdates).isEmpty();
  }

  @Test
  void rpFilterStrict_ignoresARequestWhoseSenderIsRoutedOutOfAnotherDevice() {
    // gotcha 13: rp_filter drops also suppress ARP replies (12-rp-filter-ip-forward.sh); the
    // sender 10.1.0.7 is reached through eth1, the request came in on eth0
    Bench strict = Bench.given(n1("ip netns exec n1 sysctl -w net.ipv4.conf.all.rp_filter=1"));
    ask(strict, "eth0", "10.1.0.7", "192.168.50.11");
    assertThat(strict.steps(Step.ArpReply.class)).isEmpty();
    assertThat(strict.steps(Step.ArpIgnored.class)).hasSize(1);

    Bench off = Bench.given(n1());
    ask(off, "eth0", "10.1.0.7", "192.168.50.11");
    assertThat(off.steps(Step.ArpReply.class)).hasSize(1);
  }

  @Test
  void aReply_confirmsTheSendersEntry() {
    // section 4: an answer makes the entry REACHABLE (the cache itself: NeighboursTest)
    Bench b = Bench.given(n1());
    ArpMessage reply =
        new ArpMessage(
            ArpMessage.Op.REPLY,
            ASKER,
            Ipv4Address.parse("192.168.50.12"),
            b.mac("n1", "eth0"),
            Ipv4Address.parse("192.168.50.11"));
    Skb skb =
        new Skb(7, 1, new dev.podpath.model.packet.Frame(ASKER, b.mac("n1", "eth0"), reply), true);
    new Arp(b.run, b.links, b.neighbours)
        .receive(Bench.dev("n1", "eth0"), b.device("n1", "eth0"), skb, reply);

    assertThat(b.neighbourUpdates)
        .containsExactly(
            new Bench.NeighbourUpdate(
                Bench.dev("n1", "eth0"), Ipv4Address.parse("192.168.50.12"), ASKER, false));
    assertThat(b.transmitted).isEmpty();
  }

  // ---- proxy ARP, Calico style (13-proxy-arp-calico.sh) ----

  /**
   * Node n1 (192.168.50.11 on eth0, default via 192.168.50.1, forwarding on) with cali1 (no
   * address, ee:ee:ee:ee:ee:ee, proxy_arp=1, 10.244.0.5/32 routed to it): pod p1 asks for
   * 169.254.1.1.
   */
  private static String[] calico(String... extra) {
    List<String> c =
        new ArrayList<>(
            List.of(
                "ip netns add n1",
                "ip netns add lan",
                "ip netns add p1",
                "ip -n n1 link add eth0 type veth peer name eth0 netns lan",
                "ip -n n1 addr add 192.168.50.11/24 dev eth0",
                "ip -n n1 link set eth0 up",
                "ip -n n1 link set lo up",
                "ip -n n1 route add default via 192.168.50.1",
                "ip netns exec n1 sysctl -w net.ipv4.ip_forward=1",
                "ip -n n1 link add cali1 type veth peer name eth0 netns p1",
                "ip -n n1 link set cali1 address ee:ee:ee:ee:ee:ee",
                "ip -n n1 link set cali1 up",
                "ip netns exec n1 sysctl -w net.ipv4.conf.cali1.proxy_arp=1",
                "ip -n n1 route add 10.244.0.5/32 dev cali1 scope link"));
    c.addAll(List.of(extra));
    return c.toArray(String[]::new);
  }

  private static final MacAddress CALI = MacAddress.parse("ee:ee:ee:ee:ee:ee");

  @Test
  void proxyArp_answersForAnAddressRoutedOutOfAnotherDevice_afterProxyDelay() {
    // 13-proxy-arp-calico.sh: "Reply 169.254.1.1 is-at ee:ee:ee:ee:ee:ee" after a random delay of
    // up to proxy_delay (80 = 0.8 s); podpath takes the middle, 0.4 s
    Bench b = Bench.given(calico());
    ask(b, "cali1", "10.244.0.5", "169.254.1.1");
    assertThat(b.transmitted).isEmpty();

    b.advance(400 * SimConfig.MILLIS);
    assertThat(b.steps(Step.ArpReply.class))
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.proxy()).isTrue();
              assertThat(r.mac()).isEqualTo(CALI);
              assertThat(r.ip()).isEqualTo(Ipv4Address.parse("169.254.1.1"));
            });
    assertThat(b.transmitted)
        .singleElement()
        .satisfies(h -> assertThat(h.frame().src()).isEqualTo(CALI));
  }

  @Test
  void proxyArp_withProxyDelay0_answersAtOnce_forAnyRoutedAddress() {
    // 13-proxy-arp-calico.sh "proxy_delay=0 (what Calico sets)" and "the proxy answers for ANY
    // address routed elsewhere" (8.8.8.8 too)
    Bench b = Bench.given(calico("ip netns exec n1 sysctl -w net.ipv4.neigh.cali1.proxy_delay=0"));
    ask(b, "cali1", "10.244.0.5", "169.254.1.1");
    ask(b, "cali1", "10.244.0.5", "8.8.8.8");
    b.advance(0);

    assertThat(b.steps(Step.ArpReply.class))
        .extracting(Step.ArpReply::ip)
        .containsExactly(Ipv4Address.parse("169.254.1.1"), Ipv4Address.parse("8.8.8.8"));
    assertThat(b.scheduler.now()).isZero();
  }

  @Test
  void proxyArp_needsARouteToTheTarget() {
    // 13-proxy-arp-calico.sh: "remove the node's default route" -> no answer
    Bench b = Bench.given(calico("ip -n n1 route del default"));
    ask(b, "cali1", "10.244.0.5", "169.254.1.1");
    b.advance(SimConfig.SECONDS);

    assertThat(b.steps(Step.ArpReply.class)).isEmpty();
    assertThat(b.steps(Step.ArpIgnored.class)).hasSize(1);
  }

  @Test
  void proxyArp_needsForwardingOnTheIngressDevice() {
    // 13-proxy-arp-calico.sh: cali1.forwarding=0 -> no answer
    Bench b = Bench.given(calico("ip netns exec n1 sysctl -w net.ipv4.conf.cali1.forwarding=0"));
    ask(b, "cali1", "10.244.0.5", "169.254.1.1");
    b.advance(SimConfig.SECONDS);

    assertThat(b.steps(Step.ArpReply.class)).isEmpty();
    assertThat(b.steps(Step.ArpIgnored.class)).hasSize(1);
  }

  @Test
  void proxyArpOff_noAnswer() {
    // 13-proxy-arp-calico.sh "proxy_arp=0": the pod's entry stays INCOMPLETE
    Bench b = Bench.given(calico("ip netns exec n1 sysctl -w net.ipv4.conf.cali1.proxy_arp=0"));
    ask(b, "cali1", "10.244.0.5", "169.254.1.1");
    b.advance(SimConfig.SECONDS);

    assertThat(b.steps(Step.ArpReply.class)).isEmpty();
    assertThat(b.steps(Step.ArpIgnored.class))
        .singleElement()
        .satisfies(i -> assertThat(i.why()).contains("proxy_arp is off on cali1"));
  }

  @Test
  void proxyArp_doesNotAnswerForATargetRoutedBackOutOfTheIngressDevice() {
    // section 4, condition 3: the route's device must differ from the ingress device
    Bench b =
        Bench.given(
            calico(
                "ip netns exec n1 sysctl -w net.ipv4.neigh.cali1.proxy_delay=0",
                "ip -n n1 route add 10.244.0.6/32 dev cali1 scope link"));
    ask(b, "cali1", "10.244.0.5", "10.244.0.6");
    b.advance(SimConfig.SECONDS);

    assertThat(b.steps(Step.ArpReply.class)).isEmpty();
  }
}
