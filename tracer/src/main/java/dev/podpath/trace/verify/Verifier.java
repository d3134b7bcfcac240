package dev.podpath.trace.verify;

import dev.podpath.model.script.ProbeSpec;
import dev.podpath.model.script.Scenario;
import dev.podpath.sim.net.SimConfig;
import dev.podpath.trace.NextHopAnswers;
import dev.podpath.trace.ProbeAnswer;
import dev.podpath.trace.ProbeAnswers;
import dev.podpath.trace.Session;
import dev.podpath.trace.render.AnswerLines;
import dev.podpath.trace.render.NextHopText;
import dev.podpath.trace.render.PingLine;
import dev.podpath.trace.render.TracerouteLines;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Puts podpath's answers next to the kernel's: runs every probe of a scenario in one simulation, in
 * script order (as the kernel ran them), and compares each with the kernel transcript's key lines;
 * then compares the neighbour and FDB state both sides ended with.
 */
public final class Verifier {

  private Verifier() {}

  /**
   * One probe, both answers.
   *
   * @param index 1-based position among the scenario's probes
   * @param agree the kernel printed podpath's answer, and podpath had one answer
   * @param podpathNotModelled podpath met something it does not simulate here and said so instead
   *     of answering ({@link ProbeAnswer#notModelled()})
   * @param withinEcmp the probe met a multipath route whose next hops give different answers (the
   *     kernel's per-boot hash chooses: {@code note} names them), and the kernel's answer is one of
   *     them
   */
  public record ProbeResult(
      int index,
      ProbeSpec probe,
      List<String> kernel,
      List<String> podpath,
      boolean agree,
      boolean podpathNotModelled,
      boolean withinEcmp,
      Optional<String> note) {
    /** The two differ because podpath said it does not model what the probe met. */
    public boolean notModelled() {
      return !agree && !withinEcmp && podpathNotModelled;
    }

    /** The same result with another note (where the two part, once located). */
    public ProbeResult withNote(String newNote) {
      return new ProbeResult(
          index,
          probe,
          kernel,
          podpath,
          agree,
          podpathNotModelled,
          withinEcmp,
          Optional.of(newNote));
    }

    /**
     * A real disagreement: neither the same answer, nor one of the next hops' answers, nor an
     * honest "not modelled".
     */
    public boolean differs() {
      return !agree && !withinEcmp && !notModelled();
    }
  }

  /**
   * A configuration command that succeeded on one side and failed on the other: from there on the
   * two networks are not the same.
   *
   * @param step the command as the kernel ran it
   * @param kernelStatus its exit status in the kernel, or -1 when the kernel run never reached it
   * @param kernelOutput what it printed there
   */
  public record CommandDifference(
      KernelPlan.Step step, int kernelStatus, List<String> kernelOutput) {
    public CommandDifference {
      kernelOutput = List.copyOf(kernelOutput);
    }

    /** One sentence for the report. */
    public String describe() {
      String where =
          step.source().origin().location() + " `" + KernelPlan.render(step.argv()) + "`";
      if (kernelStatus < 0) {
        return where + ": the kernel run never reached it";
      }
      String said =
          kernelOutput.stream()
              .filter(l -> !l.isBlank())
              .findFirst()
              .map(l -> ": " + KernelPlan.printable(l))
              .orElse("");
      return step.source().failed()
          ? where + ": podpath refused it, the kernel accepted it"
          : where
              + ": podpath accepted it, the kernel refused it (exit status "
              + kernelStatus
              + said
              + ")";
    }
  }

  /**
   * Everything compared for one scenario.
   *
   * @param notRun the script's commands the kernel side did not run, since podpath does not
   *     simulate them ({@code hostname}, {@code modprobe}...): said, not compared
   */
  public record Report(
      String scenario,
      String kernelInfo,
      List<dev.podpath.model.script.KernelStep> notRun,
      List<CommandDifference> commands,
      List<ProbeResult> probes,
      StateComparison.Result state) {
    public long agreeing() {
      return probes.stream().filter(ProbeResult::agree).count();
    }

    public long differing() {
      return probes.stream().filter(ProbeResult::differs).count();
    }

    public long notModelled() {
      return probes.stream().filter(ProbeResult::notModelled).count();
    }

    /** The probes whose kernel answer is one of the answers of a multipath route's next hops. */
    public long withinEcmp() {
      return probes.stream().filter(ProbeResult::withinEcmp).count();
    }

    public boolean allAgree() {
      return differing() == 0 && commands.isEmpty() && state.differences().isEmpty();
    }
  }

