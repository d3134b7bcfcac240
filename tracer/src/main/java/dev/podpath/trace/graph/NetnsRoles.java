package dev.podpath.trace.graph;

import dev.podpath.model.topo.LinkKind;
import dev.podpath.model.topo.NetDevice;
import dev.podpath.model.topo.Netns;
import dev.podpath.model.topo.NetnsName;
import dev.podpath.model.topo.Topology;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The role each namespace plays in the picture, read from its devices alone (package-private):
 *
 * <ul>
 *   <li>a <b>segment</b> has a bridge, and only bridges and bridge ports, none with an address (an
 *       unused {@code tunl0} aside);
 *   <li>a <b>node</b> is not a segment and has a veth into a segment, a NIC, or a bridge with a
 *       port whose veth leads into another namespace;
 *   <li>a <b>pod</b> of node N has veths into N only, and one of their peers is a port of N's
 *       bridge, or N has its own way out (a segment or a NIC) so that the pod is not N's uplink;
 *   <li>any other namespace stands on its own (the routers and hosts of a chain).
 * </ul>
 */
final class NetnsRoles {

  enum Role {
    SEGMENT,
    NODE,
    POD,
    STANDALONE
  }

  private final Map<NetnsName, Role> roles = new LinkedHashMap<>();
  private final Map<NetnsName, NetnsName> hosts = new LinkedHashMap<>();

  private NetnsRoles() {}

  static NetnsRoles of(Topology t) {
    NetnsRoles r = new NetnsRoles();
    for (Netns n : t.netnsList()) {
      if (isSegment(n)) {
        r.roles.put(n.name(), Role.SEGMENT);
      }
    }
    for (Netns n : t.netnsList()) {
      if (!r.roles.containsKey(n.name()) && r.isNode(t, n)) {
        r.roles.put(n.name(), Role.NODE);
      }
    }
    for (Netns n : t.netnsList()) {
      if (r.roles.containsKey(n.name())) {
        continue;
      }
      Optional<NetnsName> host = r.hostOf(t, n);
      if (host.isPresent()) {
        r.roles.put(n.name(), Role.POD);
        r.hosts.put(n.name(), host.get());
      } else {
        r.roles.put(n.name(), Role.STANDALONE);
      }
    }
    return r;
  }

  Role role(NetnsName n) {
    return roles.getOrDefault(n, Role.STANDALONE);
  }

  Optional<NetnsName> host(NetnsName pod) {
    return Optional.ofNullable(hosts.get(pod));
  }

  private static boolean isSegment(Netns n) {
    boolean bridge = false;
    for (NetDevice d : n.deviceList()) {
      if (d.isLoopback() || isIdleFallback(d)) {
        continue;
      }
      if (!d.addresses().isEmpty()) {
        return false;
      }
      if (d.isBridge()) {
        bridge = true;
      } else if (d.master().isEmpty()) {
        return false;
      }
    }
    return bridge;
  }

  /**
   * The fallback IPIP device {@code tunl0} that loading the ipip module puts in every namespace,
   * unused: it says nothing of the namespace's role.
   */
  private static boolean isIdleFallback(NetDevice d) {
    return d.kind() instanceof LinkKind.Ipip ip && ip.fallback() && d.addresses().isEmpty();
  }

  private boolean isNode(Topology t, Netns n) {
    return hasWayOut(n) || hasBridgedNeighbour(t, n);
  }

  /** A veth into a segment, or a NIC. */
  private boolean hasWayOut(Netns n) {
    for (NetDevice d : n.deviceList()) {
      if (d.kind() instanceof LinkKind.Ethernet) {
        return true;
      }
      if (d.kind() instanceof LinkKind.Veth v && roles.get(v.peer().netns()) == Role.SEGMENT) {
        return true;
      }
    }
    return false;
  }

  private static boolean hasBridgedNeighbour(Topology t, Netns n) {
    for (NetDevice d : n.deviceList()) {
      if (d.master().isPresent()
          && d.kind() instanceof LinkKind.Veth v
          && !v.peer().netns().equals(n.name())
          && t.netns(v.peer().netns()).isPresent()) {
        return true;
      }
    }
    return false;
  }

  private Optional<NetnsName> hostOf(Topology t, Netns n) {
    Set<NetnsName> peers = new LinkedHashSet<>();
    boolean bridged = false;
    for (NetDevice d : n.deviceList()) {
      if (d.kind() instanceof LinkKind.Veth v && !v.peer().netns().equals(n.name())) {
        peers.add(v.peer().netns());
        bridged |= t.device(v.peer()).flatMap(NetDevice::master).isPresent();
      }
    }
    if (peers.size() != 1) {
      return Optional.empty();
    }
    NetnsName host = peers.iterator().next();
    if (roles.get(host) != Role.NODE) {
      return Optional.empty();
    }
    return bridged || hasWayOut(t.require(host)) ? Optional.of(host) : Optional.empty();
  }
}
