package dev.podpath.model.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podpath.model.dump.DumpWarning;
import dev.podpath.model.netfilter.NetfilterTable;
import dev.podpath.model.netfilter.RulesUnknown;
import dev.podpath.model.netfilter.Ruleset;
import dev.podpath.model.topo.NetnsName;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Given a node folder and its collect.log, when the snapshot is read, then every dump the collector
 * could not take is a problem naming the folder and what is unknown, and a namespace whose iptables
 * rules were not dumped has rules that are unknown; a hand-made folder without an iptables dump has
 * no rules, said as an assumption.
 */
final class CollectGapsTest {

  @TempDir Path dir;

  private static final String HEADER =
      "# podpath collect.log format 1: podpath-collect.sh on node worker1 at"
          + " 2026-11-22T07:31:20Z\n";

  private void write(String rel, String content) throws IOException {
    Path p = dir.resolve(rel);
    Files.createDirectories(p.getParent());
    Files.writeString(p, content);
  }

  /** A node with one address and a pod namespace, both with a route dump. */
  private void node() throws IOException {
    write(
        "worker1/ip-addr.txt",
        "2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 state UP\n"
            + "    link/ether 52:54:00:12:34:56 brd ff:ff:ff:ff:ff:ff\n    inet 192.168.2.16/24 scope global eth0\n");
    write(
        "worker1/netns/pod5/ip-route.txt",
        "10.10.1.0/24 dev eth0 proto kernel scope link src 10.10.1.6\n");
  }

  private Ruleset rules(Snapshot s, String ns) {
    return s.topology().namespaces().get(NetnsName.of(ns)).netfilter();
  }

  private static List<String> problems(Snapshot s) {
    return s.warnings().stream().map(DumpWarning::toString).toList();
  }

  @Test
  void iptablesSaveFailed_isAProblemAtItsLogLine_andTheRulesAreUnknown() throws Exception {
    node();
    write("worker1/iptables-save.txt", "");
    write(
        "worker1/collect.log",
        HEADER
            + "netns/pod5/iptables-save.txt: exit 1: ip netns exec pod5 iptables-save -c\n"
            + "    iptables-save v1.8.7 (nf_tables): Could not fetch rule set generation id: Permission denied (you must be root)\n");
    Snapshot s = Snapshot.load(dir, Snapshot.Options.DEFAULTS);
    assertThat(s.warnings())
        .singleElement()
        .satisfies(
            w -> {
              assertThat(w.location()).isEqualTo("worker1/collect.log:2:1");
              assertThat(w.text())
                  .isEqualTo(
                      "netns/pod5/iptables-save.txt: exit 1: ip netns exec pod5 iptables-save -c");
              assertThat(w.message())
                  .isEqualTo(
                      "no iptables dump: netfilter unknown in worker1/netns/pod5 (a trace that"
                          + " reaches one of its netfilter hooks ends NOT_MODELLED); `ip netns exec pod5 iptables-save -c` failed with"
                          + " exit status 1 (iptables-save v1.8.7 (nf_tables): Could not fetch rule set generation id: Permission denied"
                          + " (you must be root))");
            });
    assertThat(rules(s, "pod5").unknown()).containsInstanceOf(RulesUnknown.NotCollected.class);
    assertThat(rules(s, "pod5").unknown().orElseThrow().explain())
        .startsWith(
            "iptables-save was not collected:"
                + " `ip netns exec pod5 iptables-save -c` failed with exit status 1")
        .endsWith("(worker1/collect.log:2)");
    assertThat(rules(s, "worker1")).isEqualTo(Ruleset.EMPTY);
    assertThat(s.assumptions()).noneMatch(a -> a.text().contains("iptables"));
  }

  @Test
  void iptablesSaveNotFound_onTheNode_makesTheNodesRulesUnknown() throws Exception {
    node();
    write("worker1/netns/pod5/iptables-save.txt", "");
    write("worker1/collect.log", HEADER + "iptables-save.txt: not found: iptables-save -c\n");
    Snapshot s = Snapshot.load(dir, Snapshot.Options.DEFAULTS);
    assertThat(problems(s))
        .singleElement()
        .asString()
        .contains("no iptables dump: netfilter unknown in worker1 (")
        .contains("`iptables-save -c` was not found on the node");
    assertThat(rules(s, "worker1").isKnown()).isFalse();
    assertThat(rules(s, "pod5").isKnown()).isTrue();
  }

  @Test
  void aCollectedFolderWithoutIptablesSave_andNoWordOfIt_hasUnknownRules() throws Exception {
    node();
    write("worker1/iptables-save.txt", "");
    write("worker1/collect.log", HEADER);
    Snapshot s = Snapshot.load(dir, Snapshot.Options.DEFAULTS);
    assertThat(s.warnings())
        .singleElement()
        .satisfies(
            w -> {
              assertThat(w.location()).isEqualTo("worker1/netns/pod5");
              assertThat(w.message())
                  .startsWith("no iptables dump: netfilter unknown in worker1/netns/pod5")
                  .contains("though worker1/collect.log shows a collector wrote the folder");
            });
    assertThat(rules(s, "pod5").unknown())
        .contains(new RulesUnknown.NotInFolder("worker1/netns/pod5", "worker1/collect.log"));
  }

