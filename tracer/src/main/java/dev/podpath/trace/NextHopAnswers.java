package dev.podpath.trace;

import dev.podpath.model.route.NextHop;
import dev.podpath.model.script.ProbeSpec;
import dev.podpath.model.script.Scenario;
import dev.podpath.sim.net.MultipathChoice;
import dev.podpath.sim.net.NexthopPin;
import dev.podpath.sim.net.SimConfig;
import dev.podpath.sim.outcome.Step;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * A scenario probe answered through each next hop of the multipath routes it meets (ECMP). The
 * kernel hashes a flow with a key it draws once per boot ({@code net_get_random_once}, shared by
 * every namespace), so which next hop a ping or connect takes cannot be told from the
 * configuration: podpath answers the probe once per next hop, the choice forced, and the kernel's
 * answer must be one of these.
 *
 * <pre>{@code
 * NextHopAnswers.of(scenario, ping, answer, SimConfig.defaults(), 16)
 *   // 2 branches: next hop 1 (a reply), next hop 2 (no reply: up2 does not forward)
 * }</pre>
 *
 * @param branches one per way through the multipath routes, in the order {@code ip route} lists
 *     their next hops; at least two
 */
public record NextHopAnswers(List<Branch> branches) {

  /** One way: the next hops forced, in the order the packets met their routes, and the answer. */
  public record Branch(List<NexthopPin> nexthops, ProbeAnswer answer) {
    public Branch {
      nexthops = List.copyOf(nexthops);
    }
  }

  public NextHopAnswers {
    branches = List.copyOf(branches);
  }

  /**
   * The answers to {@code p} through every next hop, each from a fresh session with the choice
   * forced, or empty when {@code first} (podpath's answer with {@code config}) met no multipath
   * route whose choice the kernel's hash makes. A ping's and a connect's traces are searched; a
   * traceroute's and an {@code ip route get}'s are not.
   *
   * @param limit at most this many branches
   */
  public static Optional<NextHopAnswers> of(
      Scenario sc, ProbeSpec p, ProbeAnswer first, SimConfig config, int limit) {
    Optional<Step.RouteSelected> open = unpinned(first, config.multipath());
    if (open.isEmpty()) {
      return Optional.empty();
    }
    Deque<List<NexthopPin>> queue = new ArrayDeque<>();
    split(open.get(), List.of(), queue);
    List<Branch> out = new ArrayList<>();
    while (!queue.isEmpty() && out.size() < limit) {
      List<NexthopPin> pins = queue.poll();
      SimConfig forced = config.withMultipath(config.multipath().with(pins));
      ProbeAnswer a = ProbeAnswers.answer(sc, Session.dropping(sc.topology(), forced), p);
      Optional<Step.RouteSelected> next = unpinned(a, forced.multipath());
      if (next.isPresent()) {
        split(next.get(), pins, queue);
      } else {
        out.add(new Branch(pins, a));
      }
    }
    return Optional.of(new NextHopAnswers(out));
  }

  private static void split(
      Step.RouteSelected r, List<NexthopPin> pins, Deque<List<NexthopPin>> queue) {
    List<NextHop> hops = r.route().nextHops();
    for (int i = 0; i < hops.size(); i++) {
      List<NexthopPin> more = new ArrayList<>(pins);
      more.add(NexthopPin.of(r.netns(), r.route(), i));
      queue.add(List.copyOf(more));
    }
  }

  private static Optional<Step.RouteSelected> unpinned(ProbeAnswer a, MultipathChoice choice) {
    return a.traces().stream()
        .map(t -> Branches.firstUnpinnedMultipath(t, choice))
        .flatMap(Optional::stream)
        .findFirst();
  }
}
