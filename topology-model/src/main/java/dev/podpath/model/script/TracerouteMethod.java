package dev.podpath.model.script;

/**
 * How Linux traceroute (Dmitry Butskoy's, 2.1) probes, as its {@code -M} modules name them.
 *
 * <pre>{@code
 * traceroute 10.0.0.1          DEFAULT: UDP to 33434, 33435, ... (one port per probe)
 * traceroute -U 10.96.0.10     UDP: every probe to port 53 (a DNS Service's port)
 * traceroute -I 10.0.0.1       ICMP: echo requests, one id, the sequence per probe
 * traceroute -T -p 443 HOST    TCP: SYNs to port 80 (-p), one source port per probe
 * }</pre>
 *
 * <p>Every probe of every method has its own socket, hence its own source port (UDP, TCP): to
 * conntrack each probe is a connection of its own, and a Service's random endpoint is drawn for
 * each. The kernel's transcripts show it (tests' netfilter/traceroute-nat.kernel.txt).
 */
public enum TracerouteMethod {
  /** UDP datagrams to port {@code -p} (33434) and up, one more per probe. */
  DEFAULT("udp", 33434, true),
  /** {@code -U}: UDP datagrams all to port {@code -p} (53). */
  UDP("udp", 53, false),
  /** {@code -I}: ICMP echo requests. */
  ICMP("icmp", 1, false),
  /** {@code -T}: TCP SYNs all to port {@code -p} (80). */
  TCP("tcp", 80, false);

  private final String protocol;
  private final int defaultPort;
  private final boolean portPerProbe;

  TracerouteMethod(String protocol, int defaultPort, boolean portPerProbe) {
    this.protocol = protocol;
    this.defaultPort = defaultPort;
    this.portPerProbe = portPerProbe;
  }

  /** {@code udp}, {@code icmp} or {@code tcp}. */
  public String protocol() {
    return protocol;
  }

  /**
   * The destination port without {@code -p} (for ICMP, the first sequence number, which podpath
   * does not use).
   */
  public int defaultPort() {
    return defaultPort;
  }

  /**
   * The destination port of probe {@code index} (0 for the first) when the base port is {@code
   * base}.
   */
  public int port(int base, int index) {
    return portPerProbe ? base + index : base;
  }

  /** The method a {@code -M NAME} / {@code --module=NAME} names, if podpath models it. */
  public static java.util.Optional<TracerouteMethod> ofModule(String name) {
    return switch (name) {
      case "default" -> java.util.Optional.of(DEFAULT);
      case "udp" -> java.util.Optional.of(UDP);
      case "icmp" -> java.util.Optional.of(ICMP);
      case "tcp" -> java.util.Optional.of(TCP);
      default -> java.util.Optional.empty();
    };
  }
}
