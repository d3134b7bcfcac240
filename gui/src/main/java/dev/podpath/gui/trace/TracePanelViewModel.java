package dev.podpath.gui.trace;

import dev.podpath.gui.BackgroundWork;
import dev.podpath.gui.network.LoadedNetwork;
import dev.podpath.model.origin.Origin;
import dev.podpath.model.script.TracerouteMethod;
import dev.podpath.model.topo.DeviceRef;
import dev.podpath.model.topo.NetnsName;
import dev.podpath.trace.Branches;
import dev.podpath.trace.Probe;
import dev.podpath.trace.Trace;
import dev.podpath.trace.Traceroute;
import dev.podpath.trace.api.InputException;
import dev.podpath.trace.api.Network;
import dev.podpath.trace.api.TraceRequest;
import dev.podpath.trace.api.TraceResult;
import dev.podpath.trace.api.TracerouteRequest;
import dev.podpath.trace.graph.TracePath;
import dev.podpath.trace.render.BranchText;
import dev.podpath.trace.render.DiagnosisText;
import dev.podpath.trace.render.JsonRenderer;
import dev.podpath.trace.render.StepDetail;
import dev.podpath.trace.render.TextRenderer;
import dev.podpath.trace.render.TracerouteLines;
import dev.podpath.trace.render.Verdicts;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The trace panel's state: what to trace, whether a trace runs, its steps, verdict and path.
 * Tracing runs through {@link BackgroundWork}, off the UI thread. Testable without the toolkit.
 */
public final class TracePanelViewModel {

  private String json = "";
  private final ObservableList<String> tracerouteLines = FXCollections.observableArrayList();
  private final BackgroundWork work;
  private final ObjectProperty<LoadedNetwork> network = new SimpleObjectProperty<>();
  private final StringProperty from = new SimpleStringProperty("");
  private final StringProperty to = new SimpleStringProperty("");
  private final ObjectProperty<Probe.Protocol> protocol =
      new SimpleObjectProperty<>(Probe.Protocol.ICMP);
  private final IntegerProperty dport = new SimpleIntegerProperty(80);
  private final IntegerProperty size = new SimpleIntegerProperty(-1);
  private final BooleanProperty dontFragment = new SimpleBooleanProperty(true);
  private final BooleanProperty allBranches = new SimpleBooleanProperty(false);
  private final BooleanProperty running = new SimpleBooleanProperty(false);
  private final StringProperty verdict = new SimpleStringProperty("");
  private final StringProperty error = new SimpleStringProperty("");
  private final StringProperty text = new SimpleStringProperty("");
  private final ObjectProperty<Trace> trace = new SimpleObjectProperty<>();
  private final ObjectProperty<TracePath> path = new SimpleObjectProperty<>();
  private final ObjectProperty<DeviceRef> focusedDevice = new SimpleObjectProperty<>();
  private final ObservableList<StepRow> steps = FXCollections.observableArrayList();
  private final ObservableList<String> endpoints = FXCollections.observableArrayList();
  private final ObservableList<String> destinations = FXCollections.observableArrayList();
  private final ObservableList<ShownTrace> branches = FXCollections.observableArrayList();
  private final IntegerProperty branch = new SimpleIntegerProperty(-1);
  private final ObservableList<WhyRow> why = FXCollections.observableArrayList();
  private final ObservableList<StepDetail.Entry> detail = FXCollections.observableArrayList();
  private final IntegerProperty current = new SimpleIntegerProperty(-1);
  private final ObjectProperty<PacketTimeline> timeline = new SimpleObjectProperty<>();
  private final ObjectProperty<PacketTimeline.Moment> moment = new SimpleObjectProperty<>();
  private final ObservableList<NetnsName> culprits = FXCollections.observableArrayList();
  private final ObjectProperty<Origin> openedOrigin = new SimpleObjectProperty<>();
  private String source = "";
  private TraceResult result;

