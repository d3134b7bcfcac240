package dev.podpath.trace.verify;

import dev.podpath.model.script.ProbeSpec;
import dev.podpath.model.script.Scenario;
import dev.podpath.sim.net.SimConfig;
import dev.podpath.trace.ProbeAnswers;
import dev.podpath.trace.Session;
import dev.podpath.trace.render.PingLine;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Puts podpath's answers next to the kernel's: runs every probe of a scenario in one simulation,
 * in script order (as the kernel ran them), and compares each with the kernel transcript's key
 * lines; then compares the neighbour and FDB state both sides ended with.
 */
public final class Verifier {

  private Verifier() {}

  /**
   * One probe, both answers.
   *
   * @param index 1-based position among the scenario's probes
   */
  public record ProbeResult(int index, ProbeSpec probe, List<String> kernel, List<String> podpath, boolean agree,
      Optional<String> note) {
    /** podpath met something it does not simulate here and said so instead of answering. */
    public boolean notModelled() {
      return !agree && podpath.stream().anyMatch(l -> l.contains(PingLine.NOT_MODELLED_PREFIX));
    }

    /** A real disagreement: neither the same answer nor an honest "not modelled". */
    public boolean differs() {
      return !agree && !notModelled();
    }
  }

  /** Everything compared for one scenario. */
  public record Report(String scenario, String kernelInfo, List<ProbeResult> probes, StateComparison.Result state) {
    public long agreeing() {
      return probes.stream().filter(ProbeResult::agree).count();
    }

    public long differing() {
      return probes.stream().filter(ProbeResult::differs).count();
    }

    public long notModelled() {
      return probes.stream().filter(ProbeResult::notModelled).count();
    }

    public boolean allAgree() {
      return differing() == 0 && state.differences().isEmpty();
    }
  }

  /** Where podpath's request (and its response) ended, and why: the place to look first. */
  static String verdict(dev.podpath.trace.Trace t) {
    StringBuilder sb = new StringBuilder("podpath's request: ").append(t.request().disposition());
    t.request().endedIn().ifPresent(n -> sb.append(" in ").append(n));
    t.request().reason().ifPresent(r -> sb.append(": ").append(r.explain()));
    t.response().ifPresent(r -> {
      sb.append("; its ").append(r.role()).append(": ").append(r.disposition());
      r.endedIn().ifPresent(n -> sb.append(" in ").append(n));
      r.reason().ifPresent(x -> sb.append(": ").append(x.explain()));
    });
    return sb.toString();
  }

  /** How long podpath lets the network settle after the last probe before comparing state. */
  private static final long SETTLE_NANOS = 100_000_000L;

  public static Report compare(String scenarioName, Scenario sc, String transcript) {
    KernelTranscript kernel = KernelTranscript.parse(transcript);
    StateDump dump = StateDump.parse(transcript);
    Session session = new Session(sc.topology(), SimConfig.defaults().withClosedPorts(true));
    List<ProbeResult> results = new ArrayList<>();
    int i = 0;
    for (ProbeSpec p : sc.probes()) {
      i++;
      KernelChoices.pin(session.simulation(), sc.topologyAt(i - 1), p, dump);
      ProbeAnswers.Answer answer = ProbeAnswers.answerWithTrace(sc, session, p);
      List<String> ours = new ArrayList<>(answer.lines());
      Optional<String> verdict = answer.trace().map(Verifier::verdict);
      if (p instanceof ProbeSpec.Traceroute) {
        ours.remove(0);
      }
      ours.replaceAll(l -> l.equals(PingLine.NO_REPLY) ? "no reply" : KernelTranscript.keyLine(l));
      Optional<KernelTranscript.Block> block = kernel.next(p.origin().text());
      if (block.isEmpty()) {
        results.add(new ProbeResult(i, p, List.of(), ours, false,
            Optional.of("the kernel run never reached this line (did an earlier command fail under set -e?)")));
        continue;
      }
      List<String> theirs = KernelTranscript.keyLines(block.get());
      boolean agree = theirs.equals(ours);
      results.add(new ProbeResult(i, p, theirs, ours, agree, agree ? Optional.empty() : verdict));
    }
    // the segments a closing connection still sends (its last ACK) leave within microseconds
    session.simulation().advance(SETTLE_NANOS);
    StateComparison.Result state = StateComparison.merge(
        StateComparison.compare(dump, sc.topology(), session.simulation().neighbourState(),
            session.simulation().learnedFdb(), session.simulation().learnedVteps()),
        NetfilterComparison.compare(dump, sc.topology(), session.simulation()));
    String info = transcript.lines().filter(l -> l.startsWith("# kernel ")).findFirst().orElse("# kernel ?").substring(2);
    return new Report(scenarioName, info, results, state);
  }
}
