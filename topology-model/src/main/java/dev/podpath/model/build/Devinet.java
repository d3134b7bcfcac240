package dev.podpath.model.build;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.errno.Errno;
import dev.podpath.model.origin.Origin;
import dev.podpath.model.route.RouteScope;
import dev.podpath.model.topo.IfAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Adding and removing IPv4 addresses with the kernel's rules ({@code net/ipv4/devinet.c}):
 * duplicates, secondaries, the order of the address list, and what removing a primary address does
 * to its secondaries. The routes that follow are {@link KernelRoutes}' business.
 */
public final class Devinet {

  private Devinet() {}

  /**
   * {@code __inet_insert_ifa}: an address with the same mask and subnet as an existing one is
   * secondary (appended at the end); a primary one goes after the last primary of equal or wider
   * scope number. The same local address twice in one subnet is refused.
   */
  public static InetAddr add(
      NetnsBuilder ns,
      DeviceBuilder d,
      IfAddress ifa,
      long metric,
      boolean noPrefixRoute,
      Origin origin) {
    InetAddr a = new InetAddr(ifa, false, metric, noPrefixRoute);
    boolean secondary = false;
    int lastPrimary = 0;
    for (int k = 0; k < d.addressList().size(); k++) {
      InetAddr e = d.addressList().get(k);
      if (!e.secondary() && ifa.scope().value() <= e.ifa().scope().value()) {
        lastPrimary = k + 1;
      }
      if (e.sameSubnet(a)) {
        if (e.local().equals(a.local())) {
          throw KernelError.of(Errno.EEXIST, "ipv4: Address already assigned");
        }
        if (e.ifa().scope() != ifa.scope()) {
          throw KernelError.of(Errno.EINVAL, "ipv4: Invalid scope value");
        }
        secondary = true;
      }
    }
    a = a.withSecondary(secondary);
    if (secondary) {
      d.addressList().add(a);
    } else {
      d.addressList().add(lastPrimary, a);
    }
    FibFrontend.addressAdded(ns, d, a, origin);
    return a;
  }

  /** The first address {@code ip addr del} names: by local address, and prefix when given. */
  public static Optional<InetAddr> find(
      DeviceBuilder d, Ipv4Address local, Optional<Integer> prefixLength) {
    return d.addressList().stream()
        .filter(a -> a.local().equals(local))
        .filter(a -> prefixLength.map(l -> l == a.prefixLength()).orElse(true))
        .findFirst();
  }

  /**
   * {@code __inet_del_ifa}: removing a primary address removes its secondaries too, unless {@code
   * promote_secondaries} is on, when the first secondary becomes primary.
   */
  public static void delete(NetnsBuilder ns, DeviceBuilder d, InetAddr a, Origin origin) {
    List<InetAddr> before = List.copyOf(d.addressList());
    List<InetAddr> promoted = new ArrayList<>();
    if (!a.secondary()) {
      boolean promote =
          ns.sysctls().confAll("promote_secondaries") != 0
              || ns.sysctls().conf(d.name(), "promote_secondaries") != 0;
      int at = d.addressList().indexOf(a);
      List<InetAddr> secondaries =
          d.addressList().stream().filter(s -> s.secondary() && a.sameSubnet(s)).toList();
      if (promote && !secondaries.isEmpty()) {
        InetAddr p = secondaries.get(0).withSecondary(false);
        d.addressList().remove(secondaries.get(0));
        d.addressList().set(at, p);
        promoted.add(p);
      } else {
        d.addressList().removeAll(secondaries);
        d.addressList().remove(a);
      }
    } else {
      d.addressList().remove(a);
    }
    FibFrontend.addressesRemoved(ns, d, before, origin);
    for (InetAddr p : promoted) {
      FibFrontend.addressAdded(ns, d, p, origin);
      for (InetAddr s : List.copyOf(d.addressList())) {
        if (s.secondary() && p.sameSubnet(s)) {
          FibFrontend.addressAdded(ns, d, s, origin);
        }
      }
    }
  }

  /** {@code ip addr flush}: removes every address {@code which} accepts. */
  public static void flush(
      NetnsBuilder ns, DeviceBuilder d, Predicate<InetAddr> which, Origin origin) {
    while (true) {
      Optional<InetAddr> next = d.addressList().stream().filter(which).findFirst();
      if (next.isEmpty()) {
        return;
      }
      delete(ns, d, next.get(), origin);
    }
  }

  /** {@code default_scope()} of iproute2: host for 127/8, global otherwise. */
  public static RouteScope defaultScope(Ipv4Address a) {
    return a.isLoopback() ? RouteScope.HOST : RouteScope.GLOBAL;
  }
}
