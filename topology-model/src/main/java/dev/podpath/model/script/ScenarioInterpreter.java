package dev.podpath.model.script;

import dev.podpath.model.io.TextFiles;
import dev.podpath.model.io.UnreadableFileException;
import dev.podpath.model.sysctl.Sysctls;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Reads a scenario script (a shell script that also runs unchanged as root on Linux) and builds
 * the network it describes, applying the kernel's configuration semantics as each line would on
 * a real host: the routes the kernel makes for addresses and links, gateway and source checks,
 * veth pairs across namespaces, bridge MAC and MTU following the ports, sysctl inheritance.
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
   * @throws UnreadableFileException when the file is missing, not a regular file, too large or
   *     not text ({@link TextFiles})
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
   *     script's own namespace has them, and every new namespace copies its IPv4
   *     {@code all}/{@code default} values from there, as the kernel does
   */
  public static Scenario interpret(String fileName, String content, Sysctls inherited)
      throws ScriptException {
    return interpret(fileName, content, inherited, Root.RUNNING_HOST);
  }

  /** What the script's own namespace is when the script starts. */
  enum Root {
    /** A running host, as when the script runs on a machine or in verify's sandbox: {@code lo} is up. */
    RUNNING_HOST,
    /** A namespace just created: only {@code lo}, and it is down (for studying kernel defaults). */
    FRESH_NAMESPACE
  }

  static Scenario interpret(String fileName, String content, Sysctls inherited, Root root)
      throws ScriptException {
    Objects.requireNonNull(fileName, "fileName");
    Objects.requireNonNull(content, "content");
    Objects.requireNonNull(inherited, "inherited");
    World world = new World(fileName, inherited, root == Root.RUNNING_HOST);
    ScriptRunner runner = new ScriptRunner(world);
    for (LogicalLine line : LogicalLine.split(content)) {
      if (!runner.run(line)) {
        break;
      }
    }
    return world.freeze();
  }
}