  @Test
  void aHandMadeFolderWithoutIptablesSave_hasNoRules_saidAsAnAssumption() throws Exception {
    node();
    write(
        "worker1/netns/pod5/iptables-save.txt",
        "*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n" + ":OUTPUT ACCEPT [0:0]\nCOMMIT\n");
    Snapshot s = Snapshot.load(dir, Snapshot.Options.DEFAULTS);
    assertThat(s.warnings()).isEmpty();
    assertThat(rules(s, "worker1")).isEqualTo(Ruleset.EMPTY);
    assertThat(rules(s, "pod5").hasTable(NetfilterTable.FILTER)).isTrue();
    assertThat(s.assumptions())
        .filteredOn(a -> a.text().contains("iptables"))
        .singleElement()
        .asString()
        .isEqualTo(
            "worker1: assumed: no iptables rules (there is no iptables-save.txt and no collect.log of a collector"
                + " run; an empty iptables-save.txt says a namespace has no table)");
  }

  @Test
  void anEmptyIptablesSave_isANamespaceWithoutTables_withoutAProblemOrAssumption()
      throws Exception {
    node();
    write("worker1/iptables-save.txt", "");
    write("worker1/netns/pod5/iptables-save.txt", "");
    Snapshot s = Snapshot.load(dir, Snapshot.Options.DEFAULTS);
    assertThat(s.warnings()).isEmpty();
    assertThat(s.assumptions()).noneMatch(a -> a.text().contains("iptables"));
    assertThat(rules(s, "pod5")).isEqualTo(Ruleset.EMPTY);
  }

  @Test
  void otherFailures_nameWhatIsUnknown_unlessTheTextFormWorked() throws Exception {
    node();
    write("worker1/iptables-save.txt", "");
    write("worker1/netns/pod5/iptables-save.txt", "");
    write(
        "worker1/collect.log",
        HEADER
            + "netns/pod5/ip-route.json: exit 255: ip netns exec pod5 ip -j route show table all\n"
            + "    Option \"-j\" is unknown, try \"ip -help\".\n"
            + "netns/pod5/ip-neigh.json: exit 255: ip netns exec pod5 ip -j neigh show\n"
            + "ss-ltun.txt: not found: ss -ltun\n"
            + "bridge-fdb.json: exit 1: bridge -j fdb show\n"
            + "bridge-fdb.txt: exit 1: bridge fdb show\n"
            + "    Error: no such device\n");
    Snapshot s = Snapshot.load(dir, Snapshot.Options.DEFAULTS);
    // ip-route.txt is there; ip neigh show printed nothing (no entries): neither is a gap
    assertThat(problems(s)).hasSize(2);
    assertThat(problems(s).get(0))
        .startsWith(
            "worker1/collect.log:5:1: no socket dump: the listening sockets of worker1"
                + " are unknown; `ss -ltun` was not found on the node");
    assertThat(problems(s).get(1))
        .startsWith(
            "worker1/collect.log:7:1: no bridge fdb dump: the FDB entries of worker1"
                + " are unknown")
        .contains(
            "; `bridge -j fdb show` failed with exit status 1, then `bridge fdb show` failed with"
                + " exit status 1 (Error: no such device)");
  }

  @Test
  void ipsetNotFound_isAGapOnlyWhereRulesMatchSets() throws Exception {
    node();
    write(
        "worker1/iptables-save.txt",
        "*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n"
            + "-A INPUT -m set --match-set KUBE-NODE-IPS dst -j ACCEPT\nCOMMIT\n");
    write("worker1/netns/pod5/iptables-save.txt", "");
    write(
        "worker1/collect.log",
        HEADER
            + "ipset-save.txt: not found: ipset save\n"
            + "netns/pod5/ipset-save.txt: not found: ip netns exec pod5 ipset save\n");
    Snapshot s = Snapshot.load(dir, Snapshot.Options.DEFAULTS);
    assertThat(problems(s))
        .singleElement()
        .asString()
        .startsWith(
            "worker1/collect.log:2:1: no ipset dump: the sets"
                + " KUBE-NODE-IPS that rules in worker1 match are unknown, so netfilter is unknown there");
    assertThat(rules(s, "worker1").unknown())
        .containsInstanceOf(RulesUnknown.SetsNotCollected.class);
    assertThat(rules(s, "worker1").hasTable(NetfilterTable.FILTER))
        .as("the rules read are kept")
        .isTrue();
    assertThat(rules(s, "pod5").isKnown()).isTrue();
  }

  @Test
  void anEntryForAFolderThatIsNotThere_isAProblem() throws Exception {
    node();
    write("worker1/iptables-save.txt", "");
    write("worker1/netns/pod5/iptables-save.txt", "");
    write(
        "worker1/collect.log",
        HEADER
            + "netns/pid-77/ip-link.json: exit 1: nsenter --net=/proc/77/ns/net ip -j -d link show\n"
            + "    nsenter: cannot open /proc/77/ns/net: No such file or directory\n");
    Snapshot s = Snapshot.load(dir, Snapshot.Options.DEFAULTS);
    assertThat(problems(s))
        .singleElement()
        .asString()
        .startsWith("worker1/collect.log:2:1: no folder" + " worker1/netns/pid-77 in the snapshot")
        .contains("nsenter: cannot open /proc/77/ns/net");
  }

  @Test
  void aLogWithoutHeader_isOneProblem_andTheFolderIsTakenAsHandMade() throws Exception {
    node();
    write("worker1/collect.log", "/tmp/snap/worker1: iptables-save failed\n");
    Snapshot s = Snapshot.load(dir, Snapshot.Options.DEFAULTS);
    assertThat(problems(s))
        .singleElement()
        .asString()
        .startsWith("worker1/collect.log: no `# podpath collect.log" + " format 1: ...` header");
    assertThat(rules(s, "worker1")).isEqualTo(Ruleset.EMPTY);
    assertThat(s.assumptions())
        .filteredOn(a -> a.text().startsWith("no iptables rules"))
        .hasSize(2);
  }
}
