package dev.podpath.testing.random;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;

/**
 * A random but valid scenario script from a seed (issue 15 §1): 3-15 namespaces joined by veth
 * links in a chain, a star or a mesh, sometimes a bridge with several ports; addresses from a few
 * overlapping pools (an address can exist twice); connected and static routes, some of them wrong,
 * missing or failing (blackhole, unreachable, prohibit); a second table with an {@code ip rule};
 * ip_forward, rp_filter and proxy_arp; some iptables (filter DROP, REJECT with each of its answers,
 * ACCEPT; nat DNAT and MASQUERADE; mangle MARK with an {@code ip rule fwmark} to a table of its
 * own) and listeners; narrower MTUs on some links; and probes of every kind (ping, with sizes and
 * DF or not, traceroute, {@code nc -z}, {@code ip route get}). Only commands podpath's interpreter
 * understands, so {@code podpath verify} runs every one of them in the kernel. The same seed always
 * gives the same script.
 *
 * <pre>{@code
 * String script = RandomScenario.generate(42);   // "# random scenario, seed 42\nip netns add n0\n..."
 * }</pre>
 */
public final class RandomScenario {

  /** The port the listeners serve and {@code nc -z} probes connect to. */
  static final int PORT = 8080;

  private final SplittableRandom rnd;
  private final StringBuilder out = new StringBuilder();
  private final List<String> names = new ArrayList<>();
  private final List<Link> links = new ArrayList<>();
  private final Map<String, Integer> devices = new LinkedHashMap<>();
  private final List<Address> addresses = new ArrayList<>();
  private final List<String> probes = new ArrayList<>();

  /** One L2 segment's end in a namespace: the device, its address and the segment's subnet. */
  private record Address(String netns, String dev, String ip, String subnet, int segment) {}

  /** A veth link (or a bridge segment) between namespaces. */
  private record Link(int segment, List<Address> ends) {}

  /**
   * The draws of what the generator gained later (REJECT variants, marks and policy routing by
   * fwmark, MTUs and DF pings): a stream of their own, so that each seed's earlier lines stay the
   * script they were (the seeds in docs/kernel-agreement.md), the new lines added among them.
   */
  private final SplittableRandom more;

