package dev.podpath.trace.render;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.packet.IcmpNames;
import dev.podpath.sim.outcome.DropReason;
import dev.podpath.trace.Traceroute;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** What Linux {@code traceroute -n} prints for a traced run, without timings. */
public final class TracerouteLines {

  private TracerouteLines() {}

  /** The header and one line per hop. */
  public static List<String> of(Traceroute.Result r) {
    List<String> lines = new ArrayList<>();
    lines.add(header(r.request()));
    r.lines().forEach(l -> lines.add(line(l)));
    r.exitLine().ifPresent(lines::add);
    return lines;
  }

  /** The hop lines, and the error that ended the run when a probe could not be sent. */
  public static List<String> hops(Traceroute.Result r) {
    List<String> lines = new ArrayList<>();
    r.lines().forEach(l -> lines.add(line(l)));
    r.exitLine().ifPresent(lines::add);
    return lines;
  }

  /**
   * As {@link #of}, for a reader rather than a comparison with the tool: from the first hop after
   * which every probe left the model (a snapshot's edge), one line saying where they left and what
   * lies beyond, and one saying which hops that stands for, instead of a row of {@code *} per hop.
   *
   * <pre>{@code
   * 2  (the probes leave the model: the packet left through worker1/eth0, behind which ...)
   *    hops 2 to 30: not known, podpath has nothing behind worker1/eth0 (traceroute would print
   *    what the hosts there answer)
   * }</pre>
   */
  public static List<String> forReader(Traceroute.Result r) {
    if (r.reached()) {
      return of(r);
    }
    return beyond(
            r,
            l -> l.edgeDrop().map(d -> (DropReason) d),
            d ->
                "no answer under that assumption (whether the gateway "
                    + ((DropReason.EdgeDrop) d).gateway()
                    + " answers the probes whose TTL runs out there is not known)")
        .or(
            () ->
                beyond(
                    r,
                    l -> l.leftModel().map(d -> (DropReason) d),
                    d ->
                        "not known, podpath has nothing behind "
                            + ((DropReason.LeftModel) d).dev()
                            + " (traceroute would print what the hosts there answer)"))
        .orElseGet(() -> of(r));
  }

  /**
   * The lines for a run whose last hops all end the way {@code why} tells (the probes dropped at an
   * assumed edge, or left the model): the hops before them, then one line saying where the probes
   * went and one saying what {@code hops} the rest stands for; empty when the last hop does not end
   * that way.
   */
  private static Optional<List<String>> beyond(
      Traceroute.Result r,
      java.util.function.Function<Traceroute.Line, Optional<DropReason>> why,
      java.util.function.Function<DropReason, String> hops) {
    List<Traceroute.Line> all = r.lines();
    int edge = all.size();
    while (edge > 0 && why.apply(all.get(edge - 1)).isPresent()) {
      edge--;
    }
    if (edge == all.size()) {
      return Optional.empty();
    }
    List<String> lines = new ArrayList<>();
    lines.add(header(r.request()));
    all.subList(0, edge).forEach(l -> lines.add(line(l)));
    Traceroute.Line first = all.get(edge);
    DropReason d = why.apply(first).orElseThrow();
    lines.add(String.format("%2d  (the probes leave the model: %s)", first.ttl(), d.explain()));
    lines.add(String.format("    hops %d to %d: %s", first.ttl(), r.maxTtl(), hops.apply(d)));
    return Optional.of(lines);
  }

  /** The header line traceroute prints first. */
  public static String header(Traceroute.Request r) {
    return "traceroute to "
        + r.dst()
        + " ("
        + r.dst()
        + "), "
        + r.maxTtl()
        + " hops max, 60 byte packets";
  }

  /**
   * A hop's line, without timings: {@code " 2 192.168.50.12"}. As the tool does, an address is
   * printed for the first answer and again only when it changes; each probe without an answer is a
   * {@code *}; each answer's mark follows it ({@code 10.0.0.1 !H !H !H}). Where podpath does not
   * model what a probe met, it says so instead: {@code " 1 (not modelled: ...)"}.
   */
  public static String line(Traceroute.Line l) {
    Optional<DropReason> nm = l.notModelledReason();
    if (nm.isPresent()) {
      return String.format("%2d  (%s)", l.ttl(), PingLine.notModelled(nm.get()));
    }
    StringBuilder sb = new StringBuilder(String.format("%2d ", l.ttl()));
    Optional<Ipv4Address> last = Optional.empty();
    for (Traceroute.Query q : l.queries()) {
      if (q.answer().isEmpty()) {
        sb.append(" *");
        continue;
      }
      Traceroute.Answer a = q.answer().get();
      if (last.isEmpty() || !last.get().equals(a.address())) {
        sb.append(' ').append(a.address());
      }
      last = Optional.of(a.address());
      mark(a).ifPresent(m -> sb.append(' ').append(m));
    }
    return sb.toString();
  }

  /**
   * The mark traceroute prints after an unreachable answer ({@code !H}, {@code !N}, {@code !X},
   * ...).
   */
  public static Optional<String> mark(Traceroute.Answer a) {
    if (a.unreachableCode().isEmpty()) {
      return Optional.empty();
    }
    String mark = IcmpNames.tracerouteMark(a.unreachableCode().getAsInt());
    return mark.isEmpty() ? Optional.empty() : Optional.of(mark);
  }
}
