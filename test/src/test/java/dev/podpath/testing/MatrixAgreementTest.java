package dev.podpath.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podpath.model.finding.Fix;
import dev.podpath.trace.api.LoadOptions;
import dev.podpath.trace.api.Network;
import dev.podpath.trace.api.Podpath;
import dev.podpath.trace.api.TraceRequest;
import dev.podpath.trace.api.TraceResult;
import dev.podpath.trace.diagnosis.Diagnosis;
import dev.podpath.trace.matrix.Cell;
import dev.podpath.trace.matrix.Matrix;
import dev.podpath.trace.matrix.MatrixRequest;
import dev.podpath.trace.matrix.ReachabilityMatrix;
import dev.podpath.trace.render.JsonRenderer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every sample's and committed snapshot's matrix agrees with {@code podpath trace}: seeded random
 * cells, and the cells the fast path proved reachable without a simulation, each traced in full on
 * its own, the result ({@code -o json}'s {@code result}), the reason (the diagnosis's code) and the
 * first fix identical. A difference in a proved cell is a bug of the fast path ({@code
 * sim.net.EchoProof}), never tolerated.
 */
final class MatrixAgreementTest {

  /** Cells drawn per network. */
  private static final int DRAWN = 60;

  /** Proved cells checked per network, beyond those drawn. */
  private static final int PROVED = 120;

  /** Cells traced alone and compared, over all networks (the agreement is over thousands). */
  private static final AtomicInteger CHECKED = new AtomicInteger();

  /** Cells compared with the {@code --exact} matrix's, over all networks. */
  private static final AtomicInteger COMPARED = new AtomicInteger();

  /** Cells the fast path proved, over all networks. */
  private static final AtomicInteger PROVED_CELLS = new AtomicInteger();

  /**
   * Cells a netfilter rule the packet does not decide left to the full trace, over all networks.
   */
  private static final AtomicInteger UNDECIDED = new AtomicInteger();

  @AfterAll
  static void checkedThousands() {
    System.out.printf(
        "MatrixAgreementTest: %d cells traced alone, %d compared with --exact, %d proved, %d"
            + " undecided%n",
        CHECKED.get(), COMPARED.get(), PROVED_CELLS.get(), UNDECIDED.get());
    assertThat(CHECKED.get()).as("cells traced alone and compared").isGreaterThan(2000);
    assertThat(PROVED_CELLS.get()).as("cells the fast path proved").isGreaterThan(2000);
    // the seeded limit and statistic rules of the kube-proxy clusters
    assertThat(UNDECIDED.get()).as("cells left undecided by a rule").isPositive();
  }

  static Stream<Path> networks() {
    try (Stream<Path> snaps = Files.list(Samples.dir().resolve("snapshots"))) {
      List<Path> dirs = snaps.filter(Files::isDirectory).sorted().toList();
      return Stream.concat(Samples.all(), dirs.stream());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @ParameterizedTest
  @MethodSource("networks")
  void randomCells_equalTheFullTrace(Path input) {
    Network net =
        Podpath.load(input, LoadOptions.DEFAULTS.withAssumeCniPods(Files.isDirectory(input)));
    agree(net, input.getFileName().toString(), DRAWN);
  }

  /**
   * Generated host-gw clusters, each with seeded faults the fast path must not prove through (a
   * blackhole, a missing host-gw route, rp_filter, forwarding off, a link down, a wrong static
   * neighbour, arp_ignore, a FORWARD drop, a duplicated address): every cell against {@code
   * --exact}, {@value #GENERATED_DRAWN} against their own full trace.
   */
  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 4})
  void generatedClustersWithFaults_equalTheFullTrace(int seed) {
    Network net =
        Podpath.loadScenario(Path.of("host-gw-faults-" + seed + ".sh"), faultyHostGw(seed));
    agree(net, "host-gw-faults-" + seed, GENERATED_DRAWN);
  }

  private static final int GENERATED_DRAWN = 150;

