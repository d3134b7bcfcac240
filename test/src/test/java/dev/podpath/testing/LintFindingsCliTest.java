package dev.podpath.testing;

import static dev.podpath.testing.CliTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/**
 * {@code podpath lint} prints the findings (code, severity, explanation, evidence with file:line,
 * fixes) after the unreadable lines, counts them in its summary, exits 1 on an error finding, and
 * exports everything with {@code -o json} (docs/lint-json.md).
 */
final class LintFindingsCliTest {

  @Test
  void scenario_findingsWithWhenTheyHold_evidenceAndFixes_andExitOneOnAnError() {
    String script = Samples.sample("gateway-other-segment.sh").toString();
    CliTest.Run r = run("lint", script);
    assertThat(r.status()).as(r.out() + r.err()).isEqualTo(1);
    assertThat(r.out())
        .contains(
            "error gateway-not-on-link: worker1: worker1 sends 10.10.3.0/24 via 192.168.3.14 on"
                + " enp0s5, but no device on enp0s5's L2 segment (lan/seg2, gw/eth0) has 192.168.3.14")
        .contains(
            "    evidence: "
                + script
                + ":100: worker1: 10.10.3.0/24 via 192.168.3.14 dev enp0s5 onlink\n")
        .contains(
            "    fix: ip -n worker1 route replace 10.10.3.0/24 via GATEWAY dev enp0s5\n         why: ")
        .endsWith(
            "0 problems, 0 notes, 4 probes, 4 findings (2 errors, 2 warnings); 7 namespaces: root, lan, gw,"
                + " worker1, worker3, busybox-jpnb6, busybox-k7q2d\n");
  }

  @Test
  void scenario_aFindingOfSomeProbesOnly_saysWhen() {
    CliTest.Run r = run("lint", Samples.sample("firewall.sh").toString());
    assertThat(r.out())
        .contains("error forward-drops-pod-traffic: node: ")
        .contains("\n    when: while the probes at lines 70, 71 ran\n");
  }

  @Test
  void healthySample_exitsZero_withNoFinding() {
    CliTest.Run r = run("lint", Samples.sample("flannel-vxlan.sh").toString());
    assertThat(r.status()).as(r.out()).isZero();
    assertThat(r.out()).contains(", 0 findings; ");
  }

  @Test
  void warningsOnly_exitZero() {
    CliTest.Run r = run("lint", Samples.sample("flannel-vxlan-mtu.sh").toString());
    assertThat(r.status()).as(r.out()).isZero();
    assertThat(r.out())
        .contains("warning pod-mtu-above-overlay: busybox-jpnb6: ")
        .contains("1 finding (1 warning)");
  }

  @Test
  void json_scenario_hasTheDocumentedShape() throws Exception {
    String script = Samples.sample("flannel-vxlan-broken.sh").toString();
    CliTest.Run r = run("lint", script, "-o", "json");
    assertThat(r.status()).isEqualTo(1);
    JsonNode root = new ObjectMapper().readTree(r.out());
    assertThat(root.get("format").asInt()).isEqualTo(1);
    assertThat(root.get("kind").asText()).isEqualTo("scenario");
    assertThat(root.get("exitStatus").asInt()).isEqualTo(1);
    assertThat(root.get("summary").get("errors").asInt()).isEqualTo(6);
    JsonNode stale = null;
    for (JsonNode f : root.get("findings")) {
      if (f.get("code").asText().equals("vxlan-stale-mac")) {
        stale = f;
      }
    }
    assertThat(stale).isNotNull();
    assertThat(stale.get("severity").asText()).isEqualTo("error");
    assertThat(stale.get("subject").asText()).isEqualTo("worker1");
    assertThat(stale.get("when").get("probeLines").get(0).asInt()).isEqualTo(113);
    assertThat(stale.get("when").get("atEnd").asBoolean()).isFalse();
    JsonNode neigh = stale.get("evidence").get(1);
    assertThat(neigh.get("file").asText()).isEqualTo(script);
    assertThat(neigh.get("line").asInt()).isEqualTo(66);
    assertThat(neigh.get("location").asText()).isEqualTo(script + ":66");
    assertThat(neigh.get("entry").asText())
        .isEqualTo("10.10.2.0 dev flannel.1 lladdr 0e:f1:00:00:00:15 PERMANENT");
    assertThat(stale.get("fixes").get(0).get("command").asText())
        .startsWith("ip -n worker1 neigh replace 10.10.2.0");
    assertThat(stale.get("fixes").get(0).get("why").asText()).isNotBlank();
  }

  @Test
  void json_snapshot_evidenceFilesAreUnderTheSnapshot_andUnplacedEvidenceHasNoLocation()
      throws Exception {
    String snap = SnapshotCliTest.snapshot("ip-forward-off");
    CliTest.Run r = run("lint", snap, "-o", "json");
    JsonNode root = new ObjectMapper().readTree(r.out());
    assertThat(root.get("kind").asText()).isEqualTo("snapshot");
    JsonNode f = root.get("findings").get(0);
    assertThat(f.get("code").asText()).isEqualTo("forwarding-off");
    assertThat(f.has("when")).isFalse();
    assertThat(f.get("evidence").get(0).get("file").asText()).startsWith(snap + "/root/netns/");
    assertThat(f.get("evidence").get(1).get("location").isNull()).isTrue();
    assertThat(f.get("fixes").get(0).get("command").asText())
        .isEqualTo("on router: sysctl -w net.ipv4.ip_forward=1");
  }

  @Test
  void unknownOutputFormat_isAUsageError() {
    CliTest.Run r = run("lint", Samples.sample("router.sh").toString(), "-o", "xml");
    assertThat(r.status()).isEqualTo(2);
    assertThat(r.err()).contains("-o xml: expected text or json");
  }
}