  private RandomScenario(long seed) {
    this.rnd = new SplittableRandom(seed);
    this.more = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + 0x15);
  }

  /** The scenario script of {@code seed}. */
  public static String generate(long seed) {
    return new RandomScenario(seed).build(seed);
  }

  private String build(long seed) {
    int n = 3 + rnd.nextInt(13);
    line("# random scenario, seed " + seed + " (test/.../random/RandomScenario.java)");
    for (int i = 0; i < n; i++) {
      String ns = "n" + i;
      names.add(ns);
      line("ip netns add " + ns);
      line("ip -n " + ns + " link set lo up");
    }
    topology(n);
    forwarding();
    routes();
    policyRouting();
    sysctls();
    firewall();
    rejectVariants();
    markRouting();
    List<Address[]> narrow = mtus();
    listeners();
    line("sleep 1");
    probes();
    dfPings(narrow);
    probes.forEach(this::line);
    return out.toString();
  }

  // ---------- links and addresses ----------

  private void topology(int n) {
    int shape = rnd.nextInt(3);
    List<int[]> pairs = new ArrayList<>();
    if (shape == 0) { // chain
      for (int i = 1; i < n; i++) {
        pairs.add(new int[] {i - 1, i});
      }
    } else if (shape == 1) { // star around n0
      for (int i = 1; i < n; i++) {
        pairs.add(new int[] {0, i});
      }
    } else { // a random tree, then extra links: a mesh with loops
      for (int i = 1; i < n; i++) {
        pairs.add(new int[] {rnd.nextInt(i), i});
      }
      int extra = rnd.nextInt(Math.max(1, n / 2));
      for (int k = 0; k < extra; k++) {
        int a = rnd.nextInt(n);
        int b = rnd.nextInt(n);
        if (a != b) {
          pairs.add(new int[] {a, b});
        }
      }
    }
    int segment = 0;
    for (int[] p : pairs) {
      veth(segment++, names.get(p[0]), names.get(p[1]));
    }
    if (rnd.nextInt(3) == 0) {
      bridge(segment, n);
    }
  }

  /** A subnet for a new segment: mostly fresh, sometimes one already used (overlapping pools). */
  private String subnet(int segment) {
    if (segment > 0 && rnd.nextInt(8) == 0) {
      return links.get(rnd.nextInt(links.size())).ends().get(0).subnet();
    }
    int pool = rnd.nextInt(3);
    return switch (pool) {
      case 0 -> "10.0." + segment + ".0";
      case 1 -> "10.1." + (segment % 4) + ".0";
      default -> "192.168." + segment + ".0";
    };
  }

  private static String host(String subnet, int h) {
    return subnet.substring(0, subnet.lastIndexOf('.') + 1) + h;
  }

  private String newDevice(String ns) {
    int k = devices.merge(ns, 1, Integer::sum) - 1;
    return "e" + k;
  }

  private void veth(int segment, String a, String b) {
    String subnet = subnet(segment);
    String da = newDevice(a);
    String db = newDevice(b);
    line("ip -n " + a + " link add " + da + " type veth peer name " + db + " netns " + b);
    Address ea = new Address(a, da, host(subnet, 1 + rnd.nextInt(3)), subnet, segment);
    Address eb = new Address(b, db, host(subnet, 4 + rnd.nextInt(3)), subnet, segment);
    for (Address e : List.of(ea, eb)) {
      line("ip -n " + e.netns() + " addr add " + e.ip() + "/24 dev " + e.dev());
      if (rnd.nextInt(12) != 0) {
        line("ip -n " + e.netns() + " link set " + e.dev() + " up");
      }
      addresses.add(e);
    }
    links.add(new Link(segment, List.of(ea, eb)));
  }

  /** A bridge in one namespace with ports to 2-4 others, one subnet for all of them. */
  private void bridge(int segment, int n) {
    String owner = names.get(rnd.nextInt(n));
    String subnet = "172.16." + segment + ".0";
    line("ip -n " + owner + " link add br0 type bridge");
    line("ip -n " + owner + " link set br0 up");
    List<Address> ends = new ArrayList<>();
    if (rnd.nextBoolean()) {
      Address self = new Address(owner, "br0", host(subnet, 1), subnet, segment);
      line("ip -n " + owner + " addr add " + self.ip() + "/24 dev br0");
      ends.add(self);
      addresses.add(self);
    }
    int ports = 2 + rnd.nextInt(3);
    for (int k = 0; k < ports; k++) {
      String peer = names.get(rnd.nextInt(n));
      if (peer.equals(owner)) {
        continue;
      }
      String port = "bp" + k;
      String dev = newDevice(peer);
      line(
          "ip -n "
              + owner
              + " link add "
              + port
              + " type veth peer name "
              + dev
              + " netns "
              + peer);
      line(
          "ip -n "
              + owner
              + " link set "
              + port
              + " master br0"
              + (rnd.nextInt(8) == 0 ? "" : " up"));
      Address e = new Address(peer, dev, host(subnet, 10 + k), subnet, segment);
      line("ip -n " + peer + " addr add " + e.ip() + "/24 dev " + dev);
      line("ip -n " + peer + " link set " + dev + " up");
      ends.add(e);
      addresses.add(e);
    }
    if (ends.size() >= 2) {
      links.add(new Link(segment, ends));
    }
  }

  // ---------- forwarding and routes ----------

  private void forwarding() {
    for (String ns : names) {
      if (devices.getOrDefault(ns, 0) >= 2 && rnd.nextInt(8) != 0) {
        line("ip netns exec " + ns + " sysctl -w net.ipv4.ip_forward=1");
      }
    }
  }

  /** The neighbours of {@code ns}: for each link it has an end on, the other ends. */
  private List<Address[]> adjacent(String ns) {
    List<Address[]> out = new ArrayList<>();
    for (Link l : links) {
      for (Address mine : l.ends()) {
        if (!mine.netns().equals(ns)) {
          continue;
        }
        for (Address other : l.ends()) {
          if (!other.netns().equals(ns)) {
            out.add(new Address[] {mine, other});
          }
        }
      }
    }
    return out;
  }

  /**
   * Static routes from a breadth-first search over the links: to each subnet not connected, via the
   * first hop of a shortest path; some left out, some wrong, some failing; sometimes a default
   * route instead.
   */
  private void routes() {
    for (String ns : names) {
      Map<String, Address> firstHop = new LinkedHashMap<>();
      Map<String, Address> reached = new LinkedHashMap<>();
      List<String> frontier = new ArrayList<>(List.of(ns));
      reached.put(ns, null);
      while (!frontier.isEmpty()) {
        List<String> next = new ArrayList<>();
        for (String at : frontier) {
          for (Address[] e : adjacent(at)) {
            String there = e[1].netns();
            if (reached.containsKey(there)) {
              continue;
            }
            Address hop = at.equals(ns) ? e[1] : reached.get(at);
            reached.put(there, hop);
            next.add(there);
          }
        }
        frontier = next;
      }
      List<String> connected = new ArrayList<>();
      for (Address a : addresses) {
        if (a.netns().equals(ns)) {
          connected.add(a.subnet());
        }
      }
      for (Address a : addresses) {
        Address hop = reached.get(a.netns());
        if (hop == null || connected.contains(a.subnet()) || firstHop.containsKey(a.subnet())) {
          continue;
        }
        firstHop.put(a.subnet(), hop);
      }
      List<Address[]> adj = adjacent(ns);
      if (!adj.isEmpty() && adj.size() == 1 && rnd.nextInt(3) == 0) {
        mayFail("ip -n " + ns + " route add default via " + adj.get(0)[1].ip());
        continue;
      }
      for (Map.Entry<String, Address> r : firstHop.entrySet()) {
        int roll = rnd.nextInt(20);
        String pfx = r.getKey() + "/24";
        if (roll < 3) {
          continue; // missing
        } else if (roll == 3 && !adj.isEmpty()) {
          Address[] wrong = adj.get(rnd.nextInt(adj.size()));
          mayFail("ip -n " + ns + " route add " + pfx + " via " + wrong[1].ip());
        } else if (roll == 4) {
          String type = List.of("blackhole", "unreachable", "prohibit").get(rnd.nextInt(3));
          mayFail("ip -n " + ns + " route add " + type + " " + pfx);
        } else {
          mayFail("ip -n " + ns + " route add " + pfx + " via " + r.getValue().ip());
        }
      }
    }
  }

  /** Sometimes a router sends one source's traffic by a second table. */
  private void policyRouting() {
    if (rnd.nextInt(4) != 0 || addresses.isEmpty()) {
      return;
    }
    String ns = names.get(rnd.nextInt(names.size()));
    List<Address[]> adj = adjacent(ns);
    if (adj.isEmpty()) {
      return;
    }
    Address[] via = adj.get(rnd.nextInt(adj.size()));
    Address from = addresses.get(rnd.nextInt(addresses.size()));
    mayFail("ip -n " + ns + " route add default via " + via[1].ip() + " table 100");
    mayFail("ip -n " + ns + " rule add from " + from.subnet() + "/24 lookup 100 pref 100");
  }

  private void sysctls() {
    for (String ns : names) {
      if (rnd.nextInt(6) == 0) {
        line(
            "ip netns exec "
                + ns
                + " sysctl -w net.ipv4.conf.all.rp_filter="
                + (1 + rnd.nextInt(2)));
      }
      for (Address a : addresses) {
        if (a.netns().equals(ns) && !a.dev().equals("br0") && rnd.nextInt(12) == 0) {
          line("ip netns exec " + ns + " sysctl -w net.ipv4.conf." + a.dev() + ".proxy_arp=1");
        }
      }
    }
  }

  // ---------- iptables and servers ----------

  private Address anyAddress() {
    return addresses.get(rnd.nextInt(addresses.size()));
  }

  private void firewall() {
    for (String ns : names) {
      if (rnd.nextInt(5) != 0 || addresses.size() < 2) {
        continue;
      }
      String ipt = "ip netns exec " + ns + " iptables ";
      Address src = anyAddress();
      Address dst = anyAddress();
      switch (rnd.nextInt(6)) {
        case 0 -> line(ipt + "-A FORWARD -s " + src.subnet() + "/24 -j DROP");
        case 1 -> line(ipt + "-A FORWARD -d " + dst.ip() + "/32 -j REJECT");
        case 2 ->
            line(ipt + "-A INPUT -p tcp --dport " + PORT + " -j REJECT --reject-with tcp-reset");
        case 3 -> {
          line(ipt + "-A FORWARD -d " + dst.subnet() + "/24 -j ACCEPT");
          line(ipt + "-P FORWARD DROP");
        }
        case 4 ->
            line(
                ipt
                    + "-t nat -A PREROUTING -d 10.96.0."
                    + (1 + rnd.nextInt(3))
                    + "/32 -p tcp --dport 80 -j DNAT --to-destination "
                    + dst.ip()
                    + ":"
                    + PORT);
        default -> {
          List<Address[]> adj = adjacent(ns);
          if (!adj.isEmpty()) {
            Address[] e = adj.get(rnd.nextInt(adj.size()));
            line(
                ipt
                    + "-t nat -A POSTROUTING -s "
                    + src.subnet()
                    + "/24 -o "
                    + e[0].dev()
                    + " -j MASQUERADE");
          }
        }
      }
    }
  }

  private static final List<String> REJECT_WITH =
      List.of(
          "icmp-net-unreachable",
          "icmp-host-unreachable",
          "icmp-port-unreachable",
          "icmp-proto-unreachable",
          "icmp-net-prohibited",
          "icmp-host-prohibited",
          "icmp-admin-prohibited");

  /** REJECT with each of its ICMP answers, in FORWARD or INPUT, for ICMP or UDP. */
  private void rejectVariants() {
    for (String ns : names) {
      if (more.nextInt(6) != 0 || addresses.isEmpty()) {
        continue;
      }
      Address dst = addresses.get(more.nextInt(addresses.size()));
      line(
          "ip netns exec "
              + ns
              + " iptables -A "
              + (more.nextBoolean() ? "FORWARD" : "INPUT")
              + " -d "
              + dst.ip()
              + "/32 -p "
              + (more.nextBoolean() ? "icmp" : "udp")
              + " -j REJECT --reject-with "
              + REJECT_WITH.get(more.nextInt(REJECT_WITH.size())));
    }
  }

  /**
   * A mark set in mangle (OUTPUT for the namespace's own packets, PREROUTING for those it forwards)
   * and a rule sending marked packets to a table of their own: a route via a neighbour, or one that
   * fails.
   */
  private void markRouting() {
    if (more.nextInt(3) != 0 || addresses.isEmpty()) {
      return;
    }
    String ns = names.get(more.nextInt(names.size()));
    List<Address[]> adj = adjacent(ns);
    Address dst = addresses.get(more.nextInt(addresses.size()));
    int mark = 1 + more.nextInt(9);
    String table = Integer.toString(200 + mark);
    line(
        "ip netns exec "
            + ns
            + " iptables -t mangle -A "
            + (more.nextBoolean() ? "OUTPUT" : "PREROUTING")
            + " -d "
            + dst.subnet()
            + "/24 -j MARK --set-mark 0x"
            + mark);
    mayFail("ip -n " + ns + " rule add fwmark 0x" + mark + " lookup " + table + " pref 50");
    int kind = more.nextInt(4);
    if (kind == 0 && !adj.isEmpty()) {
      Address[] via = adj.get(more.nextInt(adj.size()));
      mayFail(
          "ip -n "
              + ns
              + " route add "
              + dst.subnet()
              + "/24 via "
              + via[1].ip()
              + " table "
              + table);
    } else {
      String type = List.of("blackhole", "unreachable", "prohibit", "throw").get(kind);
      mayFail("ip -n " + ns + " route add " + type + " " + dst.subnet() + "/24 table " + table);
    }
  }

  /** Some veth links made narrower (both ends): the links and ends DF pings go across. */
  private List<Address[]> mtus() {
    List<Address[]> narrow = new ArrayList<>();
    for (Link l : links) {
      if (l.ends().size() != 2
          || l.ends().stream().anyMatch(e -> e.dev().equals("br0"))
          || more.nextInt(5) != 0) {
        continue;
      }
      int mtu = List.of(1280, 1400, 1450).get(more.nextInt(3));
      for (Address end : l.ends()) {
        line("ip -n " + end.netns() + " link set " + end.dev() + " mtu " + mtu);
      }
      narrow.add(new Address[] {l.ends().get(0), l.ends().get(1)});
    }
    return narrow;
  }

  /** Pings with DF (and without) and sizes around the narrowed links' MTUs, from anywhere. */
  private void dfPings(List<Address[]> narrow) {
    if (narrow.isEmpty() || addresses.isEmpty()) {
      return;
    }
    int count = 1 + more.nextInt(2);
    for (int i = 0; i < count; i++) {
      String from = names.get(more.nextInt(names.size()));
      Address to = addresses.get(more.nextInt(addresses.size()));
      int size = List.of(1200, 1372, 1422, 1472).get(more.nextInt(4));
      String df = more.nextInt(4) == 0 ? "dont" : "do";
      probes.add(
          "ip netns exec "
              + from
              + " ping -c1 -W1 -M "
              + df
              + " -s "
              + size
              + " "
              + to.ip()
              + " || true");
    }
  }

  private void listeners() {
    for (String ns : names) {
      if (rnd.nextInt(3) == 0) {
        line("ip netns exec " + ns + " nc -lk " + PORT + " &");
      }
    }
  }

  // ---------- probes ----------

  private void probes() {
    if (addresses.isEmpty()) {
      return;
    }
    int count = 3 + rnd.nextInt(4);
    int sport = 41000 + rnd.nextInt(1000);
    for (int i = 0; i < count; i++) {
      String from = names.get(rnd.nextInt(names.size()));
      String to = rnd.nextInt(8) == 0 ? "10.96.0." + (1 + rnd.nextInt(3)) : anyAddress().ip();
      String exec = "ip netns exec " + from + " ";
      switch (rnd.nextInt(4)) {
        case 0 -> probes.add(exec + "ping -c1 -W1 " + to + " || true");
        case 1 -> probes.add(exec + "traceroute -n -q1 -w1 -m 5 " + to + " || true");
        case 2 -> {
          int port = to.startsWith("10.96.") ? 80 : PORT;
          probes.add(exec + "nc -zv -w2 -p " + (sport + i) + " " + to + " " + port + " || true");
        }
        default -> probes.add("ip -n " + from + " route get " + to + " || true");
      }
    }
  }

  private void line(String s) {
    out.append(s).append('\n');
  }

  /**
   * A configuration command that may fail (a route whose gateway is behind a device left down): the
   * kernel refuses it, and podpath must too; the script goes on.
   */
  private void mayFail(String s) {
    line(s + " || true");
  }

  /** For a quick look: prints the script of the seed given (default 1). */
  public static void main(String[] args) {
    long seed = args.length > 0 ? Long.parseLong(args[0]) : new Random().nextLong();
    System.out.print(generate(seed));
  }
}