  public TracePanelViewModel(BackgroundWork work) {
    this.work = Objects.requireNonNull(work, "work");
    network.addListener(
        (obs, old, n) -> {
          clear();
          endpoints.setAll(n == null ? List.of() : n.network().sourceCandidates());
          destinations.setAll(n == null ? List.of() : n.network().destinationCandidates());
        });
    branch.addListener((o, a, i) -> showBranch(i.intValue()));
    current.addListener(
        (o, a, i) -> {
          int k = i.intValue();
          if (k >= 0 && k < steps.size()) {
            select(steps.get(k));
          }
          PacketTimeline tl = timeline.get();
          moment.set(tl == null ? null : tl.at(k).orElse(null));
        });
  }

  /**
   * Runs traceroute between what the fields say, as {@code podpath traceroute} does (ICMP: {@code
   * -I}; TCP: {@code -T -p PORT}; UDP: {@code -U -p PORT}); its lines, as the tool prints them,
   * arrive on the UI thread in {@link #tracerouteLines()}.
   */
  public void traceroute() {
    LoadedNetwork n = network.get();
    if (n == null || running.get()) {
      return;
    }
    String f = from.get().strip();
    String t = to.get().strip();
    Probe.Protocol p = protocol.get();
    int port = dport.get();
    running.set(true);
    error.set("");
    work.run(
        "Traceroute from " + f + " to " + t,
        () -> {
          TracerouteRequest.Builder b =
              TracerouteRequest.builder(f, t)
                  .method(
                      switch (p) {
                        case ICMP -> TracerouteMethod.ICMP;
                        case TCP -> TracerouteMethod.TCP;
                        case UDP -> TracerouteMethod.UDP;
                      });
          if (p != Probe.Protocol.ICMP) {
            b.port(port);
          }
          Traceroute.Result r = n.network().traceroute(b.build()).result();
          List<String> lines = new ArrayList<>(TracerouteLines.forReader(r));
          r.localError().ifPresent(e -> lines.add("traceroute: " + e.explain()));
          return lines;
        },
        lines -> {
          running.set(false);
          tracerouteLines.setAll(lines);
        },
        e -> {
          running.set(false);
          tracerouteLines.clear();
          error.set(
              e instanceof java.util.concurrent.CancellationException
                  ? "Traceroute cancelled"
                  : e instanceof InputException
                      ? e.getMessage()
                      : "internal error: " + e + " (please report it)");
        });
  }

  /** The last traceroute's lines, as {@code podpath traceroute} prints them. */
  public ObservableList<String> tracerouteLines() {
    return tracerouteLines;
  }

  /** Traces what the fields say; the result arrives on the UI thread. */
  public void trace() {
    LoadedNetwork n = network.get();
    if (n == null || running.get()) {
      return;
    }
    String f = from.get().strip();
    String t = to.get().strip();
    Probe.Protocol p = protocol.get();
    int port = dport.get();
    int bytes = size.get();
    boolean df = dontFragment.get();
    boolean all = allBranches.get();
    running.set(true);
    error.set("");
    work.run(
        "Tracing from " + f + " to " + t,
        () -> {
          TraceRequest.Builder b =
              TraceRequest.builder(f, t).protocol(p).dontFragment(df).allBranches(all);
          if (p != Probe.Protocol.ICMP) {
            b.dport(port);
          }
          if (bytes >= 0) {
            b.payloadBytes(bytes);
          }
          return traced(n.network(), n.network().trace(b.build()));
        },
        r -> {
          running.set(false);
          show(n, r);
        },
        e -> {
          running.set(false);
          if (e instanceof java.util.concurrent.CancellationException) {
            error.set("Trace cancelled: the trace shown (if any) is the one before");
            return;
          }
          clear();
          error.set(
              e instanceof InputException
                  ? e.getMessage()
                  : "internal error: " + e + " (please report it)");
        });
  }