  /**
   * podpath's answer in the form {@link KernelTranscript#keyLines} keeps the kernel's: traceroute's
   * hops without the header, {@code no reply} for a ping that waited in vain, a path-MTU exception
   * without the seconds it has left.
   */
  public static List<String> keyLines(ProbeAnswer a) {
    if (a instanceof ProbeAnswer.PingAnswer p) {
      return List.of(PingLine.printed(p.ping(), p.waitNanos()).orElse(KernelTranscript.NO_REPLY));
    } else if (a instanceof ProbeAnswer.TracerouteAnswer t) {
      return TracerouteLines.hops(t.result());
    } else if (a instanceof ProbeAnswer.RouteGetAnswer r) {
      List<String> lines = new ArrayList<>(List.of(r.routeLine()));
      r.redirected().ifPresent(c -> lines.add(KernelTranscript.REDIRECTED_LINE));
      r.cachedMtu().ifPresent(c -> lines.add(KernelTranscript.pathMtuLine(c.mtu())));
      return lines;
    }
    return AnswerLines.of(a);
  }

  /** Where podpath's request (and its response) ended, and why: the place to look first. */
  static String verdict(dev.podpath.trace.Trace t) {
    StringBuilder sb = new StringBuilder("podpath's request: ").append(t.request().disposition());
    t.request().endedIn().ifPresent(n -> sb.append(" in ").append(n));
    t.request().reason().ifPresent(r -> sb.append(": ").append(r.explain()));
    t.response()
        .ifPresent(
            r -> {
              sb.append("; its ")
                  .append(dev.podpath.trace.render.PacketRoles.text(r.role()))
                  .append(": ")
                  .append(r.disposition());
              r.endedIn().ifPresent(n -> sb.append(" in ").append(n));
              r.reason().ifPresent(x -> sb.append(": ").append(x.explain()));
            });
    return sb.toString();
  }

  /** How the next hops of a multipath route are answered, each from a fresh session. */
  private static final SimConfig ECMP_CONFIG = SimConfig.defaults().withClosedPorts(true);

  /** At most this many ways through multipath routes per probe. */
  private static final int MAX_NEXT_HOPS = 64;

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
      ProbeAnswer answer = ProbeAnswers.answer(sc, session, p);
      List<String> ours = keyLines(answer);
      Optional<String> verdict = answer.trace().map(Verifier::verdict);
      Optional<KernelTranscript.Block> block = kernel.next(p.origin().text());
      if (block.isEmpty()) {
        results.add(
            new ProbeResult(
                i,
                p,
                List.of(),
                ours,
                false,
                answer.notModelled(),
                false,
                Optional.of(
                    "the kernel run never reached this line (did an earlier command fail under set -e?)")));
        continue;
      }
      List<String> theirs = KernelTranscript.keyLines(block.get());
      Optional<NextHopAnswers> hops = NextHopAnswers.of(sc, p, answer, ECMP_CONFIG, MAX_NEXT_HOPS);
      List<List<String>> each =
          hops.map(n -> n.branches().stream().map(b -> keyLines(b.answer())).distinct().toList())
              .orElse(List.of(ours));
      if (each.size() > 1) {
        // the kernel's hash chose a next hop podpath cannot know: any of their answers is honest
        boolean within = each.contains(theirs);
        results.add(
            new ProbeResult(
                i,
                p,
                theirs,
                ours,
                false,
                answer.notModelled(),
                within,
                Optional.of(
                    NextHopText.line(hops.get())
                        + (within ? "" : "; the kernel's answer is none of them: " + each))));
        continue;
      }
      boolean agree = theirs.equals(ours);
      results.add(
          new ProbeResult(
              i,
              p,
              theirs,
              ours,
              agree,
              answer.notModelled(),
              false,
              agree ? Optional.empty() : verdict));
    }
    // the segments a closing connection still sends (its last ACK) leave within microseconds
    session.simulation().advance(SETTLE_NANOS);
    StateComparison.Result state =
        StateComparison.merge(
            StateComparison.compare(
                dump,
                sc.topology(),
                session.simulation().neighbourState(),
                session.simulation().learnedFdb(),
                session.simulation().learnedVteps()),
            NetfilterComparison.compare(dump, sc.topology(), session.simulation()));
    String info =
        transcript
            .lines()
            .filter(l -> l.startsWith("# kernel "))
            .findFirst()
            .orElse("# kernel ?")
            .substring(2);
    return new Report(
        scenarioName,
        info,
        KernelPlan.notRun(sc),
        commands(sc, KernelTranscript.parse(transcript)),
        results,
        state);
  }

  /**
   * The configuration commands whose outcome differs (a plan runner's transcript has one block per
   * foreground step, in order, with its exit status; a probe's status is its answer, compared
   * above).
   */
  static List<CommandDifference> commands(Scenario sc, KernelTranscript kernel) {
    List<CommandDifference> out = new ArrayList<>();
    if (!kernel.fromPlan()) {
      return out;
    }
    List<KernelPlan.Step> steps = KernelPlan.of(sc, List.of()).foreground();
    List<KernelTranscript.Block> blocks = kernel.blocks();
    for (int k = 0; k < steps.size(); k++) {
      KernelPlan.Step step = steps.get(k);
      if (k >= blocks.size()) {
        out.add(new CommandDifference(step, -1, List.of()));
        break;
      }
      KernelTranscript.Block b = blocks.get(k);
      if (!step.source().isProbe() && (b.status() != 0) != step.source().failed()) {
        out.add(new CommandDifference(step, b.status(), b.output()));
      }
    }
    return out;
  }
}
