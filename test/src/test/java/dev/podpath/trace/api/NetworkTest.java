package dev.podpath.trace.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.topo.NetnsName;
import dev.podpath.trace.Probe;
import dev.podpath.trace.api.InputException.Input;
import dev.podpath.trace.api.InputException.Problem;
import dev.podpath.trace.render.TextRenderer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Given a scenario or snapshot loaded through the API, when a name is resolved or a probe traced,
 * then the typed answer, or an {@link InputException} naming the input, what is wrong and what it
 * could have been.
 */
final class NetworkTest {

  private static Path root() {
    String prop = System.getProperty("podpath.root");
    return (prop != null ? Path.of(prop) : Path.of("..")).toAbsolutePath().normalize();
  }

  private static Network sample(String name) {
    return Podpath.load(root().resolve("samples").resolve(name));
  }

  private static final Network HOST_GW = sample("flannel-host-gw.sh");

  private static final Network KUBE_PROXY_AFTER =
      Podpath.load(
          root().resolve("samples/snapshots/kube-proxy-after"),
          LoadOptions.DEFAULTS.withAssumeCniPods(true));

  @Test
  void source_aNamespaceOrItsAddress_isThatNamespace() {
    assertThat(HOST_GW.source("busybox-jpnb6"))
        .isEqualTo(new Source(NetnsName.of("busybox-jpnb6"), Optional.empty()));
    assertThat(HOST_GW.source("10.10.1.6"))
        .isEqualTo(
            new Source(NetnsName.of("busybox-jpnb6"), Optional.of(Ipv4Address.parse("10.10.1.6"))));
  }

  @Test
  void source_unknownName_isUnknown_withTheNamespacesAsCandidates() {
    InputException e =
        catchThrowableOfType(InputException.class, () -> HOST_GW.source("busybox-nope"));
    assertThat(e.input()).isEqualTo(Input.FROM);
    assertThat(e.problem()).isEqualTo(Problem.UNKNOWN);
    assertThat(e.given()).isEqualTo("busybox-nope");
    assertThat(e.candidates())
        .contains("busybox-jpnb6", "busybox-pg7ps", "worker1", "worker2")
        .hasSize(HOST_GW.topology().namespaces().size());
    assertThat(e.getMessage())
        .startsWith("--from busybox-nope: no such namespace; namespaces are: ");
  }

  @Test
  void source_anAddressTwoNamespacesOwn_isAmbiguous_namingBoth(@TempDir Path dir)
      throws IOException {
    Path script = dir.resolve("twins.sh");
    Files.writeString(
        script,
        String.join(
            "\n",
            "ip netns add a",
            "ip netns add b",
            "ip link add va type veth peer name eth0 netns a",
            "ip link add vb type veth peer name eth0 netns b",
            "ip -n a addr add 10.0.0.1/24 dev eth0",
            "ip -n b addr add 10.0.0.1/24 dev eth0",
            ""));
    InputException e =
        catchThrowableOfType(InputException.class, () -> Podpath.load(script).source("10.0.0.1"));
    assertThat(e.problem()).isEqualTo(Problem.AMBIGUOUS);
    assertThat(e.candidates()).containsExactly("a", "b");
    assertThat(e.getMessage()).contains("several namespaces have that address (a, b)");
  }

  @Test
  void destination_onAScenario_isAnAddressOnly() {
    InputException e =
        catchThrowableOfType(
            InputException.class, () -> HOST_GW.destination("default/busybox-pg7ps"));
    assertThat(e.input()).isEqualTo(Input.TO);
    assertThat(e.problem()).isEqualTo(Problem.UNKNOWN);
  }

  @Test
  void destination_unknownInASnapshot_hasItsPodsAndServicesAsCandidates() {
    InputException e =
        catchThrowableOfType(
            InputException.class, () -> KUBE_PROXY_AFTER.destination("kube-system/nope"));
    assertThat(e.problem()).isEqualTo(Problem.UNKNOWN);
    assertThat(e.candidates())
        .contains("kube-system/coredns-857d9ff4c9-7m27z", "kube-system/kube-dns");
  }

  @Test
  void destination_aPortTheServiceLacks_isUnknown_withItsPortsAsCandidates() {
    InputException e =
        catchThrowableOfType(
            InputException.class, () -> KUBE_PROXY_AFTER.destination("kube-system/kube-dns:99"));
    assertThat(e.problem()).isEqualTo(Problem.UNKNOWN);
    assertThat(e.candidates()).containsExactly("53/UDP", "53/TCP", "9153/TCP");
  }

