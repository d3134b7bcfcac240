package dev.podpath.trace;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.packet.Ipv4Packet;
import dev.podpath.model.packet.L4;
import dev.podpath.model.packet.TcpFlags;
import dev.podpath.model.script.ProbeSpec;
import dev.podpath.model.script.TracerouteMethod;
import dev.podpath.model.topo.NetnsName;
import dev.podpath.model.topo.Topology;
import dev.podpath.sim.net.SimConfig;
import dev.podpath.sim.outcome.SocketError;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What Linux {@code traceroute -n} shows: probes with TTL 1, 2, ... ({@code -q} of them per hop) in
 * one simulation (so ARP and FDB state carry over, as on a real host), each answer the source of
 * the packet as it arrives (after conntrack undid any NAT on its way), or {@code *}, with the
 * {@code !H}, {@code !N}, {@code !X} marks for unreachable answers.
 *
 * <p>Like Linux traceroute (2.1), up to 16 probes are in flight at once and each waits {@code -w}
 * for its answer; every probe has a socket of its own (its own source port), so each is a
 * connection of its own to conntrack. It stops after the hop where an answer that is not a
 * time-exceeded came: a reply from the destination (port unreachable, echo reply, SYN-ACK or reset)
 * or an unreachable. A time-exceeded never ends it, not even from the destination's own address
 * (behind a DNAT every hop answers as the address probed, and the kernel's traceroute repeats it).
 */
public final class Traceroute {

  /** How many probes Linux traceroute has in flight at once ({@code -N}, 16). */
  public static final int SIMULTANEOUS = 16;

  /** First UDP destination port Linux traceroute uses. */
  public static final int BASE_PORT = 33434;

  /** Linux traceroute's default wait for an answer: 5 s. */
  public static final long DEFAULT_WAIT_NANOS = 5 * SimConfig.SECONDS;

  /** Bytes after the UDP or ICMP header of a probe: traceroute's packets are 60 bytes long. */
  public static final int PROBE_PAYLOAD = 32;

  private Traceroute() {}

  /**
   * One traceroute command: where from, where to, and the options that change what is sent or how
   * long it waits.
   *
   * @param src the source address ({@code -s}), if not the one routing picks
   * @param port the destination port ({@code -p}): the base port for the default method
   * @param queries probes per hop ({@code -q}, 1 to 10)
   * @param waitNanos how long each probe waits for its answer ({@code -w})
   */
  public record Request(
      NetnsName from,
      Ipv4Address dst,
      Optional<Ipv4Address> src,
      TracerouteMethod method,
      int port,
      int maxTtl,
      int queries,
      long waitNanos) {
    public Request {
      Objects.requireNonNull(from, "from");
      Objects.requireNonNull(dst, "dst");
      Objects.requireNonNull(src, "src");
      Objects.requireNonNull(method, "method");
      if (maxTtl < 1 || maxTtl > 255) {
        throw new IllegalArgumentException("max hops out of range: " + maxTtl);
      }
      if (queries < 1 || queries > ProbeSpec.TRACEROUTE_MAX_QUERIES) {
        throw new IllegalArgumentException("queries out of range: " + queries);
      }
      if (port < 0 || port > 65535 || waitNanos < 0) {
        throw new IllegalArgumentException("port or wait out of range: " + port + ", " + waitNanos);
      }
    }

    /** The request a script's {@code traceroute} command makes. */
    public static Request of(ProbeSpec.Traceroute t) {
      return new Request(
          t.netns(),
          t.destination(),
          t.source(),
          t.method(),
          t.port().orElse(t.method().defaultPort()),
          t.maxTtl(),
          t.queries(),
          t.waitMillis() * 1_000_000L);
    }

    /**
     * Probe number {@code index} (0 for the first of the first hop) as podpath sends it, from
     * source port {@code sport} (UDP, TCP) or with echo id {@code sport} (ICMP).
     */
    Probe probe(int index, int sport) {
      int ttl = index / queries + 1;
      Probe.Protocol proto =
          switch (method) {
            case DEFAULT, UDP -> Probe.Protocol.UDP;
            case ICMP -> Probe.Protocol.ICMP;
            case TCP -> Probe.Protocol.TCP;
          };
      int payload = proto == Probe.Protocol.TCP ? 0 : PROBE_PAYLOAD;
      return new Probe(from, dst, src, proto, sport, method.port(port, index), ttl, payload, true);
    }
  }

  /** What came back to one probe, the way traceroute reads it. */
  public enum AnswerKind {
    /** ICMP time exceeded: a router on the way (it never ends the trace). */
    TIME_EXCEEDED,
    /**
     * ICMP destination unreachable (port unreachable from the destination, or a {@code !} mark).
     */
    UNREACHABLE,
    /** ICMP echo reply ({@code -I}). */
    ECHO_REPLY,
    /** TCP SYN-ACK ({@code -T}: the port is open). */
    SYN_ACK,
    /** TCP reset ({@code -T}: the port is closed). */
    RESET,
    /** Anything else that came back (a UDP answer). */
    OTHER;

    static AnswerKind of(Ipv4Packet p) {
      if (p.l4() instanceof L4.Icmp i) {
        return i.type() == L4.Icmp.TIME_EXCEEDED
            ? TIME_EXCEEDED
            : i.type() == L4.Icmp.DEST_UNREACH
                ? UNREACHABLE
                : i.type() == L4.Icmp.ECHO_REPLY ? ECHO_REPLY : OTHER;
      }
      if (p.l4() instanceof L4.Tcp t) {
        return t.flags().isReset() ? RESET : t.flags().has(TcpFlags.SYN) ? SYN_ACK : OTHER;
      }
      return OTHER;
    }
  }

  /**
   * An answer that arrived within {@code -w}.
   *
   * @param address its source as it arrived (what traceroute prints)
   * @param sentFrom its source as the answering host sent it (before conntrack's un-NAT on the way)
   * @param by the namespace that sent it
   * @param unreachableCode the ICMP code of a destination unreachable (traceroute marks it {@code
   *     !H}, {@code !N}, {@code !X}, ...; a port unreachable has no mark)
   * @param delayNanos from the probe leaving to the answer arriving (simulated)
   */
  public record Answer(
      Ipv4Address address,
      Ipv4Address sentFrom,
      Optional<NetnsName> by,
      AnswerKind kind,
      OptionalInt unreachableCode,
      long delayNanos) {
    public Answer {
      Objects.requireNonNull(unreachableCode, "unreachableCode");
      if (unreachableCode.isPresent() != (kind == AnswerKind.UNREACHABLE)) {
        throw new IllegalArgumentException(
            "an unreachable code comes with an unreachable answer: " + kind);
      }
    }

    /** Whether traceroute stops after this hop: anything but a time exceeded. */
    public boolean isFinal() {
      return kind != AnswerKind.TIME_EXCEEDED;
    }
  }

  /** Why a probe printed {@code *}. */
  public enum Silence {
    /** The probe was dropped on its way, and nothing answered (the trace's reason says where). */
    PROBE_DROPPED,
    /** The probe's TTL ran out, and the router sent nothing back (its ICMP rate limit, for one). */
    NO_ERROR_SENT,
    /**
     * The probe arrived, and nothing answered it (a UDP port someone listens on, a silent host).
     */
    NOT_ANSWERED,
    /**
     * An answer was sent, and it was dropped on its way back (the response's reason says where).
     */
    ANSWER_DROPPED,
    /** The answer came, later than {@code -w}. */
    ANSWER_LATE,
    /**
     * The answer was delivered to another namespace that owns the sender's address (overlapping
     * address pools): the sender never saw it.
     */
    ANSWER_ELSEWHERE,
    /**
     * A timer-driven answer (a failed ARP's host unreachable) arrives so near {@code -w} that the
     * kernel's timer granularity decides whether traceroute still waits ({@link
     * Trace#waitRace(long)}): podpath says "not modelled".
     */
    TIMING_RACE
  }

  /**
   * One probe of one hop.
   *
   * @param answer what came back within {@code -w}
   * @param silence why nothing did, when nothing did
   * @param trace the probe's full trace (request and response)
   */
  public record Query(Optional<Answer> answer, Optional<Silence> silence, Trace trace) {
    public Query {
      if (answer.isPresent() == silence.isPresent()) {
        throw new IllegalArgumentException(
            "a query has an answer or a silence, not both: " + answer + " " + silence);
      }
    }

    static Query of(Trace t, long waitNanos) {
      if (t.waitRace(waitNanos).isPresent()) {
        return new Query(Optional.empty(), Optional.of(Silence.TIMING_RACE), t);
      }
      Optional<PacketTrace> within = t.answerWithin(waitNanos);
      Optional<Ipv4Packet> arrived = within.flatMap(PacketTrace::arrival);
      if (arrived.isPresent()) {
        Ipv4Packet p = arrived.get();
        OptionalInt code =
            p.l4() instanceof L4.Icmp i && i.type() == L4.Icmp.DEST_UNREACH
                ? OptionalInt.of(i.code())
                : OptionalInt.empty();
        Ipv4Address sentFrom = within.get().packet().map(Ipv4Packet::src).orElse(p.src());
        Optional<NetnsName> by =
            within.get().hops().isEmpty()
                ? Optional.empty()
                : Optional.of(within.get().hops().get(0).netns());
        return new Query(
            Optional.of(
                new Answer(
                    p.src(),
                    sentFrom,
                    by,
                    AnswerKind.of(p),
                    code,
                    t.responseDelayNanos().orElse(0L))),
            Optional.empty(),
            t);
      }
      return new Query(Optional.empty(), Optional.of(silence(t)), t);
    }

    private static Silence silence(Trace t) {
      if (t.response().isEmpty()) {
        boolean expired =
            t.request()
                .reason()
                .filter(
                    r ->
                        r instanceof dev.podpath.sim.outcome.DropReason.TtlExceeded
                            || r instanceof dev.podpath.sim.outcome.DropReason.RoutingLoop)
                .isPresent();
        return t.request().disposition() == dev.podpath.sim.outcome.Disposition.DELIVERED
            ? Silence.NOT_ANSWERED
            : expired ? Silence.NO_ERROR_SENT : Silence.PROBE_DROPPED;
      }
      PacketTrace r = t.response().get();
      if (r.disposition() != dev.podpath.sim.outcome.Disposition.DELIVERED) {
        return Silence.ANSWER_DROPPED;
      }
      return r.endedIn().filter(ns -> !ns.equals(t.probe().from())).isPresent()
          ? Silence.ANSWER_ELSEWHERE
          : Silence.ANSWER_LATE;
    }

    /**
     * What podpath does not model about this probe: what its packets met ({@link
     * Trace#notModelledReason()}), or a {@link Silence#TIMING_RACE} with its deadline.
     */
    public Optional<dev.podpath.sim.outcome.DropReason> notModelledReason() {
      Optional<dev.podpath.sim.outcome.DropReason> met = trace.notModelledReason();
      if (met.isPresent() || silence.filter(Silence.TIMING_RACE::equals).isEmpty()) {
        return met;
      }
      return trace.timingRace();
    }

    /** The address traceroute prints for it, if anything answered in time. */
    public Optional<Ipv4Address> address() {
      return answer.map(Answer::address);
    }
  }

  /**
   * One line of traceroute output: the hop and its probes' answers.
   *
   * @param ttl the hop number
   * @param queries its probes, in the order sent ({@code -q} of them, fewer when one failed to
   *     send)
   */
  public record Line(int ttl, List<Query> queries) {
    public Line {
      queries = List.copyOf(queries);
      if (queries.isEmpty()) {
        throw new IllegalArgumentException("a hop has at least one probe");
      }
    }

    /** Who answered the first probe that was answered, if any was. */
    public Optional<Ipv4Address> address() {
      return queries.stream().flatMap(q -> q.address().stream()).findFirst();
    }

    /** The first probe's full trace. */
    public Trace trace() {
      return queries.get(0).trace();
    }

    /** Whether traceroute stops after this hop. */
    public boolean isFinal() {
      return queries.stream().flatMap(q -> q.answer().stream()).anyMatch(Answer::isFinal);
    }

    /**
     * Where this hop's probes left the model, if none was answered and each one (or its answer)
     * left through a device with nothing modelled behind it (a snapshot's edge, a physical NIC of a
     * scenario): the first such reason.
     */
    public Optional<dev.podpath.sim.outcome.DropReason.LeftModel> leftModel() {
      if (queries.isEmpty() || queries.stream().anyMatch(q -> q.answer().isPresent())) {
        return Optional.empty();
      }
      List<dev.podpath.sim.outcome.DropReason.LeftModel> left = new java.util.ArrayList<>();
      for (Query q : queries) {
        Optional<dev.podpath.sim.outcome.DropReason.LeftModel> l =
            java.util.stream.Stream.concat(
                    java.util.stream.Stream.of(q.trace().request()), q.trace().response().stream())
                .filter(p -> p.disposition() == dev.podpath.sim.outcome.Disposition.EXITED_MODEL)
                .flatMap(p -> p.reason().stream())
                .filter(dev.podpath.sim.outcome.DropReason.LeftModel.class::isInstance)
                .map(dev.podpath.sim.outcome.DropReason.LeftModel.class::cast)
                .findFirst();
        if (l.isEmpty()) {
          return Optional.empty();
        }
        left.add(l.get());
      }
      return Optional.of(left.get(0));
    }

    /**
     * Where this hop's probes were assumed dropped by a gateway no dump holds ({@code
     * --edge=drops-private}), if none was answered and each one was: the first such reason.
     */
    public Optional<dev.podpath.sim.outcome.DropReason.EdgeDrop> edgeDrop() {
      if (queries.isEmpty() || queries.stream().anyMatch(q -> q.answer().isPresent())) {
        return Optional.empty();
      }
      List<dev.podpath.sim.outcome.DropReason.EdgeDrop> dropped = new java.util.ArrayList<>();
      for (Query q : queries) {
        Optional<dev.podpath.sim.outcome.DropReason.EdgeDrop> d =
            q.trace().request().reason().stream()
                .filter(dev.podpath.sim.outcome.DropReason.EdgeDrop.class::isInstance)
                .map(dev.podpath.sim.outcome.DropReason.EdgeDrop.class::cast)
                .findFirst();
        if (d.isEmpty()) {
          return Optional.empty();
        }
        dropped.add(d.get());
      }
      return Optional.of(dropped.get(0));
    }

    /**
     * Why podpath cannot say what this hop printed, if it cannot: a probe without an answer met
     * what podpath does not model ({@link Trace#notModelledReason()}), the first such.
     */
    public Optional<dev.podpath.sim.outcome.DropReason> notModelledReason() {
      return queries.stream()
          .filter(q -> q.answer().isEmpty())
          .flatMap(q -> q.notModelledReason().stream())
          .findFirst();
    }
  }

  /**
   * The hops, and whether the destination was reached.
   *
   * @param sendRefused whether a probe's {@code sendto} failed with {@code EPERM} (the sender's own
   *     OUTPUT or POSTROUTING dropped or rejected it): traceroute then prints {@link #SEND_REFUSED}
   *     and exits, with no line of the probes it had sent together with that one
   * @param connectError the error of a probe's {@code connect()} (no route: traceroute prints
   *     {@code connect: Network is unreachable} and exits, with no hop line of its batch), if one
   *     failed
   */
  public record Result(
      Request request,
      List<Line> lines,
      boolean reached,
      boolean sendRefused,
      Optional<SocketError> connectError) {
    public Result {
      lines = List.copyOf(lines);
      Objects.requireNonNull(connectError, "connectError");
    }

    Result(Request request, List<Line> lines, boolean reached) {
      this(request, lines, reached, false, Optional.empty());
    }

    public int maxTtl() {
      return request.maxTtl();
    }

    /** What the sending program reported when a probe could not be sent, if one could not. */
    public Optional<SocketError> localError() {
      if (connectError.isPresent()) {
        return connectError;
      }
      return lines.stream()
          .flatMap(l -> l.queries().stream())
          .flatMap(q -> q.trace().localError().stream())
          .findFirst();
    }

    /** The line traceroute prints when it ends early, if it does. */
    public Optional<String> exitLine() {
      if (sendRefused) {
        return Optional.of(SEND_REFUSED);
      }
      return connectError.map(SocketError::explain);
    }
  }

  /** What traceroute prints when a probe's {@code sendto} fails with {@code EPERM}. */
  public static final String SEND_REFUSED = "send: Operation not permitted";

  /**
   * Whether the probe never left: the sender's own OUTPUT or POSTROUTING dropped or rejected it,
   * and {@code sendto} returned {@code EPERM} (kernel-verified: traceroute-output-dropped.sh).
   */
  static boolean sendRefused(Trace t) {
    List<Hop> hops = t.request().hops();
    if (hops.isEmpty() || !hops.get(0).netns().equals(t.probe().from())) {
      return false;
    }
    return hops.get(0).steps().stream()
        .map(dev.podpath.sim.outcome.TraceEvent::step)
        .anyMatch(
            s ->
                (s instanceof dev.podpath.sim.outcome.Step.Nftables nft
                        && nft.netns().equals(t.probe().from())
                        && (nft.hook() == dev.podpath.model.netfilter.Hook.OUTPUT
                            || nft.hook() == dev.podpath.model.netfilter.Hook.POSTROUTING)
                        && (nft.verdict() == dev.podpath.sim.outcome.NfVerdict.DROP
                            || nft.verdict() == dev.podpath.sim.outcome.NfVerdict.REJECT))
                    || s instanceof dev.podpath.sim.outcome.Step.Netfilter nf
                        && nf.netns().equals(t.probe().from())
                        && (nf.hook() == dev.podpath.model.netfilter.Hook.OUTPUT
                            || nf.hook() == dev.podpath.model.netfilter.Hook.POSTROUTING)
                        && (nf.verdict() == dev.podpath.sim.outcome.NfVerdict.DROP
                            || nf.verdict() == dev.podpath.sim.outcome.NfVerdict.REJECT));
  }

  public static Result run(Topology topology, Probe base, int maxTtl) {
    return run(
        new Session(topology, SimConfig.defaults().withClosedPorts(true)),
        base,
        maxTtl,
        DEFAULT_WAIT_NANOS);
  }

  /**
   * One probe per hop, with the protocol and destination port of {@code base} (UDP: the default
   * method from {@code base.dport()} up; TCP and ICMP: {@code -T -p}, {@code -I}), as {@code
   * traceroute -q1}.
   */
  public static Result run(Session session, Probe base, int maxTtl, long waitNanos) {
    TracerouteMethod method =
        switch (base.protocol()) {
          case UDP -> TracerouteMethod.DEFAULT;
          case TCP -> TracerouteMethod.TCP;
          case ICMP -> TracerouteMethod.ICMP;
        };
    return run(
        session,
        new Request(
            base.from(), base.dst(), base.src(), method, base.dport(), maxTtl, 1, waitNanos));
  }

  /**
   * Whether traceroute has what it prints, for a batch of probes starting at probe {@code first}:
   * every probe up to a hop with a final answer has its answer (a probe still waiting keeps it
   * waiting up to {@code -w}, even when a later hop answered: the kernel's traceroute showed it),
   * or every probe of the batch has one.
   */
  private static boolean settled(int queries, int first, List<Optional<Ipv4Packet>> answers) {
    boolean finalHop = false;
    for (int i = 0; i < answers.size(); i++) {
      if (answers.get(i).isEmpty()) {
        return false;
      }
      finalHop |= AnswerKind.of(answers.get(i).get()) != AnswerKind.TIME_EXCEEDED;
      if (finalHop && (first + i + 1) % queries == 0) {
        return true;
      }
    }
    return true;
  }

  /**
   * Runs traceroute inside an existing session (its ARP and FDB state carry over). UDP and TCP
   * probes meet closed ports only if the session was made with {@link SimConfig#withClosedPorts}.
   */
  public static Result run(Session session, Request request) {
    int total = request.maxTtl() * request.queries();
    int echoId = session.echoId();
    List<Query> done = new ArrayList<>();
    List<Line> lines = new ArrayList<>();
    boolean reached = false;
    boolean stop = false;
    for (int first = 0; first < total && !stop; first += SIMULTANEOUS) {
      List<Probe> batch = new ArrayList<>();
      for (int i = first; i < Math.min(total, first + SIMULTANEOUS); i++) {
        // every probe has its own socket, so its own source port; ICMP probes share the run's echo
        // id
        batch.add(
            request.probe(
                i, request.method() == TracerouteMethod.ICMP ? echoId : session.ephemeralPort()));
      }
      int from = first;
      // -T sends its SYNs through a raw socket: the stack resets the SYN-ACKs
      List<Trace> traces =
          session.traceTogether(
              batch,
              first + 1,
              request.waitNanos(),
              request.method() == TracerouteMethod.TCP,
              answers -> settled(request.queries(), from, answers),
              Traceroute::sendRefused);
      // traceroute sends a batch before it prints any of it; a send that fails ends the run
      if (traces.stream().anyMatch(Traceroute::sendRefused)) {
        return new Result(request, lines, false, true, Optional.empty());
      }
      // a probe whose connect() found no route: traceroute says so and exits before printing
      Optional<SocketError> unroutable =
          traces.stream()
              .flatMap(t -> t.localError().stream())
              .filter(e -> e instanceof SocketError.Unroutable)
              .findFirst();
      if (unroutable.isPresent()) {
        return new Result(request, lines, false, false, unroutable);
      }
      for (Trace t : traces) {
        done.add(Query.of(t, request.waitNanos()));
        boolean failed = t.localError().isPresent();
        if (done.size() == request.queries() || failed) {
          Line line = new Line(lines.size() + 1, done);
          lines.add(line);
          done = new ArrayList<>();
          if (failed || line.isFinal()) {
            reached =
                !failed
                    && line.queries().stream()
                        .flatMap(q -> q.address().stream())
                        .anyMatch(request.dst()::equals);
            stop = true;
            break;
          }
        }
      }
    }
    return new Result(request, lines, reached);
  }
}
