package dev.podpath.model.snapshot;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.addr.MacAddress;
import dev.podpath.model.addr.Prefix;
import dev.podpath.model.build.MacSource;
import dev.podpath.model.build.NetnsBuilder;
import dev.podpath.model.build.TopologyBuilder;
import dev.podpath.model.dump.DockerNetwork;
import dev.podpath.model.dump.DumpWarning;
import dev.podpath.model.dump.FlannelSubnetEnv;
import dev.podpath.model.kube.KubeEndpoints;
import dev.podpath.model.kube.KubeNode;
import dev.podpath.model.kube.KubePod;
import dev.podpath.model.origin.Origin;
import dev.podpath.model.route.NextHop;
import dev.podpath.model.route.Route;
import dev.podpath.model.route.RouteProtocol;
import dev.podpath.model.route.RouteScope;
import dev.podpath.model.route.RouteType;
import dev.podpath.model.route.TableIds;
import dev.podpath.model.topo.DeviceRef;
import dev.podpath.model.topo.IfAddress;
import dev.podpath.model.topo.LinkKind;
import dev.podpath.model.topo.NetnsName;
import dev.podpath.model.topo.Topology;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Builds the cluster from the dumps of its nodes: veth pairs tied across namespaces by peer index,
 * pods tied to their node by a route to them or by their node bridge's subnet, nodes that share a
 * subnet joined by one L2 segment (a bridge in a {@code segment} namespace, as the scenario samples
 * model a switch), and, at every edge of what was dumped, a device behind which the trace leaves
 * the model naming what is missing. Nothing that was not dumped is invented, unless {@link
 * Snapshot.Options#assumeCniPods} asks for it; every assumption is recorded.
 */
final class Assembly {

  private final SnapshotReader.Read read;
  private final Snapshot.Options options;
  private final LoadWork work;
  private final List<Assumption> assumptions;
  private final List<DumpWarning> warnings;

  /** Per node: its own namespace first, then the others. */
  private final Map<String, List<NetnsDraft>> nodes = new LinkedHashMap<>();

  private final List<NetnsBuilder> extra = new ArrayList<>();
  private final Map<String, List<NetnsBuilder>> podsOf = new LinkedHashMap<>();

  /** The addresses of the containers {@code docker network inspect} showed, modelled. */
  private final Set<Ipv4Address> containerAddresses = new HashSet<>();

  private final List<KubePod> pods;
  private final List<KubeNode> kubeNodes;

  /** kubectl's node of each name (the first, if it lists one twice). */
  private final Map<String, KubeNode> kubeNodeNamed = new HashMap<>();

  private Assembly(SnapshotReader.Read read, Snapshot.Options options, LoadWork work) {
    this.work = work;
    this.read = read;
    this.options = options;
    this.warnings = new ArrayList<>(read.warnings());
    this.assumptions = new ArrayList<>(read.assumptions());
    this.pods = read.kubePods().orElse(List.of()).stream().map(Assembly::withoutKind).toList();
    this.kubeNodes = read.kubeNodes().orElse(List.of());
    kubeNodes.forEach(k -> kubeNodeNamed.putIfAbsent(k.name(), k));
  }

  static Snapshot assemble(SnapshotReader.Read read, Snapshot.Options options) {
    return assemble(read, options, LoadWork.NONE);
  }

  static Snapshot assemble(SnapshotReader.Read read, Snapshot.Options options, LoadWork work) {
    Assembly a = new Assembly(read, options, work);
    a.drafts();
    work.mark("drafts");
    AddressOwners dumped = new AddressOwners(a.nodes.values(), work);
    a.nodes.values().forEach(n -> a.dockerNetworks(n, dumped));
    work.mark("Docker networks");
    a.nodes.values().forEach(n -> DeviceKinds.apply(n, a.kubeNodes, a.warnings));
    work.mark("DeviceKinds");
    List<FlannelPeers.Peer> peers = FlannelPeers.withPodCidrs(a.kubeNodes);
    a.nodes.values().forEach(n -> FlannelPeers.infer(n, peers, work));
    work.mark("FlannelPeers");
    a.nodes.values().forEach(VethTies::tieVeths);
    a.nodes.values().forEach(VethTies::tiePods);
    work.mark("VethTies");
    a.nodes.values().forEach(a::flannelBridge);
    a.nodes.values().forEach(a::nodeAddress);
    a.nodes.values().forEach(n -> FlannelUdpLeases.assume(n, a.kubeNodes, a.kubeNodeNamed));
    work.mark("node addresses");
    a.kubectlPods();
    a.nodes.values().forEach(a::unresolvedLinks);
    work.mark("kubectl pods, edges");
    a.extra.addAll(
        new Segments(
                a.nodes,
                new AddressOwners(a.nodes.values(), work),
                a.kubeNodes,
                read.underlay(),
                a.assumptions,
                options.edgeRoutes(),
                work)
            .build());
    work.mark("Segments");
    Map<NetnsName, NetnsBuilder> all = new LinkedHashMap<>();
    Interruption interruption = Interruption.ofCaller();
    a.nodes.forEach(
        (node, list) -> {
          interruption.check("building the namespaces of " + node);
          for (NetnsDraft d : list) {
            d.completeDevices(node);
            all.put(d.name, d.build());
          }
          a.podsOf.getOrDefault(node, List.of()).forEach(n -> all.put(n.name(), n));
        });
    a.extra.forEach(n -> all.put(n.name(), n));
    work.mark("NetnsDraft.build");
    TopologyBuilder network = new TopologyBuilder();
    all.values().forEach(network::add);
    network.link();
    Topology topology = network.build();
    work.mark("TopologyBuilder.build");
    List<KubeEndpoints> endpoints = a.endpoints();
    work.mark("endpoints");
    return new Snapshot(
        read.dir(),
        topology,
        a.warnings,
        a.assumptions,
        a.pods,
        a.kubeNodes,
        read.services(),
        endpoints);
  }

  /**
   * The EndpointSlices when dumped (what kube-proxy reads since 1.19), else the Endpoints; then
   * kube-proxy's rules on every node with an iptables-save dump checked against them.
   */
  private List<KubeEndpoints> endpoints() {
    List<KubeEndpoints> endpoints = read.endpointSlices().or(read::endpoints).orElse(List.of());
    if (read.endpointSlices().isPresent() && read.endpoints().isPresent()) {
      assumptions.add(
          new Assumption(
              ".",
              "the endpoints of Services are those of the EndpointSlices"
                  + " (kubectl-get-endpointslices.json, what kube-proxy reads since Kubernetes 1.19); the Endpoints"
                  + " dump next to it is not used"));
    }
    Map<String, dev.podpath.model.netfilter.Ruleset> rules = new LinkedHashMap<>();
    read.nodes().forEach(n -> n.host().netfilter().ifPresent(r -> rules.put(n.name(), r)));
    warnings.addAll(KubeProxyCheck.check(rules, endpoints));
    return endpoints;
  }

  // ---- namespaces ----

  private void drafts() {
    Set<String> taken = new HashSet<>();
    read.nodes().forEach(n -> taken.add(n.name()));
    Map<String, Integer> childNames = new LinkedHashMap<>();
    read.nodes()
        .forEach(n -> n.namespaces().forEach(c -> childNames.merge(c.name(), 1, Integer::sum)));
    for (SnapshotReader.NodeDump n : read.nodes()) {
      List<NetnsDraft> list = new ArrayList<>();
      list.add(new NetnsDraft(netnsName(n.name()), n.name(), true, n.host(), assumptions));
      for (NetnsDump c : n.namespaces()) {
        String name = c.name();
        if (taken.contains(name) || childNames.get(name) > 1) {
          name = n.name() + "." + c.name();
        }
        taken.add(name);
        list.add(new NetnsDraft(netnsName(name), n.name(), false, c, assumptions));
      }
      nodes.put(n.name(), list);
    }
  }

  private static NetnsName netnsName(String s) {
    String n = s.replace('/', '_');
    return NetnsName.of(n.equals(".") || n.equals("..") ? "_" + n : n);
  }

  /**
   * {@code kubectl get pod,svc -o wide} prefixes names with their kind ({@code pod/coredns-...}).
   */
  private static KubePod withoutKind(KubePod p) {
    return p.name().startsWith("pod/")
        ? new KubePod(
            p.namespace(), p.name().substring(4), p.ip(), p.node(), p.hostNetwork(), p.origin())
        : p;
  }

  private Optional<NetnsDraft> host(String node) {
    return Optional.ofNullable(nodes.get(node)).map(l -> l.get(0));
  }

  // ---- what flannel, Docker and kubectl say ----

  /**
   * The node's Docker networks ({@code docker network inspect}) where its dumps leave them out: a
   * bridge network's Linux bridge with its gateway address and connected route, and each container
   * no dumped namespace holds as a namespace on that bridge the way Docker's bridge driver makes
   * one; each an assumption citing the inspect output's line.
   */
  private void dockerNetworks(List<NetnsDraft> node, AddressOwners dumped) {
    NetnsDraft host = node.get(0);
    for (DockerNetwork n : host.dump.dockerNetworks().orElse(List.of())) {
      if (!n.driver().equals("bridge") || n.subnets().isEmpty()) {
        continue;
      }
      DockerNetwork.Subnet sub = n.subnets().get(0);
      Optional<DeviceDraft> bridge = DockerBridges.bridge(host, n, sub);
      if (bridge.isEmpty()) {
        continue;
      }
      IfAddress gw =
          bridge.get().addresses.stream()
              .filter(a -> sub.subnet().contains(a.address()))
              .findFirst()
              .orElseThrow();
      for (DockerNetwork.Container c : n.containers()) {
        if (dumped.owner(c.address()).isPresent()
            || containerAddresses.contains(c.address())
            || !sub.subnet().contains(c.address())) {
          continue;
        }
        String name = uniqueName(c.name().replaceFirst("^/", ""));
        containerAddresses.add(c.address());
        bridge.get().up = true;
        podsOf
            .computeIfAbsent(host.node, k -> new ArrayList<>())
            .add(
                assumedContainer(
                    host,
                    bridge.get(),
                    name,
                    c.address(),
                    c.mac(),
                    new IfAddress(
                        gw.address(),
                        c.prefixLength(),
                        Optional.empty(),
                        Optional.empty(),
                        RouteScope.GLOBAL,
                        gw.origin()),
                    c.origin()));
        host.assume(
            "container "
                + c.name()
                + " ("
                + c.address()
                + "/"
                + c.prefixLength()
                + c.mac().map(m -> ", " + m).orElse("")
                + ", "
                + c.origin().location()
                + ") was not dumped: it is modelled as namespace "
                + name
                + " the way Docker's bridge driver makes one: lo up, eth0 with that address,"
                + " default via "
                + gw.address()
                + ", its veth a port of "
                + bridge.get().name);
      }
    }
  }

  /** A namespace name no node, namespace or modelled pod has yet. */
  private String uniqueName(String wanted) {
    Set<String> taken = new HashSet<>();
    nodes.values().forEach(l -> l.forEach(d -> taken.add(d.name.value())));
    podsOf.values().forEach(l -> l.forEach(b -> taken.add(b.name().value())));
    String base = netnsName(wanted).value();
    String n = base;
    for (int i = 2; taken.contains(n); i++) {
      n = base + "-" + i;
    }
    return n;
  }

  /** flannel's subnet.env names cni0's address when no device dump of the node has it. */
  private void flannelBridge(List<NetnsDraft> node) {
    NetnsDraft host = node.get(0);
    Optional<FlannelSubnetEnv> env = host.dump.subnetEnv();
    if (env.isEmpty()
        || env.get().gateway().isEmpty()
        || env.get().subnet().isEmpty()
        || host.owns(env.get().gateway().get())) {
      return;
    }
    Ipv4Address gw = env.get().gateway().get();
    // cni0, its address and its connected route are what FLANNEL_SUBNET says: traces cite that line
    Origin said = env.get().subnetLine().orElse(new Origin(host.dir + "/subnet.env", 1, ""));
    DeviceDraft cni0 = host.devices.computeIfAbsent("cni0", n -> new DeviceDraft(n, said));
    cni0.assumedBridge = !cni0.isBridge();
    cni0.addresses.add(
        new IfAddress(
            gw,
            env.get().subnet().get().length(),
            Optional.empty(),
            Optional.of(env.get().subnet().get().broadcast()),
            RouteScope.GLOBAL,
            said));
    Prefix subnet = env.get().subnet().get();
    if (host.routes.stream()
        .noneMatch(r -> r.destination().equals(subnet) && r.table() == TableIds.MAIN)) {
      host.routes.add(
          new Route(
              TableIds.MAIN,
              RouteType.UNICAST,
              subnet,
              List.of(NextHop.dev("cni0")),
              Optional.of(gw),
              0,
              RouteScope.LINK,
              RouteProtocol.KERNEL,
              said));
    }
    host.assume(
        "cni0 is flannel's bridge with "
            + gw
            + "/"
            + subnet.length()
            + " (FLANNEL_SUBNET in subnet.env; no"
            + " device dump shows it)");
  }

  /**
   * A node still owns its address (kubectl's InternalIP) when no address dump shows it: on the
   * device whose connected route holds it, when only routes were dumped; else, when neither devices
   * nor routes were, on a NIC with nothing known behind it (or the IP kubectl shows for several
   * host-network pods).
   */
  private void nodeAddress(List<NetnsDraft> node) {
    NetnsDraft host = node.get(0);
    Optional<KubeNode> self = Optional.ofNullable(kubeNodeNamed.get(host.node));
    work.count(1);
    if (host.dump.hasDeviceDump() || host.dump.routes().isPresent()) {
      self.flatMap(KubeNode::internalIp)
          .filter(
              a -> !host.owns(a) && host.dump.addrs().isEmpty() && host.dump.ifconfig().isEmpty())
          .ifPresent(a -> onConnectedRoute(host, a, self.get()));
      return;
    }
    Optional<Ipv4Address> ip = self.flatMap(KubeNode::internalIp);
    String why = "kubectl's InternalIP";
    if (ip.isEmpty()) {
      ip =
          pods.stream()
              .filter(
                  p ->
                      p.node().filter(host.node::equals).isPresent()
                          && p.hostNetwork().orElse(true))
              .map(KubePod::ip)
              .flatMap(Optional::stream)
              .filter(
                  a ->
                      VethTies.bridgeFor(host, a).isEmpty()
                          && pods.stream().filter(q -> q.ip().equals(Optional.of(a))).count() > 1)
              .findFirst();
      why = "the IP kubectl shows for several host-network pods of the node";
    }
    if (ip.isEmpty() || host.owns(ip.get())) {
      return;
    }
    DeviceDraft nic =
        host.devices.computeIfAbsent("eth0", n -> new DeviceDraft(n, new Origin(host.dir, 0, "")));
    nic.addresses.add(
        new IfAddress(
            ip.get(), 32, Optional.empty(), Optional.empty(), RouteScope.GLOBAL, nic.origin));
    nic.beyond = Optional.of("the network of " + host.node + ", which was not dumped");
    host.assume(
        "the node's address "
            + ip.get()
            + " ("
            + why
            + ") is on a NIC eth0 with nothing known behind it;"
            + " no device or route dump of the node was given");
  }

  /**
   * kubectl's InternalIP on the device whose connected route ({@code 10.0.0.0/24 dev eth0 scope
   * link}) holds it.
   */
  private static void onConnectedRoute(NetnsDraft host, Ipv4Address ip, KubeNode self) {
    Optional<Route> connected =
        host.routes.stream()
            .filter(
                r ->
                    r.table() == TableIds.MAIN
                        && r.type() == RouteType.UNICAST
                        && r.scope() == RouteScope.LINK
                        && r.nextHops().size() == 1
                        && r.nextHops().get(0).via().isEmpty()
                        && r.destination().length() < 31
                        && r.destination().contains(ip))
            .findFirst();
    if (connected.isEmpty()) {
      return;
    }
    Route r = connected.get();
    Optional<DeviceDraft> dev = host.device(r.nextHops().get(0).dev()).filter(d -> !d.isLoopback());
    if (dev.isEmpty()
        || dev.get().addresses.stream()
            .anyMatch(a -> a.connectedPrefix().equals(r.destination()))) {
      return;
    }
    dev.get()
        .addresses
        .add(
            new IfAddress(
                ip,
                r.destination().length(),
                Optional.empty(),
                Optional.of(r.destination().broadcast()),
                RouteScope.GLOBAL,
                self.origin()));
    host.assume(
        dev.get().name
            + " has "
            + ip
            + "/"
            + r.destination().length()
            + ": kubectl's InternalIP of "
            + host.node
            + " ("
            + self.origin().location()
            + ") is in the connected route "
            + r.origin().location()
            + " (`"
            + r.origin().text().strip()
            + "`), and no address dump shows the device's addresses");
  }

  /** Pods kubectl lists on a dumped node, in a bridge's subnet, that were not dumped themselves. */
  private void kubectlPods() {
    Map<DeviceRef, List<String>> undumped = new LinkedHashMap<>();
    Set<String> names = new HashSet<>();
    Map<NetnsName, NetnsDraft> drafts = new HashMap<>();
    nodes.values().forEach(l -> l.forEach(d -> names.add(d.name.value())));
    nodes.values().forEach(l -> l.forEach(d -> drafts.putIfAbsent(d.name, d)));
    AddressOwners owners = new AddressOwners(nodes.values(), work);
    for (KubePod p : pods) {
      if (p.ip().isEmpty()
          || p.node().isEmpty()
          || p.hostNetwork().orElse(false)
          || owners.owner(p.ip().get()).isPresent()
          || containerAddresses.contains(p.ip().get())) {
        continue;
      }
      Optional<NetnsDraft> host = host(p.node().get());
      if (host.isEmpty()) {
        continue;
      }
      Ipv4Address ip = p.ip().get();
      Optional<DeviceDraft> bridge = VethTies.bridgeFor(host.get(), ip);
      if (bridge.isEmpty()) {
        continue;
      }
      String qualified = p.namespace().map(n -> n + "/").orElse("") + p.name();
      if (options.assumeCniPods()) {
        String name =
            names.contains(p.name()) ? p.namespace().orElse("default") + "." + p.name() : p.name();
        names.add(name);
        podsOf
            .computeIfAbsent(p.node().get(), k -> new ArrayList<>())
            .add(assumedPod(host.get(), bridge.get(), p, netnsName(name).value()));
        assumptions.add(
            new Assumption(
                host.get().dir,
                "pod "
                    + qualified
                    + " ("
                    + ip
                    + ", "
                    + p.origin().location()
                    + ") was not dumped: it is modelled as namespace "
                    + name
                    + " the way the CNI bridge plugin makes a pod:"
                    + " lo up, eth0 "
                    + ip
                    + "/"
                    + bridge.get().addresses.get(0).prefixLength()
                    + ", default via "
                    + bridge.get().addresses.get(0).address()
                    + ", its veth a port of "
                    + bridge.get().name
                    + " (--assume-cni-pods)"));
      } else {
        undumped
            .computeIfAbsent(NetnsDraft.ref(host.get(), bridge.get()), k -> new ArrayList<>())
            .add(qualified + " " + ip + " (" + p.origin().location() + ")");
      }
    }
    undumped.forEach(
        (b, list) -> {
          NetnsDraft host = drafts.get(b.netns());
          work.count(1);
          DeviceDraft bridge = host.devices.get(b.name());
          DeviceDraft port = VethTies.newPort(host, bridge, bridge.name + "-pods");
          port.type = "";
          port.beyond =
              Optional.of(
                  "pods of "
                      + host.node
                      + " that were not dumped: "
                      + String.join(", ", list)
                      + "; to follow a packet into one, add its namespace's dumps under "
                      + host.dir
                      + "/netns/NAME/ (podpath"
                      + " collect on "
                      + host.node
                      + "), or trace with --assume-cni-pods");
          host.assume(
              port.name
                  + " stands for the ports of "
                  + bridge.name
                  + " to pods kubectl lists but that were not"
                  + " dumped ("
                  + list.size()
                  + "): a packet sent to one leaves the model there");
        });
  }

  private NetnsBuilder assumedPod(NetnsDraft host, DeviceDraft bridge, KubePod p, String name) {
    return assumedContainer(
        host,
        bridge,
        name,
        p.ip().orElseThrow(),
        Optional.empty(),
        bridge.addresses.get(0),
        p.origin());
  }

  /**
   * A namespace the way the CNI bridge plugin or Docker's bridge driver makes one: lo up, eth0 with
   * {@code ip} in the bridge's subnet (its MAC when known), a default route via the bridge's
   * address, its veth a port of the bridge.
   */
  private NetnsBuilder assumedContainer(
      NetnsDraft host,
      DeviceDraft bridge,
      String name,
      Ipv4Address ip,
      Optional<MacAddress> mac,
      IfAddress gw,
      Origin o) {
    NetnsName ns = NetnsName.of(name);
    DeviceDraft port = VethTies.newPort(host, bridge, "veth-" + name);
    port.peer = Optional.of(new DeviceRef(ns, "eth0"));
    DeviceDraft lo = new DeviceDraft("lo", o);
    lo.linkType = "loopback";
    lo.index = 1;
    lo.mtu = 65536;
    lo.addresses.add(
        new IfAddress(
            Ipv4Address.of(127, 0, 0, 1),
            8,
            Optional.empty(),
            Optional.empty(),
            RouteScope.HOST,
            o));
    DeviceDraft eth0 = new DeviceDraft("eth0", o);
    eth0.setKind(LinkKind.Type.VETH);
    eth0.index = 2;
    eth0.mtu = bridge.mtu;
    eth0.mac = mac.or(() -> Optional.of(MacSource.of(host.node, name, "eth0")));
    eth0.peer = Optional.of(NetnsDraft.ref(host, port));
    eth0.addresses.add(
        new IfAddress(
            ip,
            gw.prefixLength(),
            Optional.empty(),
            Optional.of(gw.connectedPrefix().broadcast()),
            RouteScope.GLOBAL,
            o));
    NetnsDump empty =
        NetnsDump.nothingDumped(name, host.dir, dev.podpath.model.topo.Sockets.UNKNOWN);
    List<Assumption> quiet = new ArrayList<>();
    NetnsDraft d = new NetnsDraft(ns, host.node, false, empty, quiet);
    d.devices.clear();
    d.devices.put("lo", lo);
    d.devices.put("eth0", eth0);
    Prefix subnet = gw.connectedPrefix();
    d.routes.add(
        new Route(
            TableIds.MAIN,
            RouteType.UNICAST,
            Prefix.DEFAULT,
            List.of(NextHop.via(gw.address(), "eth0")),
            Optional.empty(),
            0,
            RouteScope.GLOBAL,
            RouteProtocol.BOOT,
            o));
    d.routes.add(
        new Route(
            TableIds.MAIN,
            RouteType.UNICAST,
            subnet,
            List.of(NextHop.dev("eth0")),
            Optional.of(ip),
            0,
            RouteScope.LINK,
            RouteProtocol.KERNEL,
            o));
    return d.build();
  }

  // ---- the edges ----

  /**
   * Veths and cross-namespace links whose other end is in no dumped namespace lead out of the
   * model.
   */
  private void unresolvedLinks(List<NetnsDraft> node) {
    for (NetnsDraft ns : node) {
      for (DeviceDraft d : ns.devices.values()) {
        if (d.peer.isPresent() || d.beyond.isPresent() || d.isLoopback() || d.isBridge()) {
          continue;
        }
        if (d.isVeth() || d.type.isEmpty() && d.linksToOtherNetns()) {
          String where =
              d.link
                  .map(
                      l ->
                          (l.index().isPresent() ? "ifindex " + l.index().getAsInt() : "a device")
                              + (l.netns().isPresent()
                                  ? " in namespace " + l.netns().get()
                                  : l.netnsId().isPresent()
                                      ? " in the namespace with id " + l.netnsId().getAsInt()
                                      : ""))
                  .orElse("its peer");
          Optional<String> pod =
              d.master.isPresent()
                  ? Optional.of(
                      " (a port of "
                          + d.master.get()
                          + ": probably a pod's; kubectl get pods -o wide says which pods run on "
                          + ns.node
                          + ")")
                  : Optional.empty();
          d.beyond =
              Optional.of(
                  "the other end of this veth, "
                      + where
                      + pod.orElse("")
                      + ", is in a namespace that"
                      + " was not dumped; add it under "
                      + node.get(0).dir
                      + "/netns/NAME/ (podpath collect dumps every"
                      + " namespace it can enter)");
        }
      }
    }
  }
}
