package dev.podpath.model.snapshot;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.dump.LinkFacts;
import dev.podpath.model.route.Route;
import dev.podpath.model.route.TableIds;
import dev.podpath.model.topo.LinkKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Ties the two ends of each veth of a node: by peer index across the node's namespaces (with {@code
 * ip netns list-id} when several could match), by name within one; then a pod namespace without a
 * peer index by the node's route to its address, or by the node bridge whose subnet holds it (a new
 * veth port). Package-private.
 */
final class VethTies {

  private VethTies() {}

  /** Ties veth ends within one node: by ifindex pairs across namespaces, by name within one. */
  static void tieVeths(List<NetnsDraft> node) {
    for (NetnsDraft ns : node) {
      for (DeviceDraft d : ns.devices.values()) {
        if (d.peer.isPresent() || d.link.isEmpty() || !(d.isVeth() || d.type.isEmpty())) {
          continue;
        }
        LinkFacts.LinkRef l = d.link.get();
        if (!l.isInOtherNetns()) {
          l.name()
              .flatMap(ns::device)
              .filter(p -> p != d && p.peer.isEmpty())
              .ifPresent(
                  p -> {
                    d.peer = Optional.of(NetnsDraft.ref(ns, p));
                    p.peer = Optional.of(NetnsDraft.ref(ns, d));
                  });
          continue;
        }
        if (l.index().isEmpty()) {
          continue;
        }
        Optional<String> named =
            l.netns()
                .or(
                    () ->
                        l.netnsId().stream()
                            .boxed()
                            .flatMap(
                                id -> ns.dump.nsids().getOrDefault(id, Optional.empty()).stream())
                            .findFirst());
        List<Object[]> candidates = new ArrayList<>();
        for (NetnsDraft other : node) {
          if (other == ns || named.isPresent() && !other.dump.name().equals(named.get())) {
            continue;
          }
          for (DeviceDraft e : other.devices.values()) {
            if (e.index == l.index().getAsInt()
                && e.peer.isEmpty()
                && !e.isLoopback()
                && (e.isVeth() || e.type.isEmpty())
                && e.link
                    .flatMap(
                        x ->
                            x.index().isPresent()
                                ? Optional.of(x.index().getAsInt())
                                : Optional.empty())
                    .map(i -> i == d.index)
                    .orElse(true)) {
              candidates.add(new Object[] {other, e});
            }
          }
        }
        if (candidates.size() == 1) {
          NetnsDraft other = (NetnsDraft) candidates.get(0)[0];
          DeviceDraft e = (DeviceDraft) candidates.get(0)[1];
          d.peer = Optional.of(NetnsDraft.ref(other, e));
          e.peer = Optional.of(NetnsDraft.ref(ns, d));
          if (!d.isVeth() && !e.isVeth()) {
            ns.assume(
                d.name
                    + " and "
                    + other.name
                    + "/"
                    + e.name
                    + " are taken as the two ends of a veth: they name"
                    + " each other's ifindex and the dump shows no kind (collect `ip -d link`)");
          }
        } else if (candidates.size() > 1) {
          ns.assume(
              d.name
                  + ": its peer ifindex "
                  + l.index().getAsInt()
                  + " matches devices in "
                  + candidates.stream()
                      .map(c -> ((NetnsDraft) c[0]).name.value())
                      .collect(Collectors.joining(", "))
                  + "; none is chosen (collect `ip netns list-id` to tell them apart)");
        }
      }
    }
  }

  // ---- pods of a node ----

