package dev.podpath.trace.plan;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.addr.Prefix;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The planned cluster built as a scenario script ({@code podpath plan --emit-scenario}): each
 * segment an underlay bridge in a namespace of its own, each node a namespace on it with its
 * address, its pod subnet on {@code cni0} and forwarding on, a sample of pods per node, and what
 * flannel installs: for vxlan, {@code flannel.1} with its VNI and port, and per other node a route
 * onlink via its VTEP address, the neighbour entry and the FDB entry; for host-gw, a route per
 * other node via its address; for Calico, what {@link CalicoDatapath} writes. The script is what
 * {@code podpath verify} runs in the kernel.
 *
 * <pre>{@code
 * PlanScenario.script(plan);   // Optional[#!/usr/bin/env bash ... ip netns add node1 ...]
 * }</pre>
 */
public final class PlanScenario {

  private PlanScenario() {}

  /**
   * {@return why the plan cannot be built as a scenario, or empty: a segment whose nodes are not on
   * one subnet, two segments on one subnet, more nodes than node subnets}
   */
  public static Optional<String> notBuilt(Plan p) {
    Map<String, Prefix> segs = new LinkedHashMap<>();
    for (Plan.Node n : p.nodes()) {
      Prefix had = segs.putIfAbsent(n.segment(), n.subnet());
      if (had != null && !had.equals(n.subnet())) {
        return Optional.of(
            "segment "
                + n.segment()
                + " has nodes on "
                + had
                + " and "
                + n.subnet()
                + " (a segment is one subnet: podpath builds its router's address on it)");
      }
    }
    if (segs.values().stream().distinct().count() < segs.size()) {
      return Optional.of("two segments on one subnet " + segs);
    }
    if (p.nodes().size() > PlanChecks.nodesFit(p)) {
      return Optional.of("more nodes than node subnets (node-capacity)");
    }
    if (p.cni().calico() && (1L << (32 - p.nodeCidrMaskSize())) < p.podsPerNode() + 2L) {
      return Optional.of(
          "a /"
              + p.nodeCidrMaskSize()
              + " block has no room for "
              + (p.cni().mode().calicoVxlan() ? "vxlan.calico" : "tunl0")
              + "'s address, "
              + p.podsPerNode()
              + " sample pods and CoreDNS (build.podsPerNode, cni.blockSize)");
    }
    if (p.nodes().size() > 250) {
      return Optional.of("more than 250 nodes: the built sample is for a design review");
    }
    return Optional.empty();
  }

  /**
   * {@return the pod subnet of the node at {@code index}: the one the plan states for it, else the
   * index-th /mask of the pod CIDR}
   */
  public static Prefix podSubnet(Plan p, int index) {
    if (index < p.nodes().size() && p.nodes().get(index).podSubnet().isPresent()) {
      return p.nodes().get(index).podSubnet().get();
    }
    long base = p.podCidr().network().unsigned();
    long size = 1L << (32 - p.nodeCidrMaskSize());
    return Prefix.of(new Ipv4Address((int) (base + index * size)), p.nodeCidrMaskSize());
  }

  /** {@return the pod MTU the built cluster gives its pods: the plan's, or the one to set} */
  public static int podMtu(Plan p) {
    return p.podMtu().orElse(PlanChecks.podMtuToSet(p));
  }

  /** {@return the namespace of the k-th (from 1) sample pod of a node} */
  public static String podName(Plan.Node n, int k) {
    return n.name() + "-pod" + k;
  }

