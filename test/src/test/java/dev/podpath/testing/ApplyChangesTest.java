package dev.podpath.testing;

import static dev.podpath.testing.CliTest.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.podpath.model.route.TableIds;
import dev.podpath.model.topo.NetnsName;
import dev.podpath.trace.api.InputException;
import dev.podpath.trace.api.Network;
import dev.podpath.trace.api.Podpath;
import dev.podpath.trace.api.TraceRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A changes file applied on top of a scenario or a snapshot ({@code Network.apply}, {@code
 * --apply}): the fix a diagnosis proposes, typed as the command a user would run, turns a failed
 * trace into a delivered one, and the entries it made cite the changes file.
 */
final class ApplyChangesTest {

  @TempDir Path tmp;

  private Path changes(String text) throws IOException {
    Path p = tmp.resolve("fix.sh");
    Files.writeString(p, text);
    return p;
  }

  @Test
  void scenario_theMissingRouteBack_addedByTheChangesFile_makesItReachable() throws IOException {
    String script = Samples.sample("missing-route.sh").toString();
    CliTest.Run before = run("trace", script, "--from", "ns1", "--to", "10.1.2.2");
    assertThat(before.out()).contains("result: NOT REACHABLE");
    assertThat(before.status()).isNotZero();

    Path fix = changes("# the route back\nip -n ns2 route add default via 10.1.2.1\n");
    CliTest.Run after =
        run("trace", script, "--apply", fix.toString(), "--from", "ns1", "--to", "10.1.2.2");
    assertThat(after.status()).as(after.err()).isZero();
    assertThat(after.out())
        .contains("result: REACHABLE")
        .contains("default via 10.1.2.1 dev v2")
        .contains("[" + fix + ":2]");
  }

  @Test
  void snapshot_theSameFix_onTheCollectedDumps_makesItReachable() throws IOException {
    String snap = SnapshotCliTest.snapshot("missing-route");
    assertThat(run("trace", snap, "--from", "ns1", "--to", "10.1.2.2").out())
        .contains("result: NOT REACHABLE");

    Path fix = changes("ip netns exec ns2 ip route add default via 10.1.2.1\n");
    CliTest.Run after =
        run("trace", snap, "--apply", fix.toString(), "--from", "ns1", "--to", "10.1.2.2");
    assertThat(after.status()).as(after.err()).isZero();
    assertThat(after.out()).contains("result: REACHABLE").contains("[" + fix + ":1]");
    // what the fix did not touch still cites the dumps
    assertThat(after.out()).contains("ip-route.json:");
  }

  @Test
  void snapshot_theDiagnosisOwnIptablesFix_appliesOnTopOfTheDumpedRules() throws IOException {
    String snap = SnapshotCliTest.snapshot("kube-proxy-host-firewall");
    String[] probe = {
      "--from", "coredns-5b8bf7b657-5gjrq", "--to", "10.2.0.1", "--proto", "tcp", "--dport", "443"
    };
    CliTest.Run before = run(concat(new String[] {"trace", snap}, probe));
    assertThat(before.out())
        .contains("result: NOT REACHABLE")
        .contains("fix: on master-01: iptables -I INPUT -p tcp --dport 6443 -j ACCEPT");

    Path fix = changes("ip netns exec master-01 iptables -I INPUT -p tcp --dport 6443 -j ACCEPT\n");
    CliTest.Run after = run(concat(new String[] {"trace", snap, "--apply", fix.toString()}, probe));
    assertThat(after.status()).as(after.err()).isZero();
    // kube-proxy's DNAT is the dump's rule; the ACCEPT before the REJECT is the changes file's
    assertThat(after.out())
        .contains("DNAT: dst 10.2.0.1:443 -> 192.168.1.5:6443")
        .contains("[root/netns/master-01/iptables-save.txt:")
        .contains("[" + fix + ":1]")
        .contains("result: REACHABLE");
  }

  private static String[] concat(String[] a, String[] b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  @Test
  void aBadLine_isOneMessageWithFileAndLine_andExitStatus2() throws IOException {
    Path fix =
        changes(
            "ip -n ns2 route add default via 10.1.2.1\nip -n ns2 route add 10.7.0.0/16 via 10.9.9.9\n");
    CliTest.Run r =
        run(
            "trace",
            Samples.sample("missing-route.sh").toString(),
            "--apply",
            fix.toString(),
            "--from",
            "ns1",
            "--to",
            "10.1.2.2");
    assertThat(r.status()).isEqualTo(2);
    assertThat(r.out()).isEmpty();
    assertThat(r.err())
        .startsWith("podpath: " + fix + ":2: Error: Nexthop has invalid gateway.")
        .doesNotContain("Exception")
        .doesNotContain("\tat ");
  }

  @Test
  void onASnapshot_aLineThatNamesNoNamespace_saysToNameOne() throws IOException {
    // the snapshot's own namespace is the host's ("root"): a line without one runs there
    Path fix = changes("ip netns exec nosuch ip link\n");
    CliTest.Run r =
        run(
            "trace",
            SnapshotCliTest.snapshot("missing-route"),
            "--apply",
            fix.toString(),
            "--from",
            "ns1",
            "--to",
            "10.1.2.2");
    assertThat(r.status()).isEqualTo(2);
    assertThat(r.err()).contains(fix + ":1:").contains("nosuch");
  }

  @Test
  void api_applyReturnsANewNetwork_andLeavesTheLoadedOneAsItWas() throws IOException {
    Network base = Podpath.load(Samples.dir().resolve("snapshots").resolve("missing-route"));
    Network fixed = base.apply(changes("ip -n ns2 route add default via 10.1.2.1\n"));
    NetnsName ns2 = NetnsName.of("ns2");
    assertThat(base.topology().require(ns2).routing().table(TableIds.MAIN).routes())
        .noneMatch(r -> r.destination().length() == 0);
    assertThat(fixed.topology().require(ns2).routing().table(TableIds.MAIN).routes())
        .anyMatch(r -> r.destination().length() == 0 && r.origin().line() == 1);
    assertThat(fixed.snapshot()).isPresent();
    assertThat(fixed.warnings()).isEqualTo(base.warnings());
    assertThat(fixed.assumptions()).isEqualTo(base.assumptions());
    assertThat(base.trace(TraceRequest.builder("ns1", "10.1.2.2").build()).succeeded()).isFalse();
    assertThat(fixed.trace(TraceRequest.builder("ns1", "10.1.2.2").build()).succeeded()).isTrue();
  }

  @Test
  void api_aMissingChangesFile_isUnreadable() {
    Network base = Podpath.load(Samples.sample("missing-route.sh"));
    assertThatThrownBy(() -> base.apply(tmp.resolve("nope.sh")))
        .isInstanceOf(InputException.class)
        .satisfies(
            e ->
                assertThat(((InputException) e).problem())
                    .isEqualTo(InputException.Problem.UNREADABLE));
  }
}
