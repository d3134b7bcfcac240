package dev.podpath.model.script;

import dev.podpath.model.origin.Origin;
import dev.podpath.model.script.Scenario.Severity;

/**
 * Where a command runs: the world it changes, the namespace it runs in ({@code ip netns exec},
 * {@code ip -n}), and the line it came from.
 */
record Exec(World world, NetnsState ns, Origin origin, ScriptRunner runner) {

  Exec in(NetnsState other) {
    return new Exec(world, other, origin, runner);
  }

  /** A note that the line was accepted without effect on the datapath. */
  void info(String message) {
    world.note(Severity.INFO, origin, message);
  }

  /** A note that the line sets something podpath does not simulate. */
  void notModelled(String message) {
    world.note(Severity.NOT_MODELLED, origin, message);
  }

  /** The configuration changed (probes asked earlier will see the final network). */
  void changed() {
    world.changed();
  }
}