  private record Traced(TraceResult result, List<ShownTrace> shown) {}

  /** Off the UI thread: the diagnosis of each trace shown (the findings take a while). */
  private static Traced traced(Network net, TraceResult r) {
    List<ShownTrace> shown = new ArrayList<>();
    if (r.branches().isEmpty()) {
      shown.add(new ShownTrace("", r.trace(), net.diagnose(r.trace())));
    } else {
      for (Branches.Branch b : r.branches()) {
        // each branch's diagnosis takes a while: a cancelled trace stops between them
        dev.podpath.gui.BackgroundWork.checkCancelled();
        shown.add(new ShownTrace(BranchText.summary(b), b.trace(), net.diagnose(b.trace())));
      }
    }
    return new Traced(r, List.copyOf(shown));
  }

  private void show(LoadedNetwork n, Traced t) {
    source = n.source().toString();
    result = t.result();
    branches.setAll(t.shown());
    if (branch.get() == 0) {
      showBranch(0);
    } else {
      branch.set(0);
    }
  }

  /** Shows branch {@code i} (the only trace, without all branches). */
  private void showBranch(int i) {
    LoadedNetwork n = network.get();
    if (n == null || result == null || i < 0 || i >= branches.size()) {
      return;
    }
    ShownTrace s = branches.get(i);
    Trace t = s.trace();
    trace.set(t);
    focusedDevice.set(null);
    detail.clear();
    current.set(-1);
    steps.setAll(StepRows.of(t));
    timeline.set(PacketTimeline.of(steps));
    moment.set(null);
    StringBuilder v = new StringBuilder(Verdicts.result(t));
    v.append(": ").append(Verdicts.of(t.request()));
    t.response().ifPresent(r -> v.append("; reply ").append(Verdicts.of(r)));
    verdict.set(v.toString());
    StringBuilder txt = new StringBuilder(TextRenderer.render(t, source, result.annotations()));
    s.diagnosis()
        .ifPresent(d -> DiagnosisText.lines(d, x -> x).forEach(l -> txt.append(l).append('\n')));
    text.set(txt.toString());
    json = JsonRenderer.render(t, source, result.annotations(), s.diagnosis());
    List<WhyRow> rows = s.diagnosis().map(d -> WhyRows.of(d, n.topology())).orElse(List.of());
    why.setAll(rows);
    culprits.setAll(WhyRows.culpritNamespaces(rows));
    path.set(TracePath.of(t));
  }

  /**
   * {@return the trace shown (the branch selected) as {@code podpath trace -o json} prints it, with
   * its diagnosis; empty before a trace}
   */
  public Optional<String> json() {
    return trace.get() == null ? Optional.empty() : Optional.of(json);
  }

  /**
   * {@return the trace shown (the branch selected) as pcap-ng: the bytes {@code podpath trace
   * --pcap} writes for it, through the API's {@code Network.pcap}; empty before a trace}
   */
  public Optional<byte[]> pcap() {
    LoadedNetwork n = network.get();
    Trace t = trace.get();
    return n == null || t == null ? Optional.empty() : Optional.of(n.network().pcap(t));
  }

  /** Forgets the last trace. */
  public void clear() {
    result = null;
    trace.set(null);
    path.set(null);
    steps.clear();
    timeline.set(null);
    moment.set(null);
    why.clear();
    detail.clear();
    culprits.clear();
    branches.clear();
    branch.set(-1);
    verdict.set("");
    text.set("");
    focusedDevice.set(null);
  }

  /** A step was selected in the list: its device is focused on the graph. */
  public void select(StepRow row) {
    focusedDevice.set(row == null ? null : row.device().orElse(null));
    detail.setAll(row == null ? List.of() : StepDetail.of(row.step()));
  }

  /**
   * Playback: the next step becomes the current one (its device highlighted, its detail shown).
   *
   * @return whether there was a next step
   */
  public boolean forward() {
    if (current.get() + 1 >= steps.size()) {
      return false;
    }
    current.set(current.get() + 1);
    return true;
  }

