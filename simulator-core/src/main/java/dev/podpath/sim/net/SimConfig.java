package dev.podpath.sim.net;

import dev.podpath.sim.netfilter.StatisticChoice;
import java.util.Objects;

/**
 * Knobs of a simulation run.
 *
 * @param vethDelayNanos time a frame takes to cross a veth pair
 * @param timeLimitNanos simulated time after which the run stops
 * @param eventLimit events after which the run stops (a packet storm)
 * @param closedPorts whether UDP/TCP to a local address finds no listener (ICMP port unreachable /
 *     TCP reset, as for traceroute) or an open one (the packet is accepted; a TCP SYN is answered
 *     with a SYN-ACK)
 * @param statistic how {@code -m statistic --mode random} rules choose (seeded by default, so runs
 *     are repeatable; or pinned to a branch)
 * @param multipath which next hop a multipath route takes (the first, unless pinned)
 * @param edge what a gateway no dump owns is assumed to do ({@code --edge})
 */
public record SimConfig(
    long vethDelayNanos,
    long timeLimitNanos,
    long eventLimit,
    boolean closedPorts,
    StatisticChoice statistic,
    MultipathChoice multipath,
    EdgeAssumption edge) {

  public static final long MICROS = 1_000L;
  public static final long MILLIS = 1_000_000L;
  public static final long SECONDS = 1_000_000_000L;

  public SimConfig {
    Objects.requireNonNull(statistic, "statistic");
    Objects.requireNonNull(multipath, "multipath");
    Objects.requireNonNull(edge, "edge");
  }

  /** A run that assumes nothing of the edge. */
  public SimConfig(
      long vethDelayNanos,
      long timeLimitNanos,
      long eventLimit,
      boolean closedPorts,
      StatisticChoice statistic,
      MultipathChoice multipath) {
    this(
        vethDelayNanos,
        timeLimitNanos,
        eventLimit,
        closedPorts,
        statistic,
        multipath,
        EdgeAssumption.UNKNOWN);
  }

  /** A run whose multipath routes take their first next hop. */
  public SimConfig(
      long vethDelayNanos,
      long timeLimitNanos,
      long eventLimit,
      boolean closedPorts,
      StatisticChoice statistic) {
    this(vethDelayNanos, timeLimitNanos, eventLimit, closedPorts, statistic, MultipathChoice.FIRST);
  }

  public static SimConfig defaults() {
    return new SimConfig(2 * MICROS, 30 * SECONDS, 1_000_000, false, StatisticChoice.random(1));
  }

  public SimConfig withClosedPorts(boolean closed) {
    return new SimConfig(
        vethDelayNanos, timeLimitNanos, eventLimit, closed, statistic, multipath, edge);
  }

  public SimConfig withStatistic(StatisticChoice choice) {
    return new SimConfig(
        vethDelayNanos, timeLimitNanos, eventLimit, closedPorts, choice, multipath, edge);
  }

  public SimConfig withMultipath(MultipathChoice choice) {
    return new SimConfig(
        vethDelayNanos, timeLimitNanos, eventLimit, closedPorts, statistic, choice, edge);
  }

  public SimConfig withEdge(EdgeAssumption assumption) {
    return new SimConfig(
        vethDelayNanos, timeLimitNanos, eventLimit, closedPorts, statistic, multipath, assumption);
  }
}
