package dev.podpath.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.podpath.model.script.Scenario;
import dev.podpath.model.script.ScenarioInterpreter;
import dev.podpath.model.topo.BridgePort;
import dev.podpath.model.topo.NetDevice;
import dev.podpath.model.topo.Netns;
import dev.podpath.model.topo.NetnsName;
import dev.podpath.model.topo.Topology;
import dev.podpath.trace.verify.KernelPlan;
import dev.podpath.trace.verify.KernelRun;
import dev.podpath.trace.verify.Verifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The kernel is the judge: every sample runs for real in a throwaway sandbox (as root) and podpath
 * must agree with it on every probe and on the neighbour/FDB state left behind. A sample that needs
 * a module this machine's kernel lacks (the IPIP ones, Geneve) runs in Debian's kernel in a VM
 * instead ({@code podpath verify --kernel=vm}; one boot for the class). Skipped, with the reason,
 * where the kernel side cannot run (not root, tools missing, no qemu or VM kernel) — a skip is not
 * a pass.
 */
@org.junit.jupiter.api.Tag("kernel")
final class LiveKernelVerifyTest {

  private static final List<String> TOOLS =
      java.util.stream.Stream.concat(
              KernelRun.SANDBOX_TOOLS.stream(), Stream.of("ping", "traceroute", "nc"))
          .toList();

  static Stream<Path> samples() {
    return Samples.all();
  }

  private static void assumeKernel() {
    try {
      KernelRun.preflight(TOOLS);
    } catch (KernelRun.Unavailable e) {
      assumeTrue(false, "kernel side unavailable: " + e.getMessage());
    }
  }

  private static Scenario load(Path sample) throws Exception {
    return load(sample, KernelRun.sandbox());
  }

  private static Scenario load(Path sample, KernelRun where) throws Exception {
    return ScenarioInterpreter.interpret(
        sample.toString(), Files.readString(sample), where.inherited());
  }

  private static String runInKernel(Path sample, Scenario sc) throws Exception {
    return runInKernel(sample, sc, KernelRun.sandbox());
  }

  private static String runInKernel(Path sample, Scenario sc, KernelRun where) throws Exception {
    List<String> namespaces =
        sc.topology().namespaces().keySet().stream().map(NetnsName::value).toList();
    KernelRun.Result r = where.execute(KernelPlan.of(sc, namespaces), Duration.ofMinutes(5));
    assertThat(r.timedOut()).as("kernel run of %s timed out", sample).isFalse();
    return r.transcript();
  }

  /** Debian's kernel in a VM, booted at its first sample and ended after the class. */
  private static KernelRun vm;

  private static KernelRun vm() {
    if (vm == null) {
      try {
        vm = KernelRun.vm();
      } catch (KernelRun.Unavailable e) {
        assumeTrue(false, "the VM is unavailable: " + e.getMessage());
      }
    }
    return vm;
  }

