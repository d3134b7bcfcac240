package dev.podpath.trace;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.packet.IcmpNames;
import dev.podpath.model.packet.Ipv4Packet;
import dev.podpath.model.packet.L4;
import dev.podpath.model.topo.Topology;
import dev.podpath.sim.net.SimConfig;
import dev.podpath.sim.outcome.Disposition;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What Linux {@code traceroute -n -q1} shows: probes with TTL 1, 2, ... in one simulation (so
 * ARP and FDB state carry over, as on a real host), each hop the source of the answer as it arrives
 * (after conntrack undid any NAT on its way), or {@code *}, with the {@code !H}, {@code !N}, {@code !X} marks for unreachable answers.
 *
 * <p>Like Linux traceroute, up to 16 probes are sent at once and each waits {@code -w} for its
 * answer. UDP probes go to port 33434 and up, where nothing listens, so the destination answers with
 * port unreachable (as on Linux); {@code -I} uses echo requests, {@code -T} TCP SYNs.
 */
public final class Traceroute {

  /** How many probes Linux traceroute has in flight at once ({@code -N}, 16). */
  public static final int SIMULTANEOUS = 16;

  /** First UDP destination port Linux traceroute uses. */
  public static final int BASE_PORT = 33434;

  private Traceroute() {}

  /**
   * One line of traceroute output.
   *
   * @param ttl the hop number
   * @param address who answered, if anyone did
   * @param mark {@code !H}, {@code !N}, {@code !X}, ... or empty
   * @param trace the full trace of this probe
   */
  public record Line(int ttl, Optional<Ipv4Address> address, String mark, Trace trace) {
    /** The line as traceroute prints it (without timings): {@code " 2  192.168.50.12"}. */
    public String render() {
      Optional<String> nm = address.isEmpty() ? dev.podpath.trace.render.PingLine.notModelled(trace) : Optional.empty();
      if (nm.isPresent()) {
        return String.format("%2d  (%s)", ttl, nm.get());
      }
      String who = address.map(Ipv4Address::toString).orElse("*");
      return String.format("%2d  %s%s", ttl, who, mark.isEmpty() ? "" : " " + mark);
    }
  }

  /** The hops, and whether the destination was reached. */
  public record Result(Probe probe, int maxTtl, List<Line> lines, boolean reached) {
    public String header() {
      return "traceroute to " + probe.dst() + " (" + probe.dst() + "), " + maxTtl + " hops max, 60 byte packets";
    }
  }

  /** Linux traceroute's default wait for an answer: 5 s. */
  public static final long DEFAULT_WAIT_NANOS = 5 * SimConfig.SECONDS;

  public static Result run(Topology topology, Probe base, int maxTtl) {
    return run(new Session(topology, SimConfig.defaults().withClosedPorts(true)), base, maxTtl, DEFAULT_WAIT_NANOS);
  }

  /**
   * Runs traceroute inside an existing session (its ARP and FDB state carry over). UDP and TCP
   * probes meet closed ports only if the session was made with {@link SimConfig#withClosedPorts}.
   */
  public static Result run(Session session, Probe base, int maxTtl, long waitNanos) {
    List<Line> lines = new ArrayList<>();
    boolean reached = false;
    for (int first = 1; first <= maxTtl && !reached; first += SIMULTANEOUS) {
      List<Probe> batch = new ArrayList<>();
      for (int ttl = first; ttl <= Math.min(maxTtl, first + SIMULTANEOUS - 1); ttl++) {
        batch.add(base.protocol() == Probe.Protocol.UDP
            ? new Probe(base.from(), base.dst(), base.src(), base.protocol(), base.sport(), BASE_PORT + ttl - 1, ttl)
            : base.withTtl(ttl));
      }
      List<Trace> traces = session.traceTogether(batch, first, waitNanos);
      boolean done = false;
      for (int i = 0; i < traces.size() && !done; i++) {
        Trace t = traces.get(i);
        int ttl = first + i;
        if (t.localError().isPresent()) {
          lines.add(new Line(ttl, Optional.empty(), "", t));
          done = true;
          break;
        }
        Line line = lineOf(ttl, t, waitNanos);
        lines.add(line);
        if (isFinal(t, waitNanos)) {
          reached = line.address().filter(base.dst()::equals).isPresent();
          done = true;
        }
      }
      if (done) {
        break;
      }
    }
    return new Result(base, maxTtl, lines, reached);
  }

  private static Line lineOf(int ttl, Trace t, long waitNanos) {
    Optional<Ipv4Packet> arrived = t.answerWithin(waitNanos).flatMap(PacketTrace::arrival);
    if (arrived.isEmpty()) {
      return new Line(ttl, Optional.empty(), "", t);
    }
    Ipv4Packet answer = arrived.get();
    String mark = "";
    if (answer.l4() instanceof L4.Icmp icmp && icmp.type() == L4.Icmp.DEST_UNREACH) {
      mark = IcmpNames.tracerouteMark(icmp.code());
    }
    return new Line(ttl, Optional.of(answer.src()), mark, t);
  }

  /**
   * traceroute stops when an answer comes back from the destination itself (port unreachable,
   * echo reply, TCP reset or SYN-ACK; from a Service's endpoint, un-NATed to the ClusterIP) or an
   * unreachable mark arrives; a hop without an answer is a star and the probes go on.
   */
  private static boolean isFinal(Trace t, long waitNanos) {
    Optional<Ipv4Packet> answer = t.answerWithin(waitNanos).flatMap(PacketTrace::arrival);
    if (answer.isEmpty()) {
      return false;
    }
    if (answer.get().src().equals(t.probe().dst())) {
      return true;
    }
    return answer.get().l4() instanceof L4.Icmp i && i.type() == L4.Icmp.DEST_UNREACH;
  }
}
