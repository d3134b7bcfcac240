package dev.podpath.trace.render;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.packet.L4;
import dev.podpath.sim.outcome.SocketError;
import dev.podpath.trace.Connect;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * What {@code nc -v} (netcat-openbsd) prints for a TCP connect or a UDP datagram podpath traced.
 */
public final class ConnectLine {

  /** What podpath prints when nc (without {@code -v}) prints nothing. */
  public static final String SILENT = "(nc prints nothing without -v)";

  /**
   * What podpath prints for {@code nc -u -zv} when an ICMP error came back: nc prints nothing and
   * exits with status 1 (kernel-checked, netcat-openbsd 1.219).
   */
  public static final String UDP_REFUSED =
      "(nc -u prints nothing and exits with status 1: an ICMP error came back)";

  private static final Map<Integer, String> SERVICES = loadServices("tcp");

  private static final Map<Integer, String> UDP_SERVICES = loadServices("udp");

  private ConnectLine() {}

  /** The line nc prints with {@code -v}; {@code numeric} is {@code -n} (no service names). */
  public static String of(Ipv4Address dst, int port, boolean numeric, Connect.Result r) {
    return of(dst, port, numeric, false, r);
  }

  /** The same for {@code nc -u} when {@code udp} ({@link Connect#runUdp}). */
  public static String of(
      Ipv4Address dst, int port, boolean numeric, boolean udp, Connect.Result r) {
    if (udp) {
      return switch (r.outcome()) {
        case CONNECTED ->
            "Connection to "
                + dst
                + " "
                + port
                + " port [udp/"
                + (numeric ? "*" : UDP_SERVICES.getOrDefault(port, "*"))
                + "] succeeded!";
        case FAILED ->
            r.failure().orElseThrow() instanceof Connect.Failure.Local l
                ? "nc: connect to " + dst + " port " + port + " (udp) failed: " + failure(l)
                : UDP_REFUSED;
        case TIMED_OUT, RETRIES_EXHAUSTED -> throw new AssertionError(r.outcome());
        case NOT_MODELLED ->
            PingLine.notModelled(
                ((Connect.Failure.NotModelled) r.failure().orElseThrow()).reason());
      };
    }
    return switch (r.outcome()) {
      case CONNECTED ->
          "Connection to "
              + dst
              + " "
              + port
              + " port [tcp/"
              + (numeric ? "*" : service(port))
              + "] succeeded!";
      case FAILED ->
          "nc: connect to "
              + dst
              + " port "
              + port
              + " (tcp) failed: "
              + failure(r.failure().orElseThrow());
      case TIMED_OUT ->
          "nc: connect to " + dst + " port " + port + " (tcp) timed out: Operation now in progress";
      case RETRIES_EXHAUSTED ->
          "nc: connect to " + dst + " port " + port + " (tcp) failed: Connection timed out";
      case NOT_MODELLED ->
          PingLine.notModelled(((Connect.Failure.NotModelled) r.failure().orElseThrow()).reason());
    };
  }

  /**
   * What {@code nc -zv} prints for one traced SYN, where its answer decides it: the SYN-ACK
   * (succeeded) or a reset (refused). Empty otherwise: a lost SYN's outcome depends on nc's
   * retransmissions and wait ({@code podpath probes} plays those).
   */
  public static java.util.Optional<String> ofSyn(dev.podpath.trace.Trace t) {
    Ipv4Address dst = t.probe().dst();
    int port = t.probe().dport();
    return t.response()
        .filter(r -> r.disposition() == dev.podpath.sim.outcome.Disposition.DELIVERED)
        .flatMap(
            r ->
                switch (r.role()) {
                  case SYN_ACK ->
                      java.util.Optional.of(
                          "Connection to "
                              + dst
                              + " "
                              + port
                              + " port [tcp/"
                              + service(port)
                              + "] succeeded!");
                  case TCP_RESET ->
                      java.util.Optional.of(
                          "nc: connect to "
                              + dst
                              + " port "
                              + port
                              + " (tcp) failed: Connection refused");
                  default -> java.util.Optional.empty();
                });
  }

  /**
   * What nc prints after {@code failed: }: {@code strerror(errno)}, or what podpath does not model.
   */
  private static String failure(Connect.Failure f) {
    if (f instanceof Connect.Failure.Answered a) {
      return a.errno().text();
    } else if (f instanceof Connect.Failure.Local l) {
      return l.error() instanceof SocketError.NotModelled nm
          ? nm.explain()
          : l.error().errno().text();
    } else if (f instanceof Connect.Failure.Unexpected u) {
      return u.answer().l4() instanceof L4.Tcp tcp
          ? "unexpected TCP segment " + tcp.flags()
          : "unexpected answer " + u.answer();
    } else if (f instanceof Connect.Failure.NotModelled nm) {
      return PingLine.notModelled(nm.reason());
    }
    throw new AssertionError(f);
  }

  /** The service name getservbyport(3) gives nc, or {@code *}. */
  public static String service(int port) {
    return SERVICES.getOrDefault(port, "*");
  }

  private static Map<Integer, String> loadServices(String proto) {
    Map<Integer, String> m = new HashMap<>();
    String name = "services-" + proto + ".txt";
    try (InputStream in =
        ConnectLine.class.getResourceAsStream("/dev/podpath/trace/render/" + name)) {
      if (in == null) {
        throw new IllegalStateException(name + " is missing from the jar");
      }
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] f = line.trim().split("\\s+");
        m.put(Integer.parseInt(f[0]), f[1]);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Map.copyOf(m);
  }
}
