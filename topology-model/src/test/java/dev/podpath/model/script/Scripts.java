package dev.podpath.model.script;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.podpath.model.neigh.NeighEntry;
import dev.podpath.model.route.NextHop;
import dev.podpath.model.route.Route;
import dev.podpath.model.route.RouteScope;
import dev.podpath.model.route.RouteType;
import dev.podpath.model.route.TableIds;
import dev.podpath.model.sysctl.Sysctls;
import dev.podpath.model.topo.NetDevice;
import dev.podpath.model.topo.Netns;
import dev.podpath.model.topo.NetnsName;
import java.util.List;
import java.util.Map;

/** Test fixtures: run script text, find namespaces, devices and routes, print tables as ip does. */
final class Scripts {

  static final String FILE = "t.sh";

  private Scripts() {}

  static Scenario run(String... lines) {
    return runWith(Sysctls.kernelDefaults(), lines);
  }

  static Scenario runWith(Sysctls inherited, String... lines) {
    try {
      // These tests study kernel semantics on a namespace as the kernel creates it (lo down).
      return ScenarioInterpreter.interpret(
          FILE, String.join("\n", lines), inherited, ScenarioInterpreter.Root.FRESH_NAMESPACE);
    } catch (ScriptException e) {
      throw new AssertionError("unexpected: " + e.getMessage(), e);
    }
  }

  static ScriptException fails(String... lines) {
    ScriptException e =
        catchThrowableOfType(
            ScriptException.class,
            () ->
                ScenarioInterpreter.interpret(
                    FILE,
                    String.join("\n", lines),
                    Sysctls.kernelDefaults(),
                    ScenarioInterpreter.Root.FRESH_NAMESPACE));
    assertThat(e).as("script should fail").isNotNull();
    return e;
  }

  static Netns ns(Scenario s, String name) {
    return s.topology().require(name.equals("root") ? NetnsName.ROOT : NetnsName.of(name));
  }

  static Netns root(Scenario s) {
    return ns(s, "root");
  }

  static NetDevice dev(Scenario s, String netns, String name) {
    return ns(s, netns)
        .device(name)
        .orElseThrow(() -> new AssertionError("no device " + netns + "/" + name));
  }

  /** Every route of every table, as {@code ip route show table all} prints it. */
  static List<String> routes(Netns n) {
    return n.routing().allRoutes().stream().map(Scripts::ip).toList();
  }

  static List<String> table(Netns n, int id) {
    return n.routing().table(id).routes().stream().map(Scripts::ip).toList();
  }

  /**
   * A route exactly as iproute2 6.1 prints it ({@code print_route}): the type unless unicast,
   * via/dev, the table unless main, the protocol unless boot, the scope unless global, src, metric,
   * onlink (without the {@code linkdown} flag, which is run-time state).
   */
  static String ip(Route r) {
    StringBuilder sb = new StringBuilder();
    if (r.type() != RouteType.UNICAST) {
      sb.append(r.type().keyword()).append(' ');
    }
    sb.append(r.destination().toRouteString());
    if (r.nextHops().size() == 1) {
      NextHop h = r.nextHops().get(0);
      h.via().ifPresent(v -> sb.append(" via ").append(v));
      sb.append(" dev ").append(h.dev());
    }
    if (r.table() != TableIds.MAIN) {
      sb.append(" table ").append(TableIds.name(r.table()));
    }
    if (!r.protocol().equals(dev.podpath.model.route.RouteProtocol.BOOT)) {
      sb.append(" proto ").append(r.protocol());
    }
    if (r.scope() != RouteScope.GLOBAL) {
      sb.append(" scope ").append(r.scope().keyword());
    }
    r.src().ifPresent(x -> sb.append(" src ").append(x));
    if (r.metric() != 0) {
      sb.append(" metric ").append(Integer.toUnsignedString(r.metric()));
    }
    if (r.nextHops().size() == 1 && r.nextHops().get(0).onlink()) {
      sb.append(" onlink");
    }
    if (r.nextHops().size() > 1) {
      for (NextHop h : r.nextHops()) {
        sb.append(" nexthop");
        h.via().ifPresent(v -> sb.append(" via ").append(v));
        sb.append(" dev ").append(h.dev()).append(" weight ").append(h.weight());
      }
    }
    return sb.toString();
  }

  static List<String> main(Netns n) {
    return table(n, TableIds.MAIN);
  }

  static List<String> local(Netns n) {
    return table(n, TableIds.LOCAL);
  }

  static List<String> rules(Netns n) {
    return n.routing().rules().stream().map(Object::toString).toList();
  }

  static List<String> neigh(Netns n) {
    return n.neighbours().stream().map(NeighEntry::toString).toList();
  }

  static Map<String, String> sysctls(Netns n) {
    return n.sysctls().values();
  }

  /**
   * A text summary of the network without origins or MACs: per namespace its devices (name, kind,
   * state, master, addresses), all routes, the rules and neighbours. Two scripts that build the
   * same network have the same summary.
   */
  static String describe(Scenario s) {
    StringBuilder sb = new StringBuilder();
    for (Netns n : s.topology().netnsList()) {
      sb.append("netns ").append(n.name()).append('\n');
      for (NetDevice d : n.deviceList()) {
        sb.append("  ")
            .append(d.index())
            .append(": ")
            .append(d.name())
            .append(' ')
            .append(d.kind())
            .append(d.up() ? " UP" : " DOWN")
            .append(" mtu ")
            .append(d.mtu())
            .append(d.master().map(m -> " master " + m).orElse(""))
            .append(' ')
            .append(d.addresses())
            .append('\n');
      }
      routes(n).forEach(r -> sb.append("  ").append(r).append('\n'));
      rules(n).forEach(r -> sb.append("  ").append(r).append('\n'));
      neigh(n).forEach(r -> sb.append("  ").append(r).append('\n'));
    }
    return sb.toString();
  }
}
