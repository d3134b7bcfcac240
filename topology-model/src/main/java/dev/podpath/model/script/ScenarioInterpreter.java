package dev.podpath.model.script;

import dev.podpath.model.sysctl.Sysctls;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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

  /** Interprets a script file with the kernel's default sysctls as the host's. */
  public static Scenario interpret(Path file) throws IOException, ScriptException {
    Objects.requireNonNull(file, "file");
    return interpret(file.toString(), Files.readString(file, StandardCharsets.UTF_8),
        Sysctls.kernelDefaults());
  }

  /**
   * Interprets script text.
   *
   * @param fileName the name used in origins and error messages
   * @param content the script
   * @param inherited the host's sysctls ({@code net.ipv4.conf.all/default.*} and others): the
   *     script's own namespace has them, and every new namespace copies its IPv4
   *     {@code all}/{@code default} values from there, as the kernel does
   */
  public static Scenario interpret(String fileName, String content, Sysctls inherited)
      throws ScriptException {
    Objects.requireNonNull(fileName, "fileName");
    Objects.requireNonNull(content, "content");
    Objects.requireNonNull(inherited, "inherited");
    World world = new World(fileName, inherited);
    ScriptRunner runner = new ScriptRunner(world);
    for (LogicalLine line : LogicalLine.split(content)) {
      if (!runner.run(line)) {
        break;
      }
    }
    return world.freeze();
  }
}
