package dev.podpath.trace;

import dev.podpath.model.script.ProbeSpec;
import dev.podpath.sim.net.RouteGet;
import dev.podpath.sim.net.Simulation;
import java.util.Objects;
import java.util.Optional;

/**
 * podpath's answer to one probe of a scenario, typed: the trace (ping), the connect's result
 * ({@code nc}), the hops ({@code traceroute}), the routing decision ({@code ip route get}). {@code
 * trace.render.AnswerLines} turns it into the lines the real command would print.
 */
public sealed interface ProbeAnswer {

  /** The script's probe this answers. */
  ProbeSpec probe();

  /**
   * The trace behind the answer, for a ping (its echo request) and a connect (the decisive SYN).
   */
  Optional<Trace> trace();

  /**
   * Every trace whose frames the probe put on the wires: a connect's SYN and each retransmission,
   * else {@link #trace()}'s.
   */
  default java.util.List<Trace> traces() {
    return trace().map(java.util.List::of).orElse(java.util.List.of());
  }

  /**
   * Whether podpath met something it does not simulate and says so instead of answering (the
   * command's line is then {@code not modelled: ...}).
   */
  boolean notModelled();

  /**
   * A {@code ping}: one echo request, and what came back within {@code -W}.
   *
   * @param waitNanos how long ping waits for the answer ({@code -W})
   */
  record PingAnswer(ProbeSpec.Ping probe, Trace ping, long waitNanos) implements ProbeAnswer {
    public PingAnswer {
      Objects.requireNonNull(probe, "probe");
      Objects.requireNonNull(ping, "ping");
    }

    public Optional<Trace> trace() {
      return Optional.of(ping);
    }

    /**
     * Ping reports a local error first (no packet left); else what podpath does not model,
     * including an answer at the edge of {@code -W} that the kernel's timers decide ({@link
     * Trace#waitRace(long)}).
     */
    public boolean notModelled() {
      return ping.localError().isEmpty()
          && (ping.notModelledReason().isPresent() || ping.waitRace(waitNanos).isPresent());
    }
  }

  /** An {@code nc -z} connect and how it ended. */
  record ConnectAnswer(ProbeSpec.Connect probe, Connect.Result result) implements ProbeAnswer {
    public ConnectAnswer {
      Objects.requireNonNull(probe, "probe");
      Objects.requireNonNull(result, "result");
    }

    public Optional<Trace> trace() {
      return Optional.of(result.decisive());
    }

    @Override
    public java.util.List<Trace> traces() {
      return result.attempts();
    }

    public boolean notModelled() {
      return result.outcome() == Connect.Outcome.NOT_MODELLED;
    }

    /** Whether nc prints a line: with {@code -v}; podpath also says what it does not model. */
    public boolean printed() {
      return probe.verbose() || notModelled();
    }
  }

  /** A {@code traceroute} and its hops. */
  record TracerouteAnswer(ProbeSpec.Traceroute probe, Traceroute.Result result)
      implements ProbeAnswer {
    public TracerouteAnswer {
      Objects.requireNonNull(probe, "probe");
      Objects.requireNonNull(result, "result");
    }

    public Optional<Trace> trace() {
      return Optional.empty();
    }

    public boolean notModelled() {
      return result.lines().stream().anyMatch(l -> l.notModelledReason().isPresent());
    }
  }

  /**
   * An {@code ip route get}: the kernel's routing decision, and the path-MTU exception {@code ip}
   * prints under the route for a local lookup that has one.
   */
  record RouteGetAnswer(
      ProbeSpec.RouteGet probe,
      RouteGet.Answer answer,
      Optional<Simulation.CachedMtu> cachedMtu,
      Optional<Simulation.Redirected> redirected)
      implements ProbeAnswer {
    public RouteGetAnswer {
      Objects.requireNonNull(probe, "probe");
      Objects.requireNonNull(answer, "answer");
      Objects.requireNonNull(cachedMtu, "cachedMtu");
      Objects.requireNonNull(redirected, "redirected");
    }

    /**
     * The route's line as ip prints it: with a redirect's exception, its new next hop in place of
     * the route's gateway.
     */
    public String routeLine() {
      if (redirected.isEmpty() || answer.route().isEmpty()) {
        return answer.text();
      }
      String gw = " via " + redirected.get().gateway() + " ";
      return answer.text().replaceFirst(" via [0-9.]+ ", gw);
    }

    /**
     * ip's line under the route: {@code cache <redirected> expires Nsec}, {@code cache expires Nsec
     * mtu M}, or none.
     */
    public Optional<String> cacheLine() {
      if (redirected.isPresent()) {
        return Optional.of(
            "    cache <redirected> expires "
                + redirected.get().expiresInSeconds()
                + "sec"
                + cachedMtu.map(c -> " mtu " + c.mtu()).orElse(""));
      }
      return cachedMtu.map(c -> "    cache expires " + c.expiresInSeconds() + "sec mtu " + c.mtu());
    }

    public Optional<Trace> trace() {
      return Optional.empty();
    }

    public boolean notModelled() {
      return false;
    }
  }
}
