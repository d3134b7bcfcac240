package dev.podpath.model.topo;

import java.util.Objects;

/** A device named within its namespace, e.g. {@code worker1/cni0}. */
public record DeviceRef(NetnsName netns, String name) implements Comparable<DeviceRef> {

  public DeviceRef {
    Objects.requireNonNull(netns, "netns");
    Objects.requireNonNull(name, "name");
  }

  public static DeviceRef of(String netns, String name) {
    return new DeviceRef(NetnsName.of(netns), name);
  }

  @Override
  public int compareTo(DeviceRef o) {
    int c = netns.compareTo(o.netns);
    return c != 0 ? c : name.compareTo(o.name);
  }

  @Override
  public String toString() {
    return netns + "/" + name;
  }
}
