package dev.podpath.model.netfilter;

/**
 * An inclusive range of TCP/UDP ports ({@code --dport 1000:2000}, {@code --to-ports 8080-8090}); a
 * single port is a range of one.
 */
public record PortRange(int first, int last) {

  public static final PortRange ALL = new PortRange(0, 65535);

  public PortRange {
    if (first < 0 || last > 65535 || first > last) {
      throw new IllegalArgumentException("bad port range " + first + ":" + last);
    }
  }

  public static PortRange of(int port) {
    return new PortRange(port, port);
  }

  public boolean contains(int port) {
    return port >= first && port <= last;
  }

  public boolean isSingle() {
    return first == last;
  }

  /** As matches print it: {@code 80} or {@code 1000:2000}. */
  public String toMatchString() {
    return isSingle() ? Integer.toString(first) : first + ":" + last;
  }

  /** As NAT targets print it: {@code 80} or {@code 1000-2000}. */
  public String toNatString() {
    return isSingle() ? Integer.toString(first) : first + "-" + last;
  }

  @Override
  public String toString() {
    return toMatchString();
  }
}
