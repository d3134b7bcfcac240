package dev.podpath.testing;

import static dev.podpath.testing.CliTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code podpath trace|traceroute|lint} on a snapshot folder: the same output as on a scenario,
 * pods by name, and clear messages (never a stack trace) for folders that are not snapshots.
 */
final class SnapshotCliTest {

  static String snapshot(String name) {
    return Samples.dir().resolve("snapshots").resolve(name).toString();
  }

  /** The trace with what differs between a model from a script and one from dumps taken out. */
  static String comparable(String trace) {
    return trace
        .lines()
        .filter(l -> !l.startsWith("trace: "))
        .map(l -> l.replaceAll("\\s+\\[[^\\]]*\\]$", ""))
        .map(l -> l.replaceAll("([0-9a-f]{2}:){5}[0-9a-f]{2}", "MAC"))
        .collect(java.util.stream.Collectors.joining("\n"));
  }

  @Test
  void trace_onACollectedSnapshot_printsWhatTheScriptPrints_butForMacsAndOrigins() {
    CliTest.Run script =
        run(
            "trace",
            Samples.sample("flannel-host-gw.sh").toString(),
            "--from",
            "busybox-jpnb6",
            "--to",
            "10.10.2.4");
    CliTest.Run snap =
        run("trace", snapshot("flannel-host-gw"), "--from", "busybox-jpnb6", "--to", "10.10.2.4");
    assertThat(snap.status()).as(snap.err()).isZero();
    assertThat(comparable(snap.out())).isEqualTo(comparable(script.out()));
    assertThat(snap.out()).contains("[root/netns/worker1/ip-route.json:");
  }

  @Test
  void trace_json_onASnapshot_hasTheScenariosShape() throws Exception {
    CliTest.Run script =
        run(
            "trace",
            Samples.sample("flannel-host-gw.sh").toString(),
            "--from",
            "busybox-jpnb6",
            "--to",
            "10.10.2.4",
            "-o",
            "json");
    CliTest.Run snap =
        run(
            "trace",
            snapshot("flannel-host-gw"),
            "--from",
            "busybox-jpnb6",
            "--to",
            "10.10.2.4",
            "-o",
            "json");
    JsonNode a = new ObjectMapper().readTree(script.out());
    JsonNode b = new ObjectMapper().readTree(snap.out());
    assertThat(fieldNames(b)).isEqualTo(fieldNames(a));
    assertThat(b.get("result")).isEqualTo(a.get("result"));
    assertThat(b.get("disposition")).isEqualTo(a.get("disposition"));
    assertThat(b.get("hops").size()).isEqualTo(a.get("hops").size());
  }

