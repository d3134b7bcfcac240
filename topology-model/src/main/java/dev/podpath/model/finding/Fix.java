package dev.podpath.model.finding;

import java.util.Objects;

/**
 * A change that removes a {@link Finding}: a concrete command (or, where the fix belongs to the
 * CNI, the runtime or kubectl, the setting to change), and why it helps.
 *
 * <pre>{@code
 * ip -n worker1 route del 10.10.3.0/24 via 192.168.3.14 dev enp0s5
 *     why: 192.168.3.14 is not on enp0s5's segment; ...
 * }</pre>
 */
public record Fix(String change, String why) {

  public Fix {
    Objects.requireNonNull(change, "change");
    Objects.requireNonNull(why, "why");
  }
}
