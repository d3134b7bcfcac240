package dev.podpath.model.netfilter;

/**
 * Packet and byte counters of a rule or of a built-in chain's policy, as {@code iptables-save -c}
 * prints them ({@code [12:813]}).
 */
public record Counters(long packets, long bytes) {

  public static final Counters ZERO = new Counters(0, 0);

  public Counters {
    if (packets < 0 || bytes < 0) {
      throw new IllegalArgumentException("negative counters: " + packets + ":" + bytes);
    }
  }

  /** {@code [packets:bytes]}. */
  @Override
  public String toString() {
    return "[" + packets + ":" + bytes + "]";
  }
}
