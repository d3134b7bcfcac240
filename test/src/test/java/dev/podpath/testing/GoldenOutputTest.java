package dev.podpath.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The exact text podpath prints for each sample, kept in samples/expected/*.podpath.txt, so any
 * change to a trace is seen in review. Regenerate after an intended change with {@code mvn -pl test
 * -am test -Dtest=GoldenOutputTest -Dpodpath.updateGolden=true} and read the diff.
 */
final class GoldenOutputTest {

  static Stream<Path> samples() {
    return Samples.all();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("samples")
  void probes_outputIsTheGoldenOne(Path sample) throws Exception {
    String name = sample.getFileName().toString().replaceAll("\\.sh$", "");
    CliTest.Run r = CliTest.run("probes", sample.toString());
    assertThat(r.status()).as(r.err()).isZero();
    check(sample.getParent().resolve("expected").resolve(name + ".podpath.txt"), r.out());
  }

  @Test
  void trace_hostGw_podToPod_isTheGoldenOne() throws Exception {
    Path sample = Samples.sample("flannel-host-gw.sh");
    CliTest.Run r =
        CliTest.run("trace", sample.toString(), "--from", "busybox-jpnb6", "--to", "10.10.2.4");
    check(Samples.dir().resolve("expected/flannel-host-gw.trace.txt"), r.out());
  }

  @Test
  void trace_gatewayOnAnotherSegment_isTheGoldenOne() throws Exception {
    Path sample = Samples.sample("gateway-other-segment.sh");
    CliTest.Run r =
        CliTest.run("trace", sample.toString(), "--from", "busybox-jpnb6", "--to", "10.10.3.2");
    check(Samples.dir().resolve("expected/gateway-other-segment.trace.txt"), r.out());
  }

  @Test
  void trace_vxlan_podToPod_isTheGoldenOne() throws Exception {
    Path sample = Samples.sample("flannel-vxlan.sh");
    CliTest.Run r =
        CliTest.run("trace", sample.toString(), "--from", "busybox-jpnb6", "--to", "10.10.2.4");
    check(Samples.dir().resolve("expected/flannel-vxlan.trace.txt"), r.out());
  }

  @Test
  void trace_vxlan_json_isTheGoldenOne() throws Exception {
    Path sample = Samples.sample("flannel-vxlan.sh");
    CliTest.Run r =
        CliTest.run(
            "trace",
            sample.toString(),
            "--from",
            "busybox-jpnb6",
            "--to",
            "10.10.2.4",
            "-o",
            "json");
    check(Samples.dir().resolve("expected/flannel-vxlan.trace.json"), r.out());
  }

  @Test
  void trace_vxlanMtu_dfPacketTooBigForFlannel1_isTheGoldenOne() throws Exception {
    Path sample = Samples.sample("flannel-vxlan-mtu.sh");
    CliTest.Run r =
        CliTest.run(
            "trace",
            sample.toString(),
            "--from",
            "busybox-jpnb6",
            "--to",
            "10.10.2.4",
            "--size",
            "1472");
    check(Samples.dir().resolve("expected/flannel-vxlan-mtu.trace.txt"), r.out());
  }

  @Test
  void trace_flannelUdp_podToPod_isTheGoldenOne() throws Exception {
    Path sample = Samples.sample("flannel-udp.sh");
    CliTest.Run r =
        CliTest.run("trace", sample.toString(), "--from", "busybox-jpnb6", "--to", "10.10.2.4");
    check(Samples.dir().resolve("expected/flannel-udp.trace.txt"), r.out());
  }

  @Test
  void trace_calicoIpip_podToPod_isTheGoldenOne() throws Exception {
    Path sample = Samples.sample("calico-ipip.sh");
    CliTest.Run r =
        CliTest.run("trace", sample.toString(), "--from", "busybox-sgf8v", "--to", "10.244.2.7");
    check(Samples.dir().resolve("expected/calico-ipip.trace.txt"), r.out());
  }

  private static void check(Path golden, String actual) throws Exception {
    String text = actual.replace(Samples.root().toString() + "/", "");
    if (Boolean.getBoolean("podpath.updateGolden")) {
      Files.writeString(golden, text);
    }
    assertThat(golden)
        .as("golden file %s (create it with -Dpodpath.updateGolden=true)", golden)
        .exists();
    assertThat(text)
        .as(
            "output differs from %s; if intended, regenerate with -Dpodpath.updateGolden=true",
            golden)
        .isEqualTo(Files.readString(golden));
  }
}
