package dev.podpath.bench;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.addr.MacAddress;
import dev.podpath.model.addr.Prefix;
import dev.podpath.model.origin.Origin;
import dev.podpath.model.route.NextHop;
import dev.podpath.model.route.Route;
import dev.podpath.model.route.RouteProtocol;
import dev.podpath.model.route.RouteScope;
import dev.podpath.model.route.RouteTable;
import dev.podpath.model.route.RouteType;
import dev.podpath.model.route.RoutingPolicy;
import dev.podpath.model.route.RoutingRule;
import dev.podpath.model.route.TableIds;
import dev.podpath.model.sysctl.Sysctls;
import dev.podpath.model.topo.BridgePort;
import dev.podpath.model.topo.IfAddress;
import dev.podpath.model.topo.LinkKind;
import dev.podpath.model.topo.NetDevice;
import dev.podpath.model.topo.Netns;
import dev.podpath.model.topo.NetnsName;
import dev.podpath.model.topo.Topology;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * Memory check for the target cluster: {@code nodes} namespaces, each with a main table
 * routing every other node's pod /24 via that node's address ({@link ClusterShape}), all kept
 * reachable at once. Not a JMH benchmark: it builds, forces GC, and prints heap used.
 *
 * <pre>
 * java -Xmx16g -cp bench/target/benchmarks.jar dev.podpath.bench.ScaleCheck [nodes] [mode]
 * </pre>
 *
 * Modes (each in its own JVM, so that heap numbers do not mix):
 *
 * <ul>
 *   <li>{@code naive} (default): every route has its own Prefix, Ipv4Address, NextHop and Origin
 *       with its own copy of the script line, as the scenario interpreter makes them.
 *   <li>{@code interned}: the Prefix and NextHop (with its gateway) of "node j's /24 via node j"
 *       are made once for the cluster and shared by all tables; origins as in naive.
 *   <li>{@code lean}: interned, and origins carry no line text (only file and line number), as if
 *       origins pointed into the script instead of copying each line.
 * </ul>
 */
public final class ScaleCheck {

  private ScaleCheck() {}

  public static void main(String[] args) {
    int nodes = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
    String mode = args.length > 1 ? args[1] : "naive";
    if (!List.of("naive", "interned", "lean").contains(mode)) {
      throw new IllegalArgumentException("mode must be naive, interned or lean: " + mode);
    }
    Runtime rt = Runtime.getRuntime();
    System.out.printf(
        Locale.ROOT,
        "ScaleCheck: %d namespaces x %d routes (main table), mode %s%n",
        nodes,
        nodes + 2,
        mode);
    System.out.printf(
        Locale.ROOT,
        "JVM %s, max heap %s, %d CPUs, GC %s%n",
        System.getProperty("java.vm.version"),
        mib(rt.maxMemory()),
        rt.availableProcessors(),
        gcNames());

    long base = usedAfterGc();
    System.out.printf(Locale.ROOT, "heap used at start: %s%n", mib(base));

    // 1. the Route objects, as the interpreter would hand them to RouteTable.of
    Interner interner = mode.equals("naive") ? null : new Interner(nodes);
    boolean lean = mode.equals("lean");
    long t0 = System.nanoTime();
    List<List<Route>> perNode = new ArrayList<>(nodes);
    for (int i = 0; i < nodes; i++) {
      perNode.add(
          interner == null
              ? ClusterShape.hostGwMainTable(i, nodes, "cluster.sh")
              : interner.mainTable(i, "cluster.sh", lean));
    }
    long t1 = System.nanoTime();
    long totalRoutes = perNode.stream().mapToLong(List::size).sum();
    long routesOnly = usedAfterGc() - base;
    System.out.printf(
        Locale.ROOT,
        "built %,d Route objects in %.1f s; heap %s = %.0f bytes/route%n",
        totalRoutes,
        sec(t1 - t0),
        mib(routesOnly),
        (double) routesOnly / totalRoutes);

    // 2. the tries (RouteTable copies the list; the ArrayLists above are dropped)
    long t2 = System.nanoTime();
    List<RouteTable> tables = new ArrayList<>(nodes);
    for (int i = 0; i < nodes; i++) {
      tables.add(RouteTable.of(TableIds.MAIN, perNode.get(i)));
      perNode.set(i, null);
    }
    long t3 = System.nanoTime();
    perNode = null;
    long withTables = usedAfterGc() - base;
    System.out.printf(
        Locale.ROOT,
        "built %,d RouteTables in %.1f s (%.0f ms each); heap %s = %.0f bytes/route (trie and lists: %.0f bytes/route)%n",
        nodes,
        sec(t3 - t2),
        (t3 - t2) / 1e6 / nodes,
        mib(withTables),
        (double) withTables / totalRoutes,
        (double) (withTables - routesOnly) / totalRoutes);

    // 3. the Netns wrappers: lo, eth0, cni0, a local table, the default rules; one Topology
    long t4 = System.nanoTime();
    Sysctls sysctls = new Sysctls(Map.of("net.ipv4.ip_forward", "1"));
    Map<NetnsName, Netns> all = new LinkedHashMap<>();
    for (int i = 0; i < nodes; i++) {
      Netns ns = netns(i, tables.get(i), sysctls);
      all.put(ns.name(), ns);
    }
    Topology topology = new Topology(all);
    all = null;
    long t5 = System.nanoTime();
    long withNetns = usedAfterGc() - base;
    System.out.printf(
        Locale.ROOT,
        "wrapped in %,d Netns + 1 Topology in %.1f s; heap %s (+%.0f bytes/namespace)%n",
        nodes,
        sec(t5 - t4),
        mib(withNetns),
        (double) (withNetns - withTables) / nodes);
    System.out.printf(
        Locale.ROOT,
        "total build time %.1f s; heap used for the cluster %s, %.0f bytes/route%n",
        sec(t1 - t0 + t3 - t2 + t5 - t4),
        mib(withNetns),
        (double) withNetns / totalRoutes);

    // 4. the tables are still usable: a few lookups
    Random random = new Random(42);
    long t6 = System.nanoTime();
    int lookups = 1_000_000;
    long found = 0;
    List<Netns> list = new ArrayList<>(topology.netnsList());
    for (int k = 0; k < lookups; k++) {
      Netns ns = list.get(random.nextInt(nodes));
      found +=
          ns.routing()
              .table(TableIds.MAIN)
              .matches(ClusterShape.podAddress(random.nextInt(nodes), 1 + random.nextInt(254)))
              .size();
    }
    long t7 = System.nanoTime();
    System.out.printf(
        Locale.ROOT,
        "%,d lookups in random namespaces: %.0f ns each (%d matches; not a JMH number)%n",
        lookups,
        (double) (t7 - t6) / lookups,
        found);
    System.out.printf(
        Locale.ROOT, "still reachable: %d namespaces%n", topology.namespaces().size());
  }

