package dev.podpath.model.snapshot;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.addr.MacAddress;
import dev.podpath.model.dump.BrctlBridge;
import dev.podpath.model.dump.DeviceDriver;
import dev.podpath.model.dump.DumpWarning;
import dev.podpath.model.kube.KubeNode;
import dev.podpath.model.topo.LinkKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The kind of each device whose dump does not show it (no {@code ip -d link}): from {@code ethtool
 * -i} (the driver is the kind of a virtual device), from {@code brctl show} (a bridge and its
 * ports), and else from its name and what surrounds it, as the thread's reader would: {@code cni0},
 * {@code docker0}, {@code cbr0}, {@code br-<id>} are bridges, {@code veth*} and {@code cali*} the
 * host ends of veths to pods, {@code tunl0} the kernel's IPIP fallback device, {@code flannel.N}
 * flannel's VXLAN device (VNI N, port 8472, no learning) when an FDB entry, a {@code subnet.env},
 * an onlink route, a permanent neighbour entry or a {@code /32} address on it (flanneld's), or the
 * node's annotations say flannel runs VXLAN there. Each is an {@link Assumption} that names its
 * evidence; a kind the dumps show is never overridden, and a dump that contradicts another is a
 * problem. Package-private.
 */
final class DeviceKinds {

  private static final Pattern FLANNEL_VXLAN = Pattern.compile("flannel\\.(\\d{1,8})");
  private static final Pattern DOCKER_NETWORK_BRIDGE = Pattern.compile("br-[0-9a-f]{12}");
  private static final Pattern VETH = Pattern.compile("veth[0-9A-Za-z_.-]*");
  private static final Pattern CALICO_VETH = Pattern.compile("cali[0-9a-f]{11}");

  /**
   * kube-router's IPIP tunnel to a peer in another subnet: {@code tun-} and the peer's address
   * without its dots ({@code tun-1921689254}), or a hash of it in later versions.
   */
  private static final Pattern KUBE_ROUTER_TUNNEL = Pattern.compile("tun-[0-9a-f]{6,}");

  private static final Pattern VTEP_MAC =
      Pattern.compile("\"VtepMAC\"\\s*:\\s*\"([0-9A-Fa-f:]{17})\"");

  /**
   * Drivers of virtual devices, by the kind {@code ip -d link} names; any other driver is a NIC's.
   */
  private static final Map<String, String> VIRTUAL_DRIVERS =
      Map.ofEntries(
          Map.entry("veth", LinkKind.Type.VETH.ipLinkName()),
          Map.entry("bridge", LinkKind.Type.BRIDGE.ipLinkName()),
          Map.entry("vxlan", LinkKind.Type.VXLAN.ipLinkName()),
          Map.entry("tun", LinkKind.Type.TUN.ipLinkName()),
          Map.entry("ipip", LinkKind.Type.IPIP.ipLinkName()),
          Map.entry("dummy", "dummy"),
          Map.entry("macvlan", "macvlan"),
          Map.entry("ipvlan", "ipvlan"),
          Map.entry("bonding", "bond"),
          Map.entry("802.1Q VLAN Support", "vlan"),
          Map.entry("openvswitch", "openvswitch"),
          Map.entry("wireguard", "wireguard"),
          Map.entry("geneve", "geneve"),
          Map.entry("vrf", "vrf"),
          Map.entry("team", "team"),
          Map.entry("ifb", "ifb"),
          Map.entry("nlmon", "nlmon"),
          Map.entry("ip_gre", "gre"),
          Map.entry("sit", "sit"),
          Map.entry("ip6_tunnel", "ip6tnl"));

  private final List<NetnsDraft> node;
  private final List<KubeNode> kubeNodes;
  private final List<DumpWarning> warnings;

  private DeviceKinds(List<NetnsDraft> node, List<KubeNode> kubeNodes, List<DumpWarning> warnings) {
    this.node = node;
    this.kubeNodes = kubeNodes;
    this.warnings = warnings;
  }

  static void apply(List<NetnsDraft> node, List<KubeNode> kubeNodes, List<DumpWarning> warnings) {
    DeviceKinds k = new DeviceKinds(node, kubeNodes, warnings);
    for (NetnsDraft ns : node) {
      ns.dump.drivers().ifPresent(l -> l.forEach(d -> k.driver(ns, d)));
      ns.dump.bridges().ifPresent(l -> l.forEach(b -> k.bridge(ns, b)));
      k.byName(ns);
    }
  }

  private static boolean kindUnknown(DeviceDraft d) {
    return d.type.isEmpty() && d.details.isEmpty() && !d.isLoopback() && !d.assumedBridge;
  }

  // ---- ethtool -i ----

  private void driver(NetnsDraft ns, DeviceDriver drv) {
    DeviceDraft d = ns.devices.computeIfAbsent(drv.device(), n -> new DeviceDraft(n, drv.origin()));
    String where = drv.origin().location();
    Optional<String> kind = Optional.ofNullable(VIRTUAL_DRIVERS.get(drv.driver()));
    if (!d.type.isEmpty()) {
      if (!d.type.equals(kind.orElse(d.type))) {
        warnings.add(
            new DumpWarning(
                drv.origin().file(),
                drv.origin().line(),
                1,
                drv.origin().text(),
                ns.dir
                    + "/"
                    + d.name
                    + " is a "
                    + d.type
                    + " in the link dump but its driver is "
                    + drv.driver()
                    + " ("
                    + where
                    + "): the dumps were taken at different times, or of different devices; the link dump is followed"));
      }
      return;
    }
    if (kind.isEmpty()) {
      return;
    }
    d.type = kind.get();
    String text =
        d.name
            + " is a "
            + kind.get()
            + " device: its driver is "
            + drv.driver()
            + " ("
            + where
            + ")";
    switch (LinkKind.Type.ofIpLink(kind.get()).orElse(LinkKind.Type.NOT_MODELLED)) {
      case TUN -> {
        boolean tap = drv.busInfo().filter("tap"::equals).isPresent();
        d.details =
            Optional.of(tap ? new LinkKind.NotModelled("tap") : new LinkKind.Tun(Optional.empty()));
        if (tap) {
          d.type = "tap";
        }
        ns.assume(text + (tap ? ", bus-info tap: a TAP device, not modelled" : ", a TUN device"));
      }
      case VXLAN -> {
        if (!flannelVxlan(ns, d, List.of(text))) {
          ns.assume(
              text
                  + "; its VNI, port and remote ends are not in the dumps (collect `ip -d link show`): a packet"
                  + " that reaches it is not modelled");
        }
      }
      case IPIP -> {
        if (d.name.equals("tunl0")) {
          d.details = Optional.of(fallbackIpip());
          ns.assume(
              text
                  + ", the namespace's fallback device, with the kernel's settings (`ipip any remote any local"
                  + " any ttl inherit nopmtudisc`)");
        } else {
          ns.assume(
              text
                  + "; its endpoints are not in the dumps (collect `ip -d link show`): a packet that reaches"
                  + " it is not modelled");
        }
      }
      default -> ns.assume(text);
    }
  }

  // ---- brctl show ----

  private void bridge(NetnsDraft ns, BrctlBridge b) {
    String where = b.origin().location();
    DeviceDraft d = ns.devices.computeIfAbsent(b.name(), n -> new DeviceDraft(n, b.origin()));
    if (!d.type.isEmpty() && !d.isBridge()) {
      warnings.add(
          new DumpWarning(
              b.origin().file(),
              b.origin().line(),
              1,
              b.origin().text(),
              ns.dir
                  + "/"
                  + b.name()
                  + " is a "
                  + d.type
                  + " in the link dump but `brctl show` lists it as a bridge: the link dump is followed"));
      return;
    }
    List<String> said = new ArrayList<>();
    if (!d.isBridge()) {
      d.setKind(LinkKind.Type.BRIDGE);
      said.add(
          b.name()
              + " is a bridge"
              + (b.stp() ? " with STP on (podpath models STP off)" : "")
              + " (`brctl show`, "
              + where
              + ")");
    }
    if (d.details.isEmpty()) {
      d.details =
          Optional.of(
              new LinkKind.Bridge(
                  LinkKind.Bridge.defaults().ageingTimeCentis(), b.stp(), false, false));
    }
    if (d.mac.isEmpty() && b.address().isPresent()) {
      d.mac = b.address();
      said.add(
          b.name()
              + "'s MAC is "
              + b.address().get()
              + ", its bridge id's address ("
              + where
              + ")");
    }
    List<String> ports = new ArrayList<>();
    for (String p : b.ports()) {
      DeviceDraft port = ns.devices.computeIfAbsent(p, n -> new DeviceDraft(n, b.origin()));
      if (port.master.isPresent() && !port.master.get().equals(b.name())) {
        warnings.add(
            new DumpWarning(
                b.origin().file(),
                b.origin().line(),
                1,
                b.origin().text(),
                ns.dir
                    + "/"
                    + p
                    + " is a port of "
                    + port.master.get()
                    + " in the link dump but `brctl show` lists it under "
                    + b.name()
                    + ": the link dump is followed"));
        continue;
      }
      if (port.master.isEmpty()) {
        port.master = Optional.of(b.name());
        ports.add(p);
      }
    }
    if (!ports.isEmpty()) {
      said.add(
          (ports.size() == 1
                  ? ports.get(0) + " is its port"
                  : String.join(", ", ports) + " are its ports")
              + " (`brctl show`, "
              + where
              + "; no link dump shows their master)");
    }
    if (!said.isEmpty()) {
      ns.assume(String.join("; ", said));
    }
  }

  // ---- names ----

  private void byName(NetnsDraft ns) {
    List<String> veths = new ArrayList<>();
    List<String> calico = new ArrayList<>();
    for (DeviceDraft d : List.copyOf(ns.devices.values())) {
      if (!kindUnknown(d) || d.linkType.equals("none")) {
        continue;
      }
      String n = d.name;
      boolean ether = d.linkType.isEmpty() || d.linkType.equals("ether");
      Optional<String> bridge =
          n.equals("cni0")
              ? Optional.of(
                  "the bridge the CNI bridge plugin makes (flannel's, the" + " bridge plugin's)")
              : n.equals("docker0")
                  ? Optional.of("Docker's default bridge")
                  : n.equals("cbr0")
                      ? Optional.of("kubenet's bridge")
                      : DOCKER_NETWORK_BRIDGE.matcher(n).matches()
                          ? Optional.of(
                              "the bridge of a Docker network (br- and the" + " network's id)")
                          : Optional.empty();
      if (bridge.isPresent() && ether) {
        d.setKind(LinkKind.Type.BRIDGE);
        ns.assume(
            n
                + " is a bridge: the dumps show no kind, and "
                + n
                + " is the name of "
                + bridge.get()
                + " ("
                + seen(d)
                + ")");
      } else if (VETH.matcher(n).matches() && ether) {
        d.setKind(LinkKind.Type.VETH);
        veths.add(n);
      } else if (CALICO_VETH.matcher(n).matches() && ether) {
        d.setKind(LinkKind.Type.VETH);
        calico.add(n + " (" + seen(d) + ")");
      } else if (n.equals("tunl0") && (d.linkType.isEmpty() || d.linkType.equals("ipip"))) {
        d.setKind(LinkKind.Type.IPIP);
        d.details = Optional.of(fallbackIpip());
        ns.assume(
            "tunl0 is the kernel's IPIP fallback device (the ipip module makes it in every namespace: `ipip any"
                + " remote any local any ttl inherit nopmtudisc`), as Calico uses it; the dumps show no kind ("
                + seen(d)
                + ")");
      } else if (ns.isNode && FLANNEL_VXLAN.matcher(n).matches() && ether) {
        flannelVxlan(ns, d, List.of());
      } else if (KUBE_ROUTER_TUNNEL.matcher(n).matches() && d.linkType.isEmpty()) {
        d.setKind(LinkKind.Type.IPIP);
        ns.assume(
            n
                + " is seen in routes only ("
                + seen(d)
                + "): no device dump shows its kind, and tun-... is the name kube-router gives its"
                + " IPIP tunnel to a peer (the peer's address without dots, or a hash of it); taken"
                + " as an IPIP tunnel whose endpoints are not in the dumps: a packet that reaches it"
                + " is not modelled (collect `ip -d link show "
                + n
                + "`)");
      }
    }
    if (!veths.isEmpty()) {
      ns.assume(
          String.join(", ", veths)
              + (veths.size() == 1 ? " is a veth" : " are veths")
              + ": the dumps show no"
              + " kind, and veth... is the name container runtimes and CNI plugins give the host end of a container's"
              + " veth");
    }
    if (!calico.isEmpty()) {
      ns.assume(
          String.join(", ", calico)
              + (calico.size() == 1 ? " is a veth" : " are veths")
              + ": the dumps show no"
              + " kind, and cali... is the name Calico gives the host end of a pod's veth");
    }
  }

  private static LinkKind.Ipip fallbackIpip() {
    return new LinkKind.Ipip(Optional.empty(), Optional.empty(), 0, true, false);
  }

  /** Where a device was first seen, for the evidence. */
  private static String seen(DeviceDraft d) {
    return d.origin.isKernel() || d.origin.line() <= 0
        ? "in " + d.origin.file()
        : d.origin.location();
  }

  /**
   * {@code flannel.N} as flannel's VXLAN backend makes it, when something says flannel runs VXLAN
   * on the node: VNI N, flannel's port 8472, no learning, TTL auto, the local address its {@code
   * public-ip} annotation (or kubectl's InternalIP) names, over the device holding it.
   *
   * @return whether it was taken as such
   */
  private boolean flannelVxlan(NetnsDraft ns, DeviceDraft d, List<String> before) {
    Matcher m = FLANNEL_VXLAN.matcher(d.name);
    if (!ns.isNode || !m.matches()) {
      return false;
    }
    List<String> evidence = new ArrayList<>(before);
    ns.fdb.stream()
        .filter(e -> e.dev().equals(d.name) && e.dst().isPresent())
        .findFirst()
        .ifPresent(
            e ->
                evidence.add(
                    "FDB entries with a remote VTEP on it (" + e.origin().location() + ")"));
    ns.routes.stream()
        .filter(r -> r.nextHops().stream().anyMatch(h -> h.dev().equals(d.name) && h.onlink()))
        .findFirst()
        .ifPresent(
            r ->
                evidence.add(
                    "onlink routes to other nodes' pod subnets through it ("
                        + r.origin().location()
                        + ")"));
    ns.dump.subnetEnv().ifPresent(env -> evidence.add("flannel's subnet.env on the node"));
    ns.neighbours.stream()
        .filter(
            n ->
                n.dev().equals(d.name)
                    && n.state() == dev.podpath.model.neigh.NudState.PERMANENT
                    && n.lladdr().isPresent())
        .findFirst()
        .ifPresent(
            n ->
                evidence.add(
                    "a permanent neighbour entry on it, as flanneld writes one for each other"
                        + " node's VTEP ("
                        + n.origin().location()
                        + ")"));
    d.addresses.stream()
        .filter(a -> a.prefixLength() == 32 && a.peer().isEmpty())
        .findFirst()
        .ifPresent(
            a ->
                evidence.add(
                    "a /32 address on it, as flanneld gives it the network address of the node's"
                        + " lease ("
                        + a
                        + ", "
                        + a.origin().location()
                        + ")"));
    Optional<KubeNode> self = kubeNodes.stream().filter(k -> k.name().equals(ns.node)).findFirst();
    self.filter(
            k ->
                "vxlan"
                    .equals(first(k.annotations().get(KubeNode.FLANNEL_BACKEND_TYPE)).orElse("")))
        .ifPresent(
            k ->
                evidence.add(
                    KubeNode.FLANNEL_BACKEND_TYPE + ": vxlan (" + k.origin().location() + ")"));
    if (evidence.isEmpty()) {
      return false;
    }
    int vni = Integer.parseInt(m.group(1));
    Optional<Ipv4Address> local =
        self.flatMap(
            k ->
                first(k.annotations().get(KubeNode.FLANNEL_PUBLIC_IP))
                    .flatMap(Ipv4Address::tryParse));
    String localWhy = local.isPresent() ? "its " + KubeNode.FLANNEL_PUBLIC_IP + " annotation" : "";
    if (local.isEmpty() && self.flatMap(KubeNode::internalIp).isPresent()) {
      local = self.flatMap(KubeNode::internalIp);
      localWhy = "kubectl's InternalIP of the node";
    }
    Optional<String> lower = Optional.empty();
    if (local.isEmpty()) {
      // flanneld without --iface takes the interface of the default route, and its address
      Optional<dev.podpath.model.route.Route> dflt =
          ns.routes.stream()
              .filter(
                  r ->
                      r.table() == dev.podpath.model.route.TableIds.MAIN
                          && r.destination().length() == 0
                          && r.nextHops().size() == 1)
              .findFirst();
      if (dflt.isPresent()) {
        String via = dflt.get().nextHops().get(0).dev();
        Optional<Ipv4Address> addr =
            dflt.get()
                .src()
                .or(
                    () ->
                        ns.device(via)
                            .flatMap(x -> x.addresses.stream().findFirst())
                            .map(dev.podpath.model.topo.IfAddress::address));
        if (addr.isPresent()) {
          local = addr;
          lower = Optional.of(via);
          localWhy =
              "the address of "
                  + via
                  + ", the interface of the default route "
                  + dflt.get().origin().location()
                  + ": flanneld takes it when no --iface is given (its public-ip)";
        }
      }
    }
    Optional<Ipv4Address> localAddress = local;
    if (lower.isEmpty()) {
      lower =
          localAddress.flatMap(
              a ->
                  ns.devices.values().stream()
                      .filter(
                          x -> x != d && x.addresses.stream().anyMatch(i -> i.address().equals(a)))
                      .map(x -> x.name)
                      .findFirst());
    }
    d.setKind(LinkKind.Type.VXLAN);
    d.details =
        Optional.of(
            new LinkKind.Vxlan(vni, localAddress, Optional.empty(), lower, 8472, false, 0, false));
    List<String> said = new ArrayList<>();
    said.add(
        d.name
            + " is flannel's VXLAN device: VNI "
            + vni
            + " (flannel names it flannel.VNI), UDP port 8472"
            + " (flannel's), no learning, TTL auto"
            + localAddress.map(a -> ", local " + a + "").orElse("")
            + lower.map(l -> " over " + l).orElse("")
            + "; evidence: "
            + String.join("; ", evidence));
    if (localAddress.isPresent()) {
      said.add("local " + localAddress.get() + " is " + localWhy);
    } else {
      said.add(
          "its local address is not known (no public-ip annotation or InternalIP): the kernel's route to each"
              + " remote VTEP picks the source");
    }
    if (d.mac.isEmpty()) {
      self.flatMap(
              k ->
                  Optional.ofNullable(k.annotations().get("flannel.alpha.coreos.com/backend-data")))
          .map(VTEP_MAC::matcher)
          .filter(Matcher::find)
          .flatMap(x -> MacAddress.tryParse(x.group(1)))
          .ifPresent(
              mac -> {
                d.mac = Optional.of(mac);
                said.add(
                    "its MAC is "
                        + mac
                        + ", the VtepMAC of the node's flannel.alpha.coreos.com/backend-data ("
                        + self.get().origin().location()
                        + ")");
              });
    }
    if (!ns.dump.fdb().isPresent()) {
      said.add(
          "its FDB was not dumped (`bridge fdb show dev "
              + d.name
              + "`): where it sends a frame is unknown");
    }
    ns.assume(String.join("; ", said));
    return true;
  }

  /**
   * The first word of an annotation's value ({@code 10.169.72.93 <=====} as a poster marked it).
   */
  private static Optional<String> first(String value) {
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    return Optional.of(value.strip().split("\\s+")[0]);
  }
}
