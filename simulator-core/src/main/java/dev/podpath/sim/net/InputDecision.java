package dev.podpath.sim.net;

import dev.podpath.model.errno.Errno;
import dev.podpath.model.route.NextHop;
import dev.podpath.sim.outcome.DropReason;
import java.util.OptionalInt;

/** What {@code ip_route_input} decides for a received packet (or for an ARP request's target). */
sealed interface InputDecision {

  /** For this host (a local or broadcast route). */
  record Local(FibResult.Found found) implements InputDecision {}

  /** To be forwarded through {@code hop}. */
  record Forward(FibResult.Found found, NextHop hop) implements InputDecision {}

  /**
   * Dropped; {@code icmpCode} is the destination-unreachable code to answer with, if any, and
   * {@code errno} what the input lookup fails with ({@code ip route get ... iif} prints it).
   */
  record Drop(DropReason reason, OptionalInt icmpCode, Errno errno) implements InputDecision {}
}
