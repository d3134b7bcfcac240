package dev.podpath.sim.net;

import dev.podpath.model.packet.Frame;
import dev.podpath.model.packet.Ipv4Packet;
import dev.podpath.model.packet.L4;

/**
 * {@code udp_flow_src_port}: the outer UDP source port of a UDP tunnel (VXLAN, Geneve), a hash of
 * the inner flow mapped into a range. The kernel's hash is keyed per boot; this one is a fixed
 * stand-in with the same properties (stable per flow, the same for both directions, ICMP ids not
 * included).
 */
final class FlowSourcePort {

  private FlowSourcePort() {}

  /**
   * The port for the inner frame in {@code min..max}: VXLAN's is the local port range, Geneve's
   * 1..65535.
   */
  static int of(Frame inner, int min, int max) {
    long a;
    long b;
    int extra;
    if (inner.payload() instanceof Ipv4Packet p) {
      a = p.src().unsigned();
      b = p.dst().unsigned();
      int ports = 0;
      if (p.l4() instanceof L4.Udp u) {
        ports = Math.min(u.sport(), u.dport()) << 16 | Math.max(u.sport(), u.dport());
      } else if (p.l4() instanceof L4.Tcp t) {
        ports = Math.min(t.sport(), t.dport()) << 16 | Math.max(t.sport(), t.dport());
      }
      extra = p.protocol() * 31 + ports;
    } else {
      a = inner.src().bits();
      b = inner.dst().bits();
      extra = 0x0806;
    }
    long h =
        Math.min(a, b) * 0x9E3779B97F4A7C15L
            ^ Math.max(a, b) * 0xC2B2AE3D27D4EB4FL
            ^ extra * 0x165667B19E3779F9L;
    h ^= h >>> 29;
    h *= 0xBF58476D1CE4E5B9L;
    h ^= h >>> 32;
    long hash = h & 0xFFFF_FFFFL;
    hash ^= (hash << 16) & 0xFFFF_FFFFL;
    return (int) ((hash * (max - min) >>> 32) + min);
  }
}
