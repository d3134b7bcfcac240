package dev.podpath.model.script;

import static dev.podpath.model.script.Scripts.describe;
import static dev.podpath.model.script.Scripts.dev;
import static dev.podpath.model.script.Scripts.fails;
import static dev.podpath.model.script.Scripts.root;
import static dev.podpath.model.script.Scripts.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.podpath.model.origin.Origin;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The sh subset scenarios use: comments, continuations, lists, variables, quotes, wrappers. */
final class ShellSyntaxTest {

  @Test
  void commentsBlankLinesShebangAndSetFlags_areAccepted() {
    Scenario s =
        run(
            "#!/bin/sh",
            "# a comment",
            "",
            "set -e",
            "set -eu",
            "set -x",
            "set -euo pipefail",
            "ip link add veth0 type veth peer name veth1   # trailing comment");
    assertThat(root(s).device("veth0")).isPresent();
    assertThat(s.notes()).isEmpty();
  }

  @Test
  void continuation_originIsFirstPhysicalLine_textIsJoined() {
    Scenario s =
        run(
            "ip netns add ns1",
            "ip link add veth0 \\",
            "    netns ns1 \\",
            "    type veth peer name veth1");
    Origin o = dev(s, "ns1", "veth0").origin();
    assertThat(o.line()).isEqualTo(2);
    assertThat(o.text()).isEqualTo("ip link add veth0 netns ns1 type veth peer name veth1");
  }

  @Test
  void continuation_errorNamesFirstLine() {
    ScriptException e =
        fails("ip link add a0 type veth peer name b0", "ip link set \\", "  veth9 up");
    assertThat(e.line()).isEqualTo(2);
    assertThat(e.getMessage())
        .isEqualTo("t.sh:2: Cannot find device \"veth9\"\n    ip link set veth9 up");
  }

  @Test
  void semicolonAndAnd_runEveryCommandInOrder() {
    Scenario s =
        run("ip link add a0 type veth peer name b0; ip link set a0 up && ip link set b0 up");
    assertThat(dev(s, "root", "a0").up()).isTrue();
    assertThat(dev(s, "root", "b0").up()).isTrue();
  }

  @Test
  void orTrue_swallowsAFailure_andOrFalse_fails() {
    Scenario s = run("ip link set nosuch up || true", "ip netns del nothere || echo gone");
    assertThat(s.notes()).isEmpty();
    ScriptException e = fails("ip link set nosuch up || ip link set other up");
    assertThat(e.reason()).isEqualTo("Cannot find device \"other\"");
  }

  @Test
  void andAfterFailure_isSkipped_butTheFailureCounts() {
    ScriptException e = fails("ip link set nosuch up && ip link add x type veth peer name y");
    assertThat(e.reason()).isEqualTo("Cannot find device \"nosuch\"");
  }

  @Test
  void variables_assignmentAndExpansion() {
    Scenario s =
        run(
            "NS=ns1",
            "VETH=veth0 PEER=\"veth1\"",
            "ADDR=10.1.1.1/24",
            "export PFX=10.1",
            "ip netns add $NS",
            "ip link add ${VETH} netns \"$NS\" type veth peer name $PEER",
            "ip -n $NS addr add $ADDR dev $VETH",
            "ip -n ${NS} addr add ${PFX}.9.9/32 dev ${MISSING:-veth0}");
    assertThat(dev(s, "ns1", "veth0").addresses()).hasToString("[10.1.1.1/24, 10.1.9.9/32]");
    assertThat(dev(s, "root", "veth1")).isNotNull();
  }

  @Test
  void unquotedExpansion_isSplitIntoWords_quotedIsNot() {
    Scenario s =
        run(
            "OPTS='type veth peer name b0'",
            "ip link add a0 $OPTS",
            "N='x y'",
            "ip netns add \"$N\" || true");
    assertThat(root(s).device("b0")).isPresent();
  }

  @Test
  void setU_makesUnsetVariablesAnError() {
    assertThat(fails("set -u", "ip link set $NOPE up").reason())
        .isEqualTo("NOPE: unbound variable");
    Scenario s = run("ip netns add n$NOPE1");
    assertThat(s.topology().netns(dev.podpath.model.topo.NetnsName.of("n"))).isPresent();
  }

