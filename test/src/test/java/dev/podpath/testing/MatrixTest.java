package dev.podpath.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.podpath.model.finding.Fix;
import dev.podpath.trace.Probe;
import dev.podpath.trace.api.InputException;
import dev.podpath.trace.api.Network;
import dev.podpath.trace.api.Podpath;
import dev.podpath.trace.matrix.Cell;
import dev.podpath.trace.matrix.Matrix;
import dev.podpath.trace.matrix.MatrixEndpoint;
import dev.podpath.trace.matrix.MatrixRequest;
import dev.podpath.trace.matrix.ReachabilityMatrix;
import dev.podpath.trace.matrix.Verdict;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** Given a topology, when the matrix, then cells. */
final class MatrixTest {

  private static Cell cell(Matrix m, String from, String to) {
    Map<String, Cell> row = m.byLabel().get(from);
    assertThat(row).as("row %s", from).isNotNull();
    assertThat(row).as("%s -> %s", from, to).containsKey(to);
    return row.get(to);
  }

  @Test
  void blackhole_defaultMatrix_dropsTheThreeFailRoutesAndSkipsOwnAddresses() {
    Network net = Podpath.load(Samples.sample("blackhole.sh"));

    Matrix m = ReachabilityMatrix.of(net, MatrixRequest.ping());

    assertThat(m.rows()).extracting(MatrixEndpoint::label).containsExactly("router", "ns1", "ns2");
    assertThat(m.columns())
        .extracting(MatrixEndpoint::label)
        .containsExactly(
            "10.1.1.1", "10.1.2.1", "10.1.1.2", "10.1.2.2", "10.1.2.3", "10.1.2.4", "10.1.2.5");
    Cell black = cell(m, "ns1", "10.1.2.3");
    assertThat(black.verdict()).isEqualTo(Verdict.NOT_REACHABLE);
    assertThat(black.code()).contains("ROUTE_BLACKHOLE");
    assertThat(black.where()).map(Object::toString).contains("router/v1_r");
    assertThat(black.fix().map(Fix::change)).contains("ip -n router route del blackhole 10.1.2.3");
    assertThat(cell(m, "ns1", "10.1.2.4").code()).contains("ROUTE_UNREACHABLE");
    assertThat(cell(m, "router", "10.1.2.5").code()).contains("ROUTE_PROHIBIT");
    assertThat(cell(m, "ns1", "10.1.2.2").verdict()).isEqualTo(Verdict.REACHABLE);
    assertThat(cell(m, "ns1", "10.1.2.2").reason()).isEmpty();
    // ns2 owns 10.1.2.2-5: not traced from ns2
    assertThat(m.byLabel().get("ns2")).doesNotContainKeys("10.1.2.2", "10.1.2.3");
    assertThat(m.cells()).hasSize(14);
    assertThat(m.count(Verdict.REACHABLE)).isEqualTo(8);
    assertThat(m.count(Verdict.NOT_REACHABLE)).isEqualTo(6);
  }

  @Test
  void kubeProxy_tcpToClusterIps_reachableFromPodsAndNodes_extHasNoRoute() {
    Network net = Podpath.load(Samples.sample("kube-proxy.sh"));
    MatrixRequest r =
        new MatrixRequest(
            List.of("p1", "ext"),
            List.of("10.96.0.10"),
            Optional.of(Probe.Protocol.TCP),
            OptionalInt.of(80));

    Matrix m = ReachabilityMatrix.of(net, r);

    assertThat(m.cells()).hasSize(2);
    assertThat(cell(m, "p1", "10.96.0.10").verdict()).isEqualTo(Verdict.REACHABLE);
    assertThat(cell(m, "ext", "10.96.0.10").code()).contains("NO_ROUTE");
  }

  @Test
  void snapshot_defaultMatrix_hasPodsServicesAndTheNode() {
    Network net =
        Podpath.load(
            Samples.dir().resolve("snapshots/kube-proxy-after"),
            dev.podpath.trace.api.LoadOptions.DEFAULTS.withAssumeCniPods(true));

    Matrix m = ReachabilityMatrix.of(net, MatrixRequest.ping());

    assertThat(m.rows())
        .extracting(MatrixEndpoint::label)
        .contains("master-01", "jenkins/jenkins-0");
    assertThat(m.columns())
        .filteredOn(c -> c.kind() == MatrixEndpoint.Kind.SERVICE)
        .extracting(MatrixEndpoint::label)
        .contains("kube-system/kube-dns", "default/kubernetes");
    assertThat(cell(m, "kube-system/coredns-857d9ff4c9-7m27z", "kube-system/kube-dns").verdict())
        .isEqualTo(Verdict.REACHABLE);
    // fewer simulations than cells: the host-network pods send from the node's namespace
    assertThat(m.traces()).isLessThan(m.cells().size());
  }

