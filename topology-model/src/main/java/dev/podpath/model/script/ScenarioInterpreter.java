package dev.podpath.model.script;

import dev.podpath.model.io.TextFiles;
import dev.podpath.model.io.UnreadableFileException;
import dev.podpath.model.sysctl.Sysctls;
import dev.podpath.model.topo.Topology;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Reads a scenario script (a shell script that also runs unchanged as root on Linux) and builds the
 * network it describes, applying the kernel's configuration semantics as each line would on a real
 * host: the routes the kernel makes for addresses and links, gateway and source checks, veth pairs
 * across namespaces, bridge MAC and MTU following the ports, sysctl inheritance.
 *
 * <pre>{@code
 * Scenario s = ScenarioInterpreter.interpret(Path.of("samples/veth-pair.sh"));
 * s.topology().require(NetnsName.of("ns1")).device("veth0");
 * s.probes();     // the ping / traceroute / ip route get lines
 * }</pre>
 *
 * <p>A line the kernel or the tool would refuse fails with a {@link ScriptException} naming the
 * file, the line and the complaint, worded as the real tool words it.
 */
public final class ScenarioInterpreter {

  private ScenarioInterpreter() {}

  /**
   * Interprets a script file with the kernel's default sysctls as the host's.
   *
   * @throws UnreadableFileException when the file is missing, not a regular file, too large or not
   *     text ({@link TextFiles})
   */
  public static Scenario interpret(Path file) throws UnreadableFileException, ScriptException {
    Objects.requireNonNull(file, "file");
    return interpret(file.toString(), TextFiles.read(file), Sysctls.kernelDefaults());
  }

  /**
   * Interprets script text. The script's own namespace ({@code root}) stands for a running host:
   * its {@code lo} is up, with 127.0.0.1/8, as on a machine and in {@code podpath verify}'s
   * sandbox; namespaces the script adds start as the kernel makes them, with {@code lo} down.
   *
   * @param fileName the name used in origins and error messages
   * @param content the script
   * @param inherited the host's sysctls ({@code net.ipv4.conf.all/default.*} and others): the
   *     script's own namespace has them, and every new namespace copies its IPv4 {@code all}/{@code
   *     default} values from there, as the kernel does
   */
  public static Scenario interpret(String fileName, String content, Sysctls inherited)
      throws ScriptException {
    return interpret(fileName, content, inherited, Root.RUNNING_HOST);
  }

  /**
   * Applies a changes file (lines of {@code ip}, {@code iptables}, {@code sysctl}... as in a
   * scenario script) on top of {@code base}, a snapshot's network or a script's as it ended: the
   * facts of {@code base} stand as they are, each line changes them as on the real host, and what
   * it changes has its origin in the changes file (file:line). The result's topology is the network
   * after the last line; the first failing line ends the run with a {@link ScriptException} naming
   * it. A snapshot has no namespace of its own: each line names one ({@code ip -n NODE ...}, {@code
   * ip netns exec NODE ...}).
   *
   * @param fileName the name used in origins and error messages
   */
  public static Scenario apply(Topology base, String fileName, String content)
      throws ScriptException {
    Objects.requireNonNull(base, "base");
    Objects.requireNonNull(fileName, "fileName");
    Objects.requireNonNull(content, "content");
    return runIn(new World(fileName, base), content, null);
  }

  /** What the script's own namespace is when the script starts. */
  enum Root {
    /**
     * A running host, as when the script runs on a machine or in verify's sandbox: {@code lo} is
     * up.
     */
    RUNNING_HOST,
    /** A namespace just created: only {@code lo}, and it is down (for studying kernel defaults). */
    FRESH_NAMESPACE
  }

  static Scenario interpret(String fileName, String content, Sysctls inherited, Root root)
      throws ScriptException {
    return run(fileName, content, inherited, root, null);
  }

  /**
   * Reads a script file to its end, as bash without {@code set -e} runs one: a line that fails has
   * no effect and the next one runs. Every failing line is kept, in order (a later line may fail
   * because of an earlier one: both are there). For {@code podpath lint}.
   */
  public static ScriptCheck check(Path file) throws UnreadableFileException {
    Objects.requireNonNull(file, "file");
    return check(file.toString(), TextFiles.read(file), Sysctls.kernelDefaults());
  }

  /** {@link #check(Path)} on script text; {@code fileName} names it in origins and problems. */
  public static ScriptCheck check(String fileName, String content, Sysctls inherited) {
    List<ScriptException> problems = new ArrayList<>();
    try {
      Scenario s = run(fileName, content, inherited, Root.RUNNING_HOST, problems);
      return new ScriptCheck(s, problems);
    } catch (ScriptException e) {
      throw new IllegalStateException("a script check stops at no line", e);
    }
  }

  /**
   * Runs every line; the first failing line ends the run with its exception, or, when {@code
   * problems} is given, is added there and the run goes on (up to an {@code exit}).
   */
  private static Scenario run(
      String fileName, String content, Sysctls inherited, Root root, List<ScriptException> problems)
      throws ScriptException {
    Objects.requireNonNull(fileName, "fileName");
    Objects.requireNonNull(content, "content");
    Objects.requireNonNull(inherited, "inherited");
    return runIn(new World(fileName, inherited, root == Root.RUNNING_HOST), content, problems);
  }

  private static Scenario runIn(World world, String content, List<ScriptException> problems)
      throws ScriptException {
    ScriptRunner runner = new ScriptRunner(world);
    for (LogicalLine line : LogicalLine.split(content)) {
      try {
        if (!runner.run(line)) {
          break;
        }
      } catch (ScriptException e) {
        if (problems == null) {
          throw e;
        }
        problems.add(e);
        if (runner.exited()) {
          break;
        }
      }
    }
    return world.freeze();
  }
}
