package dev.podpath.model.topo;

import java.util.Objects;

/**
 * The name of a network namespace. The scenario's own namespace (where commands run without {@code
 * ip netns exec}) is {@link #ROOT}.
 */
public record NetnsName(String value) implements Comparable<NetnsName> {

  /** The namespace a scenario script starts in; {@code root} in traces. */
  public static final NetnsName ROOT = new NetnsName("root");

  public NetnsName {
    Objects.requireNonNull(value, "value");
    if (value.isEmpty() || value.contains("/") || value.equals(".") || value.equals("..")) {
      throw new IllegalArgumentException("Invalid netns name \"" + value + "\"");
    }
  }

  public static NetnsName of(String value) {
    return new NetnsName(value);
  }

  @Override
  public int compareTo(NetnsName o) {
    return value.compareTo(o.value);
  }

  @Override
  public String toString() {
    return value;
  }
}