  /** One shared Prefix and NextHop per node: "node j's /24 via node j". */
  private static final class Interner {
    private final int nodes;
    private final Prefix[] pod;
    private final NextHop[] viaNode;
    private final NextHop defaultHop = NextHop.via(ClusterShape.GATEWAY, "eth0");
    private final NextHop eth0 = NextHop.dev("eth0");
    private final NextHop cni0 = NextHop.dev("cni0");

    Interner(int nodes) {
      this.nodes = nodes;
      pod = new Prefix[nodes];
      viaNode = new NextHop[nodes];
      for (int j = 0; j < nodes; j++) {
        pod[j] = ClusterShape.podSubnet(j);
        viaNode[j] = NextHop.via(ClusterShape.nodeAddress(j), "eth0");
      }
    }

    List<Route> mainTable(int self, String file, boolean lean) {
      List<Route> routes = new ArrayList<>(nodes + 2);
      String ns = ClusterShape.nodeName(self);
      int line = 1;
      routes.add(
          route(
              Prefix.DEFAULT,
              defaultHop,
              Optional.empty(),
              RouteScope.GLOBAL,
              "boot",
              origin(
                  file,
                  line++,
                  lean,
                  "ip -n " + ns + " route add default via " + ClusterShape.GATEWAY + " dev eth0")));
      routes.add(
          route(
              ClusterShape.NODE_NETWORK,
              eth0,
              Optional.of(ClusterShape.nodeAddress(self)),
              RouteScope.LINK,
              "kernel",
              Origin.KERNEL));
      routes.add(
          route(
              pod[self],
              cni0,
              Optional.of(ClusterShape.podAddress(self, 1)),
              RouteScope.LINK,
              "kernel",
              Origin.KERNEL));
      for (int j = 0; j < nodes; j++) {
        if (j != self) {
          Origin o =
              lean
                  ? new Origin(file, line++, "")
                  : new Origin(
                      file,
                      line++,
                      "ip -n "
                          + ns
                          + " route add "
                          + pod[j]
                          + " via "
                          + viaNode[j].via().orElseThrow()
                          + " dev eth0");
          routes.add(route(pod[j], viaNode[j], Optional.empty(), RouteScope.GLOBAL, "boot", o));
        }
      }
      return routes;
    }