  /** {@return the script, when the plan can be built (see {@link #notBuilt})} */
  public static Optional<String> script(Plan p) {
    if (notBuilt(p).isPresent()) {
      return Optional.empty();
    }
    StringBuilder sb = new StringBuilder();
    int mtu = podMtu(p);
    line(sb, "#!/usr/bin/env bash");
    line(
        sb,
        "# The cluster planned in "
            + p.file()
            + ", built by podpath plan: every node, "
            + p.podsPerNode()
            + " pods per node,");
    line(
        sb,
        "# and what "
            + (p.cni().calico() ? p.cni().label() : "flannel " + mode(p))
            + " installs. Run it in the kernel: sudo podpath verify FILE"
            + (p.cni().mode().ipip() ? " (--kernel=vm where the kernel has no ipip module)" : ""));
    line(sb, "set -e");
    if (p.cni().mode().ipip()) {
      line(
          sb,
          "# the ipip module gives every namespace its fallback tunnel tunl0, which Calico uses");
      line(sb, "modprobe ipip");
    }
    line(sb, "");
    for (String seg : segments(p)) {
      String segment = segmentName(seg);
      line(sb, "# ---------- the underlay: segment " + seg + " ----------");
      line(sb, "ip netns add " + segment);
      line(sb, "ip -n " + segment + " link add br0 type bridge");
      line(sb, "ip -n " + segment + " link set br0 up");
    }
    for (Plan.Node n : p.nodes()) {
      String segment = segmentName(n.segment());
      Prefix sub = podSubnet(p, n.index());
      line(sb, "");
      line(
          sb,
          "# ---------- "
              + n.name()
              + ": "
              + n.address()
              + "/"
              + n.subnet().length()
              + ", pods "
              + sub
              + " ----------");
      line(sb, "ip netns add " + n.name());
      String port = "u" + n.index();
      line(
          sb,
          "ip -n " + segment + " link add " + port + " type veth peer name eth0 netns " + n.name());
      line(sb, "ip -n " + segment + " link set " + port + " master br0");
      line(sb, "ip -n " + segment + " link set " + port + " up");
      line(sb, "ip -n " + n.name() + " link set lo up");
      if (n.mtu() != 1500) {
        line(sb, "ip -n " + segment + " link set " + port + " mtu " + n.mtu());
        line(sb, "ip -n " + n.name() + " link set eth0 mtu " + n.mtu());
      }
      line(
          sb,
          "ip -n "
              + n.name()
              + " addr add "
              + n.address()
              + "/"
              + n.subnet().length()
              + " dev eth0");
      line(sb, "ip -n " + n.name() + " link set eth0 up");
      if (!p.cni().calico()) {
        line(sb, "ip -n " + n.name() + " link add cni0 mtu " + mtu + " type bridge");
        line(
            sb,
            "ip -n " + n.name() + " addr add " + host(sub, 1) + "/" + sub.length() + " dev cni0");
        line(sb, "ip -n " + n.name() + " link set cni0 up");
      }
      line(sb, "ip netns exec " + n.name() + " sysctl -w net.ipv4.ip_forward=1");
    }
    if (p.cni().calico()) {
      CalicoDatapath.nodes(sb, p);
    } else {
      flannel(sb, p);
    }
    networks(sb, p);
    for (Plan.Node n : p.nodes()) {
      line(sb, "");
      line(sb, "# ---------- the pods of " + n.name() + " ----------");
      for (int k = 1; k <= p.podsPerNode(); k++) {
        pod(sb, p, n, podName(n, k), "veth" + k, podAddress(p, n, k));
      }
    }
    services(sb, p);
    line(sb, "");
    line(sb, "# ---------- probes: each pod to the next node's first pod ----------");
    List<Plan.Node> nodes = p.nodes();
    for (Plan.Node n : nodes) {
      Plan.Node next = nodes.get((n.index() + 1) % nodes.size());
      line(sb, "ip netns exec " + podName(n, 1) + " ping -c1 -W1 " + podAddress(p, next, 1));
    }
    List<Service> svcs = services(p);
    if (!svcs.isEmpty()) {
      line(
          sb,
          "# ---------- the first pod of the first and of the last node to each Service ----------");
      for (Service s : svcs) {
        String nc = s.protocol().equals("udp") ? " nc -u -zv -w1 " : " nc -zv -w1 ";
        for (Plan.Node n : List.of(nodes.get(0), nodes.get(nodes.size() - 1))) {
          line(sb, "ip netns exec " + podName(n, 1) + nc + s.clusterIp() + " " + s.port());
        }
      }
    }
    List<Plan.Network> built = builtNetworks(p);
    if (!built.isEmpty()) {
      line(sb, "# ---------- and the first pod to a host of each network already there ----------");
      for (Plan.Network w : built) {
        line(sb, "ip netns exec " + podName(nodes.get(0), 1) + " ping -c1 -W1 " + networkHost(w));
      }
    }
    return Optional.of(sb.toString());
  }

