package dev.podpath.sim.net;

import dev.podpath.model.topo.Netns;
import dev.podpath.sim.outcome.DropReason;

/** Where podpath stops because the kernel would fragment (which it does not model). */
final class Fragmentation {

  private Fragmentation() {}

  /**
   * A DF-clear packet larger than the MTU: the kernel sends it in fragments, which podpath does not
   * model.
   */
  static DropReason notModelled(Netns ns, int length, int mtu, String dev) {
    return new DropReason.NotModelled(
        ns.name(),
        "fragmentation: the kernel sends this "
            + length
            + "-byte packet (DF clear) in fragments to fit the MTU "
            + mtu
            + " of "
            + dev);
  }
}