  @Test
  void candidates_areWhatSourceAndDestinationResolve() {
    assertThat(HOST_GW.sourceCandidates()).contains("busybox-jpnb6", "worker1");
    assertThat(HOST_GW.destinationCandidates()).contains("10.10.2.4").doesNotContain("127.0.0.1");
    assertThat(KUBE_PROXY_AFTER.destinationCandidates()).anyMatch(c -> c.contains("/"));
    HOST_GW.sourceCandidates().forEach(HOST_GW::source);
    HOST_GW.destinationCandidates().forEach(HOST_GW::destination);
    KUBE_PROXY_AFTER.sourceCandidates().forEach(KUBE_PROXY_AFTER::source);
    KUBE_PROXY_AFTER.destinationCandidates().forEach(KUBE_PROXY_AFTER::destination);
  }

  @Test
  void plan_toAServiceWithSeveralPorts_picksTheFirst_andSaysSo() {
    TracePlan plan =
        KUBE_PROXY_AFTER.plan(
            TraceRequest.builder("kube-system/coredns-857d9ff4c9-7m27z", "kube-system/kube-dns")
                .build());
    assertThat(plan.protocol()).isEqualTo(Probe.Protocol.UDP);
    assertThat(plan.dport()).isEqualTo(53);
    assertThat(plan.destination().address()).isEqualTo(Ipv4Address.parse("10.2.0.10"));
    assertThat(plan.assumptions()).singleElement().asString().contains("the first port of");
    assertThat(plan.warnings()).isEmpty();
  }

  @Test
  void trace_aSizeOutOfRange_isRefusedWhenTraced_naming_theSize() {
    TracePlan plan =
        HOST_GW.plan(
            TraceRequest.builder("busybox-jpnb6", "10.10.2.4").payloadBytes(70000).build());
    InputException e = catchThrowableOfType(InputException.class, () -> HOST_GW.trace(plan));
    assertThat(e.input()).isEqualTo(Input.SIZE);
    assertThat(e.getMessage()).isEqualTo("--size 70000: expected 0 to 65507");
  }

  @Test
  void load_aScriptThatFails_namesItsFirstLine_andCountsTheOthers(@TempDir Path dir)
      throws IOException {
    Path script = dir.resolve("bad.sh");
    Files.writeString(script, "ip link set z up\nip link set w up\nip link set v up\n");
    InputException e = catchThrowableOfType(InputException.class, () -> Podpath.load(script));
    assertThat(e.problem()).isEqualTo(Problem.FAILS);
    assertThat(e.getMessage()).contains("bad.sh:1: Cannot find device \"z\"");
    assertThat(e.moreFailingLines()).isEqualTo(2);
  }

  @Test
  void loadScenario_aFolder_isTheWrongKind() {
    InputException e =
        catchThrowableOfType(
            InputException.class,
            () -> Podpath.loadScenario(root().resolve("samples/snapshots/flannel-vxlan")));
    assertThat(e.input()).isEqualTo(Input.FILE);
    assertThat(e.problem()).isEqualTo(Problem.WRONG_KIND);
  }

  @Test
  void aSnapshot_hasItsAssumptionsTyped_aScenarioNone() {
    assertThat(KUBE_PROXY_AFTER.assumptions()).isNotEmpty();
    assertThat(KUBE_PROXY_AFTER.snapshot()).isPresent();
    assertThat(HOST_GW.assumptions()).isEmpty();
    assertThat(HOST_GW.warnings()).isEmpty();
  }

  /** The GUI re-traces and the matrix traces many pairs: calls share nothing but the model. */
  @Test
  void traces_fromManyThreadsAtOnce_areEachTheTraceOfOneCall() throws Exception {
    TraceRequest request = TraceRequest.builder("busybox-jpnb6", "10.10.2.4").build();
    String alone = TextRenderer.render(HOST_GW.trace(request).trace(), "x");
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<String>> runs =
          IntStream.range(0, 16)
              .mapToObj(
                  i -> pool.submit(() -> TextRenderer.render(HOST_GW.trace(request).trace(), "x")))
              .toList();
      for (Future<String> f : runs) {
        assertThat(f.get(2, TimeUnit.MINUTES)).isEqualTo(alone);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(alone).contains("=> DELIVERED to busybox-pg7ps");
  }
}