  @org.junit.jupiter.api.AfterAll
  static void endVm() {
    if (vm != null) {
      vm.close();
      vm = null;
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("samples")
  void sample_podpathAgreesWithTheLiveKernel(Path sample) throws Exception {
    KernelRun where = KernelRun.sandbox();
    java.util.Optional<String> missing =
        dev.podpath.trace.verify.KernelFeatures.missingFor(load(sample));
    if (missing.isPresent()) {
      // this machine's kernel cannot run it (no ipip module): Debian's can, in a VM
      where = vm();
    } else {
      assumeKernel();
    }
    Scenario sc = load(sample, where);
    try {
      where.check(KernelPlan.of(sc, List.of()).requiredTools());
    } catch (KernelRun.Unavailable e) {
      assumeTrue(
          false, "kernel side unavailable for " + sample.getFileName() + ": " + e.getMessage());
    }
    Verifier.Report report =
        Verifier.compare(sample.toString(), sc, runInKernel(sample, sc, where));
    String differences =
        report.probes().stream()
            .filter(Verifier.ProbeResult::differs)
            .map(
                p ->
                    p.probe().origin()
                        + "\n  kernel:  "
                        + p.kernel()
                        + "\n  podpath: "
                        + p.podpath())
            .collect(Collectors.joining("\n"));
    assertThat(report.differing()).as("probes that differ:%n%s", differences).isZero();
    assertThat(report.commands())
        .as("commands the kernel and podpath did not take alike")
        .isEmpty();
    assertThat(KnownDifferences.unknown(sample, report.state().differences()))
        .as("state after the probes")
        .isEmpty();
    assertThat(KnownDifferences.gone(sample, report.state().differences()))
        .as("known differences that are gone (remove them from KnownDifferences)")
        .isEmpty();
    assertThat(report.state().agreed()).as("state facts compared").isPositive();
  }

  /** A model whose bridges do not learn must be caught: the FDB state comparison sees it. */
  @Test
  void bridgeThatDoesNotLearn_isCaughtByTheComparison() throws Exception {
    assumeKernel();
    Path sample = Samples.sample("flannel-host-gw.sh");
    Scenario sc = load(sample);
    String kernel = runInKernel(sample, sc);
    Scenario broken = sc.withTopology(withoutLearning(sc.topology()));
    Verifier.Report report = Verifier.compare(sample.toString(), broken, kernel);
    assertThat(report.allAgree()).as("a bridge that does not learn must not pass verify").isFalse();
    assertThat(report.state().differences()).anySatisfy(d -> assertThat(d.kind()).isEqualTo("fdb"));
  }

  /** A differing probe gets the first hop where the kernel and the (broken) model part. */
  @Test
  void differingProbe_isLocated_atTheFirstHopWhereTheyPart() throws Exception {
    assumeKernel();
    Path sample = Samples.sample("router.sh");
    Scenario sc = load(sample);
    Scenario broken = sc.withTopology(withoutForwarding(sc.topology(), NetnsName.ROOT));
    int ping = -1;
    for (int i = 0; i < broken.probes().size(); i++) {
      if (broken.probes().get(i).origin().text().contains("ping -c1 -W1 10.1.2.2")) {
        ping = i;
        break;
      }
    }
    assertThat(ping).isNotNegative();
    dev.podpath.trace.verify.Divergence.Result r =
        dev.podpath.trace.verify.Divergence.locate(broken, ping, Duration.ofMinutes(2));
    assertThat(r.kernel()).containsExactly(" 1  10.1.1.1", " 2  10.1.2.2");
    // With forwarding off the router answers not even TTL 1 (kernel-verified, ip-forward-off.sh):
    // the paths part at hop 1, the router podpath got wrong.
    assertThat(r.podpath()).first().isEqualTo(" 1  *");
    assertThat(r.firstDifferingHop()).contains(1);
    assertThat(r.describe()).contains("hop 1").contains("10.1.1.1");
  }

  /**
   * The locating traceroute runs the scenario's plan again up to the probe, with the files it
   * restores from as podpath read them: kube-proxy.sh loads its rules from
   * kube-proxy/iptables.rules (a run that lost them stopped there and located nothing). The
   * traceroute is the probe's own protocol: a connect's is {@code -T -p PORT}.
   */
  @Test
  void locating_aScenarioThatReadsItsOwnFiles_runsWhereItsFilesAre() throws Exception {
    assumeKernel();
    Path sample = Samples.sample("kube-proxy.sh");
    Scenario sc = load(sample);
    int probe = -1;
    for (int i = 0; i < sc.probes().size(); i++) {
      // a connect no Service rule takes (port 81): n1 routes it, the first hop is n1's cni0
      // whatever
      // endpoint kube-proxy would have picked for port 80
      if (sc.probes().get(i).origin().text().contains("10.96.0.10 81")) {
        probe = i;
        break;
      }
    }
    assertThat(probe).isNotNegative();
    dev.podpath.trace.verify.Divergence.Result r =
        dev.podpath.trace.verify.Divergence.locate(sc, probe, Duration.ofMinutes(2));
    assertThat(r.kernel()).isNotEmpty().first().isEqualTo(" 1  10.244.0.1");
    assertThat(r.podpath()).first().isEqualTo(" 1  10.244.0.1");
  }

  static Topology withoutForwarding(Topology t, NetnsName router) {
    Map<NetnsName, Netns> out = new LinkedHashMap<>();
    for (Netns ns : t.netnsList()) {
      if (!ns.name().equals(router)) {
        out.put(ns.name(), ns);
        continue;
      }
      Map<String, String> values = new LinkedHashMap<>(ns.sysctls().values());
      values.put("net.ipv4.conf.all.forwarding", "0");
      ns.deviceList().forEach(d -> values.put("net.ipv4.conf." + d.name() + ".forwarding", "0"));
      out.put(
          ns.name(),
          new Netns(
              ns.name(),
              ns.devices(),
              ns.routing(),
              ns.neighbours(),
              ns.fdb(),
              new dev.podpath.model.sysctl.Sysctls(values),
              ns.netfilter(),
              ns.sockets()));
    }
    return new Topology(out);
  }

  static Topology withoutLearning(Topology t) {
    Map<NetnsName, Netns> out = new LinkedHashMap<>();
    for (Netns ns : t.netnsList()) {
      Map<String, NetDevice> devices = new LinkedHashMap<>();
      for (NetDevice d : ns.deviceList()) {
        devices.put(
            d.name(),
            d.master().isEmpty()
                ? d
                : new NetDevice(
                    d.name(),
                    d.index(),
                    d.kind(),
                    d.mac(),
                    d.mtu(),
                    d.up(),
                    d.master(),
                    new BridgePort(d.port().hairpin(), false, d.port().flood()),
                    d.addresses(),
                    d.origin()));
      }
      out.put(
          ns.name(),
          new Netns(
              ns.name(),
              devices,
              ns.routing(),
              ns.neighbours(),
              ns.fdb(),
              ns.sysctls(),
              ns.netfilter(),
              ns.sockets()));
    }
    return new Topology(out);
  }
}