  /**
   * {@return the address of the k-th (from 1) pod of a node: with flannel the subnet's {@code
   * k+1}-th (its {@code .1} is {@code cni0}'s), with Calico the block's k-th (its first, {@code
   * .0}, is {@code tunl0}'s)}
   */
  public static Ipv4Address podAddress(Plan p, Plan.Node n, int k) {
    return host(podSubnet(p, n.index()), p.cni().calico() ? k : k + 1);
  }

  /**
   * A pod: its namespace, the veth pair, its address and routes. With flannel, the host side on
   * {@code cni0} and the routes via the bridge's address; with Calico, {@link CalicoDatapath#pod}.
   */
  private static void pod(
      StringBuilder sb, Plan p, Plan.Node n, String pod, String flannelVeth, Ipv4Address addr) {
    if (p.cni().calico()) {
      CalicoDatapath.pod(sb, p, n, pod, addr);
      return;
    }
    int mtu = podMtu(p);
    String veth = flannelVeth;
    line(sb, "ip netns add " + pod);
    line(
        sb,
        "ip -n "
            + n.name()
            + " link add "
            + veth
            + " mtu "
            + mtu
            + " type veth peer name eth0 mtu "
            + mtu
            + " netns "
            + pod);
    Prefix sub = podSubnet(p, n.index());
    line(sb, "ip -n " + n.name() + " link set " + veth + " master cni0");
    line(sb, "ip -n " + n.name() + " link set " + veth + " up");
    line(sb, "ip -n " + pod + " link set lo up");
    line(sb, "ip -n " + pod + " addr add " + addr + "/" + sub.length() + " dev eth0");
    line(sb, "ip -n " + pod + " link set eth0 up");
    if (!pod.equals(dnsPodName(p))) {
      line(sb, "ip -n " + pod + " route add " + p.podCidr() + " via " + host(sub, 1) + " dev eth0");
    }
    line(sb, "ip -n " + pod + " route add default via " + host(sub, 1) + " dev eth0");
  }

  /** What flannel installs on each node (vxlan: {@code flannel.1}; host-gw: the routes). */
  private static void flannel(StringBuilder sb, Plan p) {
    line(sb, "");
    line(sb, "# ---------- flannel " + mode(p) + " ----------");
    for (Plan.Node n : p.nodes()) {
      if (p.cni().mode() == Plan.Mode.VXLAN) {
        line(
            sb,
            "ip -n "
                + n.name()
                + " link add flannel.1 address "
                + mac(n)
                + " type vxlan id "
                + p.cni().vni()
                + " local "
                + n.address()
                + " dev eth0 dstport "
                + p.cni().port()
                + " nolearning");
        line(
            sb,
            "ip -n "
                + n.name()
                + " addr add "
                + podSubnet(p, n.index()).network()
                + "/32 dev flannel.1");
        line(sb, "ip -n " + n.name() + " link set flannel.1 up");
      }
      for (Plan.Node o : p.nodes()) {
        if (o == n) {
          continue;
        }
        Prefix sub = podSubnet(p, o.index());
        if (p.cni().mode() == Plan.Mode.VXLAN) {
          line(
              sb,
              "ip -n "
                  + n.name()
                  + " route add "
                  + sub
                  + " via "
                  + sub.network()
                  + " dev flannel.1 onlink");
          line(
              sb,
              "ip -n "
                  + n.name()
                  + " neigh add "
                  + sub.network()
                  + " lladdr "
                  + mac(o)
                  + " dev flannel.1 nud permanent");
          line(
              sb,
              "bridge -n "
                  + n.name()
                  + " fdb append "
                  + mac(o)
                  + " dev flannel.1 dst "
                  + o.address()
                  + " self permanent");
        } else if (n.subnet().contains(o.address())) {
          line(sb, "ip -n " + n.name() + " route add " + sub + " via " + o.address() + " dev eth0");
        } else {
          line(
              sb,
              "# host-gw: no route to "
                  + o.name()
                  + "'s pods "
                  + sub
                  + " via "
                  + o.address()
                  + ", which is on another segment: the kernel refuses a gateway not on the"
                  + " node's link, so flannel cannot add it");
        }
      }
    }
  }