  @Test
  void quotes_singleDoubleAndEscapes() {
    Scenario s =
        run(
            "X=veth",
            "ip link add '${X}0' type veth peer name \"${X}1\" 2>/dev/null || true",
            "ip link add a\\0 type veth peer name \"b\"'0'");
    assertThat(root(s).device("${X}0")).isPresent();
    assertThat(root(s).device("veth1")).isPresent();
    assertThat(root(s).device("a0")).isPresent();
    assertThat(root(s).device("b0")).isPresent();
  }

  static final String WRITE_OUT = " is not run by podpath: write the commands out";
  static final String PART_OF =
      " belongs to a shell control structure, which podpath does not run: write the commands out";

  /** Each construct podpath does not run, named as such at its line. */
  static Stream<Arguments> refused() {
    return Stream.of(
        Arguments.of(
            "ip link set $(echo veth0) up", "command substitution $(...) is not supported"),
        Arguments.of(
            "ip link set \"$(echo veth0)\" up", "command substitution $(...) is not supported"),
        Arguments.of(
            "ip link set `echo veth0` up", "command substitution (`...`) is not supported"),
        Arguments.of("echo $((1 + 2))", "arithmetic expansion $((...)) is not supported"),
        Arguments.of("for i in 1 2; do echo $i; done", "shell control structure `for`" + WRITE_OUT),
        Arguments.of("for i in 1 2", "shell control structure `for`" + WRITE_OUT),
        Arguments.of("while true; do sleep 1; done", "shell control structure `while`" + WRITE_OUT),
        Arguments.of("until false; do :; done", "shell control structure `until`" + WRITE_OUT),
        Arguments.of(
            "select x in a b; do echo; done", "shell control structure `select`" + WRITE_OUT),
        Arguments.of("if true; then echo; fi", "shell control structure `if`" + WRITE_OUT),
        Arguments.of("true && if true; then echo; fi", "shell control structure `if`" + WRITE_OUT),
        Arguments.of("case $X in a) echo a;; esac", "shell control structure `case`" + WRITE_OUT),
        Arguments.of("do", "`do`" + PART_OF),
        Arguments.of("done", "`done`" + PART_OF),
        Arguments.of("then ip link", "`then`" + PART_OF),
        Arguments.of("fi", "`fi`" + PART_OF),
        Arguments.of("esac", "`esac`" + PART_OF),
        Arguments.of("f() {", "function definition `f()`" + WRITE_OUT),
        Arguments.of(
            "setup_ns () { ip netns add a; }", "function definition `setup_ns()`" + WRITE_OUT),
        Arguments.of("function g {", "function definitions" + WRITE_OUT.replace(" is ", " are ")),
        Arguments.of("{ ip link; }", "command groups { ... }" + WRITE_OUT.replace(" is ", " are ")),
        Arguments.of(
            "}",
            "`}` ends a function body or command group, which podpath does not run: write the commands out"),
        Arguments.of("( ip link )", "subshells ( ... )" + WRITE_OUT.replace(" is ", " are ")),
        Arguments.of(
            "vxlan) ip link add vx0 type vxlan id 1 ;;",
            "`)` ends a case pattern or a subshell, which podpath does not run: write the commands out"),
        Arguments.of(
            "[[ -f x ]] && ip link",
            "conditional expressions [[ ... ]] are not supported: podpath runs no conditions"),
        Arguments.of(
            "[ -f x ] && ip link",
            "`[` only tests a condition, and podpath runs no conditions: write the commands that apply out"),
        Arguments.of("! ip link", "`!` (inverting a command's status) is not supported"),
        Arguments.of(
            "diff <(ip link) <(ip -n a link)", "process substitution <(...) is not supported"),
        Arguments.of("ip link | tee >(cat)", "process substitution >(...) is not supported"),
        Arguments.of(
            "cat <<EOF",
            "here-documents (<<EOF) are not supported: put the text in a file and use < FILE"),
        Arguments.of(
            "cat <<-'END' > x",
            "here-documents (<<END) are not supported: put the text in a file and use < FILE"),
        Arguments.of(
            "cat <<< hello",
            "here-strings (<<<) are not supported: put the text in a file and use < FILE"),
        Arguments.of("echo 'unterminated", "unterminated quoted string"),
        Arguments.of("ip link set $1 up", "special parameter $1 is not supported"),
        Arguments.of("ip link | | grep x", "syntax error near unexpected token `|'"));
  }