    private static Origin origin(String file, int line, boolean lean, String text) {
      return new Origin(file, line, lean ? "" : text);
    }

    private static Route route(
        Prefix dst,
        NextHop hop,
        Optional<Ipv4Address> src,
        RouteScope scope,
        String proto,
        Origin origin) {
      return new Route(
          TableIds.MAIN,
          RouteType.UNICAST,
          dst,
          List.of(hop),
          src,
          0,
          scope,
          RouteProtocol.of(proto),
          origin);
    }
  }

  private static Netns netns(int i, RouteTable main, Sysctls sysctls) {
    Ipv4Address me = ClusterShape.nodeAddress(i);
    Ipv4Address gw = ClusterShape.podAddress(i, 1);
    MacAddress mac = new MacAddress(0x02_00_00_00_00_00L | i);
    Map<String, NetDevice> devices = new LinkedHashMap<>();
    devices.put(
        "lo",
        new NetDevice(
            "lo",
            1,
            new LinkKind.Loopback(),
            MacAddress.ZERO,
            65536,
            true,
            Optional.empty(),
            BridgePort.DEFAULTS,
            List.of(
                new IfAddress(
                    Ipv4Address.of(127, 0, 0, 1),
                    8,
                    Optional.empty(),
                    Optional.empty(),
                    RouteScope.HOST,
                    Origin.KERNEL)),
            Origin.KERNEL));
    devices.put(
        "eth0",
        new NetDevice(
            "eth0",
            2,
            new LinkKind.Ethernet(),
            mac,
            1500,
            true,
            Optional.empty(),
            BridgePort.DEFAULTS,
            List.of(
                new IfAddress(
                    me, 12, Optional.empty(), Optional.empty(), RouteScope.GLOBAL, Origin.KERNEL)),
            Origin.KERNEL));
    devices.put(
        "cni0",
        new NetDevice(
            "cni0",
            3,
            LinkKind.Bridge.defaults(),
            new MacAddress(mac.bits() | 1L << 40),
            1500,
            true,
            Optional.empty(),
            BridgePort.DEFAULTS,
            List.of(
                new IfAddress(
                    gw, 24, Optional.empty(), Optional.empty(), RouteScope.GLOBAL, Origin.KERNEL)),
            Origin.KERNEL));
    List<Route> local =
        List.of(
            kernel(
                TableIds.LOCAL,
                RouteType.LOCAL,
                Prefix.parse("127.0.0.0/8"),
                "lo",
                RouteScope.HOST,
                Ipv4Address.of(127, 0, 0, 1)),
            kernel(TableIds.LOCAL, RouteType.LOCAL, Prefix.of(me, 32), "eth0", RouteScope.HOST, me),
            kernel(
                TableIds.LOCAL,
                RouteType.BROADCAST,
                Prefix.parse("172.31.255.255/32"),
                "eth0",
                RouteScope.LINK,
                me),
            kernel(TableIds.LOCAL, RouteType.LOCAL, Prefix.of(gw, 32), "cni0", RouteScope.HOST, gw),
            kernel(
                TableIds.LOCAL,
                RouteType.BROADCAST,
                Prefix.of(ClusterShape.podAddress(i, 255), 32),
                "cni0",
                RouteScope.LINK,
                gw));
    RoutingPolicy routing =
        new RoutingPolicy(
            RoutingRule.defaults(),
            Map.of(TableIds.MAIN, main, TableIds.LOCAL, RouteTable.of(TableIds.LOCAL, local)));
    return new Netns(
        NetnsName.of(ClusterShape.nodeName(i)), devices, routing, List.of(), List.of(), sysctls);
  }

  private static Route kernel(
      int table, RouteType type, Prefix dst, String dev, RouteScope scope, Ipv4Address src) {
    return new Route(
        table,
        type,
        dst,
        List.of(NextHop.dev(dev)),
        Optional.of(src),
        0,
        scope,
        RouteProtocol.KERNEL,
        Origin.KERNEL);
  }

  private static long usedAfterGc() {
    Runtime rt = Runtime.getRuntime();
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 4; i++) {
      System.gc();
      used = Math.min(used, rt.totalMemory() - rt.freeMemory());
    }
    return used;
  }

  private static String gcNames() {
    return String.join(
        "+",
        ManagementFactory.getGarbageCollectorMXBeans().stream().map(b -> b.getName()).toList());
  }

  private static String mib(long bytes) {
    return String.format(Locale.ROOT, "%,.0f MiB", bytes / 1048576.0);
  }

  private static double sec(long nanos) {
    return nanos / 1e9;
  }
}
