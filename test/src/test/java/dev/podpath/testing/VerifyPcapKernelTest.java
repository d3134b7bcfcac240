package dev.podpath.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.podpath.trace.api.Network;
import dev.podpath.trace.api.Podpath;
import dev.podpath.trace.verify.HostSysctls;
import dev.podpath.trace.verify.KernelCaptures;
import dev.podpath.trace.verify.KernelRun;
import dev.podpath.trace.verify.PcapComparison;
import dev.podpath.trace.verify.Verifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code verify --pcap} in the real kernel: the sample runs in verify's own sandbox with its plan
 * capturing every ping and connect (dumpcap in every namespace, returned in the transcript), and on
 * every device the kernel's frames are podpath's, in order ({@link PcapComparison}); the kernel's
 * merged file is read by tshark without a word on standard error. The samples are PcapKernelTest's
 * (veth, bridge, flannel's host-gw and VXLAN backends) and cross-host-static-routes.sh, whole, with
 * all their probes, traceroutes included (their frames compared per device as a set).
 * tcp-connect.sh's connects agree on every device (docs/pcap.md, "What verify --pcap found"): the
 * successful connect with its close, the refused one, and the ones that time out or are answered by
 * the router's host unreachable, with the ARP requests still pending after {@code nc -w2} gave up.
 * Root, dumpcap and tshark needed; skipped, saying which is missing, otherwise.
 */
@Tag("kernel")
class VerifyPcapKernelTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "veth-pair.sh",
        "bridge.sh",
        "flannel-host-gw.sh",
        "flannel-vxlan.sh",
        "cross-host-static-routes.sh",
      })
  void everyDevice_carriesTheSameFramesInTheKernelAndInPodpath(String sample, @TempDir Path dir)
      throws Exception {
    try {
      KernelRun.preflight(
          Stream.concat(KernelRun.SANDBOX_TOOLS.stream(), Stream.of("ping", "nc", "dumpcap"))
              .toList());
    } catch (KernelRun.Unavailable e) {
      assumeTrue(false, "kernel side unavailable: " + e.getMessage());
    }
    Network net = Podpath.loadScenario(Samples.sample(sample), HostSysctls.read());
    String transcript = net.runInKernel(KernelRun.sandbox(), Duration.ofMinutes(5), true);
    assertThat(KernelCaptures.in(transcript)).as("the transcript's captures").isTrue();
    Verifier.Report report = net.verify(transcript);
    assertThat(report.probes()).allMatch(p -> !p.differs(), "every probe agrees");

    PcapComparison c = net.comparePcap(transcript, "test");
    assertThat(c.probes())
        .extracting(PcapComparison.ProbeFrames::index)
        .containsExactlyElementsOf(PcapComparison.probesToCapture(net.scenario()));
    for (PcapComparison.ProbeFrames p : c.probes()) {
      assertThat(p.notes())
          .as("probe %d's notes", p.index())
          .noneMatch(n -> n.startsWith("dumpcap") || n.startsWith("podpath traced no frames"));
      for (PcapComparison.DeviceFrames d : p.devices()) {
        assertThat(d.podpath())
            .as(
                "probe %d on %s: the kernel's (expected) and podpath's (actual)",
                p.index(), d.device())
            .isEqualTo(d.kernel());
      }
    }
    assertThat(c.probes().stream().mapToInt(p -> p.devices().size()).sum())
        .as("devices with frames")
        .isPositive();

    Path kernel = dir.resolve("kernel.pcapng");
    Files.write(kernel, c.kernelPcap());
    Process p =
        new ProcessBuilder("tshark", "-n", "-r", kernel.toString())
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    // (as root, tshark says so on standard error first, which says nothing about the file)
    String err =
        new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8)
            .lines()
            .filter(l -> !l.startsWith("Running as user \"root\""))
            .collect(java.util.stream.Collectors.joining(System.lineSeparator()));
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("tshark's exit status (%s)", err).isZero();
    assertThat(err).as("tshark's standard error").isBlank();
  }

  @org.junit.jupiter.api.Test
  void tcpConnect_everyDevice_carriesTheKernelsFrames_withTheArpStillPending() throws Exception {
    try {
      KernelRun.preflight(
          Stream.concat(KernelRun.SANDBOX_TOOLS.stream(), Stream.of("nc", "dumpcap")).toList());
    } catch (KernelRun.Unavailable e) {
      assumeTrue(false, "kernel side unavailable: " + e.getMessage());
    }
    Network net = Podpath.loadScenario(Samples.sample("tcp-connect.sh"), HostSysctls.read());
    String transcript = net.runInKernel(KernelRun.sandbox(), Duration.ofMinutes(5), true);
    PcapComparison c = net.comparePcap(transcript, "test");
    // probe 1: nc -z to a listener (SYN, SYN-ACK, ACK, FIN-ACK, FIN-ACK, ACK); probe 2: refused
    // (SYN, RST); probe 3: nc -w2 gives up on 10.0.2.9, nobody's address, while the router still
    // resolves it: its third ARP request comes at 2 s, and at 3 s the host unreachable for each
    // of the two queued SYNs reaches the client (captured because both sides wait for the
    // resolution to end); probe 4: nc -w5, answered by the host unreachable; probe 5: the router
    // has no route
    for (PcapComparison.ProbeFrames p : c.probes()) {
      for (PcapComparison.DeviceFrames d : p.devices()) {
        assertThat(d.podpath())
            .as(
                "probe %d on %s: the kernel's (expected) and podpath's (actual)",
                p.index(), d.device())
            .isEqualTo(d.kernel());
      }
    }
    java.util.Map<String, Integer> timedOut = new java.util.TreeMap<>();
    c.probes().stream()
        .filter(p -> p.index() == 3)
        .flatMap(p -> p.devices().stream())
        .forEach(d -> timedOut.put(d.device(), d.kernel().size()));
    assertThat(timedOut)
        .as("the timed-out connect's frames per device")
        .isEqualTo(
            java.util.Map.of("client/eth0", 4, "router/c-r", 4, "router/s-r", 3, "server/eth0", 3));
    assertThat(
            c.probes().stream()
                .filter(p -> p.index() == 1)
                .flatMap(p -> p.devices().stream())
                .mapToInt(d -> d.kernel().size()))
        .as("the successful connect's frames per device, with its close")
        .containsOnly(8);
  }
}
