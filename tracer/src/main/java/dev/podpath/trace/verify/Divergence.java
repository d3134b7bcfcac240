package dev.podpath.trace.verify;

import dev.podpath.model.script.KernelStep;
import dev.podpath.model.script.ProbeSpec;
import dev.podpath.model.script.Scenario;
import dev.podpath.model.script.TracerouteMethod;
import dev.podpath.sim.net.SimConfig;
import dev.podpath.trace.Probe;
import dev.podpath.trace.ProbeAnswers;
import dev.podpath.trace.Session;
import dev.podpath.trace.Traceroute;
import dev.podpath.trace.render.TracerouteLines;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where the kernel and podpath part for a probe that differs: the scenario's kernel plan is run
 * again up to that probe, followed by {@code traceroute -n} to the probe's destination from the
 * probe's namespace, with the probe's own protocol (a connect's TCP port, a ping's ICMP, a
 * traceroute's options) so that a filter on that protocol shows where it acts; podpath replays the
 * same lines and runs the same traceroute; the first hop whose answer differs is the place to look.
 */
public final class Divergence {

  /** Maximum hops of the locating traceroute. */
  static final int MAX_HOPS = 16;

  private Divergence() {}

  /**
   * The two traceroutes and the first hop (1-based) where they differ, if any.
   *
   * @param kernelStopped why the kernel run printed no traceroute (the script failed before it),
   *     when it did not
   */
  public record Result(
      List<String> kernel,
      List<String> podpath,
      Optional<Integer> firstDifferingHop,
      Optional<String> kernelStopped) {
    /** One sentence for the report. */
    public String describe() {
      if (kernelStopped.isPresent()) {
        return "not located: " + kernelStopped.get();
      }
      if (firstDifferingHop.isEmpty()) {
        return "a traceroute from the same place takes the same path in both ("
            + String.join(", ", kernel.stream().map(String::trim).toList())
            + "): they part at the destination's answer itself";
      }
      int k = firstDifferingHop.get();
      String theirs = k <= kernel.size() ? kernel.get(k - 1).trim() : "(no hop " + k + ")";
      String ours = k <= podpath.size() ? podpath.get(k - 1).trim() : "(no hop " + k + ")";
      return "they part at hop "
          + k
          + ": the kernel's traceroute shows \""
          + theirs
          + "\", podpath's \""
          + ours
          + "\"";
    }
  }

  public static Result locate(Scenario sc, int probeIndex, Duration timeout)
      throws IOException, KernelRun.Unavailable {
    return locate(sc, probeIndex, KernelRun.sandbox(), timeout);
  }

  /** As {@link #locate(Scenario, int, Duration)}, the rerun in {@code where}. */
  public static Result locate(Scenario sc, int probeIndex, KernelRun where, Duration timeout)
      throws IOException, KernelRun.Unavailable {
    ProbeSpec p = sc.probes().get(probeIndex);
    Locator how = Locator.of(p);
    List<String> trace =
        new ArrayList<>(
            List.of("traceroute", "-n", "-q1", "-w1", "-m", Integer.toString(MAX_HOPS)));
    trace.addAll(how.options());
    trace.add(p.destination().toString());
    KernelStep last =
        new KernelStep(
            p.origin(), p.netns(), trace, Optional.empty(), KernelStep.Mode.FOREGROUND, 0, false);
    KernelPlan plan = KernelPlan.of(sc, List.of()).upToProbe(probeIndex, last);
    KernelPlan.Step locating = plan.steps().get(plan.steps().size() - 1);
    KernelRun.Result run = where.execute(plan, timeout);
    Optional<KernelTranscript.Block> t =
        KernelTranscript.parse(run.transcript()).next(locating.label());
    List<String> kernel = t.map(KernelTranscript::keyLines).orElse(List.of());
    Optional<String> stopped = Optional.empty();
    if (t.isEmpty()) {
      stopped =
          Optional.of(
              "the kernel run up to that probe stopped before its traceroute"
                  + (run.timedOut() ? " (timed out)" : " (exit status " + run.exitStatus() + ")"));
    }
    Session session = new Session(sc.topology(), SimConfig.defaults().withClosedPorts(true));
    for (int j = 0; j < probeIndex; j++) {
      ProbeAnswers.answer(sc, session, sc.probes().get(j));
    }
    session.simulation().reconfigure(sc.topologyAt(probeIndex));
    Traceroute.Result ours =
        Traceroute.run(
            session,
            new Probe(
                p.netns(), p.destination(), Optional.empty(), how.protocol(), 44444, how.port(), 1),
            MAX_HOPS,
            SimConfig.SECONDS);
    List<String> podpath = ours.lines().stream().map(TracerouteLines::line).toList();
    Optional<Integer> first = Optional.empty();
    for (int k = 0; k < Math.max(kernel.size(), podpath.size()); k++) {
      String a = k < kernel.size() ? kernel.get(k) : null;
      String b = k < podpath.size() ? podpath.get(k) : null;
      if (a == null || !a.equals(b)) {
        first = Optional.of(k + 1);
        break;
      }
    }
    return new Result(kernel, podpath, first, stopped);
  }

  /** The locating traceroute's protocol: the probe's own, else UDP (for {@code ip route get}). */
  record Locator(Probe.Protocol protocol, int port, List<String> options) {
    static Locator of(ProbeSpec p) {
      if (p instanceof ProbeSpec.Connect c && c.udp()) {
        // traceroute -U: UDP to this one port for every probe (not the port counting up)
        return new Locator(
            Probe.Protocol.UDP, c.port(), List.of("-U", "-p", Integer.toString(c.port())));
      }
      if (p instanceof ProbeSpec.Connect c) {
        return new Locator(
            Probe.Protocol.TCP, c.port(), List.of("-T", "-p", Integer.toString(c.port())));
      }
      if (p instanceof ProbeSpec.Ping) {
        return new Locator(Probe.Protocol.ICMP, 0, List.of("-I"));
      }
      if (p instanceof ProbeSpec.Traceroute t && t.method() == TracerouteMethod.TCP) {
        int port = t.port().orElse(80);
        return new Locator(Probe.Protocol.TCP, port, List.of("-T", "-p", Integer.toString(port)));
      }
      if (p instanceof ProbeSpec.Traceroute t && t.method() == TracerouteMethod.ICMP) {
        return new Locator(Probe.Protocol.ICMP, 0, List.of("-I"));
      }
      return new Locator(Probe.Protocol.UDP, Traceroute.BASE_PORT, List.of());
    }

    /** The options as the user would type them ({@code " -T -p 80"}), for a suggested command. */
    String typed() {
      return options.isEmpty() ? "" : " " + String.join(" ", options);
    }
  }
}
