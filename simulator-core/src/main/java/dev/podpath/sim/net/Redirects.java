package dev.podpath.sim.net;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.packet.Ipv4Packet;
import dev.podpath.model.packet.L4;
import dev.podpath.model.topo.DeviceRef;
import dev.podpath.model.topo.NetDevice;
import dev.podpath.model.topo.Netns;
import dev.podpath.model.topo.NetnsName;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The sender's side of an ICMP redirect ({@code __ip_do_redirect}): the route exceptions ({@code
 * fib_nh_exception}) the redirects a namespace accepted left, per destination. The run state of one
 * {@link Simulation}.
 *
 * <p>A redirect is taken when its source is the gateway of the sender's route to the quoted
 * destination on the device it came in on, the new next hop is another unicast address, and {@code
 * accept_redirects} allows it: {@code conf.all} or the device's for a host, both for a namespace
 * that forwards (and setting {@code ip_forward=1} turns {@code conf.all.accept_redirects} off, so a
 * router ignores them unless it is set again). With {@code shared_media} off (it is on by default)
 * the new next hop must also be on-link and, with {@code secure_redirects}, the gateway of one of
 * the device's default routes ({@code ip_fib_check_default}).
 *
 * <p>Then, when the new next hop's neighbour entry is not valid, the kernel only starts resolving
 * it (an ARP request, no exception); when it is valid, the exception sends later packets to that
 * destination through the new next hop for {@code ip_rt_gc_timeout} (300 s), and {@code ip route
 * get} shows {@code via NEW ... cache <redirected> expires 299sec}. Kernel-checked on 6.18 (docs/
 * kernel-agreement.md, "ICMP redirects"; test resources random/redirect-arp-fails.sh).
 *
 * <p>Only redirects about UDP (traceroute's probes) and ICMP (ping's) are taken: one about a TCP
 * connect's SYN left no exception in the kernel (kernel-checked once, not explained). Not modelled:
 * whether a socket is there to take the redirect (the kernel's UDP handler only acts on one;
 * podpath's probes always have one), and several exceptions for one destination through different
 * routes.
 */
final class Redirects {

  /** {@code ip_rt_gc_timeout}: how long a redirect's exception lives. */
  static final long EXPIRES_NANOS = 300 * SimConfig.SECONDS;

  private record Key(NetnsName netns, Ipv4Address dst) {}

  /** A redirect's exception: later packets to the destination leave {@code dev} to {@code gw}. */
  private record Exception(String dev, Ipv4Address gw, long expiresAt) {}

  /** {@code neigh_event_send} without a packet: {@link Neighbours#validOrSolicit}. */
  @FunctionalInterface
  interface NeighbourEvent {
    boolean validOrSolicit(DeviceRef devRef, NetDevice dev, Ipv4Address target, long packetId);
  }

  private final Run run;
  private final NeighbourEvent neighbours;
  private final Map<Key, Exception> exceptions = new HashMap<>();

  Redirects(Run run, NeighbourEvent neighbours) {
    this.run = run;
    this.neighbours = neighbours;
  }

  /**
   * {@code redirect} came in on {@code dev} of {@code ns}: takes it or not, as {@code
   * __ip_do_redirect} does.
   *
   * @return what became of it, in words, for the trace
   */
  String received(Netns ns, String dev, long packetId, Ipv4Packet redirect, L4.Icmp icmp) {
    if (icmp.code() != L4.Icmp.REDIRECT_HOST || icmp.quoted().isEmpty()) {
      return "icmp redirect (code " + icmp.code() + "): not taken";
    }
    Ipv4Packet quoted = icmp.quoted().get();
    Ipv4Address oldGw = redirect.src();
    Ipv4Address newGw = icmp.gateway();
    if (!ns.ownsAddress(quoted.src())) {
      return "icmp redirect about a packet " + ns.name() + " did not send: not taken";
    }
    if (quoted.l4() instanceof L4.Tcp) {
      // kernel-checked on 6.18: a redirect about a connect's SYN (refused by a reset) left no
      // exception; why is not followed here, so podpath takes none either
      return "icmp redirect about a TCP segment: not taken";
    }
    FibResult res = FibLookup.lookup(ns, FibLookup.Key.output(quoted.dst(), quoted.src(), 0));
    Optional<String> why = refused(ns, dev, res, oldGw, newGw);
    if (why.isPresent()) {
      return "icmp redirect to " + newGw + " for " + quoted.dst() + ": ignored (" + why.get() + ")";
    }
    NetDevice out = ns.device(dev).orElseThrow();
    if (!neighbours.validOrSolicit(new DeviceRef(ns.name(), dev), out, newGw, packetId)) {
      return "icmp redirect to "
          + newGw
          + " for "
          + quoted.dst()
          + ": "
          + newGw
          + " is not resolved, so no route exception, only an ARP request";
    }
    exceptions.put(
        new Key(ns.name(), quoted.dst()),
        new Exception(dev, newGw, run.clock().now() + EXPIRES_NANOS));
    return "icmp redirect: later packets to " + quoted.dst() + " go to " + newGw;
  }

  private static Optional<String> refused(
      Netns ns, String dev, FibResult res, Ipv4Address oldGw, Ipv4Address newGw) {
    if (!(res instanceof FibResult.Found f)
        || f.hop().isEmpty()
        || !f.hop().get().dev().equals(dev)
        || !f.hop().get().via().equals(Optional.of(oldGw))) {
      return Optional.of("the route to it is not via " + oldGw + " on " + dev);
    }
    if (newGw.equals(oldGw)
        || newGw.isMulticast()
        || newGw.isLimitedBroadcast()
        || newGw.isAny()
        || ns.ownsAddress(newGw)) {
      return Optional.of("the new next hop is not another unicast address");
    }
    if (!accepts(ns, dev)) {
      return Optional.of("accept_redirects is off");
    }
    var s = ns.sysctls();
    boolean shared =
        s.intValue("net.ipv4.conf.all.shared_media", 1) != 0
            || s.intValue(
                    "net.ipv4.conf." + dev + ".shared_media",
                    s.intValue("net.ipv4.conf.default.shared_media", 1))
                != 0;
    if (!shared) {
      boolean onlink =
          ns.device(dev).orElseThrow().addresses().stream()
              .anyMatch(a -> a.connectedPrefix().contains(newGw));
      if (!onlink) {
        return Optional.of("shared_media is off and " + newGw + " is not on-link");
      }
      boolean secure =
          s.intValue("net.ipv4.conf.all.secure_redirects", 1) != 0
              || s.intValue(
                      "net.ipv4.conf." + dev + ".secure_redirects",
                      s.intValue("net.ipv4.conf.default.secure_redirects", 1))
                  != 0;
      if (secure && !defaultGateway(ns, dev, newGw)) {
        return Optional.of("secure_redirects: " + newGw + " is not a default gateway");
      }
    }
    return Optional.empty();
  }

  /**
   * {@code IN_DEV_RX_REDIRECTS}: for a device that forwards, {@code conf.all} and the device's
   * {@code accept_redirects} both; otherwise either. {@code ip_forward=1} turned {@code
   * conf.all.accept_redirects} off unless it was set since (podpath takes a value set in the
   * scenario as set after it).
   */
  static boolean accepts(Netns ns, String dev) {
    var s = ns.sysctls();
    boolean forwardOn = s.intValue("net.ipv4.ip_forward", 0) != 0;
    boolean all = s.intValue("net.ipv4.conf.all.accept_redirects", forwardOn ? 0 : 1) != 0;
    boolean own =
        s.intValue(
                "net.ipv4.conf." + dev + ".accept_redirects",
                s.intValue("net.ipv4.conf.default.accept_redirects", 1))
            != 0;
    return s.forwarding(dev) ? all && own : all || own;
  }

  /** {@code ip_fib_check_default}: {@code gw} is the gateway of a default route on {@code dev}. */
  private static boolean defaultGateway(Netns ns, String dev, Ipv4Address gw) {
    return ns.routing().allRoutes().stream()
        .filter(r -> r.destination().length() == 0)
        .flatMap(r -> r.nextHops().stream())
        .anyMatch(h -> h.dev().equals(dev) && h.via().equals(Optional.of(gw)));
  }

  /**
   * The next hop a redirect's exception gives packets to {@code dst} leaving {@code dev} of {@code
   * ns}, while it lives.
   */
  Optional<Ipv4Address> gateway(NetnsName ns, Ipv4Address dst, String dev) {
    Exception e = exceptions.get(new Key(ns, dst));
    if (e == null || !e.dev.equals(dev) || e.expiresAt <= run.clock().now()) {
      return Optional.empty();
    }
    return Optional.of(e.gw);
  }

  /** The seconds a redirect's exception to {@code dst} has left, as {@code ip route get} shows. */
  Optional<Integer> expiresInSeconds(NetnsName ns, Ipv4Address dst) {
    Exception e = exceptions.get(new Key(ns, dst));
    long left = e == null ? 0 : e.expiresAt - run.clock().now();
    if (left <= 0) {
      return Optional.empty();
    }
    return Optional.of((int) (left / SimConfig.SECONDS));
  }

  /** The gateway of a living exception to {@code dst} of {@code ns}, whatever its device. */
  Optional<Ipv4Address> gateway(NetnsName ns, Ipv4Address dst) {
    Exception e = exceptions.get(new Key(ns, dst));
    return e == null || e.expiresAt <= run.clock().now() ? Optional.empty() : Optional.of(e.gw);
  }
}
