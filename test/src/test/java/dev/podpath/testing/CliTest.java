package dev.podpath.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.podpath.trace.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line as a user meets it: output, exit status, and the messages for bad input. */
final class CliTest {

  record Run(int status, String out, String err) {}

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int status = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Run(status, out.toString(), err.toString());
  }

  static String sample(String name) {
    return Samples.sample(name).toString();
  }

  @Test
  void trace_reachable_exitsZero_andEndsWithThePingLine() {
    Run r =
        run("trace", sample("flannel-host-gw.sh"), "--from", "busybox-jpnb6", "--to", "10.10.2.4");
    assertThat(r.status()).as(r.err()).isZero();
    assertThat(r.out())
        .contains("=> DELIVERED to busybox-pg7ps")
        .contains("ping would print: 64 bytes from 10.10.2.4: icmp_seq=1 ttl=62")
        .contains("result: REACHABLE");
    assertThat(r.err()).isEmpty();
  }

  @Test
  void trace_fromAnAddress_findsItsNamespace() {
    Run r = run("trace", sample("flannel-host-gw.sh"), "--from", "10.10.1.6", "--to", "10.10.2.4");
    assertThat(r.status()).isZero();
    assertThat(r.out()).contains("from busybox-jpnb6 (10.10.1.6)");
  }

  @Test
  void trace_notReachable_exitsOne_andNamesTheCulprit() {
    Run r = run("trace", sample("ip-forward-off.sh"), "--from", "ns1", "--to", "10.1.2.2");
    assertThat(r.status()).isEqualTo(1);
    assertThat(r.out()).contains("=> DROPPED: forwarding is off on router/v1_r");
  }

  @Test
  void trace_json_hasTheDocumentedFields() throws Exception {
    Run r =
        run("trace", sample("missing-route.sh"), "--from", "ns1", "--to", "10.1.3.5", "-o", "json");
    assertThat(r.status()).isEqualTo(1);
    JsonNode j = new ObjectMapper().readTree(r.out());
    assertThat(j.get("format").asInt()).isEqualTo(1);
    assertThat(j.get("disposition").asText()).isEqualTo("DROPPED");
    assertThat(j.get("reason").get("code").asText()).isEqualTo("NO_ROUTE");
    assertThat(j.get("endedIn").asText()).isEqualTo("router");
    JsonNode hop = j.get("hops").get(0);
    assertThat(hop.get("netns").asText()).isEqualTo("ns1");
    assertThat(hop.get("steps").get(0).get("kind").asText()).isEqualTo("originate");
    assertThat(j.get("response").get("role").asText()).isEqualTo("icmp-error");
    assertThat(j.get("ping").asText())
        .isEqualTo("From 10.1.1.1 icmp_seq=1 Destination Net Unreachable");
    assertThat(j.get("result").asText()).isEqualTo("NOT_REACHABLE");
  }

  @Test
  void traceroute_printsLinuxStyleLines() {
    Run r =
        run(
            "traceroute",
            sample("flannel-host-gw.sh"),
            "--from",
            "busybox-jpnb6",
            "--to",
            "10.10.2.4");
    assertThat(r.status()).isZero();
    assertThat(r.out())
        .isEqualTo(
            "traceroute to 10.10.2.4 (10.10.2.4), 30 hops max, 60 byte packets\n"
                + " 1  10.10.1.1\n 2  192.168.2.15\n 3  10.10.2.4\n");
  }

  /**
   * A TCP traceroute to a ClusterIP whose endpoint sits behind the same bridge: br_netfilter
   * bridges the DNATed SYN without touching its TTL, so the first probe reaches the endpoint, and
   * its SYN-ACK arrives un-DNATed, from the ClusterIP. Kernel 6.18 (samples/kube-proxy.sh with
   * {@code ip netns exec p1 traceroute -n -q1 -w1 -m 5 -T -p 80 10.96.0.30}) printed exactly {@code
   * 1 10.96.0.30}.
   */
  @Test
  void tracerouteTcp_toAServiceBehindTheSameBridge_endsAtHopOneWithTheClusterIp() {
    Run r =
        run(
            "traceroute",
            sample("kube-proxy.sh"),
            "--from",
            "p1",
            "--to",
            "10.96.0.30",
            "-T",
            "-p",
            "80",
            "-m",
            "5");
    assertThat(r.status()).as(r.err()).isZero();
    assertThat(r.out())
        .isEqualTo(
            "traceroute to 10.96.0.30 (10.96.0.30), 5 hops max, 60 byte packets\n"
                + " 1  10.96.0.30\n");
  }

  /**
   * A TCP traceroute to a ClusterIP whose endpoint is on the other node: the SYN is DNATed on the
   * client's node, and every ICMP error about it (from that node, then from the endpoint's) has its
   * source rewritten to the ClusterIP on the way back. Kernel 6.18 (samples/kube-proxy.sh with
   * {@code ip netns exec pc traceroute -n -q1 -w1 -m5 -T -p 80 10.96.0.30}) printed the ClusterIP
   * three times: a time-exceeded from the destination's address does not end traceroute.
   */
  @Test
  void tracerouteTcp_toAServiceOnTheOtherNode_printsTheClusterIpAtEveryHop() {
    Run r =
        run(
            "traceroute",
            sample("kube-proxy.sh"),
            "--from",
            "pc",
            "--to",
            "10.96.0.30",
            "-T",
            "-p",
            "80",
            "-m",
            "5",
            "-n",
            "-w",
            "1");
    assertThat(r.status()).as(r.err()).isZero();
    assertThat(r.out())
        .isEqualTo(
            "traceroute to 10.96.0.30 (10.96.0.30), 5 hops max, 60 byte packets\n"
                + " 1  10.96.0.30\n 2  10.96.0.30\n 3  10.96.0.30\n");
  }

  /**
   * -q N: each probe is simulated, and the line is the tool's without timings. n1 answers TTL-1
   * probes to p1 with a burst of 6 time-exceeded, then holds the rest back (its rate limit); the
   * destination does not forward what reaches it, so the second hop is all stars.
   */
  @Test
  void tracerouteQueries_printEachProbe_asTheToolDoes() {
    Run r =
        run(
            "traceroute",
            sample("kube-proxy.sh"),
            "--from",
            "p1",
            "--to",
            "10.96.0.10",
            "-q",
            "10",
            "-m",
            "2",
            "-w",
            "1");
    assertThat(r.status()).isEqualTo(1);
    assertThat(r.out())
        .isEqualTo(
            "traceroute to 10.96.0.10 (10.96.0.10), 2 hops max, 60 byte packets\n"
                + " 1  10.244.0.1 * * * *\n 2  * * * * * * * * * *\n");
  }

  /** -w: an answer later than the wait is a star (an ARP failure answers !H after 3 s). */
  @Test
  void tracerouteWait_anAnswerLaterThanIt_isAStar() {
    assertThat(
            run(
                    "traceroute",
                    sample("veth-down.sh"),
                    "--from",
                    "pod-a",
                    "--to",
                    "10.244.0.3",
                    "-m",
                    "1")
                .out())
        .endsWith(" 1  10.244.0.2 !H\n");
    assertThat(
            run(
                    "traceroute",
                    sample("veth-down.sh"),
                    "--from",
                    "pod-a",
                    "--to",
                    "10.244.0.3",
                    "-m",
                    "1",
                    "-w",
                    "2.5")
                .out())
        .endsWith(" 1  *\n");
  }

  @Test
  void tracerouteUdp_toAUdpService_probesItsPort_theDefaultMethodDoesNot() {
    Run u =
        run(
            "traceroute",
            Path.of("src/test/resources/netfilter/traceroute-nat.sh").toString(),
            "--from",
            "p1",
            "--to",
            "10.96.0.10",
            "-U",
            "-m",
            "5");
    assertThat(u.out())
        .isEqualTo(
            "traceroute to 10.96.0.10 (10.96.0.10), 5 hops max, 60 byte packets\n"
                + " 1  10.96.0.10\n 2  10.96.0.10\n 3  10.96.0.10\n");
    Run d =
        run(
            "traceroute",
            Path.of("src/test/resources/netfilter/traceroute-nat.sh").toString(),
            "--from",
            "p1",
            "--to",
            "10.96.0.10",
            "-m",
            "2",
            "-w",
            "1");
    assertThat(d.out()).endsWith(" 1  10.244.0.1\n 2  *\n");
  }

  @Test
  void tracerouteJson_hasTheDocumentedFields_whatAnsweredAndWhyNot() throws Exception {
    Run r =
        run(
            "traceroute",
            sample("kube-proxy.sh"),
            "--from",
            "pc",
            "--to",
            "10.96.0.30",
            "-T",
            "-m",
            "5",
            "-o",
            "json");
    assertThat(r.status()).as(r.err()).isZero();
    JsonNode j = new ObjectMapper().readTree(r.out());
    assertThat(j.get("format").asInt()).isEqualTo(1);
    assertThat(j.get("traceroute").get("method").asText()).isEqualTo("tcp");
    assertThat(j.get("traceroute").get("port").asInt()).isEqualTo(80);
    assertThat(j.get("result").asText()).isEqualTo("REACHABLE");
    JsonNode first = j.get("hops").get(0).get("probes").get(0);
    assertThat(j.get("hops").get(0).get("ttl").asInt()).isEqualTo(1);
    assertThat(first.get("address").asText()).isEqualTo("10.96.0.30");
    assertThat(first.get("answer").get("kind").asText()).isEqualTo("TIME_EXCEEDED");
    assertThat(first.get("answer").get("by").asText()).isEqualTo("n2");
    assertThat(first.get("answer").get("sentFrom").asText()).isEqualTo("10.244.1.1");
    assertThat(first.get("request").get("disposition").asText()).isEqualTo("TTL_EXCEEDED");
    JsonNode last = j.get("hops").get(2).get("probes").get(0);
    assertThat(last.get("answer").get("kind").asText()).isEqualTo("SYN_ACK");
    assertThat(last.get("answer").get("by").asText()).isEqualTo("pa");

    Run star =
        run(
            "traceroute",
            sample("kube-proxy.sh"),
            "--from",
            "p1",
            "--to",
            "10.96.0.10",
            "-m",
            "2",
            "-w",
            "1",
            "-o",
            "json");
    JsonNode silent =
        new ObjectMapper().readTree(star.out()).get("hops").get(1).get("probes").get(0);
    assertThat(silent.get("address").isNull()).isTrue();
    assertThat(silent.get("noAnswer").get("why").asText()).isEqualTo("PROBE_DROPPED");
    assertThat(silent.get("request").get("reason").get("code").asText())
        .isEqualTo("FORWARDING_DISABLED");
    assertThat(new ObjectMapper().readTree(star.out()).get("result").asText())
        .isEqualTo("NOT_REACHABLE");
  }

  @Test
  void tracerouteBadOptions_areUsageErrors() {
    String s = sample("kube-proxy.sh");
    assertThat(run("traceroute", s, "--from", "p1", "--to", "10.96.0.10", "-I", "-U").err())
        .contains("-I, -T and -U cannot be combined");
    assertThat(run("traceroute", s, "--from", "p1", "--to", "10.96.0.10", "-q", "11").err())
        .contains("-q 11: expected 1 to 10 probes per hop");
    assertThat(run("traceroute", s, "--from", "p1", "--to", "10.96.0.10", "-p", "70000").err())
        .contains("-p 70000: expected a port");
    assertThat(run("traceroute", s, "--from", "p1", "--to", "10.96.0.10", "-o", "xml").err())
        .contains("-o xml: expected text or json");
    assertThat(run("traceroute", s, "--from", "p1", "--to", "10.96.0.10", "-m", "0").status())
        .isEqualTo(2);
  }

  @Test
  void probes_answersTheScriptsQuestions() {
    Run r = run("probes", sample("blackhole.sh"));
    assertThat(r.status()).isZero();
    assertThat(r.out())
        .contains("From 10.1.1.1 icmp_seq=1 Packet filtered")
        .contains(" 1  10.1.1.1 !H");
  }

  @Test
  void badScriptLine_exitsTwo_namingFileLineAndText(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("bad.sh");
    Files.writeString(f, "ip netns add a\nip -n a link set veth9 up\n");
    Run r = run("trace", f.toString(), "--from", "a", "--to", "10.0.0.1");
    assertThat(r.status()).isEqualTo(2);
    assertThat(r.err())
        .contains("bad.sh:2")
        .contains("veth9")
        .contains("ip -n a link set veth9 up")
        .doesNotContain("Exception")
        .doesNotContain("\tat ");
    assertThat(r.out()).isEmpty();
  }

  @Test
  void unknownCommand_isAnError_namingTheLine(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("unknown.sh");
    Files.writeString(f, "ip netns add a\n\nfrobnicate --all\n");
    Run r = run("probes", f.toString());
    assertThat(r.status()).isEqualTo(2);
    assertThat(r.err()).contains("unknown.sh:3").contains("frobnicate");
  }

  @Test
  void missingFile_unknownNamespace_badAddress_badOption_allExitTwo() {
    assertThat(run("trace", "no/such/file.sh", "--from", "a", "--to", "10.0.0.1"))
        .satisfies(r -> assertThat(r.status()).isEqualTo(2))
        .satisfies(r -> assertThat(r.err()).contains("cannot read no/such/file.sh: no such file"));
    Run ns = run("trace", sample("veth-pair.sh"), "--from", "nope", "--to", "10.1.1.2");
    assertThat(ns.status()).isEqualTo(2);
    assertThat(ns.err()).contains("--from nope: no such namespace").contains("ns1");
    Run addr = run("trace", sample("veth-pair.sh"), "--from", "ns1", "--to", "10.1.1");
    assertThat(addr.status()).isEqualTo(2);
    assertThat(addr.err()).contains("--to 10.1.1: not an IPv4 address");
    Run opt =
        run(
            "trace",
            sample("veth-pair.sh"),
            "--from",
            "ns1",
            "--to",
            "10.1.1.2",
            "--proto",
            "sctp");
    assertThat(opt.status()).isEqualTo(2);
    assertThat(opt.err()).contains("--proto sctp");
    Run usage = run("trace");
    assertThat(usage.status()).isEqualTo(2);
    assertThat(usage.err()).contains("Missing required");
  }

  @Test
  void help_listsTheCommands() {
    Run r = run("--help");
    assertThat(r.status()).isZero();
    assertThat(r.out())
        .contains("trace")
        .contains("traceroute")
        .contains("probes")
        .contains("Exit status");
  }

  /** A differing probe's suggested command carries the probe's protocol and port. */
  @Test
  void verify_differingConnect_suggestsATraceWithItsProtocolAndPort(@TempDir Path dir)
      throws Exception {
    String kernel =
        Files.readString(Samples.sample("expected/tcp-connect.kernel.txt"))
            .replaceFirst(
                "Connection to 10.0.2.2 8080 port \\[tcp/http-alt\\] succeeded!",
                "nc: connect to 10.0.2.2 port 8080 (tcp) failed: Connection refused");
    Path tampered = dir.resolve("tcp-connect.kernel.txt");
    Files.writeString(tampered, kernel);
    Run r = run("verify", sample("tcp-connect.sh"), "--transcript", tampered.toString());
    assertThat(r.status()).isEqualTo(1);
    assertThat(r.out())
        .contains("DIFFER probe 1")
        .containsPattern(
            "see: podpath trace \\S*tcp-connect.sh --from \\S+ --to 10.0.2.2 --proto tcp --dport 8080");
  }

  /** {@code --reduce} reruns the kernel on every candidate: one scenario, no transcript. */
  @Test
  void verifyReduce_refusesATranscript_andReduceToAlone() {
    Run withTranscript =
        run(
            "verify",
            "--reduce",
            sample("tcp-connect.sh"),
            "--transcript",
            sample("expected/tcp-connect.kernel.txt"));
    assertThat(withTranscript.status()).isEqualTo(2);
    assertThat(withTranscript.err())
        .contains("--reduce takes exactly one scenario and runs the kernel on every candidate");
    Run alone = run("verify", sample("tcp-connect.sh"), "--reduce-to", "x.sh");
    assertThat(alone.status()).isEqualTo(2);
    assertThat(alone.err()).contains("--reduce-to goes with --reduce");
  }

  /**
   * A SYN answered by a reset is a connect refused: NOT REACHABLE, exit 1, with nc's line (as in
   * the kernel transcript).
   */
  @Test
  void trace_tcpToAClosedPort_isRefused_notReachable() {
    Run refused =
        run(
            "trace",
            sample("tcp-connect.sh"),
            "--from",
            "client",
            "--to",
            "10.0.2.2",
            "--proto",
            "tcp",
            "--dport",
            "8081");
    assertThat(refused.status()).isEqualTo(1);
    assertThat(refused.out())
        .contains(
            "nc -zv would print: nc: connect to 10.0.2.2 port 8081 (tcp) failed: Connection refused\n"
                + "result: NOT REACHABLE");
    Run open =
        run(
            "trace",
            sample("tcp-connect.sh"),
            "--from",
            "client",
            "--to",
            "10.0.2.2",
            "--proto",
            "tcp",
            "--dport",
            "8080");
    assertThat(open.status()).isZero();
    assertThat(open.out())
        .contains(
            "nc -zv would print: Connection to 10.0.2.2 8080 port [tcp/http-alt] succeeded!\n"
                + "result: REACHABLE");
  }

  @Test
  void trace_brief_printsOneLine_verdictCodeAndWhere_withTheUsualExitStatus() {
    Run dropped =
        run("trace", sample("missing-route.sh"), "--from", "ns1", "--to", "10.1.3.5", "--brief");
    assertThat(dropped.status()).isEqualTo(1);
    assertThat(dropped.out())
        .isEqualTo("NOT REACHABLE  ns1 -> 10.1.3.5  NO_ROUTE at router/v1_r\n");
    Run reply =
        run("trace", sample("missing-route.sh"), "--from", "ns1", "--to", "10.1.2.2", "--brief");
    assertThat(reply.status()).isEqualTo(1);
    assertThat(reply.out())
        .isEqualTo("NOT REACHABLE  ns1 -> 10.1.2.2  NO_ROUTE at ns2 (echo-reply)\n");
    Run ok = run("trace", sample("router.sh"), "--from", "ns1", "--to", "10.1.2.2", "--brief");
    assertThat(ok.status()).isZero();
    assertThat(ok.out()).isEqualTo("REACHABLE  ns1 -> 10.1.2.2  DELIVERED at ns2/v2\n");
    assertThat(ok.err()).isEmpty();
  }

  @Test
  void trace_briefWithJson_isRefusedInOneLine() {
    Run r =
        run(
            "trace",
            sample("router.sh"),
            "--from",
            "ns1",
            "--to",
            "10.1.2.2",
            "--brief",
            "-o",
            "json");
    assertThat(r.status()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("podpath: --brief is one line of text per probe: drop -o json\n");
  }

  @Test
  void trace_quiet_printsNothing_andOnlySetsTheExitStatus() {
    Run ok = run("trace", sample("router.sh"), "--from", "ns1", "--to", "10.1.2.2", "-q");
    assertThat(ok.status()).isZero();
    assertThat(ok.out()).isEmpty();
    assertThat(ok.err()).isEmpty();
    Run dropped =
        run("trace", sample("missing-route.sh"), "--from", "ns1", "--to", "10.1.3.5", "--quiet");
    assertThat(dropped.status()).isEqualTo(1);
    assertThat(dropped.out()).isEmpty();
    assertThat(dropped.err()).isEmpty();
    Run bad = run("trace", sample("router.sh"), "--from", "nss1", "--to", "10.1.2.2", "-q");
    assertThat(bad.status()).as("a bad input still says why").isEqualTo(2);
    assertThat(bad.err()).startsWith("podpath: --from nss1: no such namespace");
  }

  @Test
  void probes_brief_printsOneLinePerProbe_withItsScriptLine() {
    Run r = run("probes", sample("missing-route.sh"), "--brief");
    assertThat(r.status()).isZero();
    assertThat(r.out().lines().toList())
        .containsExactly(
            "NO ROUTE  ns2: RTNETLINK answers: Network is unreachable  (" + at(49) + ")",
            "NOT REACHABLE  ns2 -> 10.1.1.2  NO_ROUTE at ns2  (" + at(50) + ")",
            "ROUTE  ns1: 10.1.3.5 via 10.1.1.1 dev v1 src 10.1.1.2 uid 0  (" + at(52) + ")",
            "NO ROUTE  router: RTNETLINK answers: Network is unreachable  (" + at(53) + ")",
            "NOT REACHABLE  ns1 -> 10.1.3.5  NO_ROUTE at router/v1_r  (" + at(54) + ")",
            "NOT REACHABLE  ns1 -> 10.1.3.5  NO_ROUTE at router/v1_r  (" + at(55) + ")",
            "ROUTE  router: 10.1.2.2 from 10.1.1.2 dev v2_r  (" + at(57) + ")",
            "NOT REACHABLE  ns1 -> 10.1.2.2  NO_ROUTE at ns2 (echo-reply)  (" + at(58) + ")",
            "NOT REACHABLE  ns1 -> 10.1.2.2  DELIVERED at ns2/v2, no answer  (" + at(59) + ")");
  }

  private static String at(int line) {
    return sample("missing-route.sh") + ":" + line;
  }

  @Test
  void probes_quiet_printsNothing() {
    Run r = run("probes", sample("missing-route.sh"), "-q");
    assertThat(r.status()).isZero();
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).isEmpty();
  }

  @Test
  void colour_onlyWhenAsked_neverInCapturedOutputByDefault() {
    String[] args = {"trace", sample("missing-route.sh"), "--from", "ns1", "--to", "10.1.2.2"};
    Run plain = run(args);
    assertThat(plain.out()).doesNotContain("\u001b").contains("result: NOT REACHABLE\n");
    Run never = run(concat(args, "--color=never"));
    assertThat(never.out()).isEqualTo(plain.out());
    Run always = run(concat(args, "--color=always"));
    assertThat(always.status()).isEqualTo(1);
    assertThat(always.out())
        .contains("result: \u001b[31mNOT REACHABLE\u001b[0m\n")
        .contains("\u001b[31m  => DROPPED: no route to 10.1.1.2 in ns2")
        .contains("\u001b[1;35m    culprit: ");
    assertThat(always.out().replaceAll("\u001b\\[[0-9;]*m", "")).isEqualTo(plain.out());
    Run probes = run("probes", sample("missing-route.sh"), "--brief", "--color=always");
    assertThat(probes.out()).contains("\u001b[31mNOT REACHABLE\u001b[0m  ns1 -> 10.1.3.5");
    Run bad = run(concat(args, "--color=blue"));
    assertThat(bad.status()).isEqualTo(2);
    assertThat(bad.err()).isEqualTo("podpath: --color blue: expected auto, always or never\n");
  }

  private static String[] concat(String[] args, String more) {
    String[] all = java.util.Arrays.copyOf(args, args.length + 1);
    all[args.length] = more;
    return all;
  }
}