  /**
   * A Service port of the built cluster: kube-proxy's DNAT of a ClusterIP's port to one endpoint.
   *
   * @param protocol {@code tcp} or {@code udp}
   * @param svcChain the {@code KUBE-SVC-} chain kube-proxy names this Service port by
   * @param sepChain the {@code KUBE-SEP-} chain of its endpoint (named by podpath: kube-proxy
   *     hashes these)
   */
  public record Service(
      String name,
      Ipv4Address clusterIp,
      String protocol,
      int port,
      String endpointNetns,
      Ipv4Address endpoint,
      int targetPort,
      String svcChain,
      String sepChain) {}

  /**
   * {@return the Services the built cluster has, as kubeadm makes them: {@code default/kubernetes}
   * at the Service CIDR's first address, TCP 443 to the API server on the first node (TCP 6443),
   * and {@code kube-system/kube-dns} at {@code cluster.dnsServiceIp} (else its tenth), UDP 53 (its
   * port {@code dns}) and TCP 53 ({@code dns-tcp}) to a CoreDNS pod on the last node; none when the
   * plan states no DNS IP and the Service CIDR has fewer than 11 addresses}
   */
  public static List<Service> services(Plan p) {
    if (p.dnsServiceIp().isEmpty() && PlanChecks.servicesFit(p) < 11) {
      return List.of();
    }
    Plan.Node first = p.nodes().get(0);
    Plan.Node last = p.nodes().get(p.nodes().size() - 1);
    Ipv4Address dns = podAddress(p, last, p.podsPerNode() + 1);
    return List.of(
        new Service(
            "default/kubernetes",
            host(p.serviceCidr(), 1),
            "tcp",
            443,
            first.name(),
            first.address(),
            6443,
            "KUBE-SVC-NPX46M4PTMTKRN6Y",
            "KUBE-SEP-APISERVER"),
        new Service(
            "kube-system/kube-dns",
            dnsServiceIp(p),
            "udp",
            53,
            dnsPodName(p),
            dns,
            53,
            "KUBE-SVC-TCOU7JCQXEZGVUNU",
            "KUBE-SEP-COREDNS-UDP"),
        new Service(
            "kube-system/kube-dns",
            dnsServiceIp(p),
            "tcp",
            53,
            dnsPodName(p),
            dns,
            53,
            "KUBE-SVC-ERIFXISQEP7F7OF4",
            "KUBE-SEP-COREDNS-TCP"));
  }

  /** {@return the cluster DNS's ClusterIP: the plan's, else the Service CIDR's tenth address} */
  public static Ipv4Address dnsServiceIp(Plan p) {
    return p.dnsServiceIp().orElseGet(() -> host(p.serviceCidr(), 10));
  }

  /** {@return the namespace of the CoreDNS pod, the cluster DNS's endpoint, on the last node} */
  public static String dnsPodName(Plan p) {
    String n = p.nodes().get(p.nodes().size() - 1).name() + "-dns";
    return n.length() <= 15 ? n : "coredns";
  }

  /**
   * The Services: the API server (a listener on the first node) and a CoreDNS pod (a listener on
   * the last node, not one of the sample pods), and on every node kube-proxy's nat rules in
   * iptables mode (KUBE-SERVICES from PREROUTING and OUTPUT, a KUBE-SVC chain per Service port
   * named as kube-proxy names them, a KUBE-SEP chain per endpoint with its DNAT).
   */
  private static void services(StringBuilder sb, Plan p) {
    List<Service> svcs = services(p);
    if (svcs.isEmpty()) {
      return;
    }
    Plan.Node last = p.nodes().get(p.nodes().size() - 1);
    String dns = dnsPodName(p);
    line(sb, "");
    line(
        sb, "# ---------- the Services: the API server, CoreDNS and kube-proxy's rules ----------");
    pod(sb, p, last, dns, "vethdns", podAddress(p, last, p.podsPerNode() + 1));
    for (Service s : svcs) {
      line(
          sb,
          "ip netns exec "
              + s.endpointNetns()
              + (s.protocol().equals("udp") ? " nc -lku " : " nc -lk ")
              + s.targetPort()
              + " &");
    }
    for (Plan.Node n : p.nodes()) {
      String ipt = "ip netns exec " + n.name() + " iptables -t nat ";
      line(sb, ipt + "-N KUBE-SERVICES");
      line(
          sb,
          ipt
              + "-A PREROUTING -m comment --comment \"kubernetes service portals\" -j KUBE-SERVICES");
      line(
          sb,
          ipt + "-A OUTPUT -m comment --comment \"kubernetes service portals\" -j KUBE-SERVICES");
      for (Service s : svcs) {
        String proto = " -p " + s.protocol() + " -m " + s.protocol();
        line(sb, ipt + "-N " + s.svcChain());
        line(sb, ipt + "-N " + s.sepChain());
        line(
            sb,
            ipt
                + "-A KUBE-SERVICES -d "
                + s.clusterIp()
                + "/32"
                + proto
                + " --dport "
                + s.port()
                + " -j "
                + s.svcChain());
        line(sb, ipt + "-A " + s.svcChain() + " -j " + s.sepChain());
        line(
            sb,
            ipt
                + "-A "
                + s.sepChain()
                + proto
                + " -j DNAT --to-destination "
                + s.endpoint()
                + ":"
                + s.targetPort());
      }
    }
  }

