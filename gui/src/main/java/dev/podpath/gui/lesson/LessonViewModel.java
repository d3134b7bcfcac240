package dev.podpath.gui.lesson;

import dev.podpath.gui.BackgroundWork;
import dev.podpath.gui.network.GuiNetwork;
import dev.podpath.gui.network.LoadedNetwork;
import dev.podpath.gui.trace.TracePanelViewModel;
import dev.podpath.model.script.ProbeSpec;
import dev.podpath.trace.Probe;
import dev.podpath.trace.api.InputException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * Lesson mode: the open script played command by command. Each step reads the script through that
 * command ({@link LessonScript.Step#prefix()}) through the API, so the graph grows as namespaces,
 * links and routes are added; the script's comments are the narration; when the command is a probe
 * ({@code ping}, {@code traceroute}, {@code nc -z}), the trace panel traces it and asks for it to
 * be played. Testable without the toolkit.
 */
public final class LessonViewModel {

  private final BackgroundWork work;
  private final ObjectProperty<LoadedNetwork> network;
  private final TracePanelViewModel trace;
  private final ObjectProperty<LessonScript> lesson = new SimpleObjectProperty<>();
  private final IntegerProperty index = new SimpleIntegerProperty(-1);
  private final StringProperty narration = new SimpleStringProperty("");
  private final StringProperty command = new SimpleStringProperty("");
  private final StringProperty position = new SimpleStringProperty("");
  private final StringProperty error = new SimpleStringProperty("");
  private final SimpleBooleanProperty active = new SimpleBooleanProperty(false);
  private final SimpleBooleanProperty loading = new SimpleBooleanProperty(false);
  private final SimpleBooleanProperty playRequested = new SimpleBooleanProperty(false);
  private Path file;
  private String whole = "";

  public LessonViewModel(
      BackgroundWork work, ObjectProperty<LoadedNetwork> network, TracePanelViewModel trace) {
    this.work = Objects.requireNonNull(work, "work");
    this.network = Objects.requireNonNull(network, "network");
    this.trace = Objects.requireNonNull(trace, "trace");
  }

  /** Starts the lesson of the open script, before its first command (its header as narration). */
  public void start() {
    LoadedNetwork n = network.get();
    if (n == null || n.script().isEmpty()) {
      error.set(
          n == null
              ? "Open a scenario script first"
              : "A lesson plays a scenario script; a snapshot has no commands to play");
      return;
    }
    file = n.source();
    whole = n.script().get().original();
    lesson.set(LessonScript.parse(whole));
    active.set(true);
    go(-1);
  }

  /** The next command; nothing after the last. */
  public void next() {
    if (active.get() && index.get() + 1 < steps().size()) {
      go(index.get() + 1);
    }
  }

  /** The command before; the start (the header) before the first. */
  public void back() {
    if (active.get() && index.get() >= 0) {
      go(index.get() - 1);
    }
  }

  /** Ends the lesson: the whole script is open again. */
  public void stop() {
    if (!active.get()) {
      return;
    }
    active.set(false);
    load(whole, -1, false);
  }

  private List<LessonScript.Step> steps() {
    LessonScript l = lesson.get();
    return l == null ? List.of() : l.steps();
  }

  private void go(int k) {
    String text = k < 0 ? "" : steps().get(k).prefix();
    load(text, k, true);
  }

  private void load(String text, int k, boolean inLesson) {
    if (loading.get()) {
      return;
    }
    Path f = file;
    int probesBefore = probes(network.get());
    loading.set(true);
    error.set("");
    work.run(
        k < 0
            ? "Lesson: reading the script"
            : "Lesson: reading the script through command " + (k + 1),
        () -> GuiNetwork.read(f, text),
        loaded -> {
          loading.set(false);
          network.set(loaded);
          if (!inLesson) {
            return;
          }
          index.set(k);
          show(k);
          List<ProbeSpec> probes = loaded.network().scenario().probes();
          if (k >= 0 && probes.size() > probesBefore) {
            traceProbe(probes.get(probes.size() - 1));
          }
        },
        e -> {
          loading.set(false);
          error.set(
              e instanceof java.util.concurrent.CancellationException
                  ? "Cancelled: the lesson stays at the command before"
                  : e instanceof InputException
                      ? e.getMessage()
                      : "internal error: " + e + " (please report it)");
        });
  }

  private static int probes(LoadedNetwork n) {
    return n == null ? 0 : n.network().scenario().probes().size();
  }

  private void show(int k) {
    LessonScript l = lesson.get();
    if (k < 0) {
      narration.set(l.intro());
      command.set("");
      position.set("start: " + l.steps().size() + " commands to go");
    } else {
      LessonScript.Step s = l.steps().get(k);
      narration.set(s.narration());
      command.set(s.command());
      position.set("command " + (k + 1) + " of " + l.steps().size() + " (line " + s.line() + ")");
    }
  }

  /** A probe was reached: the trace panel traces it, and playback is asked for. */
  private void traceProbe(ProbeSpec p) {
    if (p instanceof ProbeSpec.RouteGet) {
      return;
    }
    trace.fromProperty().set(p.netns().value());
    trace.toProperty().set(p.destination().toString());
    if (p instanceof ProbeSpec.Connect c) {
      trace.protocolProperty().set(c.udp() ? Probe.Protocol.UDP : Probe.Protocol.TCP);
      trace.dportProperty().set(c.port());
    } else {
      trace.protocolProperty().set(Probe.Protocol.ICMP);
    }
    playRequested.set(false);
    trace.trace();
    playRequested.set(true);
  }

  /** Whether the lesson runs. */
  public ReadOnlyBooleanProperty activeProperty() {
    return active;
  }

  /** Whether a step is being read. */
  public ReadOnlyBooleanProperty loadingProperty() {
    return loading;
  }

  /** Set when a probe was traced and should be played (the view plays it and clears this). */
  public SimpleBooleanProperty playRequestedProperty() {
    return playRequested;
  }

  /** The current command's narration (the script's comments). */
  public ReadOnlyStringProperty narrationProperty() {
    return narration;
  }

  /** The current command. */
  public ReadOnlyStringProperty commandProperty() {
    return command;
  }

  /** "command 3 of 41 (line 12)". */
  public ReadOnlyStringProperty positionProperty() {
    return position;
  }

  public ReadOnlyStringProperty errorProperty() {
    return error;
  }

  /** The current step's index, -1 at the start. */
  public ReadOnlyIntegerProperty indexProperty() {
    return index;
  }

  /** The lesson (its steps); null before {@link #start()}. */
  public ObjectProperty<LessonScript> lessonProperty() {
    return lesson;
  }
}
