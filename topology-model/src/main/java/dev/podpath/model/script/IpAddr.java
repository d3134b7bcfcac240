package dev.podpath.model.script;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.addr.Prefix;
import dev.podpath.model.build.DeviceBuilder;
import dev.podpath.model.build.Devinet;
import dev.podpath.model.build.InetAddr;
import dev.podpath.model.build.KernelError;
import dev.podpath.model.errno.Errno;
import dev.podpath.model.route.RouteScope;
import dev.podpath.model.topo.IfAddress;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * {@code ip address add|change|replace|delete|flush|show}. Without {@code /LEN} an address is a
 * /32; {@code peer P[/LEN]} makes a point-to-point address; {@code brd +} computes the broadcast
 * address. The kernel's duplicate and secondary rules are {@link Devinet}'s.
 */
final class IpAddr {

  private IpAddr() {}

  static void run(Exec ex, Args a) {
    if (!a.hasNext()) {
      return;
    }
    String cmd = a.next();
    if (Keywords.matches(cmd, "add")) {
      modify(ex, a, false);
    } else if (Keywords.matches(cmd, "change")
        || cmd.equals("chg")
        || Keywords.matches(cmd, "replace")) {
      modify(ex, a, true);
    } else if (Keywords.matches(cmd, "delete")) {
      delete(ex, a);
    } else if (Keywords.matches(cmd, "list")
        || Keywords.matches(cmd, "show")
        || cmd.equals("lst")
        || cmd.equals("showdump")
        || Keywords.matches(cmd, "help")) {
      a.skipRest();
    } else if (Keywords.matches(cmd, "flush")) {
      flush(ex, a);
    } else {
      throw new CommandError("Command \"" + cmd + "\" is unknown, try \"ip address help\".");
    }
  }

  /** An address with optional length, host bits allowed: {@code 10.0.0.1/24}. */
  record AddrLen(Ipv4Address address, Optional<Integer> length) {
    int lengthOr32() {
      return length.orElse(32);
    }
  }

  static AddrLen addrLen(String text) {
    int slash = text.indexOf('/');
    Optional<Ipv4Address> a = Ipv4Address.tryParse(slash < 0 ? text : text.substring(0, slash));
    Optional<Integer> len = Optional.empty();
    if (slash >= 0) {
      String l = text.substring(slash + 1);
      len =
          l.matches("[0-9]{1,2}") && Integer.parseInt(l) <= 32
              ? Optional.of(Integer.parseInt(l))
              : null;
    }
    if (a.isEmpty() || len == null) {
      throw new CommandError("Error: any valid prefix is expected rather than \"" + text + "\".");
    }
    return new AddrLen(a.get(), len);
  }

  private static void modify(Exec ex, Args a, boolean replace) {
    AddrLen local = null;
    AddrLen peer = null;
    String brd = null;
    Optional<RouteScope> scope = Optional.empty();
    String dev = null;
    long metric = 0;
    boolean noPrefixRoute = false;
    while (a.hasNext()) {
      String k = a.next();
      if (k.equals("peer") || k.equals("remote")) {
        String v = a.value();
        if (Args.isIpv6(v)) {
          ex.notModelled("IPv6 is not modelled: podpath ignores this command");
          return;
        }
        peer = addrLen(v);
      } else if (Keywords.matches(k, "broadcast") || Keywords.matches(k, "brd")) {
        brd = a.value();
      } else if (Keywords.matches(k, "anycast")) {
        a.value();
        ex.notModelled("anycast addresses are not modelled");
      } else if (Keywords.matches(k, "scope")) {
        String v = a.value();
        scope =
            Optional.of(
                RouteScope.parse(v)
                    .orElseThrow(() -> CommandError.invarg("invalid scope value.", v)));
      } else if (k.equals("dev")) {
        dev = a.value();
      } else if (Keywords.matches(k, "label")) {
        a.value();
      } else if (Keywords.matches(k, "metric")
          || Keywords.matches(k, "priority")
          || Keywords.matches(k, "preference")) {
        metric = Args.u32(a.value(), "\"metric\" value is invalid");
      } else if (Keywords.matches(k, "valid_lft") || Keywords.matches(k, "preferred_lft")) {
        a.value();
      } else if (k.equals("noprefixroute")) {
        noPrefixRoute = true;
      } else if (k.equals("home")
          || k.equals("nodad")
          || k.equals("optimistic")
          || k.equals("mngtmpaddr")
          || k.equals("autojoin")) {
        continue;
      } else {
        if (Keywords.matches(k, "local")) {
          k = a.value();
        }
        if (local != null) {
          throw new CommandError(
              "Error: either \"local\" is duplicate, or \"" + k + "\" is a garbage.");
        }
        if (Args.isIpv6(k)) {
          ex.notModelled("IPv6 is not modelled: podpath ignores this command");
          return;
        }
        local = addrLen(k);
      }
    }
    if (dev == null) {
      throw new CommandError("Not enough information: \"dev\" argument is required.");
    }
    if (local == null) {
      throw new CommandError("Not enough information: \"local\" argument is required.");
    }
    DeviceBuilder d = ex.device(dev);
    int len = peer != null ? peer.lengthOr32() : local.lengthOr32();
    Optional<Ipv4Address> broadcast = broadcast(brd, local.address(), len);
    IfAddress ifa =
        new IfAddress(
            local.address(),
            len,
            Optional.ofNullable(peer).map(AddrLen::address),
            broadcast,
            scope.orElse(Devinet.defaultScope(local.address())),
            ex.origin());
    if (replace
        && d.addrs().stream()
            .anyMatch(
                x -> x.local().equals(ifa.address()) && x.prefixLength() == ifa.prefixLength())) {
      return;
    }
    Devinet.add(ex.ns(), d, ifa, metric, noPrefixRoute, ex.origin());
    ex.changed();
  }