  /** Playback: the step before becomes the current one; the first stays. */
  public void back() {
    if (current.get() > 0) {
      current.set(current.get() - 1);
    }
  }

  /** Where the packet is drawn at each step ({@link PacketTimeline}); null without a trace. */
  public ReadOnlyObjectProperty<PacketTimeline> timelineProperty() {
    return timeline;
  }

  /** The picture at the current step, for the moving marker; null before the first step. */
  public ReadOnlyObjectProperty<PacketTimeline.Moment> momentProperty() {
    return moment;
  }

  /** The step playback is at (an index of {@link #steps()}, -1 before the first). */
  public IntegerProperty currentProperty() {
    return current;
  }

  /** An entry of the step's detail was chosen: its source line, if it has one, is opened. */
  public void open(StepDetail.Entry entry) {
    if (entry != null) {
      entry.origin().ifPresent(this::openOrigin);
    }
  }

  /** The selected step's detail (route, rule, entries, chain walk, rewrite), by the tracer. */
  public ObservableList<StepDetail.Entry> detail() {
    return detail;
  }

  /** A line of the "Why / fix" area was chosen: its source line, if it has one, is opened. */
  public void open(WhyRow row) {
    if (row != null) {
      row.origin().ifPresent(this::openOrigin);
    }
  }

  public ObjectProperty<LoadedNetwork> networkProperty() {
    return network;
  }

  public StringProperty fromProperty() {
    return from;
  }

  public StringProperty toProperty() {
    return to;
  }

  public ObjectProperty<Probe.Protocol> protocolProperty() {
    return protocol;
  }

  public IntegerProperty dportProperty() {
    return dport;
  }

  public IntegerProperty sizeProperty() {
    return size;
  }

  public BooleanProperty dontFragmentProperty() {
    return dontFragment;
  }

  public ReadOnlyBooleanProperty runningProperty() {
    return running;
  }

  public ReadOnlyStringProperty verdictProperty() {
    return verdict;
  }

  public ReadOnlyStringProperty errorProperty() {
    return error;
  }

  public ReadOnlyStringProperty textProperty() {
    return text;
  }

  public ReadOnlyObjectProperty<Trace> traceProperty() {
    return trace;
  }

  public ReadOnlyObjectProperty<TracePath> pathProperty() {
    return path;
  }

  public ReadOnlyObjectProperty<DeviceRef> focusedDeviceProperty() {
    return focusedDevice;
  }

  public ObservableList<StepRow> steps() {
    return steps;
  }

  public ObservableList<String> endpoints() {
    return endpoints;
  }

  /** What the "to" picker offers: the API's destination candidates. */
  public ObservableList<String> destinations() {
    return destinations;
  }

  public BooleanProperty allBranchesProperty() {
    return allBranches;
  }

  /** The traces shown: one, or every branch with all branches on. */
  public ObservableList<ShownTrace> branches() {
    return branches;
  }

  /** Which of {@link #branches()} is shown. */
  public IntegerProperty branchProperty() {
    return branch;
  }

  /** The "Why / fix" lines of the trace shown; empty when it succeeded. */
  public ObservableList<WhyRow> why() {
    return why;
  }

  /** The namespaces of the culprit entries, highlighted on the graph. */
  public ObservableList<NetnsName> culprits() {
    return culprits;
  }

  /** The source line last asked for (a culprit's, a table row's). */
  public ObjectProperty<Origin> openedOriginProperty() {
    return openedOrigin;
  }

  /** The last trace, if any. */
  public Optional<Trace> lastTrace() {
    return Optional.ofNullable(trace.get());
  }

  /** Set anew each time, so the same line asked for twice opens twice. */
  private void openOrigin(dev.podpath.model.origin.Origin o) {
    openedOrigin.set(null);
    openedOrigin.set(o);
  }
}
