package dev.podpath.trace.render;

import dev.podpath.sim.outcome.EncapBasis;
import dev.podpath.sim.outcome.Step;

/**
 * How a tunnel chose its outer header, in words: the text after "wraps the frame:" of an {@code
 * encap} step, made from the step's typed {@link EncapBasis} when the trace is written. VXLAN and
 * Geneve share their TTL, DF and source-port words, made here once.
 */
final class EncapText {

  private EncapText() {}

  static String why(Step.Encapsulated e) {
    EncapBasis b = e.basis();
    if (b instanceof EncapBasis.Vxlan v) {
      return "VTEP "
          + v.vtep()
          + " from "
          + e.fdbEntry()
              .map(
                  f ->
                      f.origin().isKernel()
                          ? "the learned entry for "
                              + e.innerFrame().map(i -> i.dst().toString()).orElse("?")
                          : "FDB entry " + f.mac() + " dst " + v.vtep())
              .orElse("?")
          + udpOuter(v.ttl(), v.setting(), v.sourcePort());
    } else if (b instanceof EncapBasis.Geneve g) {
      return "remote "
          + g.remote()
          + " (the device's one remote), VNI "
          + g.vni()
          + udpOuter(g.ttl(), g.setting(), g.sourcePort());
    } else if (b instanceof EncapBasis.Ipip i) {
      return "outer destination "
          + i.dst()
          + (i.fixedRemote() ? " (the tunnel's remote)" : " (no fixed remote: the route's gateway)")
          + ", outer TTL "
          + i.ttl()
          + (i.fixedTtl() != 0
              ? " (ttl " + i.fixedTtl() + ")"
              : " (ttl inherit: copied from the inner packet)")
          + ", DF "
          + switch (i.df()) {
            case PMTUDISC -> "set (pmtudisc)";
            case INNER -> "copied from the inner packet";
            case UNSET -> "unset (nopmtudisc)";
          }
          + "; checked in a VM's kernel (verify --kernel=vm), this machine's has no ipip module";
    } else if (b instanceof EncapBasis.FlannelUdp f) {
      return "flanneld's lease "
          + f.subnet()
          + " -> node "
          + f.node()
          + "; it sends the bare packet from its UDP socket (port "
          + f.port()
          + ", DF set, TTL "
          + f.ttl()
          + ")  ["
          + f.program().location()
          + "]";
    } else if (b instanceof EncapBasis.WireGuard w) {
      return "peer "
          + w.peerKey()
          + " (its allowed-ips hold "
          + w.innerDst()
          + "), endpoint "
          + w.endpoint()
          + ":"
          + w.endpointPort()
          + (w.queuedForHandshake()
              ? "; queued until the handshake with the peer completed (initiation 148 bytes,"
                  + " response 92; the kernel's handshake takes the time of its cryptography,"
                  + " which podpath does not count)"
              : "")
          + "; outer TTL "
          + w.ttl()
          + " (the namespace's default), DF unset; the packet is encrypted (ChaCha20-Poly1305),"
          + " padded to "
          + w.padded()
          + " bytes: +"
          + (w.outerLength() - w.innerLength())
          + " (IPv4 20 + UDP 8 + WireGuard header 16 + padding "
          + (w.padded() - w.innerLength())
          + " + tag 16)";
    }
    throw new AssertionError(b);
  }

  /** The outer header of a UDP tunnel (VXLAN, Geneve): TTL and how chosen, DF, source port. */
  private static String udpOuter(int ttl, EncapBasis.UdpTtl setting, int sourcePort) {
    return "; outer TTL "
        + ttl
        + (setting.fixed() != 0
            ? " (ttl " + setting.fixed() + ")"
            : setting.inherit() ? " (ttl inherit)" : " (ttl auto: the namespace's default TTL)")
        + ", DF unset; UDP source port "
        + sourcePort
        + " stands in for the kernel's hash of the inner flow"
        + " (stable per flow, symmetric; the kernel's value depends on a per-boot random key)";
  }
}
