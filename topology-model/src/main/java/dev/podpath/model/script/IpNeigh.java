package dev.podpath.model.script;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.addr.MacAddress;
import dev.podpath.model.addr.Prefix;
import dev.podpath.model.build.DeviceBuilder;
import dev.podpath.model.build.NeighTable;
import dev.podpath.model.neigh.NeighEntry;
import dev.podpath.model.neigh.NudState;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * {@code ip neigh add|replace|change|delete|flush|show}, including proxy entries ({@code ip neigh
 * add proxy ADDR dev DEV}). Entries added without {@code nud} are permanent.
 */
final class IpNeigh {

  private IpNeigh() {}

  static void run(Exec ex, Args a) {
    if (!a.hasNext()) {
      return;
    }
    String cmd = a.next();
    if (Keywords.matches(cmd, "add")) {
      modify(ex, a, Op.ADD);
    } else if (Keywords.matches(cmd, "change") || cmd.equals("chg")) {
      modify(ex, a, Op.CHANGE);
    } else if (Keywords.matches(cmd, "replace")) {
      modify(ex, a, Op.REPLACE);
    } else if (Keywords.matches(cmd, "delete")) {
      modify(ex, a, Op.DELETE);
    } else if (Keywords.matches(cmd, "get")
        || Keywords.matches(cmd, "show")
        || cmd.equals("lst")
        || Keywords.matches(cmd, "list")
        || Keywords.matches(cmd, "help")) {
      a.skipRest();
    } else if (Keywords.matches(cmd, "flush")) {
      flush(ex, a);
    } else {
      throw new CommandError("Command \"" + cmd + "\" is unknown, try \"ip neigh help\".");
    }
  }

  private enum Op {
    ADD,
    CHANGE,
    REPLACE,
    DELETE
  }

  private static void modify(Exec ex, Args a, Op op) {
    Ipv4Address addr = null;
    String dev = null;
    Optional<MacAddress> lladdr = Optional.empty();
    NudState nud = NudState.PERMANENT;
    boolean proxy = false;
    while (a.hasNext()) {
      String k = a.next();
      if (k.equals("lladdr")) {
        lladdr = Optional.of(Args.lladdr(a.value()));
      } else if (k.equals("nud")) {
        String v = a.value();
        nud =
            NudState.parse(v)
                .filter(s -> s != NudState.NONE || v.equals("none"))
                .orElseThrow(() -> CommandError.invarg("nud state is bad", v));
      } else if (k.equals("proxy")) {
        proxy = true;
        String v = a.value();
        addr = address(ex, v);
        if (addr == null) {
          return;
        }
      } else if (k.equals("dev")) {
        dev = a.value();
      } else if (k.equals("router")
          || k.equals("extern_learn")
          || k.equals("use")
          || k.equals("managed")
          || k.equals("self")
          || k.equals("master")) {
        continue;
      } else if (k.equals("protocol") || k.equals("vni") || k.equals("port") || k.equals("via")) {
        a.value();
      } else {
        if (k.equals("to")) {
          k = a.value();
        }
        addr = address(ex, k);
        if (addr == null) {
          return;
        }
      }
    }
    if (addr == null || dev == null) {
      throw new CommandError("Device and destination are required arguments.");
    }
    DeviceBuilder d = ex.device(dev);
    NeighEntry e =
        new NeighEntry(
            addr,
            d.name(),
            proxy ? Optional.empty() : lladdr,
            proxy ? NudState.NOARP : nud,
            proxy,
            ex.origin());
    switch (op) {
      case DELETE -> NeighTable.delete(ex.ns(), e);
      case ADD -> NeighTable.update(ex.ns(), e, NeighTable.Request.ADD);
      case CHANGE -> NeighTable.update(ex.ns(), e, NeighTable.Request.CHANGE);
      case REPLACE -> NeighTable.update(ex.ns(), e, NeighTable.Request.REPLACE);
    }
    ex.changed();
  }

  /** The address, or null (with a note) for an IPv6 one. */
  private static Ipv4Address address(Exec ex, String text) {
    if (Args.isIpv6(text)) {
      ex.notModelled("IPv6 is not modelled: podpath ignores this command");
      return null;
    }
    return Args.address(text.endsWith("/32") ? text.substring(0, text.length() - 3) : text);
  }

  /**
   * {@code ip neigh flush}: drops non-permanent, non-noarp entries unless {@code nud} says
   * otherwise.
   */
  private static void flush(Exec ex, Args a) {
    if (!a.hasNext()) {
      throw new CommandError("Flush requires arguments.");
    }
    Predicate<NeighEntry> p = n -> !n.proxy();
    boolean allStates = false;
    while (a.hasNext()) {
      String k = a.next();
      if (k.equals("dev")) {
        String dev = ex.device(a.value()).name();
        p = p.and(n -> n.dev().equals(dev));
      } else if (k.equals("nud")) {
        String v = a.value();
        if (v.equals("all")) {
          allStates = true;
        } else {
          NudState s =
              NudState.parse(v).orElseThrow(() -> CommandError.invarg("nud state is bad", v));
          allStates = true;
          p = p.and(n -> n.state() == s);
        }
      } else if (k.equals("all") || k.equals("proxy")) {
        continue;
      } else {
        if (k.equals("to")) {
          k = a.value();
        }
        Prefix pre = Args.prefix(k);
        p = p.and(n -> pre.contains(n.address()));
      }
    }
    boolean every = allStates;
    Predicate<NeighEntry> sel = p;
    NeighTable.flush(
        ex.ns(),
        n ->
            sel.test(n)
                && (every || n.state() != NudState.PERMANENT && n.state() != NudState.NOARP));
    ex.changed();
  }
}
