package dev.podpath.model.finding;

import dev.podpath.model.topo.DeviceRef;
import dev.podpath.model.topo.LinkKind;
import dev.podpath.model.topo.NetDevice;
import dev.podpath.model.topo.Netns;
import dev.podpath.model.topo.Topology;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The L2 segment a device is on, as far as the model shows it: veth pairs followed to their peer,
 * bridges to every port and back up to the bridge itself. Its {@link #stations} are the devices an
 * ARP request sent from the starting device can reach and that answer for their namespace (a
 * bridge, a veth that is not a port, a NIC), the starting device excluded. A segment is {@link
 * #open} when part of it is outside the model (a NIC with nothing dumped behind it, a VXLAN or
 * other device bridged in, a kind podpath does not model): then nothing can be concluded from who
 * is not on it.
 */
record L2Segment(DeviceRef start, List<DeviceRef> stations, boolean open) {

  L2Segment {
    stations = List.copyOf(stations);
  }

  static L2Segment of(Topology t, DeviceRef start) {
    Set<DeviceRef> seen = new LinkedHashSet<>();
    Deque<DeviceRef> todo = new ArrayDeque<>();
    List<DeviceRef> stations = new ArrayList<>();
    boolean open = false;
    todo.add(start);
    seen.add(start);
    while (!todo.isEmpty()) {
      DeviceRef ref = todo.poll();
      Optional<NetDevice> found = t.device(ref);
      if (found.isEmpty()) {
        open = true;
        continue;
      }
      NetDevice d = found.get();
      Netns ns = t.require(ref.netns());
      List<DeviceRef> next = new ArrayList<>();
      if (d.kind() instanceof LinkKind.Veth v) {
        next.add(v.peer());
      } else if (d.isBridge()) {
        ns.portsOf(d.name()).forEach(p -> next.add(new DeviceRef(ref.netns(), p.name())));
      } else if (!(d.kind() instanceof LinkKind.Loopback)) {
        // a NIC, a VXLAN, a tunnel or a kind podpath does not model: what is behind it is unknown
        open = true;
      }
      if (d.master().isPresent()) {
        next.add(new DeviceRef(ref.netns(), d.master().get()));
      } else if (!ref.equals(start)) {
        stations.add(ref);
      }
      for (DeviceRef n : next) {
        if (seen.add(n)) {
          todo.add(n);
        }
      }
    }
    return new L2Segment(start, stations, open);
  }
}
