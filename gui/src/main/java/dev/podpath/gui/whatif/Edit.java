package dev.podpath.gui.whatif;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.addr.Prefix;
import dev.podpath.model.netfilter.NetfilterTable;
import dev.podpath.model.route.NextHop;
import dev.podpath.model.route.Route;
import dev.podpath.model.route.RouteType;
import dev.podpath.model.route.TableIds;
import dev.podpath.model.topo.NetnsName;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A what-if edit made in the GUI, which is one real command line: what {@code podpath trace} and
 * {@code podpath verify} run when the edits are saved after the script. Each variant builds its
 * argument vector from the model's typed entry (a device's name, a {@link Route}, a rule's number
 * in its chain), never from the text a table shows.
 *
 * <pre>{@code
 * new Edit.LinkState(NetnsName.of("worker1"), "flannel.1", false).argv()
 *     // [ip, -n, worker1, link, set, flannel.1, down]
 * }</pre>
 */
public sealed interface Edit {

  /** The namespace the command changes. */
  NetnsName netns();

  /** {@return the command's words, as a shell would pass them} */
  List<String> argv();

  /** {@return what the edit does, in a few words, for the list of edits} */
  String summary();

  /** {@return the command as a line of a script, each word quoted when the shell needs it} */
  default String commandLine() {
    return CommandLines.join(argv());
  }

  /** {@code ip -n NS link set DEV up|down}. */
  record LinkState(NetnsName netns, String dev, boolean up) implements Edit {
    public LinkState {
      Objects.requireNonNull(netns, "netns");
      Objects.requireNonNull(dev, "dev");
    }

    @Override
    public List<String> argv() {
      return List.of("ip", "-n", netns.toString(), "link", "set", dev, up ? "up" : "down");
    }

    @Override
    public String summary() {
      return netns + ": " + dev + (up ? " up" : " down");
    }
  }

  /** {@code ip -n NS link set DEV mtu N}. */
  record LinkMtu(NetnsName netns, String dev, int mtu) implements Edit {
    public LinkMtu {
      Objects.requireNonNull(netns, "netns");
      Objects.requireNonNull(dev, "dev");
      if (mtu < 68 || mtu > 65535) {
        throw new IllegalArgumentException("an MTU is from 68 to 65535, not " + mtu);
      }
    }

    @Override
    public List<String> argv() {
      return List.of("ip", "-n", netns.toString(), "link", "set", dev, "mtu", String.valueOf(mtu));
    }

    @Override
    public String summary() {
      return netns + ": " + dev + " mtu " + mtu;
    }
  }

  /**
   * {@code ip -n NS route del [TYPE] DEST [via GW] [dev DEV] [table T] [metric M]}: the route's own
   * attributes, so that the kernel's {@code fib_table_delete} removes this route and no other.
   */
  record RouteDelete(NetnsName netns, Route route) implements Edit {
    public RouteDelete {
      Objects.requireNonNull(netns, "netns");
      Objects.requireNonNull(route, "route");
    }

    @Override
    public List<String> argv() {
      List<String> a = new ArrayList<>(List.of("ip", "-n", netns.toString(), "route", "del"));
      if (route.type() != RouteType.UNICAST) {
        a.add(route.type().keyword());
      }
      a.add(route.destination().toRouteString());
      if (route.nextHops().size() == 1) {
        NextHop h = route.nextHops().get(0);
        h.via().ifPresent(v -> a.addAll(List.of("via", v.toString())));
        a.addAll(List.of("dev", h.dev()));
      }
      if (route.table() != TableIds.MAIN) {
        a.addAll(List.of("table", TableIds.name(route.table())));
      }
      if (route.metric() != 0) {
        a.addAll(List.of("metric", String.valueOf(route.metric())));
      }
      return List.copyOf(a);
    }

    @Override
    public String summary() {
      return netns + ": route " + route.destination().toRouteString() + " deleted";
    }
  }

