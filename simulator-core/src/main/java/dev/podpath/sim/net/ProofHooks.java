package dev.podpath.sim.net;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.netfilter.Hook;
import dev.podpath.model.packet.Ipv4Packet;
import dev.podpath.model.topo.Netns;
import dev.podpath.sim.netfilter.HookInput;
import dev.podpath.sim.netfilter.HookResult;
import dev.podpath.sim.netfilter.Netfilter;
import dev.podpath.sim.netfilter.StatisticChoice;
import dev.podpath.sim.outcome.NfRuleHit;
import dev.podpath.sim.outcome.Step;
import java.util.Optional;

/**
 * The netfilter hooks one proved ping meets ({@link EchoProof}), run by the simulator's own {@link
 * Netfilter} on a state of their own (conntrack empty, as a full trace starts): each hook gets the
 * same {@link HookInput} the datapath gives it ({@link IpStack}, {@link LocalOut}, {@link
 * Bridging}), in the same order, so the echo request's first packet is NEW, the reply ESTABLISHED
 * where the request made a connection, and a mark or a NAT binding is what the run would hold.
 *
 * <p>A hook proves the step only when it accepts the packet unchanged (no NAT, no mark: a change
 * would route and match differently further on, which the full trace follows) and every rule it met
 * was decided by the packet and the static state: a {@code -m statistic} rule (its random draw), a
 * {@code limit} or {@code recent} match (treated as matching without being simulated) make the cell
 * {@linkplain #undecided() undecided}, and the caller traces it in full. A drop, a REJECT, a rule
 * not modelled end the proof too: every failure is the full trace's to explain.
 *
 * <p>Not thread-safe: one per proof.
 */
final class ProofHooks {

  private Netfilter netfilter;
  private boolean undecided;
  private boolean ran;

  /** Whether a hook met a rule whose outcome the packet and the model do not decide. */
  boolean undecided() {
    return undecided;
  }

  /** Whether some hook ran rules (the proof went through netfilter). */
  boolean ran() {
    return ran;
  }

  /** Whether br_netfilter hands this namespace's bridged IPv4 frames to iptables. */
  static boolean bridgeCallsIptables(Netns ns) {
    return Hooks.brNetfilter(ns);
  }

  /** {@code __ip_local_out}: OUTPUT, for a packet routed out of {@code out}. */
  Ipv4Packet output(Netns ns, long id, Optional<Long> cause, Ipv4Packet p, String out) {
    if (!Netfilter.present(ns)) {
      return p;
    }
    return run(
        ns,
        Hook.OUTPUT,
        new HookInput(
            id,
            cause,
            p,
            "",
            out,
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Hooks.redirectTo(ns, "")));
  }

  /** POSTROUTING of a packet leaving by {@code out} towards {@code nextHop}. */
  Ipv4Packet postrouting(
      Netns ns,
      long id,
      Optional<Long> cause,
      Ipv4Packet p,
      String in,
      String out,
      Optional<String> physIn,
      Ipv4Address nextHop) {
    if (!Netfilter.present(ns)) {
      return p;
    }
    return run(
        ns,
        Hook.POSTROUTING,
        new HookInput(
            id,
            cause,
            p,
            in,
            out,
            physIn,
            Optional.empty(),
            Hooks.masqueradeSource(ns, out, nextHop),
            Optional.empty()));
  }

  /** {@code ip_rcv}'s PREROUTING on {@code in}. */
  Ipv4Packet prerouting(Netns ns, long id, Ipv4Packet p, String in) {
    if (!Netfilter.present(ns)) {
      return p;
    }
    return run(
        ns,
        Hook.PREROUTING,
        new HookInput(
            id,
            Optional.empty(),
            p,
            in,
            "",
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Hooks.redirectTo(ns, in)));
  }

  /** {@code ip_local_deliver}'s INPUT. */
  Ipv4Packet input(Netns ns, long id, Ipv4Packet p, String in, Optional<String> physIn) {
    if (!Netfilter.present(ns)) {
      return p;
    }
    return run(
        ns,
        Hook.INPUT,
        new HookInput(
            id,
            Optional.empty(),
            p,
            in,
            "",
            physIn,
            Optional.empty(),
            Optional.empty(),
            Optional.empty()));
  }

  /** {@code ip_forward}'s FORWARD (the packet's TTL already decremented). */
  Ipv4Packet forward(
      Netns ns, long id, Ipv4Packet p, String in, String out, Optional<String> physIn) {
    if (!Netfilter.present(ns)) {
      return p;
    }
    return run(
        ns,
        Hook.FORWARD,
        new HookInput(
            id,
            Optional.empty(),
            p,
            in,
            out,
            physIn,
            Optional.empty(),
            Optional.empty(),
            Optional.empty()));
  }

  /** br_netfilter's PREROUTING for a frame entering {@code bridge} by {@code port}. */
  Ipv4Packet bridgePrerouting(Netns ns, long id, Ipv4Packet p, String bridge, String port) {
    if (!Netfilter.present(ns)) {
      return p;
    }
    return run(
        ns,
        Hook.PREROUTING,
        new HookInput(
            id,
            Optional.empty(),
            p,
            bridge,
            "",
            Optional.of(port),
            Optional.empty(),
            Optional.empty(),
            Hooks.redirectTo(ns, bridge)));
  }

  /** br_netfilter's FORWARD then POSTROUTING for a frame bridged from {@code in} to {@code out}. */
  Ipv4Packet bridgeForward(Netns ns, long id, Ipv4Packet p, String bridge, String in, String out) {
    if (!Netfilter.present(ns)) {
      return p;
    }
    Ipv4Packet fwd =
        run(
            ns,
            Hook.FORWARD,
            new HookInput(
                id,
                Optional.empty(),
                p,
                bridge,
                bridge,
                Optional.of(in),
                Optional.of(out),
                Optional.empty(),
                Optional.empty()));
    if (fwd == null) {
      return null;
    }
    return run(
        ns,
        Hook.POSTROUTING,
        new HookInput(
            id,
            Optional.empty(),
            fwd,
            "",
            bridge,
            Optional.of(in),
            Optional.of(out),
            Hooks.masqueradeSource(ns, bridge, fwd.dst()),
            Optional.empty()));
  }

  /** Runs a hook: the packet it accepted unchanged, or null. */
  private Ipv4Packet run(Netns ns, Hook hook, HookInput in) {
    if (!Netfilter.present(ns)) {
      return in.packet();
    }
    if (netfilter == null) {
      // the seed does not matter: a statistic rule met makes the cell undecided
      netfilter = new Netfilter(StatisticChoice.random(1));
    }
    ran = true;
    HookResult r = netfilter.hook(ns, hook, in);
    for (Step s : r.steps()) {
      if (s instanceof Step.Netfilter n) {
        for (NfRuleHit h : n.hits()) {
          if (h.statistic().isPresent() || !h.flags().isEmpty()) {
            undecided = true;
            return null;
          }
        }
      } else if (!(s instanceof Step.Conntrack)) {
        // nftables (its numgen and limits are not screened here): the full trace's
        undecided = true;
        return null;
      }
    }
    if (!r.accepted() || !r.packet().equals(in.packet())) {
      return null;
    }
    return r.packet();
  }
}
