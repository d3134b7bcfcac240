package dev.podpath.sim.net;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.packet.Ipv4Packet;
import dev.podpath.model.packet.L4;
import dev.podpath.model.topo.Netns;
import dev.podpath.model.topo.NetnsName;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalInt;

/**
 * The path-MTU exceptions a namespace learns from ICMP "fragmentation needed" ({@code
 * __ip_rt_update_pmtu}, kernel-semantics.md 8): per destination, never below {@code min_pmtu}
 * (552), for {@code mtu_expires} (600 s). A later local send with DF that is larger fails with
 * EMSGSIZE before any packet leaves; {@code ip route get} shows the entry as {@code cache expires
 * Nsec mtu M}.
 */
final class PathMtu {

  static final int MIN_PMTU = 552;
  static final long EXPIRES_NANOS = 600 * SimConfig.SECONDS;

  private record Key(NetnsName netns, Ipv4Address dst) {}

  private record Exception(int mtu, long expiresAt) {}

  private final Clock clock;
  private final Map<Key, Exception> exceptions = new HashMap<>();

  PathMtu(Clock clock) {
    this.clock = clock;
  }

  /**
   * An ICMP error reached a local socket in {@code ns}: a "fragmentation needed" updates the cache.
   */
  void icmpReceived(Netns ns, L4.Icmp icmp) {
    if (icmp.type() != L4.Icmp.DEST_UNREACH
        || icmp.code() != L4.Icmp.FRAG_NEEDED
        || icmp.quoted().isEmpty()) {
      return;
    }
    Ipv4Packet quoted = icmp.quoted().get();
    if (!ns.ownsAddress(quoted.src()) || icmp.mtu() <= 0) {
      return;
    }
    int mtu = Math.max(icmp.mtu(), MIN_PMTU);
    OptionalInt now = mtu(ns.name(), quoted.dst());
    if (now.isEmpty() || mtu < now.getAsInt()) {
      exceptions.put(
          new Key(ns.name(), quoted.dst()), new Exception(mtu, clock.now() + EXPIRES_NANOS));
    }
  }

  /**
   * An IPIP tunnel sent a packet towards {@code dst} ({@code tnl_update_pmtu}, then {@code
   * __ip_rt_update_pmtu} on the inner route): the tunnel's path MTU, {@code mtu}, becomes an
   * exception when it is not above the route's MTU now ({@code routeMtu}, the tunnel device's, or
   * an exception's), even when equal (kernel-verified in a VM: samples/ipip-demo.sh); an exception
   * of the same MTU is renewed only in the second half of its life.
   */
  void tunnelUpdate(NetnsName ns, Ipv4Address dst, int mtu, int routeMtu) {
    int old = mtu(ns, dst).orElse(routeMtu);
    if (old < mtu) {
      return;
    }
    int pmtu = mtu < MIN_PMTU ? Math.min(old, MIN_PMTU) : mtu;
    Key key = new Key(ns, dst);
    Exception e = exceptions.get(key);
    if (e != null
        && e.mtu == pmtu
        && e.expiresAt > clock.now()
        && clock.now() < e.expiresAt - EXPIRES_NANOS / 2) {
      return;
    }
    exceptions.put(key, new Exception(pmtu, clock.now() + EXPIRES_NANOS));
  }

  /** The learned path MTU towards {@code dst}, if an unexpired exception exists. */
  OptionalInt mtu(NetnsName ns, Ipv4Address dst) {
    Exception e = exceptions.get(new Key(ns, dst));
    if (e == null || e.expiresAt <= clock.now()) {
      return OptionalInt.empty();
    }
    return OptionalInt.of(e.mtu);
  }

  /**
   * Seconds until the exception towards {@code dst} expires, as {@code ip route get} prints them.
   */
  OptionalInt expiresInSeconds(NetnsName ns, Ipv4Address dst) {
    Exception e = exceptions.get(new Key(ns, dst));
    if (e == null || e.expiresAt <= clock.now()) {
      return OptionalInt.empty();
    }
    return OptionalInt.of((int) ((e.expiresAt - clock.now()) / SimConfig.SECONDS));
  }
}