  private static Optional<Ipv4Address> broadcast(String brd, Ipv4Address local, int len) {
    if (brd == null) {
      return Optional.empty();
    }
    if (brd.equals("+") || brd.equals("-")) {
      if (len > 30) {
        return Optional.empty();
      }
      Prefix p = Prefix.of(local, len);
      return Optional.of(brd.equals("+") ? p.broadcast() : p.network());
    }
    return Optional.of(Args.address(brd));
  }

  private static void delete(Exec ex, Args a) {
    AddrLen local = null;
    String dev = null;
    while (a.hasNext()) {
      String k = a.next();
      if (k.equals("dev")) {
        dev = a.value();
      } else if (k.equals("peer")
          || k.equals("remote")
          || Keywords.matches(k, "broadcast")
          || Keywords.matches(k, "brd")
          || Keywords.matches(k, "scope")
          || Keywords.matches(k, "label")
          || Keywords.matches(k, "anycast")
          || Keywords.matches(k, "metric")) {
        a.value();
      } else {
        if (Keywords.matches(k, "local")) {
          k = a.value();
        }
        if (Args.isIpv6(k)) {
          ex.notModelled("IPv6 is not modelled: podpath ignores this command");
          return;
        }
        local = addrLen(k);
      }
    }
    if (dev == null) {
      throw new CommandError("Not enough information: \"dev\" argument is required.");
    }
    DeviceBuilder d = ex.device(dev);
    if (local == null) {
      throw KernelError.of(Errno.EOPNOTSUPP);
    }
    InetAddr found =
        Devinet.find(d, local.address(), local.length())
            .orElseThrow(() -> KernelError.of(Errno.EADDRNOTAVAIL, "ipv4: Address not found"));
    Devinet.delete(ex.ns(), d, found, ex.origin());
    ex.changed();
  }

  private static void flush(Exec ex, Args a) {
    String dev = null;
    Predicate<InetAddr> which = x -> true;
    boolean any = false;
    while (a.hasNext()) {
      String k = a.next();
      any = true;
      if (k.equals("dev")) {
        dev = a.value();
      } else if (Keywords.matches(k, "scope")) {
        String v = a.value();
        RouteScope s =
            RouteScope.parse(v).orElseThrow(() -> CommandError.invarg("invalid \"scope\"", v));
        which = which.and(x -> x.ifa().scope() == s);
      } else if (k.equals("to")) {
        Prefix p = Args.prefix(a.value());
        which = which.and(x -> p.contains(x.local()));
      } else if (Keywords.matches(k, "label")
          || k.equals("primary")
          || k.equals("secondary")
          || k.equals("permanent")
          || k.equals("dynamic")
          || k.equals("up")) {
        if (Keywords.matches(k, "label")) {
          a.value();
        }
      } else {
        dev = k;
      }
    }
    if (!any) {
      throw new CommandError("Flush requires arguments.");
    }
    Predicate<InetAddr> w = which;
    if (dev != null) {
      ex.device(dev);
    }
    for (DeviceBuilder d : ex.ns().devices()) {
      if (dev == null || d.name().equals(dev)) {
        Devinet.flush(ex.ns(), d, w, ex.origin());
      }
    }
    ex.changed();
  }
}
