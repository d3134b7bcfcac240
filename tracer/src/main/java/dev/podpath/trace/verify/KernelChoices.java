package dev.podpath.trace.verify;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.script.ProbeSpec;
import dev.podpath.model.topo.Topology;
import dev.podpath.sim.net.Simulation;
import dev.podpath.sim.netfilter.StatisticChoice;
import dev.podpath.sim.netfilter.StatisticPin;
import dev.podpath.trace.Branches;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The kernel's coin tosses, replayed. {@code -m statistic --mode random} picks a Service endpoint
 * at random; to compare the rest of a run (which endpoint answered, the counters, conntrack,
 * neighbour caches) podpath must make the same picks. A connect with a fixed source port ({@code nc
 * -p PORT}) left a conntrack entry in the kernel whose reply source is the endpoint chosen; podpath
 * pins its statistic rules to the chains that DNAT to that endpoint.
 */
final class KernelChoices {

  private static final Pattern ENTRY =
      Pattern.compile(
          "^(tcp|udp)\\s.*?src=(\\S+) dst=(\\S+) sport=(\\d+) dport=(\\d+) .*?src=(\\S+) dst=\\S+ sport=(\\d+) dport=\\d+");

  private KernelChoices() {}

  /** Before probe {@code p}: pins podpath to the kernel's pick for it, or draws at random. */
  static void pin(Simulation sim, Topology at, ProbeSpec p, StateDump kernel) {
    Set<StatisticPin> pins = new LinkedHashSet<>();
    if (p instanceof ProbeSpec.Connect c && c.sourcePort().isPresent()) {
      endpoint(kernel, c)
          .ifPresent(
              ep ->
                  pins.addAll(
                      Branches.chainsDnattingTo(
                          at, ep.address(), java.util.OptionalInt.of(ep.port()))));
    }
    sim.statistic(pins.isEmpty() ? StatisticChoice.random(1) : new StatisticChoice.Pinned(pins, 1));
  }

  /** An endpoint address and port. */
  record Endpoint(Ipv4Address address, int port) {}

  /** Where the kernel sent this connect, if its entry shows a DNAT. */
  static Optional<Endpoint> endpoint(StateDump kernel, ProbeSpec.Connect c) {
    for (StateDump.Namespace ns : kernel.namespaces().values()) {
      for (String line : ns.conntrack().orElse(List.of())) {
        Matcher m = ENTRY.matcher(line);
        if (m.find()
            && m.group(1).equals(c.udp() ? "udp" : "tcp")
            && m.group(3).equals(c.destination().toString())
            && Integer.parseInt(m.group(5)) == c.port()
            && Integer.parseInt(m.group(4)) == c.sourcePort().get()) {
          Ipv4Address to = Ipv4Address.parse(m.group(6));
          int port = Integer.parseInt(m.group(7));
          if (!to.equals(c.destination()) || port != c.port()) {
            return Optional.of(new Endpoint(to, port));
          }
        }
      }
    }
    return Optional.empty();
  }
}
