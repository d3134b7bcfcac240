package dev.podpath.gui.whatif;

import dev.podpath.model.netfilter.NetfilterTable;
import dev.podpath.model.netfilter.Rule;
import dev.podpath.model.route.Route;
import dev.podpath.model.topo.NetDevice;
import dev.podpath.model.topo.NetnsName;
import java.util.List;

/**
 * The edits each kind of state row offers, made from the model's typed entry: a device (up/down,
 * MTU), a route (delete), a chain (insert a rule), a rule (delete), one of the sysctls the GUI lets
 * you change ({@code ip_forward}, {@code rp_filter}, {@code proxy_arp}).
 */
public final class Offers {

  private Offers() {}

  /** A device: set it down or up, change its MTU. */
  public static List<Offer> link(NetnsName ns, NetDevice d) {
    Offer state =
        new Offer.Now(
            d.up() ? "Set " + d.name() + " down" : "Set " + d.name() + " up",
            new Edit.LinkState(ns, d.name(), !d.up()));
    Offer mtu =
        new Offer.Ask(
            "Change the MTU of " + d.name() + "...",
            "New MTU of " + d.name() + " in " + ns + " (68 to 65535)",
            String.valueOf(d.mtu()),
            v -> new Edit.LinkMtu(ns, d.name(), number(v)));
    return List.of(state, mtu);
  }

  /** A route of any table: delete it. */
  public static List<Offer> route(NetnsName ns, Route r) {
    return List.of(new Offer.Now("Delete this route", new Edit.RouteDelete(ns, r)));
  }

  /** A chain: insert a rule at its top. */
  public static List<Offer> chain(NetnsName ns, NetfilterTable t, String chain) {
    return List.of(
        new Offer.Ask(
            "Insert a rule at the top of " + chain + "...",
            "iptables -t " + t.keyword() + " -I " + chain + " 1 ...",
            "-s 10.0.0.0/8 -j DROP",
            v -> new Edit.RuleInsert(ns, t, chain, 1, CommandLines.split(v))));
  }

  /** Rule {@code number} (from 1) of a chain: delete it, or insert another before it. */
  public static List<Offer> rule(NetnsName ns, NetfilterTable t, String chain, int number, Rule r) {
    return List.of(
        new Offer.Now(
            "Delete rule " + number + " of " + chain,
            new Edit.RuleDelete(ns, t, chain, number, r.spec())),
        new Offer.Ask(
            "Insert a rule before it...",
            "iptables -t " + t.keyword() + " -I " + chain + " " + number + " ...",
            "-j ACCEPT",
            v -> new Edit.RuleInsert(ns, t, chain, number, CommandLines.split(v))));
  }

  /**
   * A sysctl: for {@code ip_forward} and {@code proxy_arp}, flip it; for {@code rp_filter}, ask for
   * 0, 1 or 2; other keys offer nothing.
   */
  public static List<Offer> sysctl(NetnsName ns, String key, String value) {
    if (key.endsWith(".ip_forward") || key.endsWith(".proxy_arp") || key.endsWith(".forwarding")) {
      String flipped = value.equals("0") ? "1" : "0";
      return List.of(
          new Offer.Now("Set " + key + " = " + flipped, new Edit.SysctlSet(ns, key, flipped)));
    }
    if (key.endsWith(".rp_filter")) {
      return List.of(
          new Offer.Ask(
              "Change " + key + "...",
              key + ": 0 off, 1 strict, 2 loose",
              value,
              v -> {
                if (!v.strip().matches("[012]")) {
                  throw new IllegalArgumentException("rp_filter is 0, 1 or 2, not \"" + v + "\"");
                }
                return new Edit.SysctlSet(ns, key, v.strip());
              }));
    }
    return List.of();
  }

  private static int number(String v) {
    try {
      return Integer.parseInt(v.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a number: \"" + v + "\"", e);
    }
  }
}