  @Test
  void reservedWords_areOrdinaryWords_outOfCommandPosition() {
    Scenario s = run("echo for do done if fi { }", "ip netns add done", "X='for'");
    assertThat(Scripts.ns(s, "done")).isNotNull();
    // quoted, a reserved word is a command name bash would not find: refused as podpath refuses
    // every command it does not run, even behind || (verify's kernel side runs nothing unknown)
    assertThat(fails("\"if\" 2>/dev/null || true").line()).isEqualTo(1);
  }

  @Test
  void hereDocument_itsBodyIsNotReadAsCommands() {
    ScriptException e =
        fails("true", "cat <<EOF > /tmp/x", "frobnicate", "EOF", "ip link set nosuch up");
    assertThat(e.line()).isEqualTo(2);
    assertThat(
            LogicalLine.split(
                "cat <<EOF\nfrobnicate\nEOF\nip link\ncat <<-'E' <<F\n\tx\n\tE\ny\nF\nip addr\n"))
        .extracting(LogicalLine::number)
        .containsExactly(1, 4, 5, 10);
    assertThat(LogicalLine.split("echo '<<EOF'\nfrobnicate\ncat <<< x\nls # <<EOF\nip\n"))
        .extracting(LogicalLine::number)
        .containsExactly(1, 2, 3, 4, 5);
  }

  @ParameterizedTest
  @MethodSource("refused")
  void unsupportedShell_failsNamingTheLine(String line, String reason) {
    ScriptException e = fails("true", line);
    assertThat(e.line()).isEqualTo(2);
    assertThat(e.reason()).isEqualTo(reason);
  }

  @Test
  void wrappers_sudoTimeoutShCNsenter() {
    Scenario s =
        run(
            "ip netns add ns1",
            "sudo ip link add a0 type veth peer name b0",
            "sudo -E ip link set b0 netns ns1",
            "timeout 5 ip netns exec ns1 ip link set b0 up",
            "ip netns exec ns1 sh -c 'ip link set lo up; ip addr add 10.0.0.2/24 dev b0'",
            "ip netns exec ns1 bash -c \"ip route add 10.9.0.0/24 via 10.0.0.1\"",
            "nsenter --net=/run/netns/ns1 ip route add 10.8.0.0/24 via 10.0.0.1",
            "/sbin/ip -n ns1 link set b0 mtu 1400");
    assertThat(dev(s, "ns1", "lo").up()).isTrue();
    assertThat(dev(s, "ns1", "b0").mtu()).isEqualTo(1400);
    assertThat(Scripts.main(Scripts.ns(s, "ns1")))
        .contains("10.9.0.0/24 via 10.0.0.1 dev b0", "10.8.0.0/24 via 10.0.0.1 dev b0");
  }

  @Test
  void redirectionsAndPipesToFilters_areIgnored_backgroundRuns() {
    Scenario s =
        run(
            "ip link add a0 type veth peer name b0 > /dev/null 2>&1",
            "ip -br link | grep a0 | head -1",
            "tcpdump -i any -w /tmp/x.pcap &",
            "ip link set a0 up &",
            "sleep 1; wait");
    assertThat(dev(s, "root", "a0").up()).isTrue();
  }

  @Test
  void pipeIntoACommand_isRefused() {
    assertThat(fails("echo ip link | sh").reason())
        .isEqualTo("podpath accepts only text filters after a pipe, not \"sh\"");
  }

  @Test
  void exit_stopsTheScript_nonZeroStatusFails() {
    Scenario s = run("ip link add a0 type veth peer name b0", "exit 0", "ip link set nosuch up");
    assertThat(root(s).device("a0")).isPresent();
    assertThat(fails("exit 3").reason()).isEqualTo("the script exits with status 3");
  }

  @Test
  void sameScriptTwice_sameNetwork() {
    String[] script = {
      "ip netns add a", "ip link add x netns a type veth peer name y", "ip link add br0 type bridge"
    };
    assertThat(describe(run(script))).isEqualTo(describe(run(script)));
  }
}