  /** {@code ip -n NS route add DEST [via GW] [dev DEV]} (one of the two at least). */
  record RouteAdd(
      NetnsName netns, Prefix destination, Optional<Ipv4Address> via, Optional<String> dev)
      implements Edit {
    public RouteAdd {
      Objects.requireNonNull(netns, "netns");
      Objects.requireNonNull(destination, "destination");
      Objects.requireNonNull(via, "via");
      Objects.requireNonNull(dev, "dev");
      if (via.isEmpty() && dev.isEmpty()) {
        throw new IllegalArgumentException("a route needs a gateway (via) or a device (dev)");
      }
    }

    /**
     * Reads what a person typed after {@code ip route add}: {@code DEST [via GW] [dev DEV]}.
     *
     * @throws IllegalArgumentException naming the word that is wrong
     */
    public static RouteAdd parse(NetnsName netns, String text) {
      List<String> w = List.of(text.strip().split("\\s+"));
      if (w.isEmpty() || w.get(0).isEmpty()) {
        throw new IllegalArgumentException("give the destination, e.g. 10.10.2.0/24 via 10.10.1.1");
      }
      Prefix dest = w.get(0).equals("default") ? Prefix.parse("0.0.0.0/0") : Prefix.parse(w.get(0));
      Optional<Ipv4Address> via = Optional.empty();
      Optional<String> dev = Optional.empty();
      for (int i = 1; i < w.size(); i += 2) {
        if (i + 1 >= w.size()) {
          throw new IllegalArgumentException("\"" + w.get(i) + "\" needs a value");
        }
        switch (w.get(i)) {
          case "via" -> via = Optional.of(Ipv4Address.parse(w.get(i + 1)));
          case "dev" -> dev = Optional.of(w.get(i + 1));
          default ->
              throw new IllegalArgumentException(
                  "\"" + w.get(i) + "\": only via GW and dev DEV are offered here");
        }
      }
      return new RouteAdd(netns, dest, via, dev);
    }

    @Override
    public List<String> argv() {
      List<String> a = new ArrayList<>(List.of("ip", "-n", netns.toString(), "route", "add"));
      a.add(destination.toRouteString());
      via.ifPresent(v -> a.addAll(List.of("via", v.toString())));
      dev.ifPresent(d -> a.addAll(List.of("dev", d)));
      return List.copyOf(a);
    }

    @Override
    public String summary() {
      return netns + ": route " + destination.toRouteString() + " added";
    }
  }

  /** {@code ip netns exec NS sysctl -w KEY=VALUE}. */
  record SysctlSet(NetnsName netns, String key, String value) implements Edit {
    public SysctlSet {
      Objects.requireNonNull(netns, "netns");
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(value, "value");
      if (!value.matches("[0-9]+")) {
        throw new IllegalArgumentException(key + " takes a number, not \"" + value + "\"");
      }
    }

    @Override
    public List<String> argv() {
      return List.of("ip", "netns", "exec", netns.toString(), "sysctl", "-w", key + "=" + value);
    }

    @Override
    public String summary() {
      return netns + ": " + key + " = " + value;
    }
  }

  /**
   * {@code ip netns exec NS iptables -t TABLE -D CHAIN N}: the rule by its number in its chain (1
   * for the first), as the model lists the chain when the edit is made.
   */
  record RuleDelete(NetnsName netns, NetfilterTable table, String chain, int number, String spec)
      implements Edit {
    public RuleDelete {
      Objects.requireNonNull(netns, "netns");
      Objects.requireNonNull(table, "table");
      Objects.requireNonNull(chain, "chain");
      Objects.requireNonNull(spec, "spec");
      if (number < 1) {
        throw new IllegalArgumentException("rules are numbered from 1, not " + number);
      }
    }

    @Override
    public List<String> argv() {
      return List.of(
          "ip",
          "netns",
          "exec",
          netns.toString(),
          "iptables",
          "-t",
          table.keyword(),
          "-D",
          chain,
          String.valueOf(number));
    }

    @Override
    public String summary() {
      return netns
          + ": "
          + table.keyword()
          + " "
          + chain
          + " rule "
          + number
          + " deleted ("
          + spec
          + ")";
    }
  }

  /**
   * {@code ip netns exec NS iptables -t TABLE -I CHAIN N RULE...}: a rule inserted at position N;
   * the rule's words as the person gave them (iptables itself, or podpath's reading of it, judges
   * them when the script is read again).
   */
  record RuleInsert(
      NetnsName netns, NetfilterTable table, String chain, int position, List<String> rule)
      implements Edit {
    public RuleInsert {
      Objects.requireNonNull(netns, "netns");
      Objects.requireNonNull(table, "table");
      Objects.requireNonNull(chain, "chain");
      rule = List.copyOf(rule);
      if (position < 1) {
        throw new IllegalArgumentException("rules are numbered from 1, not " + position);
      }
      if (rule.isEmpty()) {
        throw new IllegalArgumentException("give the rule, e.g. -s 10.10.1.6 -j DROP");
      }
    }

    @Override
    public List<String> argv() {
      List<String> a =
          new ArrayList<>(
              List.of(
                  "ip",
                  "netns",
                  "exec",
                  netns.toString(),
                  "iptables",
                  "-t",
                  table.keyword(),
                  "-I",
                  chain,
                  String.valueOf(position)));
      a.addAll(rule);
      return List.copyOf(a);
    }

    @Override
    public String summary() {
      return netns
          + ": "
          + table.keyword()
          + " "
          + chain
          + " rule inserted at "
          + position
          + " ("
          + String.join(" ", rule)
          + ")";
    }
  }
}
