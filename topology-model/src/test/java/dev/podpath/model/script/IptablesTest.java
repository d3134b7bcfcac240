package dev.podpath.model.script;

import static dev.podpath.model.script.Scripts.fails;
import static dev.podpath.model.script.Scripts.root;
import static dev.podpath.model.script.Scripts.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.podpath.model.netfilter.IpSet;
import dev.podpath.model.netfilter.IptablesSave;
import dev.podpath.model.netfilter.NetfilterTable;
import dev.podpath.model.netfilter.Ruleset;
import dev.podpath.model.netfilter.Target;
import dev.podpath.model.topo.NetnsName;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code iptables}, {@code iptables-restore} and {@code ipset} in scenario scripts. Every expected
 * listing below is what {@code iptables-save} (v1.8.9, nf_tables) and {@code ipset save} (v7.17)
 * printed on kernel 6.18 after running the same script in a fresh network namespace, with the
 * {@code # Generated}/{@code # Completed} lines left out; every error message is what the tool
 * printed there (its first line; the "Try `iptables -h'" hint left out).
 */
final class IptablesTest {

  private static Scenario script(String name) {
    try {
      Path p = Path.of(IptablesTest.class.getResource("/netfilter/scripts/" + name).toURI());
      return ScenarioInterpreter.interpret(p);
    } catch (URISyntaxException | java.io.IOException | ScriptException e) {
      throw new AssertionError(e);
    }
  }

  private static Ruleset rules(Scenario s, String netns) {
    return s.topology()
        .require(netns.equals("root") ? NetnsName.ROOT : NetnsName.of(netns))
        .netfilter();
  }

  private static String save(Scenario s, String netns) {
    return IptablesSave.print(rules(s, netns), false);
  }

  @Test
  void docker_rulesAsDockerdWritesThem_saveAsTheKernelSaved() {
    Scenario s = script("docker.sh");
    assertThat(save(s, "root"))
        .isEqualTo(
            """
        *filter
        :INPUT ACCEPT [0:0]
        :FORWARD DROP [0:0]
        :OUTPUT ACCEPT [0:0]
        :DOCKER - [0:0]
        :DOCKER-ISOLATION-STAGE-1 - [0:0]
        :DOCKER-ISOLATION-STAGE-2 - [0:0]
        :DOCKER-USER - [0:0]
        -A FORWARD -j DOCKER-USER
        -A FORWARD -j DOCKER-ISOLATION-STAGE-1
        -A FORWARD -o docker0 -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
        -A FORWARD -o docker0 -j DOCKER
        -A FORWARD -i docker0 ! -o docker0 -j ACCEPT
        -A FORWARD -i docker0 -o docker0 -j ACCEPT
        -A DOCKER -d 172.17.0.2/32 ! -i docker0 -o docker0 -p tcp -m tcp --dport 80 -j ACCEPT
        -A DOCKER-ISOLATION-STAGE-1 -i docker0 ! -o docker0 -j DOCKER-ISOLATION-STAGE-2
        -A DOCKER-ISOLATION-STAGE-1 -j RETURN
        -A DOCKER-ISOLATION-STAGE-2 -o docker0 -j DROP
        -A DOCKER-ISOLATION-STAGE-2 -j RETURN
        -A DOCKER-USER -j RETURN
        COMMIT
        *nat
        :PREROUTING ACCEPT [0:0]
        :INPUT ACCEPT [0:0]
        :OUTPUT ACCEPT [0:0]
        :POSTROUTING ACCEPT [0:0]
        :DOCKER - [0:0]
        -A PREROUTING -m addrtype --dst-type LOCAL -j DOCKER
        -A OUTPUT ! -d 127.0.0.0/8 -m addrtype --dst-type LOCAL -j DOCKER
        -A POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE
        -A POSTROUTING -s 172.17.0.2/32 -d 172.17.0.2/32 -p tcp -m tcp --dport 80 -j MASQUERADE
        -A DOCKER -i docker0 -j RETURN
        -A DOCKER ! -i docker0 -p tcp -m tcp --dport 8080 -j DNAT --to-destination 172.17.0.2:80
        COMMIT
        """);
    assertThat(s.notes()).isEmpty();
    // each rule cites its script line
    assertThat(
            rules(s, "root")
                .chain(NetfilterTable.NAT, "DOCKER")
                .orElseThrow()
                .rules()
                .get(1)
                .origin()
                .toString())
        .endsWith(
            "docker.sh:23: iptables -t nat -A DOCKER ! -i docker0 -p tcp -m tcp --dport 8080 -j DNAT "
                + "--to-destination 172.17.0.2:80");
  }

  @Test
  void everyCommand_appendInsertDeleteReplaceChainsPolicyZero_andNetnsExec() {
    Scenario s = script("commands.sh");
    assertThat(save(s, "root"))
        .isEqualTo(
            """
        *mangle
        :PREROUTING ACCEPT [0:0]
        :INPUT ACCEPT [0:0]
        :FORWARD ACCEPT [0:0]
        :OUTPUT ACCEPT [0:0]
        :POSTROUTING ACCEPT [0:0]
        -A FORWARD -p tcp -m tcp --tcp-flags SYN,RST SYN -j TCPMSS --clamp-mss-to-pmtu
        -A OUTPUT -j MARK --set-xmark 0x10/0xff
        COMMIT
        *raw
        :PREROUTING ACCEPT [0:0]
        :OUTPUT ACCEPT [0:0]
        -A PREROUTING -p udp -m udp --dport 53 -j CT --notrack
        -A OUTPUT -j TRACE
        COMMIT
        *filter
        :INPUT DROP [0:0]
        :FORWARD ACCEPT [0:0]
        :OUTPUT ACCEPT [0:0]
        :SSH-IN - [0:0]
        -A INPUT -s 10.0.0.1/32 -p tcp -m tcp --dport 22 -j ACCEPT
        -A INPUT -p icmp -m icmp --icmp-type 8 -j ACCEPT
        -A INPUT -p udp -m comment --comment second -m udp --dport 5353 -j ACCEPT
        -A INPUT -j LOG --log-prefix "in: "
        -A INPUT -p tcp -m tcp --dport 22 -g SSH-IN
        -A SSH-IN -m conntrack --ctstate NEW -m recent --set --name ssh --mask 255.255.255.255 --rsource
        -A SSH-IN -m limit --limit 3/min -j ACCEPT
        COMMIT
        """);
    assertThat(save(s, "fw"))
        .isEqualTo(
            """
        *filter
        :INPUT ACCEPT [0:0]
        :FORWARD DROP [0:0]
        :OUTPUT ACCEPT [0:0]
        -A FORWARD -m physdev --physdev-is-bridged -m comment --comment bridged -j ACCEPT
        COMMIT
        *nat
        :PREROUTING ACCEPT [0:0]
        :INPUT ACCEPT [0:0]
        :OUTPUT ACCEPT [0:0]
        :POSTROUTING ACCEPT [0:0]
        -A POSTROUTING -o eth0 -j SNAT --to-source 192.0.2.1
        COMMIT
        """);
    assertThat(IptablesSave.listRules(rules(s, "root"), NetfilterTable.FILTER))
        .containsExactly(
            "-P INPUT DROP",
            "-P FORWARD ACCEPT",
            "-P OUTPUT ACCEPT",
            "-N SSH-IN",
            "-A INPUT -s 10.0.0.1/32 -p tcp -m tcp --dport 22 -j ACCEPT",
            "-A INPUT -p icmp -m icmp --icmp-type 8 -j ACCEPT",
            "-A INPUT -p udp -m comment --comment second -m udp --dport 5353 -j ACCEPT",
            "-A INPUT -j LOG --log-prefix \"in: \"",
            "-A INPUT -p tcp -m tcp --dport 22 -g SSH-IN",
            "-A SSH-IN -m conntrack --ctstate NEW -m recent --set --name ssh --mask 255.255.255.255 --rsource",
            "-A SSH-IN -m limit --limit 3/min -j ACCEPT");
    assertThat(s.notes())
        .extracting(n -> n.origin().line() + " " + n.severity() + " " + n.message())
        .containsExactly(
            "12 INFO -m recent is not simulated (podpath keeps no address lists): the rule is treated as matching",
            "13 INFO -m limit is not simulated (podpath keeps no rate state): the rule is treated as matching",
            "21 NOT_MODELLED -j TCPMSS is not modelled: podpath keeps the rule but cannot evaluate it",
            "24 INFO -j TRACE only marks packets for xtables-monitor: podpath's traces show every rule anyway");
  }

  @Test
  void restore_fromFilesNextToTheScript_flushOrNoflush_andIpsets() {
    Scenario s = script("restore.sh");
    assertThat(save(s, "root"))
        .isEqualTo(
            """
        *filter
        :INPUT ACCEPT [0:0]
        :FORWARD DROP [0:0]
        :OUTPUT ACCEPT [0:0]
        :EXTRA - [0:0]
        :KEEP - [0:0]
        -A INPUT -j KEEP
        -A INPUT -m set --match-set ports dst,dst -j ACCEPT
        -A FORWARD -j EXTRA
        -A EXTRA -m set --match-set allowed src -j ACCEPT
        -A KEEP -p tcp -m multiport --dports 80,443 -j ACCEPT
        COMMIT
        *nat
        :PREROUTING ACCEPT [0:0]
        :INPUT ACCEPT [0:0]
        :OUTPUT ACCEPT [0:0]
        :POSTROUTING ACCEPT [0:0]
        -A POSTROUTING -s 10.244.0.0/16 ! -d 10.244.0.0/16 -j MASQUERADE
        COMMIT
        """);
    // ipset save printed the members in hash order: "add allowed 192.168.0.0/24", "add allowed
    // 10.1.0.0/16"
    Ruleset r = rules(s, "root");
    assertThat(r.ipset("allowed").orElseThrow().members())
        .extracting(IpSet.Member::text)
        .containsExactlyInAnyOrder("10.1.0.0/16", "192.168.0.0/24");
    assertThat(r.ipset("allowed").orElseThrow().type()).isEqualTo("hash:net");
    assertThat(r.ipset("ports").orElseThrow().members())
        .extracting(IpSet.Member::text)
        .containsExactly("10.96.0.10,tcp:80");
    // a rule read from a rules file cites that file's line
    assertThat(
            r.chain(NetfilterTable.FILTER, "KEEP").orElseThrow().rules().get(0).origin().location())
        .endsWith("base.rules:7");
  }

  @Test
  void orMark_andProbability_areSavedInTheirKernelForms() {
    Scenario s =
        run(
            "iptables -t nat -N KUBE-MARK-MASQ",
            "iptables -t nat -A KUBE-MARK-MASQ -j MARK --or-mark 0x4000",
            "iptables -t nat -N KUBE-SVC-X",
            "iptables -t nat -N KUBE-SEP-A",
            "iptables -t nat -A KUBE-SVC-X -m statistic --mode random --probability 0.3333333333 -j KUBE-SEP-A",
            "iptables -t nat -A KUBE-SEP-A -p tcp -m tcp --dport 80 -m comment --comment x -m tcp --sport 5 -j DNAT --to-destination 10.244.0.3:8080",
            "iptables -t nat -A POSTROUTING -m mark --mark 0x4000/0x4000 -j MASQUERADE --random-fully");
    assertThat(IptablesSave.listRules(root(s).netfilter(), NetfilterTable.NAT))
        .containsExactly(
            "-P PREROUTING ACCEPT",
            "-P INPUT ACCEPT",
            "-P OUTPUT ACCEPT",
            "-P POSTROUTING ACCEPT",
            "-N KUBE-MARK-MASQ",
            "-N KUBE-SEP-A",
            "-N KUBE-SVC-X",
            "-A POSTROUTING -m mark --mark 0x4000/0x4000 -j MASQUERADE --random-fully",
            "-A KUBE-MARK-MASQ -j MARK --set-xmark 0x4000/0x4000",
            // iptables-nft folds the second -m tcp into the first (verified)
            "-A KUBE-SEP-A -p tcp -m tcp --sport 5 --dport 80 -m comment --comment x -j DNAT --to-destination 10.244.0.3:8080",
            "-A KUBE-SVC-X -m statistic --mode random --probability 0.33333333349 -j KUBE-SEP-A");
    assertThat(
            root(s)
                .netfilter()
                .chain(NetfilterTable.NAT, "KUBE-MARK-MASQ")
                .orElseThrow()
                .rules()
                .get(0)
                .target())
        .isEqualTo(new Target.Mark(0x4000, 0x4000));
  }

  @Test
  void aFreshNamespace_hasNoTables_andListingCreatesNone() {
    Scenario s =
        run(
            "ip netns add a",
            "ip netns exec a iptables -S",
            "ip netns exec a iptables -t nat -L -n -v",
            "ip netns exec a iptables -F",
            "ip netns exec a iptables -t security -Z",
            "ip netns exec a iptables-save");
    assertThat(Scripts.ns(s, "a").netfilter().isEmpty()).isTrue();
  }

  @Test
  void restoreIsAllOrNothing_andTestModeChangesNothing(@org.junit.jupiter.api.io.TempDir Path dir)
      throws Exception {
    java.nio.file.Files.writeString(
        dir.resolve("bad.rules"),
        "*filter\n-A INPUT -j ACCEPT\n-A INPUT -p tcp --bogus 1\nCOMMIT\n");
    java.nio.file.Files.writeString(
        dir.resolve("good.rules"), "*filter\n-A INPUT -j DROP\nCOMMIT\n");
    String file = dir.resolve("t.sh").toString();
    ScriptException e =
        org.assertj.core.api.Assertions.catchThrowableOfType(
            ScriptException.class,
            () ->
                ScenarioInterpreter.interpret(
                    file,
                    "iptables -A OUTPUT -j ACCEPT\niptables-restore < bad.rules",
                    dev.podpath.model.sysctl.Sysctls.kernelDefaults()));
    assertThat(e.reason())
        .isEqualTo(
            """
        iptables-restore v1.8.9 (nf_tables): unknown option "--bogus"
        Error occurred at line: 3
            at bad.rules:3:17: unknown option "--bogus\"""");
    Scenario s =
        ScenarioInterpreter.interpret(
            file,
            "iptables -A OUTPUT -j ACCEPT\niptables-restore -t < good.rules",
            dev.podpath.model.sysctl.Sysctls.kernelDefaults());
    assertThat(IptablesSave.listRules(root(s).netfilter(), NetfilterTable.FILTER))
        .containsExactly(
            "-P INPUT ACCEPT", "-P FORWARD ACCEPT", "-P OUTPUT ACCEPT", "-A OUTPUT -j ACCEPT");
  }

  static Stream<Arguments> errors() {
    return Stream.of(
        Arguments.of("iptables -N FOO; iptables -N FOO", "iptables: Chain already exists."),
        Arguments.of("iptables -A BAR -j ACCEPT", "iptables: No chain/target/match by that name."),
        Arguments.of(
            "iptables -A INPUT -j FOOX",
            "iptables v1.8.9 (nf_tables): Chain 'FOOX' does not exist"),
        Arguments.of(
            "iptables -A INPUT -s 1.2.3.4 -j ACCEPT; iptables -D INPUT -s 1.2.3.5 -j ACCEPT",
            "iptables: Bad rule (does a matching rule exist in that chain?)."),
        Arguments.of(
            "iptables -N A; iptables -A INPUT -j A; iptables -X A",
            "iptables v1.8.9 (nf_tables):  CHAIN_DEL failed (Device or resource busy): chain A"),
        Arguments.of(
            "iptables -N C; iptables -A C -j ACCEPT; iptables -X C",
            "iptables v1.8.9 (nf_tables):  CHAIN_DEL failed (Device or resource busy): chain C"),
        Arguments.of(
            "iptables -A INPUT -j ACCEPT; iptables -D INPUT 9",
            "iptables: Index of deletion too big."),
        Arguments.of("iptables -D FORWARD 1", "iptables: No chain/target/match by that name."),
        Arguments.of("iptables -D INPUT 0", "iptables v1.8.9 (nf_tables): Invalid rule number `0'"),
        Arguments.of(
            "iptables -A INPUT -j ACCEPT; iptables -R INPUT 9 -j ACCEPT",
            "iptables: Index of replacement too big."),
        Arguments.of(
            "iptables -A INPUT -j ACCEPT; iptables -I INPUT 3 -j ACCEPT",
            "iptables: Index of insertion too big."),
        Arguments.of(
            "iptables -N E; iptables -I E 2 -j ACCEPT", "iptables: Index of insertion too big."),
        Arguments.of(
            "iptables -I INPUT x -j ACCEPT",
            "iptables v1.8.9 (nf_tables): Invalid rule number `x'"),
        Arguments.of("iptables -X NOPE", "iptables: No chain/target/match by that name."),
        Arguments.of("iptables -F NOPE", "iptables: No chain/target/match by that name."),
        Arguments.of("iptables -Z NOPE", "iptables: No chain/target/match by that name."),
        Arguments.of("iptables -P NOPE DROP", "iptables: Bad built-in chain name."),
        Arguments.of(
            "iptables -P FORWARD FOO",
            "iptables: Bad policy name. Run `dmesg' for more information."),
        Arguments.of(
            "iptables -P INPUT accept",
            "iptables: Bad policy name. Run `dmesg' for more information."),
        Arguments.of(
            "iptables -N ACCEPT",
            "iptables v1.8.9 (nf_tables): chain name may not clash with target name"),
        Arguments.of(
            "iptables -N DNAT",
            "iptables v1.8.9 (nf_tables): chain name may not clash with target name"),
        Arguments.of(
            "iptables -N averyveryveryveryverylongchainname",
            "iptables v1.8.9 (nf_tables): chain name "
                + "`averyveryveryveryverylongchainname' too long (must be under 29 chars)"),
        Arguments.of(
            "iptables -N -bad",
            "iptables v1.8.9 (nf_tables): chain name not allowed to start with `-'"),
        Arguments.of("iptables -N U; iptables -E U INPUT", "iptables: File exists."),
        Arguments.of("iptables -E NOPE Z", "iptables: No chain/target/match by that name."),
        Arguments.of(
            "iptables -S NOPE",
            "iptables v1.8.9 (nf_tables): chain `NOPE' in table `filter' is incompatible, use 'nft' tool."),
        Arguments.of(
            "iptables -t foo -L",
            "iptables v1.8.9 (nf_tables): table 'foo' does not exist\n"
                + "Perhaps iptables or your kernel needs to be upgraded."),
        Arguments.of(
            "iptables -A INPUT -m foo -j ACCEPT",
            "iptables v1.8.9 (nf_tables): Couldn't load match `foo':No such file or directory"),
        Arguments.of(
            "iptables -A INPUT -m tcp --dport 80",
            "iptables v1.8.9 (nf_tables): TCP match requires '-p tcp'"),
        Arguments.of(
            "iptables -A INPUT -p tcp --bogus",
            "iptables v1.8.9 (nf_tables): unknown option \"--bogus\""),
        Arguments.of(
            "iptables -A INPUT -p udp --syn",
            "iptables v1.8.9 (nf_tables): unknown option \"--syn\""),
        Arguments.of(
            "iptables -A INPUT --dport 80",
            "iptables v1.8.9 (nf_tables): unknown option \"--dport\""),
        Arguments.of(
            "iptables -A INPUT -s 1.2.3.4/40 -j ACCEPT",
            "iptables v1.8.9 (nf_tables): invalid mask `40' specified"),
        Arguments.of(
            "iptables -A INPUT -s 300.1.1.1",
            "iptables v1.8.9 (nf_tables): host/network `300.1.1.1' not found"),
        Arguments.of(
            "iptables -A INPUT -p foo",
            "iptables v1.8.9 (nf_tables): unknown protocol \"foo\" specified"),
        Arguments.of(
            "iptables -A INPUT -p tcp --dport 99999",
            "iptables v1.8.9 (nf_tables): invalid port/service `99999' specified"),
        Arguments.of(
            "iptables -A INPUT -p tcp --sport 5:3",
            "iptables v1.8.9 (nf_tables): invalid portrange (min > max)"),
        Arguments.of(
            "iptables -A INPUT -p tcp --dport 80 --dport 81",
            "iptables v1.8.9 (nf_tables): Only one `--destination-port' allowed"),
        Arguments.of(
            "iptables -A INPUT -p tcp --tcp-flags FOO SYN",
            "iptables v1.8.9 (nf_tables): Unknown TCP flag `FOO'"),
        Arguments.of(
            "iptables -A INPUT -p icmp --icmp-type foo",
            "iptables v1.8.9 (nf_tables): Unknown ICMP type `foo'"),
        Arguments.of(
            "iptables -A INPUT -m set --match-set X src",
            "iptables v1.8.9 (nf_tables): Set X doesn't exist."),
        Arguments.of(
            "iptables -A INPUT -m conntrack --ctstate FOO",
            "iptables v1.8.9 (nf_tables): Bad ctstate \"FOO\""),
        Arguments.of(
            "iptables -A INPUT -m conntrack",
            "iptables v1.8.9 (nf_tables): conntrack: At least one option is required"),
        Arguments.of(
            "iptables -A INPUT -m conntrack --ctstatus FOO",
            "iptables v1.8.9 (nf_tables): Bad ctstatus \"FOO\""),
        Arguments.of(
            "iptables -A INPUT -m mark --mark 0x4000/0x4000/1",
            "iptables v1.8.9 (nf_tables): mark: trailing garbage after value for option \"--mark\"."),
        Arguments.of(
            "iptables -A INPUT -m mark --mark foo",
            "iptables v1.8.9 (nf_tables): mark: bad integer value for option \"--mark\", or out of range."),
        Arguments.of(
            "iptables -A INPUT -m mark",
            "iptables v1.8.9 (nf_tables): mark: option \"--mark\" must be specified"),
        Arguments.of(
            "iptables -A INPUT -m comment",
            "iptables v1.8.9 (nf_tables): comment: option \"--comment\" must be specified"),
        Arguments.of(
            "iptables -A INPUT -m state",
            "iptables v1.8.9 (nf_tables): state: option \"--state\" must be specified"),
        Arguments.of(
            "iptables -A INPUT -m addrtype",
            "iptables v1.8.9 (nf_tables): addrtype: you must specify --src-type or --dst-type"),
        Arguments.of(
            "iptables -A INPUT -m addrtype --src-type FOO",
            "iptables v1.8.9 (nf_tables): addrtype: bad type \"FOO\""),
        Arguments.of(
            "iptables -A INPUT -m physdev",
            "iptables v1.8.9 (nf_tables): PHYSDEV: no physdev option specified"),
        Arguments.of(
            "iptables -A INPUT -m statistic --mode foo",
            "iptables v1.8.9 (nf_tables): Bad mode \"foo\""),
        Arguments.of(
            "iptables -A INPUT -m statistic --mode random",
            "iptables v1.8.9 (nf_tables): --probability must be specified when using random mode"),
        Arguments.of(
            "iptables -A INPUT -m statistic --mode random --probability 2",
            "iptables v1.8.9 (nf_tables): "
                + "statistic: bad value for option \"--probability\", or out of range (0-1)."),
        Arguments.of(
            "iptables -A INPUT -m statistic --mode nth --every 3",
            "iptables v1.8.9 (nf_tables): statistic: option \"--every\" also requires \"--packet\"."),
        Arguments.of(
            "iptables -A INPUT -m statistic --mode nth --every 2 --packet 2",
            "iptables v1.8.9 (nf_tables): the --packet p must be 0 <= p <= n-1"),
        Arguments.of(
            "iptables -A INPUT -p tcp -m multiport --dports 1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16",
            "iptables v1.8.9 (nf_tables): too many ports specified"),
        Arguments.of(
            "iptables -A INPUT -m multiport --dports 1",
            "iptables v1.8.9 (nf_tables): "
                + "multiport needs `-p tcp', `-p udp', `-p udplite', `-p sctp' or `-p dccp'"),
        Arguments.of(
            "iptables -A INPUT -p tcp -m multiport --dports 1 --sports 2",
            "iptables v1.8.9 (nf_tables): "
                + "multiport: option \"--source-ports\" cannot be used together with \"--destination-ports\"."),
        Arguments.of(
            "iptables -A INPUT -i eth0 -i eth1",
            "iptables v1.8.9 (nf_tables): multiple -i flags not allowed"),
        Arguments.of(
            "iptables -A INPUT -p tcp -p udp",
            "iptables v1.8.9 (nf_tables): multiple -p flags not allowed"),
        Arguments.of(
            "iptables -A INPUT -j ACCEPT -j DROP",
            "iptables v1.8.9 (nf_tables): multiple -j flags not allowed"),
        Arguments.of(
            "iptables -A INPUT ! ! -s 1.1.1.1",
            "iptables v1.8.9 (nf_tables): multiple consecutive ! not allowed"),
        Arguments.of(
            "iptables -A INPUT -j",
            "iptables v1.8.9 (nf_tables): option \"-j\" requires an argument"),
        Arguments.of(
            "iptables -A", "iptables v1.8.9 (nf_tables): option \"-A\" requires an argument"),
        Arguments.of("iptables -A INPUT extra", "Bad argument `extra'"),
        Arguments.of(
            "iptables -A INPUT -i abcdefghijklmnopq",
            "iptables v1.8.9 (nf_tables): interface name `abcdefghijklmnopq' must be shorter than IFNAMSIZ (15)"),
        Arguments.of(
            "iptables -A OUTPUT -i eth0 -j ACCEPT",
            "iptables v1.8.9 (nf_tables): Can't use -i with OUTPUT"),
        Arguments.of(
            "iptables -t nat -A POSTROUTING -i eth0 -j ACCEPT",
            "iptables v1.8.9 (nf_tables): Can't use -i with POSTROUTING"),
        Arguments.of(
            "iptables -t nat -A PREROUTING -o eth0 -j ACCEPT",
            "iptables v1.8.9 (nf_tables): Can't use -o with PREROUTING"),
        Arguments.of(
            "iptables -A INPUT -o eth0 -j ACCEPT",
            "iptables v1.8.9 (nf_tables): Can't use -o with INPUT"),
        Arguments.of(
            "iptables -t nat -A PREROUTING -j DROP",
            "iptables v1.8.9 (nf_tables): The \"nat\" table is not "
                + "intended for filtering, the use of DROP is therefore inhibited."),
        Arguments.of(
            "iptables -t nat -P POSTROUTING DROP",
            "iptables v1.8.9 (nf_tables): The \"nat\" table is not "
                + "intended for filtering, the use of DROP is therefore inhibited."),
        Arguments.of(
            "iptables -A INPUT -j REJECT --reject-with bogus",
            "iptables v1.8.9 (nf_tables): unknown reject type \"bogus\""),
        Arguments.of(
            "iptables -A INPUT -j LOG --log-level foo",
            "iptables v1.8.9 (nf_tables): log level \"foo\" unknown"),
        Arguments.of(
            "iptables -A INPUT -j MARK",
            "iptables v1.8.9 (nf_tables): MARK: One of the --set-xmark, --{and,or,xor,set}-mark options is required"),
        Arguments.of(
            "iptables -A INPUT -j MARK --set-mark 1 --or-mark 2",
            "iptables v1.8.9 (nf_tables): "
                + "MARK: option \"--set-mark\" cannot be used together with \"--or-mark\"."),
        Arguments.of(
            "iptables -t nat -A PREROUTING -j DNAT",
            "iptables v1.8.9 (nf_tables): "
                + "DNAT: option \"--to-destination\" must be specified"),
        Arguments.of(
            "iptables -t nat -A PREROUTING -p tcp -j DNAT --to-destination 1.1.1.1:80 --to-destination 2.2.2.2",
            "iptables v1.8.9 (nf_tables): DNAT: option \"--to-destination\" can only be used once."),
        Arguments.of(
            "iptables -t nat -A PREROUTING -j DNAT --to-destination foo",
            "iptables v1.8.9 (nf_tables): Bad IP address \"foo\""),
        Arguments.of(
            "iptables -t nat -A PREROUTING -j DNAT --to-destination 10.0.0.1:80",
            "iptables v1.8.9 (nf_tables): Need TCP, UDP, SCTP or DCCP with port specification"),
        Arguments.of(
            "iptables -t nat -A PREROUTING -p tcp -j DNAT --to-destination 1.1.1.1:90-80",
            "iptables v1.8.9 (nf_tables): Port range `80' funky"),
        Arguments.of(
            "iptables -t nat -A POSTROUTING -p tcp -j MASQUERADE --to-ports 99999",
            "iptables v1.8.9 (nf_tables): Port `99999' not valid"),
        Arguments.of(
            "iptables -A INPUT -j DNAT --to-destination 1.2.3.4",
            "iptables v1.8.9 (nf_tables):  RULE_APPEND failed (Invalid argument): rule in chain INPUT"),
        Arguments.of(
            "iptables -t nat -A INPUT -j DNAT --to-destination 1.2.3.4",
            "iptables v1.8.9 (nf_tables):  RULE_APPEND failed (Invalid argument): rule in chain INPUT"),
        Arguments.of(
            "iptables -t nat -A PREROUTING -j MASQUERADE",
            "iptables v1.8.9 (nf_tables):  RULE_APPEND failed (Invalid argument): rule in chain PREROUTING"),
        Arguments.of(
            "iptables -t mangle -A PREROUTING -j REJECT",
            "iptables v1.8.9 (nf_tables):  RULE_APPEND failed (Invalid argument): rule in chain PREROUTING"),
        Arguments.of(
            "iptables -N T; iptables -A T -j REJECT --reject-with tcp-reset",
            "iptables v1.8.9 (nf_tables):  RULE_APPEND failed (Invalid argument): rule in chain T"),
        Arguments.of(
            "iptables -A INPUT -j CT --notrack",
            "iptables v1.8.9 (nf_tables):  RULE_APPEND failed (Invalid argument): rule in chain INPUT"),
        Arguments.of(
            "iptables -t mangle -A PREROUTING -j NOTRACK",
            "iptables v1.8.9 (nf_tables):  RULE_APPEND failed (Invalid argument): rule in chain PREROUTING"),
        Arguments.of(
            "iptables -I INPUT 1 -j REDIRECT",
            "iptables v1.8.9 (nf_tables):  RULE_INSERT failed (Invalid argument): rule in chain INPUT"),
        Arguments.of(
            "iptables -t nat -N D; iptables -t nat -A INPUT -j D; "
                + "iptables -t nat -A D -p tcp -j DNAT --to-destination 1.1.1.1:80",
            "iptables v1.8.9 (nf_tables):  RULE_APPEND failed (Invalid argument): rule in chain D"),
        Arguments.of(
            "iptables -t nat -N D; iptables -t nat -A D -p tcp -j DNAT --to-destination 1.1.1.1:80; "
                + "iptables -t nat -A INPUT -j D",
            "iptables v1.8.9 (nf_tables):  RULE_APPEND failed (Invalid argument): rule in chain INPUT"),
        Arguments.of(
            "iptables -t nat -N D; iptables -t nat -A INPUT -j D; iptables -t nat -A D -j ACCEPT; "
                + "iptables -t nat -R D 1 -p tcp -j DNAT --to-destination 1.1.1.1:80",
            "iptables v1.8.9 (nf_tables):  RULE_REPLACE failed (Invalid argument): rule in chain D"),
        // a jump passes its chain's hooks on through the rules already there
        Arguments.of(
            "iptables -t nat -N D; iptables -t nat -N E; iptables -t nat -A D -j E; "
                + "iptables -t nat -A INPUT -j D; "
                + "iptables -t nat -A E -p tcp -j DNAT --to-destination 1.1.1.1:80",
            "iptables v1.8.9 (nf_tables):  RULE_APPEND failed (Invalid argument): rule in chain E"),
        // a renamed chain keeps the hooks that reach it
        Arguments.of(
            "iptables -t nat -N D; iptables -t nat -A INPUT -j D; iptables -t nat -E D F; "
                + "iptables -t nat -A F -p tcp -j DNAT --to-destination 1.1.1.1:80",
            "iptables v1.8.9 (nf_tables):  RULE_APPEND failed (Invalid argument): rule in chain F"));
  }

  /** Kernel 6.18, iptables 1.8.9 (nf_tables): the same lines succeed. */
  @Test
  void aChainNoLongerReached_takesATargetItsFormerHookRefused() {
    Scenario s =
        run(
            "iptables -t nat -N D",
            "iptables -t nat -A INPUT -j D",
            "iptables -t nat -D INPUT -j D",
            "iptables -t nat -A D -p tcp -j DNAT --to-destination 1.1.1.1:80");

    assertThat(save(s, "root")).contains("-A D -p tcp -j DNAT --to-destination 1.1.1.1:80");
  }

  @ParameterizedTest
  @MethodSource("errors")
  void refusedCommands_failWithIptablesWords(String line, String message) {
    assertThat(fails(line).reason()).isEqualTo(message);
  }

  static Stream<Arguments> restoreErrors() {
    return Stream.of(
        Arguments.of(
            "*filter\n-A NOPE -j ACCEPT\nCOMMIT\n",
            "iptables-restore: line 2 failed: No chain/target/match by that name.",
            "r.rules:2:1"),
        Arguments.of(
            "*filter\n-A INPUT -j ACCEPT\n",
            "iptables-restore: COMMIT expected at line 3",
            "r.rules:2:1"),
        Arguments.of("-A INPUT -j ACCEPT\n", "iptables-restore: line 1 failed", "r.rules:1:1"),
        Arguments.of(
            "*filter\n-A INPUT -p tcp --bogus 1 -j ACCEPT\nCOMMIT\n",
            "iptables-restore v1.8.9 (nf_tables): unknown option \"--bogus\"\nError occurred at line: 2",
            "r.rules:2:17"),
        Arguments.of(
            "*nofilter\nCOMMIT\n",
            "iptables-restore v1.8.9 (nf_tables): iptables-restore: line 1 table name "
                + "'nofilter' invalid\nError occurred at line: 1",
            "r.rules:1:2"),
        Arguments.of(
            "*filter\n:INPUT BOGUS [0:0]\nCOMMIT\n",
            "iptables-restore: line 2 failed: Bad policy name.",
            "r.rules:2:8"),
        Arguments.of(
            "*filter\n-A INPUT -j ACCEPT\n*nat\nCOMMIT\n",
            "Bad argument `*nat'\nError occurred at line: 3",
            "r.rules:3:1"),
        Arguments.of(
            "*filter\nbogus line\nCOMMIT\n",
            "Bad argument `bogus'\nError occurred at line: 2",
            "r.rules:2:1"),
        Arguments.of(
            "*filter\n-A INPUT -j FOO\nCOMMIT\n",
            // iptables-nft finds the missing chain at COMMIT (line 3); podpath's position names the
            // rule
            "iptables-restore v1.8.9 (nf_tables): Chain 'FOO' does not exist\nError occurred at line: 3",
            "r.rules:2:13"),
        Arguments.of(
            "*filter\n-A INPUT -m foo -j ACCEPT\nCOMMIT\n",
            "iptables-restore v1.8.9 (nf_tables): "
                + "Couldn't load match `foo':No such file or directory\nError occurred at line: 2",
            "r.rules:2:13"));
  }

  /**
   * What iptables-restore printed for the same files (the kernel ran them; podpath adds
   * file:line:column).
   */
  @ParameterizedTest
  @MethodSource("restoreErrors")
  void restoreErrors_areWordedAsIptablesRestore(
      String content, String message, String where, @org.junit.jupiter.api.io.TempDir Path dir)
      throws Exception {
    java.nio.file.Files.writeString(dir.resolve("r.rules"), content);
    ScriptException e =
        org.assertj.core.api.Assertions.catchThrowableOfType(
            ScriptException.class,
            () ->
                ScenarioInterpreter.interpret(
                    dir.resolve("t.sh").toString(),
                    "iptables-restore < r.rules",
                    dev.podpath.model.sysctl.Sysctls.kernelDefaults()));
    assertThat(e.reason()).startsWith(message + "\n    at " + where + ": ");
  }

  @Test
  void restoreWithoutInput_saysHowToGiveIt() {
    assertThat(fails("iptables-restore").reason())
        .isEqualTo(
            "iptables-restore reads its rules from standard input: "
                + "give them as iptables-restore < FILE (here-documents are not supported by podpath's shell)");
    assertThat(fails("iptables-restore <<EOF").reason())
        .isEqualTo(
            "here-documents (<<EOF) are not supported: put the text in a file and use < FILE");
    assertThat(fails("cat rules | iptables-restore").reason())
        .isEqualTo(
            "iptables-restore reads its rules from a file here: use iptables-restore < FILE");
    assertThat(fails("iptables-restore < nowhere.rules").reason())
        .isEqualTo("nowhere.rules: No such file or directory");
  }

  @Test
  @org.junit.jupiter.api.Timeout(10)
  void restoreFromADevice_isRefusedAtOnce_namingIt() {
    org.junit.jupiter.api.Assumptions.assumeTrue(
        java.nio.file.Files.exists(java.nio.file.Path.of("/dev/zero")));
    // outside the scenario's folder: refused before it is opened (TextFilesTest has the device
    // itself)
    assertThat(fails("iptables-restore < /dev/zero").reason())
        .startsWith("/dev/zero: podpath reads restore files only from");
    assertThat(fails("ipset restore < /dev/zero").reason())
        .startsWith("/dev/zero: podpath reads restore files only from");
  }

  static Stream<Arguments> ipsetErrors() {
    return Stream.of(
        Arguments.of(
            "ipset create S hash:ip; ipset create S hash:ip",
            "ipset v7.17: Set cannot be created: set with the same name already exists"),
        Arguments.of(
            "ipset create S hash:ip; ipset add S 10.0.0.1; ipset add S 10.0.0.1",
            "ipset v7.17: Element cannot be added to the set: it's already added"),
        Arguments.of(
            "ipset create S hash:ip; ipset add S foo",
            "ipset v7.17: Syntax error: cannot parse foo: resolving to IPv4 address failed"),
        Arguments.of(
            "ipset add NOPE 1.1.1.1", "ipset v7.17: The set with the given name does not exist"),
        Arguments.of(
            "ipset create S hash:ip; ipset del S 9.9.9.9",
            "ipset v7.17: Element cannot be deleted from the set: it's not added"),
        Arguments.of(
            "ipset create Q hash:foo", "ipset v7.17: Syntax error: typename 'hash:foo' is unknown"),
        Arguments.of(
            "ipset create S hash:ip; iptables -A INPUT -m set --match-set S src -j ACCEPT; ipset destroy S",
            "ipset v7.17: Set cannot be destroyed: it is in use by a kernel component"),
        Arguments.of(
            "ipset destroy NOPE", "ipset v7.17: The set with the given name does not exist"));
  }

  @ParameterizedTest
  @MethodSource("ipsetErrors")
  void refusedIpsetCommands_failWithIpsetWords(String line, String message) {
    assertThat(fails(line).reason()).isEqualTo(message);
  }

  @Test
  void ipset_existFlag_cidrExpansion_flushAndDestroy() {
    Scenario s =
        run(
            "ipset create S hash:ip",
            "ipset add S 10.0.0.1",
            "ipset create -exist S hash:ip",
            "ipset add -exist S 10.0.0.1",
            "ipset add S 10.0.1.0/30",
            "ipset create P hash:ip,port",
            "ipset add P 10.0.0.1,tcp:80",
            "ipset add P 10.0.0.2,udp:53",
            "ipset add P 10.0.0.3,80",
            "ipset create Gone hash:net",
            "ipset destroy Gone",
            "ipset create F hash:net",
            "ipset add F 10.1.0.0/16",
            "ipset flush F");
    Ruleset r = root(s).netfilter();
    assertThat(r.ipset("S").orElseThrow().members())
        .extracting(IpSet.Member::text)
        .containsExactly("10.0.0.1", "10.0.1.0", "10.0.1.1", "10.0.1.2", "10.0.1.3");
    assertThat(r.ipset("P").orElseThrow().members())
        .extracting(IpSet.Member::text)
        .containsExactly("10.0.0.1,tcp:80", "10.0.0.2,udp:53", "10.0.0.3,tcp:80");
    assertThat(r.ipset("P").orElseThrow().members().get(1).elements())
        .containsExactly(
            new IpSet.Element.Net(dev.podpath.model.addr.Prefix.parse("10.0.0.2/32")),
            new IpSet.Element.Port(17, 53));
    assertThat(r.ipset("Gone")).isEmpty();
    assertThat(r.ipset("F").orElseThrow().members()).isEmpty();
  }
}