  /** A copy of a committed snapshot without the files {@code drop} accepts. */
  private static Path copyWithout(String name, Path tmp, java.util.function.Predicate<Path> drop)
      throws Exception {
    Path from = Path.of(snapshot(name));
    Path copy = tmp.resolve(name);
    try (java.util.stream.Stream<Path> s = Files.walk(from)) {
      for (Path p : s.toList()) {
        Path dest = copy.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(dest);
        } else if (!drop.test(from.relativize(p))) {
          Files.copy(p, dest);
        }
      }
    }
    return copy;
  }

  @Test
  void trace_throughAVxlanDeviceWhoseFdbWasNotDumped_isUnknown(@TempDir Path tmp) throws Exception {
    Path copy =
        copyWithout(
            "flannel-vxlan", tmp, p -> p.toString().equals("root/netns/worker1/bridge-fdb.json"));
    CliTest.Run text =
        run("trace", copy.toString(), "--from", "busybox-jpnb6", "--to", "10.10.2.4");
    assertThat(text.out())
        .contains(
            "DROP     not modelled: the FDB of flannel.1 was not dumped (bridge fdb show):"
                + " where it sends this frame is not known (in worker1)")
        .contains("result: UNKNOWN");
  }

  /**
   * Without the FDB and the neighbours of flannel.1 the ARP request for the next hop goes into a
   * VXLAN device whose FDB is unknown: its answer is unknown too, so the packet's fate is
   * NOT_MODELLED (UNKNOWN), never a host unreachable made up from three unanswered requests.
   */
  @Test
  void trace_arpThroughAVxlanDeviceWhoseFdbWasNotDumped_isUnknown_notUnreachable(@TempDir Path tmp)
      throws Exception {
    Path copy =
        copyWithout(
            "flannel-vxlan",
            tmp,
            p ->
                p.toString().equals("root/netns/worker1/bridge-fdb.json")
                    || p.toString().equals("root/netns/worker1/ip-neigh.json"));
    CliTest.Run text =
        run("trace", copy.toString(), "--from", "busybox-jpnb6", "--to", "10.10.2.4");
    assertThat(text.out())
        .contains("who-has 10.10.2.0")
        .contains("=> NOT_MODELLED: not modelled: the FDB of" + " flannel.1 was not dumped")
        .contains("result: UNKNOWN")
        .doesNotContain("NOT REACHABLE")
        .doesNotContain("Destination Host Unreachable");
  }

  @Test
  void trace_throughATunDeviceWhoseProgramWasNotCaptured_isUnknown_notUnreachable(@TempDir Path tmp)
      throws Exception {
    Path copy = copyWithout("flannel-udp", tmp, p -> p.getFileName().toString().equals("ps.txt"));
    CliTest.Run text =
        run("trace", copy.toString(), "--from", "busybox-jpnb6", "--to", "10.10.2.4");
    assertThat(text.out())
        .contains(
            "DROP     not modelled: the program holding flannel0 was not captured (no ps.txt)"
                + " (in worker1)")
        .contains("result: UNKNOWN")
        .doesNotContain("NOT REACHABLE");
    CliTest.Run json =
        run("trace", copy.toString(), "--from", "busybox-jpnb6", "--to", "10.10.2.4", "-o", "json");
    JsonNode j = new ObjectMapper().readTree(json.out());
    assertThat(j.get("result").asText()).isEqualTo("UNKNOWN");
    assertThat(j.get("disposition").asText()).isEqualTo("NOT_MODELLED");
    CliTest.Run held =
        run("trace", snapshot("flannel-udp"), "--from", "busybox-jpnb6", "--to", "10.10.2.4");
    assertThat(held.out()).contains("[root/netns/worker1/ps.txt:2]").contains("result: REACHABLE");
  }

  /**
   * The router sample's snapshot as if the collector's iptables-save had failed on the node (the
   * router, node folder {@code root}): collect.log says so, and the dump is missing.
   */
  private static Path routerWhoseIptablesSaveFailed(Path tmp) throws Exception {
    Path copy =
        copyWithout(
            "router",
            tmp,
            p ->
                p.toString().equals("root/iptables-save.txt")
                    || p.toString().equals("root/collect.log"));
    for (String ns : new String[] {"root/netns/ns1", "root/netns/ns2"}) {
      Path f = copy.resolve(ns).resolve("iptables-save.txt");
      if (!Files.exists(f)) {
        Files.writeString(f, "");
      }
    }
    Files.writeString(
        copy.resolve("root/collect.log"),
        "# podpath collect.log format 1: podpath-collect.sh on node root at 2026-11-22T07:31:20Z\n"
            + "iptables-save.txt: exit 1: iptables-save -c\n"
            + "    iptables-save v1.8.9 (nf_tables): Could not fetch rule set generation id: Permission denied (you must be root)\n");
    return copy;
  }

  @Test
  void trace_throughANodeWhoseIptablesSaveFailed_isUnknownAtItsFirstHook_namingTheNodeAndWhy(
      @TempDir Path tmp) throws Exception {
    Path copy = routerWhoseIptablesSaveFailed(tmp);
    CliTest.Run text = run("trace", copy.toString(), "--from", "ns1", "--to", "10.1.2.2");
    assertThat(text.status()).as(text.err()).isEqualTo(1);
    assertThat(text.out())
        .contains(
            "DROP     not modelled: netfilter unknown in root (PREROUTING): iptables-save was"
                + " not collected: `iptables-save -c` failed with exit status 1 (iptables-save v1.8.9 (nf_tables): Could not"
                + " fetch rule set generation id: Permission denied (you must be root)) (root/collect.log:2)")
        .contains("result: UNKNOWN")
        .doesNotContain("result: REACHABLE")
        .doesNotContain("=> DELIVERED");
    CliTest.Run json =
        run("trace", copy.toString(), "--from", "ns1", "--to", "10.1.2.2", "-o", "json");
    JsonNode j = new ObjectMapper().readTree(json.out());
    assertThat(j.get("result").asText()).isEqualTo("UNKNOWN");
    assertThat(j.get("disposition").asText()).isEqualTo("NOT_MODELLED");
    assertThat(j.get("reason").get("code").asText()).isEqualTo("NETFILTER_UNKNOWN");
    assertThat(j.get("reason").get("netns").asText()).isEqualTo("root");
    assertThat(j.get("reason").get("hook").asText()).isEqualTo("PREROUTING");
    JsonNode why = j.get("reason").get("why");
    assertThat(why.get("kind").asText()).isEqualTo("NOT_COLLECTED");
    assertThat(why.get("failure").get("command").asText()).isEqualTo("iptables-save -c");
    assertThat(why.get("failure").get("status").asText()).isEqualTo("exit 1");
    assertThat(why.get("failure").get("origin").asText()).isEqualTo("root/collect.log:2");
    assertThat(why.get("explain").asText()).startsWith("iptables-save was not collected: ");
    CliTest.Run collected = run("trace", snapshot("router"), "--from", "ns1", "--to", "10.1.2.2");
    assertThat(collected.out()).as("the snapshot as collected").contains("result: REACHABLE");
  }

  @Test
  void lint_aNodeWhoseIptablesSaveFailed_isAProblemNamingTheNode_andExitsOne(@TempDir Path tmp)
      throws Exception {
    CliTest.Run r = run("lint", routerWhoseIptablesSaveFailed(tmp).toString());
    assertThat(r.status()).as(r.out() + r.err()).isEqualTo(1);
    assertThat(r.out())
        .contains(
            "/root/collect.log:2:1: no iptables dump: netfilter unknown in root (a trace that"
                + " reaches one of its netfilter hooks ends NOT_MODELLED); `iptables-save -c` failed with exit status 1")
        .contains("    iptables-save.txt: exit 1: iptables-save -c")
        .contains("1 problem, ");
  }

  private static java.util.List<String> fieldNames(JsonNode n) {
    java.util.List<String> out = new java.util.ArrayList<>();
    n.fieldNames().forEachRemaining(out::add);
    return out;
  }

  @Test
  void traceroute_onTheSeedSnapshot_withAssumedPods_isTheScenarios() {
    CliTest.Run script =
        run(
            "traceroute",
            Samples.sample("flannel-host-gw.sh").toString(),
            "--from",
            "busybox-jpnb6",
            "--to",
            "10.10.2.4");
    CliTest.Run snap =
        run(
            "traceroute",
            snapshot("seed-flannel-host-gw"),
            "--from",
            "default/busybox-8647b8666c-jpnb6",
            "--to",
            "default/busybox-8647b8666c-pg7ps",
            "--assume-cni-pods");
    assertThat(snap.status()).as(snap.err()).isZero();
    assertThat(snap.out()).isEqualTo(script.out());
  }

  @Test
  void trace_toAPodThatWasNotDumped_leavesTheModel_namingThePod_andWhatWouldBeNeeded() {
    CliTest.Run r =
        run("trace", snapshot("seed-flannel-host-gw"), "--from", "10.10.1.6", "--to", "10.10.2.4");
    assertThat(r.status()).isEqualTo(1);
    assertThat(r.out())
        .contains(
            "route    input: rule 32766 lookup main -> 10.10.2.0/24 via 192.168.2.15 dev enp0s5  [worker1/ip-route.txt:4]")
        .contains(
            "route    input: rule 32766 lookup main -> 10.10.2.0/24 dev cni0 proto kernel scope link src 10.10.2.1"
                + "  [worker2/ip-route.txt:4]")
        .contains("forward  enp0s5 -> cni0, ttl 63 -> 62")
        .contains(
            "=> EXITED_MODEL: the packet left through worker2/cni0-pods, behind which nothing is modelled: pods of"
                + " worker2 that were not dumped: busybox-8647b8666c-pg7ps 10.10.2.4 (kubectl-get-pods.txt:3)")
        .contains("add its namespace's dumps under worker2/netns/NAME/")
        .contains("result: UNKNOWN");
    assertThat(r.out()).doesNotContain("Destination Host Unreachable");
  }

  @Test
  void trace_json_whenTheRequestLeavesTheModel_saysUnknown() throws Exception {
    CliTest.Run r =
        run(
            "trace",
            snapshot("seed-flannel-host-gw"),
            "--from",
            "10.10.1.6",
            "--to",
            "10.10.2.4",
            "-o",
            "json");
    JsonNode j = new ObjectMapper().readTree(r.out());
    assertThat(j.get("result").asText()).isEqualTo("UNKNOWN");
    assertThat(j.get("disposition").asText()).isEqualTo("EXITED_MODEL");
    assertThat(j.get("reason").get("explain").asText()).contains("busybox-8647b8666c-pg7ps");
  }

  @Test
  void trace_toANodeThatWasNotDumped_leavesTheModelAtTheSegment() {
    CliTest.Run r =
        run("trace", snapshot("seed-flannel-host-gw"), "--from", "10.10.1.6", "--to", "10.10.0.5");
    assertThat(r.out())
        .contains(
            "route    input: rule 32766 lookup main -> 10.10.0.0/24 via 192.168.2.17 dev enp0s5")
        .contains(
            "=> EXITED_MODEL: the packet left through segment/outside, behind which nothing is modelled: on"
                + " 192.168.2.0/24 but not dumped: node master (192.168.2.17, kubectl-get-nodes.txt:2)");
  }

  /** Seed 001 from its dumps only, pods assumed: the scenario's hops, ping line and result. */
  @Test
  void trace_seedSnapshot_withAssumedPods_hasTheScenariosHopsAndAnswer() {
    CliTest.Run script =
        run(
            "trace",
            Samples.sample("flannel-host-gw.sh").toString(),
            "--from",
            "busybox-jpnb6",
            "--to",
            "10.10.2.4");
    CliTest.Run snap =
        run(
            "trace",
            snapshot("seed-flannel-host-gw"),
            "--from",
            "10.10.1.6",
            "--to",
            "10.10.2.4",
            "--assume-cni-pods");
    assertThat(snap.status()).isZero();
    java.util.function.Function<String, java.util.List<String>> hops =
        out ->
            out.lines()
                .filter(
                    l ->
                        l.matches("^  \\d+  .*")
                            || l.startsWith("  => ")
                            || l.startsWith("ping would print")
                            || l.startsWith("result:")
                            || l.startsWith("request:")
                            || l.startsWith("echo-reply:"))
                .map(
                    l ->
                        l.replace("veth-busybox-8647b8666c-", "veth-")
                            .replaceAll("busybox-8647b8666c-", "busybox-")
                            .replace("segment", "lan")
                            .replace("port-worker", "lan-worker"))
                .toList();
    assertThat(hops.apply(snap.out())).isEqualTo(hops.apply(script.out()));
    assertThat(snap.out()).contains("ping would print: 64 bytes from 10.10.2.4: icmp_seq=1 ttl=62");
  }

  @Test
  void lint_seedSnapshot_listsItsAssumptions_andExitsZero() {
    CliTest.Run r = run("lint", snapshot("seed-flannel-host-gw"));
    assertThat(r.status()).as(r.out() + r.err()).isZero();
    assertThat(r.out())
        .contains("worker1/netns/busybox-8647b8666c-jpnb6: assumed: eth0 has 10.10.1.6/24")
        .contains(
            "eth0 is a veth whose other end is a port (veth-busybox-8647b8666c-jpnb6) of worker1/cni0")
        .contains("joined by one L2 segment")
        .contains("0 problems, ");
  }

  @Test
  void lint_badLines_areListedWithFileLineColumn_andExitOne(@TempDir Path dir) throws Exception {
    Path node = Files.createDirectories(dir.resolve("n1"));
    Files.writeString(
        node.resolve("ip-route.txt"),
        "10.0.0.0/24 dev eth0 proto kernel scope link src 10.0.0.5\n"
            + "10.1.0.0/16 via 10.0.0.1 dev eth0 frobnicate 7\n");
    Files.write(node.resolve("ip-link.json"), new byte[] {0x1f, (byte) 0x8b, 0x08, 0, 0, 0});
    Files.writeString(node.resolve("sysctl.txt"), "");
    CliTest.Run r = run("lint", dir.toString());
    assertThat(r.status()).as(r.out()).isEqualTo(1);
    assertThat(r.out())
        .contains("n1/ip-route.txt:2:")
        .contains("frobnicate")
        .contains("n1/ip-link.json")
        .contains("n1/sysctl.txt: the file is empty");
    assertThat(r.err()).doesNotContain("Exception").doesNotContain("\tat ");
  }

  @Test
  void trace_onAFolderThatIsNoSnapshot_saysWhat(@TempDir Path dir) throws Exception {
    CliTest.Run empty = run("trace", dir.toString(), "--from", "a", "--to", "10.0.0.1");
    assertThat(empty.status()).isEqualTo(2);
    assertThat(empty.err()).contains("holds no node folder").doesNotContain("Exception");
    CliTest.Run missing = run("lint", dir.resolve("nope").toString());
    assertThat(missing.status()).isEqualTo(2);
    assertThat(missing.err()).contains("no such file or folder");
    Path file = Files.writeString(dir.resolve("x.txt"), "hello");
    CliTest.Run notDir = run("lint", file.toString());
    assertThat(notDir.status()).as("a file is linted as a scenario script").isEqualTo(1);
    assertThat(notDir.out()).contains("x.txt:1: unknown command \"hello\"");
    assertThat(notDir.err()).doesNotContain("Exception");
  }

  @Test
  void trace_unknownPod_orUndumpedSource_isAClearError() {
    CliTest.Run r =
        run(
            "trace",
            snapshot("seed-flannel-host-gw"),
            "--from",
            "default/nope",
            "--to",
            "10.10.2.4");
    assertThat(r.status()).isEqualTo(2);
    assertThat(r.err()).contains("--from default/nope");
    CliTest.Run undumped =
        run(
            "trace",
            snapshot("seed-flannel-host-gw"),
            "--from",
            "busybox-8647b8666c-pg7ps",
            "--to",
            "10.10.1.6");
    assertThat(undumped.status()).isEqualTo(2);
    assertThat(undumped.err()).contains("was not dumped").contains("--assume-cni-pods");
  }

  @Test
  void trace_garbageEverywhere_neverAStackTrace(@TempDir Path dir) throws Exception {
    java.util.Random rnd = new java.util.Random(6);
    Path node = Files.createDirectories(dir.resolve("node-a").resolve("netns").resolve("p"));
    String[] names = {
      "ip-link.json",
      "ip-addr.json",
      "ip-route.json",
      "ip-rule.json",
      "ip-neigh.json",
      "bridge-fdb.json",
      "ip-route.txt",
      "ifconfig.txt",
      "sysctl.txt",
      "iptables-save.txt",
      "ipset-save.txt",
      "subnet.env",
      "ip-netns-list-id.txt"
    };
    for (Path d : new Path[] {dir.resolve("node-a"), node}) {
      for (String n : names) {
        byte[] b = new byte[rnd.nextInt(300)];
        rnd.nextBytes(b);
        Files.write(d.resolve(n), b);
      }
    }
    Files.writeString(dir.resolve("kubectl-get-pods.txt"), "NAME READY\n\u0000\u0001");
    CliTest.Run r = run("lint", dir.toString());
    assertThat(r.status()).as(r.err()).isEqualTo(1);
    assertThat(r.err()).isEmpty();
    CliTest.Run t = run("trace", dir.toString(), "--from", "node-a", "--to", "10.0.0.1");
    assertThat(t.err()).doesNotContain("internal error").doesNotContain("Exception");
  }

  @Test
  void collect_script_isPosixSh() throws Exception {
    Path script = Samples.root().resolve("collect/podpath-collect.sh");
    Process p = new ProcessBuilder("sh", "-n", script.toString()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as(out).isZero();
    Matcher bashisms =
        Pattern.compile("\\[\\[|\\$\\(\\(|function |<<<|\\$\\{[A-Za-z_]+//")
            .matcher(Files.readString(script));
    assertThat(bashisms.find()).as("bash-only syntax in a POSIX sh script").isFalse();
  }
}
