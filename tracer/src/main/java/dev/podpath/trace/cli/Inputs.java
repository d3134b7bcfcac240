package dev.podpath.trace.cli;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.script.Scenario;
import dev.podpath.model.script.ScenarioInterpreter;
import dev.podpath.model.script.ScriptException;
import dev.podpath.model.topo.Netns;
import dev.podpath.model.topo.NetnsName;
import dev.podpath.model.topo.Topology;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** Loading a scenario and resolving {@code --from}/{@code --to}, with errors a person can act on. */
final class Inputs {

  private Inputs() {}

  static Scenario load(Path file) {
    if (Files.isDirectory(file)) {
      throw new UserError(file + " is a directory; snapshots are not supported yet, give a scenario script");
    }
    try {
      return ScenarioInterpreter.interpret(file);
    } catch (NoSuchFileException e) {
      throw new UserError("cannot read " + file + ": no such file");
    } catch (IOException e) {
      throw new UserError("cannot read " + file + ": " + e.getMessage());
    } catch (ScriptException e) {
      throw new UserError(e.getMessage());
    }
  }

  /** A source: a namespace name, or an address one namespace owns. */
  record Source(NetnsName netns, Optional<Ipv4Address> address) {}

  static Source source(Topology t, String from) {
    NetnsName asName = tryName(from);
    if (asName != null && t.netns(asName).isPresent()) {
      return new Source(asName, Optional.empty());
    }
    Optional<Ipv4Address> ip = Ipv4Address.tryParse(from);
    if (ip.isPresent()) {
      List<Netns> owners = t.owners(ip.get());
      if (owners.size() == 1) {
        return new Source(owners.get(0).name(), ip);
      }
      if (owners.isEmpty()) {
        throw new UserError("--from " + from + ": no namespace has that address");
      }
      throw new UserError("--from " + from + ": several namespaces have that address ("
          + owners.stream().map(n -> n.name().value()).collect(Collectors.joining(", ")) + "); give the namespace name");
    }
    throw new UserError("--from " + from + ": no such namespace; namespaces are: "
        + t.namespaces().keySet().stream().map(NetnsName::value).collect(Collectors.joining(", ")));
  }

  static Ipv4Address destination(String to) {
    return Ipv4Address.tryParse(to)
        .orElseThrow(() -> new UserError("--to " + to + ": not an IPv4 address"));
  }

  private static NetnsName tryName(String s) {
    try {
      return NetnsName.of(s);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