  /**
   * {@return the plan's networks already there that are built: each with room for a host and the
   * edge router's address (a /30 or larger), and not the nodes' own subnet (its hosts are the
   * segment's)}
   */
  public static List<Plan.Network> builtNetworks(Plan p) {
    return p.networks().stream()
        .filter(w -> w.cidr().length() <= 30)
        .filter(w -> p.nodes().stream().noneMatch(n -> n.subnet().equals(w.cidr())))
        .toList();
  }

  private static long size(Prefix p) {
    return 1L << (32 - p.length());
  }

  /** {@return the namespace of a network already there: {@code net-NAME}, or {@code netN}} */
  public static String networkName(Plan.Network w) {
    String n = "net-" + w.name();
    return n.length() <= 15 && w.name().matches("[A-Za-z0-9._-]+") ? n : "net" + w.index();
  }

  /** {@return the host that stands for a network already there: its last address} */
  public static Ipv4Address networkHost(Plan.Network w) {
    return host(w.cidr(), (int) (size(w.cidr()) - 2));
  }

  /** {@return the namespace of the router toward the networks already there} */
  public static String edgeName(Plan p) {
    String name = "edge";
    int k = 0;
    while (isNodeOrPod(p, name)) {
      name = "edge" + ++k;
    }
    return name;
  }

  private static boolean isNodeOrPod(Plan p, String name) {
    for (Plan.Node n : p.nodes()) {
      for (int k = 1; k <= p.podsPerNode(); k++) {
        if (podName(n, k).equals(name)) {
          return true;
        }
      }
      if (n.name().equals(name)) {
        return true;
      }
    }
    return false;
  }

  /** {@return the plan's segments, in the order of their first node} */
  public static List<String> segments(Plan p) {
    return p.nodes().stream().map(Plan.Node::segment).distinct().toList();
  }

  /** {@return the namespace of a segment's underlay bridge} */
  public static String segmentName(String segment) {
    return "seg-" + segment;
  }

  /** {@return the edge router's address on the first node's segment} */
  static Ipv4Address edgeAddress(Plan p) {
    return edgeAddress(p, p.nodes().get(0).subnet());
  }

  /** {@return the edge router's address on a segment: its highest address no node has} */
  static Ipv4Address edgeAddress(Plan p, Prefix seg) {
    for (long k = size(seg) - 2; k >= 1; k--) {
      Ipv4Address a = host(seg, (int) k);
      if (p.nodes().stream().noneMatch(n -> n.address().equals(a))) {
        return a;
      }
    }
    throw new IllegalStateException("no free address on " + seg);
  }

