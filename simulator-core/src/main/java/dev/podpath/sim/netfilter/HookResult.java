package dev.podpath.sim.netfilter;

import dev.podpath.model.netfilter.RejectWith;
import dev.podpath.model.packet.Ipv4Packet;
import dev.podpath.sim.outcome.DropReason;
import dev.podpath.sim.outcome.NfVerdict;
import dev.podpath.sim.outcome.Step;
import java.util.List;
import java.util.Optional;

/**
 * What a netfilter hook decided: the verdict, the packet as it leaves the hook (NAT and marks
 * applied), the steps to record, and for a drop its reason (for REJECT also what to answer with,
 * and the packet as the rejecting rule saw it, which the answer quotes).
 */
public record HookResult(
    NfVerdict verdict,
    Ipv4Packet packet,
    List<Step> steps,
    Optional<DropReason> reason,
    Optional<RejectWith> reject) {

  public HookResult {
    steps = List.copyOf(steps);
  }

  public boolean accepted() {
    return verdict == NfVerdict.ACCEPT;
  }

  static HookResult accept(Ipv4Packet p, List<Step> steps) {
    return new HookResult(NfVerdict.ACCEPT, p, steps, Optional.empty(), Optional.empty());
  }
}