  @Test
  void selectors_nodeCidrAndNames_pickRowsAndColumns() {
    Network net = Podpath.load(Samples.sample("blackhole.sh"));
    MatrixRequest r =
        new MatrixRequest(
            List.of("ns1"),
            List.of("10.1.2.0/30", "router"),
            Optional.empty(),
            OptionalInt.empty());

    Matrix m = ReachabilityMatrix.of(net, r);

    assertThat(m.rows()).extracting(MatrixEndpoint::label).containsExactly("ns1");
    assertThat(m.columns())
        .extracting(MatrixEndpoint::label)
        .containsExactly("10.1.2.1", "10.1.2.2", "10.1.2.3", "10.1.1.1");
  }

  @Test
  void selectors_unknownName_isAnInputErrorNamingTheOption() {
    Network net = Podpath.load(Samples.sample("blackhole.sh"));
    MatrixRequest r =
        new MatrixRequest(List.of("nope"), List.of(), Optional.empty(), OptionalInt.empty());

    assertThatThrownBy(() -> ReachabilityMatrix.of(net, r))
        .isInstanceOf(InputException.class)
        .hasMessageStartingWith("--sources nope: no such namespace");
  }

  @Test
  void selectors_nodeThatMatchesNothing_saysSo() {
    Network net = Podpath.load(Samples.sample("blackhole.sh"));
    MatrixRequest r =
        new MatrixRequest(List.of(), List.of("node=w9"), Optional.empty(), OptionalInt.empty());

    assertThatThrownBy(() -> ReachabilityMatrix.of(net, r))
        .isInstanceOf(InputException.class)
        .hasMessage("--destinations node=w9: selects nothing (no nodes are known)");
  }

  @Test
  void cli_csvHasHeaderAndOneRowPerCell_exit1WhenACellFails() {
    CliTest.Run run = CliTest.run("matrix", Samples.sample("blackhole.sh").toString(), "-o", "csv");

    assertThat(run.status()).isEqualTo(1);
    List<String> lines = run.out().lines().toList();
    assertThat(lines.get(0)).isEqualTo("from,to,result,reason,where,fix");
    assertThat(lines).hasSize(15);
    assertThat(lines)
        .contains(
            "ns1,10.1.2.3,NOT_REACHABLE,ROUTE_BLACKHOLE,router/v1_r,"
                + "ip -n router route del blackhole 10.1.2.3",
            "ns1,10.1.2.2,REACHABLE,,,");
  }

  @Test
  void cli_tableJsonAndHtml() {
    String sample = Samples.sample("blackhole.sh").toString();
    CliTest.Run table = CliTest.run("matrix", sample);
    assertThat(table.out())
        .contains("ns1     ..-.ABC", "A not reachable: ROUTE_BLACKHOLE", "14 cells: 8 reachable");
    CliTest.Run json = CliTest.run("matrix", sample, "-o", "json", "--sources", "ns1");
    assertThat(json.out())
        .contains("\"result\" : \"NOT_REACHABLE\"", "\"reason\" : \"ROUTE_BLACKHOLE\"");
    CliTest.Run html = CliTest.run("matrix", sample, "-o", "html");
    assertThat(html.out())
        .startsWith("<!DOCTYPE html>")
        .doesNotContain("http://", "https://", "<script");
    assertThat(html.out()).contains("class=\"NOT_REACHABLE\"", "ROUTE_BLACKHOLE");
  }

  @Test
  void cli_badInput_oneLineAndExit2() {
    String sample = Samples.sample("blackhole.sh").toString();
    CliTest.Run format = CliTest.run("matrix", sample, "-o", "svg");
    assertThat(format.status()).isEqualTo(2);
    assertThat(format.err()).contains("-o svg: expected table, csv, json or html");
    CliTest.Run sel = CliTest.run("matrix", sample, "--destinations", "node=w9");
    assertThat(sel.status()).isEqualTo(2);
    assertThat(sel.err().strip())
        .isEqualTo("podpath: --destinations node=w9: selects nothing (no nodes are known)");
  }
}
