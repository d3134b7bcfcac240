package dev.podpath.sim.net;

import dev.podpath.model.netfilter.Chain;
import dev.podpath.model.netfilter.Policy;
import dev.podpath.model.netfilter.Ruleset;
import dev.podpath.model.topo.Netns;
import dev.podpath.sim.outcome.DropReason;
import java.util.Optional;

/**
 * Until podpath evaluates iptables rules (issue 4), a packet that reaches a netfilter hook in a
 * namespace with rules, or with a built-in chain whose policy is not ACCEPT, ends here as
 * NOT_MODELLED: guessing "accepted" could say "allowed" where the kernel drops.
 */
final class NetfilterGate {

  private NetfilterGate() {}

  /** Why the packet stops at {@code hook} in {@code ns}, if the namespace filters at all. */
  static Optional<DropReason> check(Netns ns, String hook) {
    Ruleset r = ns.netfilter();
    long rules = r.rules().size();
    boolean restrictive = r.tables().values().stream().flatMap(t -> t.values().stream())
        .filter(Chain::builtin).anyMatch(c -> c.policy().filter(p -> p != Policy.ACCEPT).isPresent());
    if (rules == 0 && !restrictive) {
      return Optional.empty();
    }
    return Optional.of(new DropReason.NotModelled(ns.name(), "netfilter at " + hook + ": " + ns.name() + " has "
        + rules + " iptables rule" + (rules == 1 ? "" : "s") + (restrictive ? " and a non-ACCEPT chain policy" : "")
        + "; podpath does not evaluate iptables rules yet, so it does not guess this packet's fate"));
  }

  /** For bridged frames: only when {@code net.bridge.bridge-nf-call-iptables} is on (the default). */
  static Optional<DropReason> checkBridged(Netns ns) {
    if (ns.sysctls().intValue("net.bridge.bridge-nf-call-iptables", 1) == 0) {
      return Optional.empty();
    }
    return check(ns, "the bridge's FORWARD (br_netfilter)");
  }
}