  /**
   * Generated kube-proxy clusters ({@link KubeProxyClusterScript}: kube-proxy's and flannel's rules
   * on every node, br_netfilter on the pods' bridges), each with seeded faults (a REJECT, a DROP
   * policy, an endpoint's node without its route, an INPUT drop, a rate limit or a coin toss the
   * fast path must leave undecided, a mark, br_netfilter off): every cell against {@code --exact},
   * and the fast path must have proved cells through the rules.
   */
  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 4, 5, 6})
  void generatedKubeProxyClustersWithFaults_equalTheFullTrace(int seed) {
    Network net =
        Podpath.loadScenario(
            Path.of("kube-proxy-faults-" + seed + ".sh"), KubeProxyClusterScript.generate(seed));
    int before = PROVED_CELLS.get();
    agree(net, "kube-proxy-faults-" + seed, GENERATED_DRAWN);
    assertThat(PROVED_CELLS.get() - before)
        .as("cells proved through kube-proxy's rules")
        .isPositive();
  }

  private static void agree(Network net, String name, int draw) {
    Matrix m = ReachabilityMatrix.of(net, MatrixRequest.ping());
    UNDECIDED.addAndGet(m.undecided());
    List<Cell> cells = new ArrayList<>(m.cells());
    Collections.shuffle(cells, new Random(name.hashCode()));
    List<Cell> drawn = new ArrayList<>(cells.subList(0, Math.min(draw, cells.size())));
    Matrix exact = ReachabilityMatrix.of(net, MatrixRequest.ping().withExact(true));
    assertThat(exact.proved()).isZero();
    assertThat(exact.cells().size()).isEqualTo(m.cells().size());
    Set<Cell> proved = new LinkedHashSet<>();
    Map<String, Map<String, Cell>> exactCells = exact.byLabel();
    for (Cell c : m.cells()) {
      Cell e = exactCells.get(c.from().label()).get(c.to().label());
      COMPARED.incrementAndGet();
      if (c.proved()) {
        PROVED_CELLS.incrementAndGet();
      }
      if (c.proved() && proved.size() < PROVED) {
        proved.add(c);
      }
      String pair = name + ": " + c.from().label() + " -> " + c.to().label();
      assertThat(c.verdict()).as(pair).isEqualTo(e.verdict());
      assertThat(c.code()).as(pair).isEqualTo(e.code());
    }
    proved.removeAll(drawn);
    drawn.addAll(proved);

    for (Cell c : drawn) {
      CHECKED.incrementAndGet();
      TraceResult full = net.trace(TraceRequest.builder(c.from().label(), c.to().label()).build());
      String result =
          JsonRenderer.tree(full.trace(), net.name(), full.annotations()).get("result").asText();
      Optional<Diagnosis> why = net.diagnose(full.trace());
      String pair = name + ": " + c.from().label() + " -> " + c.to().label();
      assertThat(c.verdict().name()).as(pair).isEqualTo(result);
      assertThat(c.code()).as(pair).isEqualTo(why.map(d -> d.reason().code()));
      assertThat(c.fix().map(Fix::change))
          .as(pair)
          .isEqualTo(why.flatMap(d -> d.fixes().stream().findFirst()).map(Fix::change));
    }
  }

  /**
   * A flannel host-gw cluster of six nodes on one bridged segment, two pods each, and a few faults
   * drawn by {@code seed}.
   */
  static String faultyHostGw(int seed) {
    Random r = new Random(seed);
    int nodes = 6;
    StringBuilder s = new StringBuilder("#!/usr/bin/env bash\nset -e\n");
    s.append("ip netns add lan\nip -n lan link add br0 type bridge\nip -n lan link set br0 up\n");
    for (int i = 0; i < nodes; i++) {
      String n = "node" + i;
      s.append("ip netns add ").append(n).append('\n');
      s.append("ip -n lan link add lan")
          .append(i)
          .append(" type veth peer name eth0 netns ")
          .append(n)
          .append('\n');
      s.append("ip -n lan link set lan").append(i).append(" master br0\n");
      s.append("ip -n lan link set lan").append(i).append(" up\n");
      s.append("ip -n ").append(n).append(" link set lo up\n");
      s.append("ip -n ")
          .append(n)
          .append(" addr add 192.168.0.")
          .append(10 + i)
          .append("/24 dev eth0\n");
      s.append("ip -n ").append(n).append(" link set eth0 up\n");
      s.append("ip -n ").append(n).append(" link add cni0 type bridge\n");
      s.append("ip -n ").append(n).append(" addr add 10.244.").append(i).append(".1/24 dev cni0\n");
      s.append("ip -n ").append(n).append(" link set cni0 up\n");
      s.append("ip netns exec ").append(n).append(" sysctl -w net.ipv4.ip_forward=1\n");
      for (int p = 2; p <= 3; p++) {
        String pod = "pod" + i + "-" + p;
        s.append("ip netns add ").append(pod).append('\n');
        s.append("ip -n ")
            .append(n)
            .append(" link add veth")
            .append(p)
            .append(" type veth peer name eth0 netns ")
            .append(pod)
            .append('\n');
        s.append("ip -n ").append(n).append(" link set veth").append(p).append(" master cni0\n");
        s.append("ip -n ").append(n).append(" link set veth").append(p).append(" up\n");
        s.append("ip -n ").append(pod).append(" link set lo up\n");
        s.append("ip -n ")
            .append(pod)
            .append(" addr add 10.244.")
            .append(i)
            .append('.')
            .append(p)
            .append("/24 dev eth0\n");
        s.append("ip -n ").append(pod).append(" link set eth0 up\n");
        s.append("ip -n ")
            .append(pod)
            .append(" route add default via 10.244.")
            .append(i)
            .append(".1\n");
      }
    }
    for (int i = 0; i < nodes; i++) {
      for (int j = 0; j < nodes; j++) {
        if (i != j && !(r.nextInt(8) == 0)) {
          s.append("ip -n node")
              .append(i)
              .append(" route add 10.244.")
              .append(j)
              .append(".0/24 via 192.168.0.")
              .append(10 + j)
              .append('\n');
        }
      }
    }
    String[] faults = {
      "ip -n node%d route add blackhole 10.244.%d.3/32\n",
      "ip netns exec node%d sysctl -w net.ipv4.conf.all.rp_filter=1\n",
      "ip netns exec node%d sysctl -w net.ipv4.ip_forward=0\n",
      "ip -n pod%d-2 link set eth0 down\n",
      "ip -n node%d neigh add 192.168.0.%d lladdr 02:00:00:00:00:99 dev eth0 nud permanent\n",
      "ip netns exec node%d sysctl -w net.ipv4.conf.all.arp_ignore=2\n",
      "ip netns exec node%d iptables -A FORWARD -d 10.244.%d.2 -j DROP\n",
      "ip -n pod%d-3 addr add 10.244.%d.2/32 dev eth0\n",
    };
    for (int k = 0; k < 3; k++) {
      String f = faults[r.nextInt(faults.length)];
      int a = r.nextInt(nodes);
      int b = r.nextInt(nodes);
      s.append(String.format(f, a, f.contains("192.168") ? 10 + b : b));
    }
    return s.toString();
  }
}