  /**
   * The router: one ({@code edge}) with a leg on every segment, the nodes' default gateway (so that
   * a node's own packet to a ClusterIP has a route before kube-proxy's OUTPUT rule rewrites it, as
   * on a real node) and the router between segments, and behind it a namespace per network already
   * there with a host at the network's last address; every node routes the network through the
   * router, and masquerades its pods' packets to outside the pod CIDR, as flanneld's {@code
   * --ip-masq} does. A network that overlaps the pod CIDR then fails as it would: the node's pod
   * routes hide part of it, and its hosts answer a pod on their own link.
   */
  private static void networks(StringBuilder sb, Plan p) {
    List<Plan.Network> built = builtNetworks(p);
    String edge = edgeName(p);
    line(sb, "");
    line(
        sb,
        "# ---------- the router "
            + edge
            + " (the nodes' default gateway, between the segments) and the networks already"
            + " there behind it ----------");
    line(sb, "ip netns add " + edge);
    line(sb, "ip -n " + edge + " link set lo up");
    line(sb, "ip netns exec " + edge + " sysctl -w net.ipv4.ip_forward=1");
    List<String> segs = segments(p);
    for (int i = 0; i < segs.size(); i++) {
      String seg = segs.get(i);
      Plan.Node first = p.nodes().stream().filter(n -> n.segment().equals(seg)).findFirst().get();
      Ipv4Address at = edgeAddress(p, first.subnet());
      String leg = i == 0 ? "eth0" : "eth" + i;
      String port = i == 0 ? "ue" : "ue" + i;
      line(
          sb,
          "ip -n "
              + segmentName(seg)
              + " link add "
              + port
              + " type veth peer name "
              + leg
              + " netns "
              + edge);
      line(sb, "ip -n " + segmentName(seg) + " link set " + port + " master br0");
      line(sb, "ip -n " + segmentName(seg) + " link set " + port + " up");
      line(sb, "ip -n " + edge + " addr add " + at + "/" + first.subnet().length() + " dev " + leg);
      line(sb, "ip -n " + edge + " link set " + leg + " up");
      for (Plan.Node n : p.nodes()) {
        if (n.segment().equals(seg)) {
          line(sb, "ip -n " + n.name() + " route add default via " + at + " dev eth0");
        }
      }
    }
    for (Plan.Network w : built) {
      String ns = networkName(w);
      String dev = "n" + w.index();
      Ipv4Address there = networkHost(w);
      Ipv4Address gw = host(w.cidr(), (int) (size(w.cidr()) - 3));
      line(sb, "# network " + w.name() + ": " + w.cidr() + ", a host at " + there);
      line(sb, "ip netns add " + ns);
      line(sb, "ip -n " + edge + " link add " + dev + " type veth peer name eth0 netns " + ns);
      line(sb, "ip -n " + edge + " addr add " + gw + "/" + w.cidr().length() + " dev " + dev);
      line(sb, "ip -n " + edge + " link set " + dev + " up");
      line(sb, "ip -n " + ns + " link set lo up");
      line(sb, "ip -n " + ns + " addr add " + there + "/" + w.cidr().length() + " dev eth0");
      line(sb, "ip -n " + ns + " link set eth0 up");
      line(sb, "ip -n " + ns + " route add default via " + gw);
      for (Plan.Node n : p.nodes()) {
        line(
            sb,
            "ip -n "
                + n.name()
                + " route add "
                + w.cidr()
                + " via "
                + edgeAddress(p, n.subnet())
                + " dev eth0");
      }
    }
    if (p.cni().calico()) {
      CalicoDatapath.natOutgoing(sb, p);
      return;
    }
    for (Plan.Node n : p.nodes()) {
      line(
          sb,
          "ip netns exec "
              + n.name()
              + " iptables -t nat -A POSTROUTING -s "
              + p.podCidr()
              + " -d "
              + p.podCidr()
              + " -j RETURN");
      line(
          sb,
          "ip netns exec "
              + n.name()
              + " iptables -t nat -A POSTROUTING -s "
              + p.podCidr()
              + " ! -d 224.0.0.0/4 -j MASQUERADE");
    }
  }

  private static String mode(Plan p) {
    return p.cni().mode().name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  static Ipv4Address host(Prefix sub, int n) {
    return new Ipv4Address((int) (sub.network().unsigned() + n));
  }

  private static String mac(Plan.Node n) {
    return String.format(
        Locale.ROOT, "0e:f1:00:00:%02x:%02x", (n.index() >> 8) & 0xff, n.index() & 0xff);
  }

  static void line(StringBuilder sb, String s) {
    sb.append(s).append('\n');
  }
}
