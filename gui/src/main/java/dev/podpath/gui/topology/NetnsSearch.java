package dev.podpath.gui.topology;

import dev.podpath.model.topo.IfAddress;
import dev.podpath.model.topo.NetDevice;
import dev.podpath.model.topo.Netns;
import dev.podpath.model.topo.NetnsName;
import dev.podpath.model.topo.Topology;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Finds namespaces by name, by a device's name or by an address (a prefix of it: {@code 10.10.2}
 * finds every namespace with an address in 10.10.2.x). Case-insensitive; in the topology's order,
 * exact name matches first.
 */
public final class NetnsSearch {

  private NetnsSearch() {}

  public static List<NetnsName> find(Topology t, String query) {
    String q = query.strip().toLowerCase(Locale.ROOT);
    if (q.isEmpty()) {
      return List.of();
    }
    List<NetnsName> exact = new ArrayList<>();
    List<NetnsName> other = new ArrayList<>();
    for (Netns n : t.netnsList()) {
      String name = n.name().value().toLowerCase(Locale.ROOT);
      if (name.equals(q)) {
        exact.add(n.name());
      } else if (name.contains(q) || matchesDevice(n, q)) {
        other.add(n.name());
      }
    }
    exact.addAll(other);
    return exact;
  }

  private static boolean matchesDevice(Netns n, String q) {
    for (NetDevice d : n.deviceList()) {
      if (d.isLoopback()) {
        continue;
      }
      if (d.name().toLowerCase(Locale.ROOT).equals(q)) {
        return true;
      }
      for (IfAddress a : d.addresses()) {
        String ip = a.address().toString();
        if (ip.equals(q) || ip.startsWith(q.endsWith(".") ? q : q + ".")) {
          return true;
        }
      }
    }
    return false;
  }
}
