package dev.podpath.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podpath.sim.outcome.Disposition;
import dev.podpath.sim.outcome.DropReason;
import dev.podpath.sim.outcome.Step;
import dev.podpath.sim.outcome.TraceEvent;
import dev.podpath.trace.Hop;
import dev.podpath.trace.PacketTrace;
import dev.podpath.trace.Trace;
import dev.podpath.trace.render.TextRenderer;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Fluent assertions on traces, in the spirit of Batfish's {@code TraceMatchers}: given a topology,
 * when a probe, then these hops. Failures print the whole trace.
 */
final class TraceAssert {

  private final Trace trace;

  private TraceAssert(Trace trace) {
    this.trace = trace;
  }

  static TraceAssert assertThatTrace(Trace t) {
    return new TraceAssert(t);
  }

  TraceAssert isReachable() {
    assertThat(trace.succeeded()).as("reachable?%n%s", text()).isTrue();
    return this;
  }

  TraceAssert isNotReachable() {
    assertThat(trace.succeeded()).as("not reachable?%n%s", text()).isFalse();
    return this;
  }

  TraceAssert hasLocalError(String message) {
    assertThat(trace.localError().map(dev.podpath.sim.outcome.SocketError::explain))
        .as("local error%n%s", text())
        .contains(message);
    return this;
  }

  PacketAssert request() {
    return new PacketAssert(trace.request(), this);
  }

  PacketAssert response() {
    assertThat(trace.response()).as("a response%n%s", text()).isPresent();
    return new PacketAssert(trace.response().get(), this);
  }

  String text() {
    return TextRenderer.render(trace, "test");
  }

  /** Assertions on one packet's trace. */
  static final class PacketAssert {
    private final PacketTrace p;
    private final TraceAssert parent;

    PacketAssert(PacketTrace p, TraceAssert parent) {
      this.p = p;
      this.parent = parent;
    }

    PacketAssert hasDisposition(Disposition d) {
      assertThat(p.disposition())
          .as(
              "disposition of the %s%n%s",
              dev.podpath.trace.render.PacketRoles.text(p.role()), parent.text())
          .isEqualTo(d);
      return this;
    }

    PacketAssert isDeliveredTo(String netns) {
      hasDisposition(Disposition.DELIVERED);
      assertThat(p.endedIn().map(Object::toString))
          .as("delivered in%n%s", parent.text())
          .contains(netns);
      return this;
    }

    /** The namespaces of the hops, in order. */
    PacketAssert visits(String... netns) {
      assertThat(p.hops().stream().map(h -> h.netns().value()).toList())
          .as(
              "hops of the %s%n%s",
              dev.podpath.trace.render.PacketRoles.text(p.role()), parent.text())
          .containsExactly(netns);
      return this;
    }

    <R extends DropReason> PacketAssert droppedBecause(Class<R> reason, String inNetns) {
      assertThat(p.reason()).as("drop reason%n%s", parent.text()).containsInstanceOf(reason);
      assertThat(p.endedIn().map(Object::toString))
          .as("dropped in%n%s", parent.text())
          .contains(inNetns);
      return this;
    }

    /**
     * Some step of this packet (or of the ARP it waited for) in {@code netns} is a {@code kind}
     * matching {@code test}.
     */
    <S extends Step> PacketAssert hasStep(String netns, Class<S> kind, Predicate<S> test) {
      boolean found =
          events()
              .filter(e -> e.step().netns().value().equals(netns))
              .map(TraceEvent::step)
              .filter(kind::isInstance)
              .map(kind::cast)
              .anyMatch(test);
      assertThat(found)
          .as("a %s step in %s%n%s", kind.getSimpleName(), netns, parent.text())
          .isTrue();
      return this;
    }

    private Stream<TraceEvent> events() {
      return p.hops().stream().flatMap(h -> Stream.concat(h.steps().stream(), h.arp().stream()));
    }

    List<Hop> hops() {
      return p.hops();
    }

    TraceAssert and() {
      return parent;
    }
  }
}
