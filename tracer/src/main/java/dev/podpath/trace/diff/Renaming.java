package dev.podpath.trace.diff;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.route.NextHop;
import dev.podpath.model.topo.NetnsName;
import java.util.List;
import java.util.Map;

/**
 * BEFORE's names of the recreated pods ({@link Recreated}) in AFTER's words: a pod's name where a
 * namespace or device is named after it ({@code veth-coredns-5b8bf7b657-5gjrq}), and its address.
 * Two traces of a pair with a recreated pod are compared through it, so that the new pod's own
 * namespace, veth and address are not taken for the difference.
 */
final class Renaming {

  static final Renaming NONE = new Renaming(Map.of(), Map.of());

  /** A recreated pod's old name (without its namespace) to its new one. */
  private final Map<String, String> names;

  private final Map<Ipv4Address, Ipv4Address> addresses;

  private Renaming(Map<String, String> names, Map<Ipv4Address, Ipv4Address> addresses) {
    this.names = names;
    this.addresses = addresses;
  }

  /** {@return the renaming of the pods matched as one workload} */
  static Renaming of(List<Recreated> recreated) {
    Map<String, String> names = new java.util.LinkedHashMap<>();
    Map<Ipv4Address, Ipv4Address> addresses = new java.util.HashMap<>();
    for (Recreated r : recreated) {
      String was = bare(r.before());
      String is = bare(r.after());
      if (!was.equals(is)) {
        names.put(was, is);
      }
      if (r.beforeAddress().isPresent()
          && r.afterAddress().isPresent()
          && !r.beforeAddress().equals(r.afterAddress())) {
        addresses.put(r.beforeAddress().get(), r.afterAddress().get());
      }
    }
    return names.isEmpty() && addresses.isEmpty()
        ? NONE
        : new Renaming(Map.copyOf(names), Map.copyOf(addresses));
  }

  private static String bare(String label) {
    return label.substring(label.indexOf('/') + 1);
  }

  /** {@return BEFORE's key as AFTER would name it} */
  DecisionKey apply(DecisionKey k) {
    if (this == NONE) {
      return k;
    }
    if (k instanceof DecisionKey.Route r) {
      return new DecisionKey.Route(
          ns(r.netns()),
          r.input(),
          r.rulePriority(),
          r.table(),
          r.type(),
          r.destination(),
          r.nextHops().stream().map(this::hop).toList(),
          r.metric(),
          r.nextHop().map(this::ip),
          r.outDev().map(this::name));
    }
    if (k instanceof DecisionKey.Netfilter n) {
      return new DecisionKey.Netfilter(
          ns(n.netns()), n.table(), n.hook(), n.matched(), n.verdict(), n.byPolicy());
    }
    if (k instanceof DecisionKey.Bridge b) {
      return new DecisionKey.Bridge(
          ns(b.netns()),
          name(b.bridge()),
          b.decision(),
          b.outPorts().stream().map(this::name).toList());
    }
    if (k instanceof DecisionKey.Neighbour n) {
      return new DecisionKey.Neighbour(ns(n.netns()), name(n.dev()), ip(n.ip()), n.configured());
    }
    if (k instanceof DecisionKey.ArpIgnored a) {
      return new DecisionKey.ArpIgnored(ns(a.netns()), name(a.dev()), ip(a.target()));
    }
    if (k instanceof DecisionKey.Encapsulated e) {
      return new DecisionKey.Encapsulated(
          ns(e.netns()), name(e.dev()), e.tunnel(), ip(e.outerDst()));
    }
    if (k instanceof DecisionKey.Decapsulated d) {
      return new DecisionKey.Decapsulated(ns(d.netns()), name(d.dev()), d.tunnel());
    }
    if (k instanceof DecisionKey.Forwarded f) {
      return new DecisionKey.Forwarded(ns(f.netns()), name(f.in()), name(f.out()));
    }
    if (k instanceof DecisionKey.Delivered d) {
      return new DecisionKey.Delivered(ns(d.netns()), name(d.dev()), d.handler());
    }
    if (k instanceof DecisionKey.Dropped d) {
      return new DecisionKey.Dropped(ns(d.netns()), d.code());
    }
    if (k instanceof DecisionKey.NotModelled n) {
      return new DecisionKey.NotModelled(ns(n.netns()), n.what());
    }
    throw new IllegalArgumentException("a decision of an unknown kind: " + k);
  }

  private NetnsName ns(NetnsName n) {
    String renamed = name(n.value());
    return renamed.equals(n.value()) ? n : NetnsName.of(renamed);
  }

  /** A namespace or device name with an old pod name in it replaced by the new one. */
  private String name(String s) {
    for (Map.Entry<String, String> e : names.entrySet()) {
      if (s.contains(e.getKey())) {
        return s.replace(e.getKey(), e.getValue());
      }
    }
    return s;
  }

  private Ipv4Address ip(Ipv4Address a) {
    return addresses.getOrDefault(a, a);
  }

  private NextHop hop(NextHop h) {
    return new NextHop(h.via().map(this::ip), name(h.dev()), h.weight(), h.onlink());
  }
}
