package dev.podpath.model.script;

import dev.podpath.model.build.DeviceBuilder;
import dev.podpath.model.build.NetnsBuilder;
import dev.podpath.model.netfilter.parse.RulesetBuilder;
import dev.podpath.model.origin.Origin;
import dev.podpath.model.script.Scenario.Severity;

/**
 * Where a command runs: the world it changes, the namespace it runs in ({@code ip netns exec},
 * {@code ip -n}), and the line it came from.
 */
record Exec(World world, NetnsBuilder ns, Origin origin, ScriptRunner runner) {

  /**
   * The namespace the command runs in; a network without a namespace of its own (a snapshot's)
   * names one for each command.
   */
  @Override
  public NetnsBuilder ns() {
    if (ns == null) {
      throw new CommandError(
          "this line runs in no namespace: the network it changes (a snapshot) has no namespace of"
              + " its own; name one of its nodes or pods (ip -n NAME ..., ip netns exec NAME ...)");
    }
    return ns;
  }

  /**
   * {@return the namespace the command runs in, or null on a network without a namespace of its own
   * (a snapshot's) when the line has named none yet: {@code ip netns exec NAME ...} names it for
   * the command it runs}
   */
  NetnsBuilder nsOrNull() {
    return ns;
  }

  Exec in(NetnsBuilder other) {
    return new Exec(world, other, origin, runner);
  }

  /** A device of the namespace the command runs in, or iproute2's {@code Cannot find device}. */
  DeviceBuilder device(String name) {
    return ns().device(name).orElseThrow(() -> CommandError.noDevice(name));
  }

  /**
   * The iptables tables and ipsets of the namespace the command runs in, as iptables 1.8.9
   * (nf_tables) and ipset 7.17 change them.
   */
  RulesetBuilder netfilter() {
    return Netfilters.changing(ns());
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
