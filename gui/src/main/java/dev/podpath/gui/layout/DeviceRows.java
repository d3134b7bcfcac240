package dev.podpath.gui.layout;

import dev.podpath.model.topo.DeviceRef;
import dev.podpath.model.topo.IfAddress;
import dev.podpath.model.topo.LinkKind;
import dev.podpath.model.topo.NetDevice;
import dev.podpath.trace.graph.TopologyGraph;
import java.util.stream.Collectors;

/** A device's line inside its namespace's box: {@code cni0 bridge 10.10.1.1/24}. */
final class DeviceRows {

  private DeviceRows() {}

  static String text(TopologyGraph g, DeviceRef d) {
    return g.device(d).map(DeviceRows::text).orElse(d.name());
  }

  static String text(NetDevice d) {
    StringBuilder sb = new StringBuilder(d.name());
    if (!(d.kind() instanceof LinkKind.Veth)) {
      sb.append(' ').append(d.kind().typeName());
    }
    if (!d.addresses().isEmpty()) {
      sb.append("  ")
          .append(
              d.addresses().stream().map(IfAddress::toString).collect(Collectors.joining(", ")));
    }
    if (!d.up()) {
      sb.append("  DOWN");
    }
    return sb.toString();
  }

  /** The fallback {@code tunl0} the ipip module puts in every namespace, unused. */
  static boolean idle(NetDevice d) {
    return d.kind() instanceof LinkKind.Ipip ip && ip.fallback() && d.addresses().isEmpty();
  }
}