  /**
   * A namespace of a node whose device has no peer from the dumps is tied by a host route to its
   * address ({@code 10.244.0.5 dev cali1 scope link}), else to a bridge of the node whose subnet
   * holds its address (a new veth port), else it leads out of the model.
   */
  static void tiePods(List<NetnsDraft> node) {
    NetnsDraft host = node.get(0);
    for (NetnsDraft ns : node.subList(1, node.size())) {
      for (DeviceDraft d : List.copyOf(ns.devices.values())) {
        if (d.isLoopback()
            || d.peer.isPresent()
            || d.addresses.isEmpty()
            || !(d.type.isEmpty() || d.isVeth())) {
          continue;
        }
        Ipv4Address a = d.addresses.get(0).address();
        Optional<Route> toIt =
            host.routes.stream()
                .filter(
                    r ->
                        r.table() == TableIds.MAIN
                            && r.destination().length() == 32
                            && r.destination().network().equals(a)
                            && r.nextHops().size() == 1
                            && r.nextHops().get(0).via().isEmpty())
                .findFirst();
        if (toIt.isPresent()) {
          Optional<DeviceDraft> h =
              host.device(toIt.get().nextHops().get(0).dev())
                  .filter(
                      x ->
                          x.peer.isEmpty()
                              && !x.isLoopback()
                              && !x.isBridge()
                              && (x.type.isEmpty() || x.isVeth()));
          if (h.isPresent()) {
            d.peer = Optional.of(NetnsDraft.ref(host, h.get()));
            h.get().peer = Optional.of(NetnsDraft.ref(ns, d));
            ns.assume(
                d.name
                    + " is a veth whose other end is "
                    + host.name
                    + "/"
                    + h.get().name
                    + ": the node's route "
                    + toIt.get().origin().location()
                    + " (`"
                    + toIt.get().origin().text().strip()
                    + "`) points at "
                    + a
                    + " (no peer index was dumped)");
            continue;
          }
        }
        Optional<DeviceDraft> bridge = bridgeFor(host, a);
        if (bridge.isPresent()) {
          DeviceDraft b = bridge.get();
          DeviceDraft port = newPort(host, b, "veth-" + ns.name.value());
          d.peer = Optional.of(NetnsDraft.ref(host, port));
          port.peer = Optional.of(NetnsDraft.ref(ns, d));
          ns.assume(
              d.name
                  + " is a veth whose other end is a port ("
                  + port.name
                  + ") of "
                  + host.name
                  + "/"
                  + b.name
                  + ": "
                  + a
                  + " is in "
                  + b.name
                  + "'s subnet "
                  + b.addresses.get(0).connectedPrefix().toRouteString()
                  + " and no dump ties them (collect `ip -j -d link` in both namespaces)");
          continue;
        }
        d.beyond =
            Optional.of(
                "the other end of "
                    + ns.name
                    + "/"
                    + d.name
                    + " on node "
                    + host.name
                    + " is not in the dumps (no peer index, no route to "
                    + a
                    + ", no bridge holding it); collect `ip -j -d link`"
                    + " on "
                    + host.name
                    + " and in this namespace");
      }
    }
  }

  /** A device of {@code host} that can be the bridge of a pod with address {@code a}. */
  static Optional<DeviceDraft> bridgeFor(NetnsDraft host, Ipv4Address a) {
    return host.devices.values().stream()
        .filter(
            b ->
                !b.isLoopback()
                    && b.peer.isEmpty()
                    && b.beyond.isEmpty()
                    && b.master.isEmpty()
                    && (b.isBridge() || b.type.isEmpty())
                    && !b.addresses.isEmpty()
                    && b.addresses.get(0).prefixLength() < 31
                    && b.addresses.get(0).connectedPrefix().contains(a))
        .findFirst()
        .map(
            b -> {
              if (!b.isBridge()) {
                b.assumedBridge = true;
                host.assume(
                    b.name
                        + " is a bridge (the dump shows no kind; pods of "
                        + host.name
                        + " are in its subnet "
                        + b.addresses.get(0).connectedPrefix().toRouteString()
                        + ", as with the CNI bridge plugin)");
              }
              return b;
            });
  }

  static DeviceDraft newPort(NetnsDraft host, DeviceDraft bridge, String name) {
    String n = name;
    for (int i = 2; host.devices.containsKey(n); i++) {
      n = name + "-" + i;
    }
    DeviceDraft port = new DeviceDraft(n, bridge.origin);
    port.setKind(LinkKind.Type.VETH);
    port.master = Optional.of(bridge.name);
    host.devices.put(n, port);
    return port;
  }
}
