package dev.podpath.gui.trace;

import dev.podpath.trace.Probe;
import dev.podpath.trace.render.StepDetail;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.scene.text.Font;

/**
 * The trace panel: from, to, protocol, port, size, DF and Trace; the verdict; every step in the
 * CLI's words (selecting one focuses its device on the graph); the whole trace as the CLI prints
 * it.
 */
public final class TracePanelView extends VBox {

  private final TableView<StepRow> steps = new TableView<>();
  private final Button traceButton = new Button("Trace");
  private final ComboBox<ShownTrace> branchBox = new ComboBox<>();
  private final Button playButton = new Button("Play");
  private final Button backButton = new Button("\u25C0 Back");
  private final Button stepButton = new Button("Step \u25B6");
  private final javafx.scene.control.ListView<WhyRow> whyList =
      new javafx.scene.control.ListView<>();
  private final javafx.scene.control.ListView<StepDetail.Entry> detailList =
      new javafx.scene.control.ListView<>();

  public TracePanelView(TracePanelViewModel vm) {
    setSpacing(6);
    setPadding(new Insets(6));
    ComboBox<String> from = endpointBox(vm.endpoints());
    from.getEditor().textProperty().bindBidirectional(vm.fromProperty());
    from.setPromptText("namespace, address or pod");
    ComboBox<String> to = endpointBox(vm.destinations());
    to.getEditor().textProperty().bindBidirectional(vm.toProperty());
    to.setPromptText("address, pod or Service");
    ChoiceBox<Probe.Protocol> proto = new ChoiceBox<>();
    proto.getItems().setAll(Probe.Protocol.values());
    proto.valueProperty().bindBidirectional(vm.protocolProperty());
    TextField port = new TextField("80");
    port.setPrefColumnCount(5);
    port.textProperty()
        .addListener((o, a, b) -> vm.dportProperty().set(parse(b, vm.dportProperty().get())));
    port.disableProperty().bind(vm.protocolProperty().isEqualTo(Probe.Protocol.ICMP));
    TextField size = new TextField();
    size.setPromptText("default");
    size.setPrefColumnCount(6);
    size.textProperty().addListener((o, a, b) -> vm.sizeProperty().set(parse(b, -1)));
    CheckBox df = new CheckBox("DF");
    df.selectedProperty().bindBidirectional(vm.dontFragmentProperty());
    CheckBox all = new CheckBox("all branches");
    all.selectedProperty().bindBidirectional(vm.allBranchesProperty());
    all.setTooltip(
        new javafx.scene.control.Tooltip(
            "--all-branches: trace every way the statistic rules and multipath routes can go"));
    traceButton.setDefaultButton(true);
    traceButton.setOnAction(e -> vm.trace());
    traceButton.disableProperty().bind(vm.runningProperty().or(vm.networkProperty().isNull()));
    ProgressIndicator progress = new ProgressIndicator();
    progress.setPrefSize(18, 18);
    progress.visibleProperty().bind(vm.runningProperty());

    GridPane form = new GridPane();
    form.setHgap(6);
    form.setVgap(4);
    form.addRow(0, new Label("From"), from, new Label("To"), to);
    HBox options =
        new HBox(
            6, new Label("Protocol"), proto, new Label("port"), port, new Label("size"), size, df);
    options.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
    form.add(options, 0, 1, 4, 1);
    HBox run = new HBox(6, all, traceButton, progress);
    run.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
    form.add(run, 0, 2, 4, 1);

    Label verdict = new Label();
    verdict.textProperty().bind(vm.verdictProperty());
    verdict.setWrapText(true);
    verdict.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
    vm.verdictProperty()
        .addListener(
            (o, a, v) -> {
              verdict.getStyleClass().removeAll("verdict-ok", "verdict-bad");
              verdict.getStyleClass().add(v.startsWith("REACHABLE") ? "verdict-ok" : "verdict-bad");
            });
    Label error = new Label();
    error.textProperty().bind(vm.errorProperty());
    error.setWrapText(true);
    error.getStyleClass().add("error-text");
    error.managedProperty().bind(vm.errorProperty().isNotEmpty());

    branchBox.setItems(vm.branches());
    branchBox.setConverter(
        new javafx.util.StringConverter<>() {
          @Override
          public String toString(ShownTrace t) {
            if (t == null) {
              return "";
            }
            int k = vm.branches().indexOf(t) + 1;
            return k + " of " + vm.branches().size() + ": " + t.label();
          }

          @Override
          public ShownTrace fromString(String s) {
            return null;
          }
        });
    branchBox.setMaxWidth(Double.MAX_VALUE);
    HBox.setHgrow(branchBox, Priority.ALWAYS);
    vm.branchProperty()
        .addListener(
            (o, a, i) -> {
              if (branchBox.getSelectionModel().getSelectedIndex() != i.intValue()) {
                branchBox.getSelectionModel().select(i.intValue());
              }
            });
    branchBox
        .getSelectionModel()
        .selectedIndexProperty()
        .addListener(
            (o, a, i) -> {
              if (i.intValue() >= 0) {
                vm.branchProperty().set(i.intValue());
              }
            });
    HBox branchRow = new HBox(6, new Label("Branch"), branchBox);
    branchRow.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
    javafx.beans.binding.BooleanBinding several =
        javafx.beans.binding.Bindings.size(vm.branches()).greaterThan(1);
    branchRow.visibleProperty().bind(several);
    branchRow.managedProperty().bind(several);

    whyList.setItems(vm.why());
    whyList.setCellFactory(l -> new WhyCell());
    whyList.setPrefHeight(96);
    whyList.setMinHeight(60);
    whyList.setOnMouseClicked(e -> vm.open(whyList.getSelectionModel().getSelectedItem()));
    whyList.setOnKeyPressed(
        e -> {
          if (e.getCode() == javafx.scene.input.KeyCode.ENTER) {
            vm.open(whyList.getSelectionModel().getSelectedItem());
          }
        });
    Label whyTitle = new Label("Why / fix");
    whyTitle.getStyleClass().add("section-title");
    VBox whyBox = new VBox(2, whyTitle, whyList);
    javafx.beans.binding.BooleanBinding failed = javafx.beans.binding.Bindings.isNotEmpty(vm.why());
    whyBox.visibleProperty().bind(failed);
    whyBox.managedProperty().bind(failed);

    steps.setItems(vm.steps());
    steps.getColumns().add(column("packet", r -> r.leg(), 80));
    steps.getColumns().add(column("hop", r -> String.valueOf(r.hop()), 40));
    steps.getColumns().add(column("namespace", r -> (r.arp() ? "  " : "") + r.netns(), 120));
    steps.getColumns().add(column("", r -> r.verb(), 70));
    steps.getColumns().add(column("decision", r -> r.text(), 700));
    steps.setRowFactory(
        t ->
            new TableRow<>() {
              @Override
              protected void updateItem(StepRow item, boolean empty) {
                super.updateItem(item, empty);
                getStyleClass().removeAll("step-drop", "step-arp");
                if (!empty && item != null && (item.drop() || item.arp())) {
                  getStyleClass().add(item.drop() ? "step-drop" : "step-arp");
                }
              }
            });
    steps.getSelectionModel().selectedItemProperty().addListener((o, a, r) -> vm.select(r));
    steps
        .getSelectionModel()
        .selectedIndexProperty()
        .addListener(
            (o, a, i) -> {
              if (i.intValue() >= 0) {
                vm.currentProperty().set(i.intValue());
              }
            });
    vm.currentProperty()
        .addListener(
            (o, a, i) -> {
              int k = i.intValue();
              if (k >= 0 && steps.getSelectionModel().getSelectedIndex() != k) {
                steps.getSelectionModel().select(k);
                steps.scrollTo(Math.max(0, k - 3));
              }
            });
    steps.setPlaceholder(new Label("Pick where from and where to, then Trace"));

    TextArea text = new TextArea();
    text.setEditable(false);
    text.setFont(Font.font("Monospaced", 11));
    text.textProperty().bind(vm.textProperty());
    detailList.setItems(vm.detail());
    detailList.setCellFactory(l -> new DetailCell());
    detailList.setPlaceholder(new Label("Select a step to see its detail"));
    detailList.setOnMouseClicked(e -> vm.open(detailList.getSelectionModel().getSelectedItem()));
    javafx.scene.control.SplitPane stepsAndDetail =
        new javafx.scene.control.SplitPane(steps, detailList);
    stepsAndDetail.setOrientation(javafx.geometry.Orientation.VERTICAL);
    stepsAndDetail.setDividerPositions(0.62);
    VBox stepsTab = new VBox(4, playback(vm), stepsAndDetail);
    VBox.setVgrow(stepsAndDetail, Priority.ALWAYS);
    // traceroute between the same two ends, its lines as the tool prints them
    TextArea hops = new TextArea();
    hops.setEditable(false);
    hops.setFont(Font.font("Monospaced", 11));
    vm.tracerouteLines()
        .addListener(
            (javafx.collections.ListChangeListener<String>)
                c -> hops.setText(String.join("\n", vm.tracerouteLines())));
    Button runTraceroute = new Button("Traceroute");
    runTraceroute.setTooltip(
        new javafx.scene.control.Tooltip(
            "traceroute from and to what the fields say (ICMP: -I; TCP: -T -p PORT; UDP: -U -p"
                + " PORT), as podpath traceroute prints it"));
    runTraceroute.setOnAction(e -> vm.traceroute());
    runTraceroute.disableProperty().bind(vm.runningProperty());
    VBox tracerouteTab = new VBox(4, runTraceroute, hops);
    VBox.setVgrow(hops, Priority.ALWAYS);
    TabPane tabs =
        new TabPane(
            new Tab("Steps", stepsTab),
            new Tab("As text", text),
            new Tab("Traceroute", tracerouteTab));
    tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
    VBox.setVgrow(tabs, Priority.ALWAYS);
    getChildren().addAll(form, branchRow, verdict, error, whyBox, tabs);
  }

  /** Step back, play/pause, step forward and the speed (steps per second). */
  private HBox playback(TracePanelViewModel vm) {
    Button back = backButton;
    back.setOnAction(e -> vm.back());
    Button forward = stepButton;
    forward.setOnAction(e -> vm.forward());
    back.setTooltip(new javafx.scene.control.Tooltip("The step before (Ctrl+Left)"));
    forward.setTooltip(new javafx.scene.control.Tooltip("The next step (Ctrl+Right)"));
    playButton.setTooltip(new javafx.scene.control.Tooltip("Play or pause the packet (F5)"));
    javafx.scene.control.Slider speed = new javafx.scene.control.Slider(0.5, 8, 2);
    speed.setPrefWidth(110);
    Label speedText = new Label();
    speedText.textProperty().bind(speed.valueProperty().asString("%.1f steps/s"));
    javafx.animation.Timeline timer = new javafx.animation.Timeline();
    timer.setCycleCount(javafx.animation.Animation.INDEFINITE);
    timer
        .getKeyFrames()
        .add(
            new javafx.animation.KeyFrame(
                javafx.util.Duration.seconds(1),
                e -> {
                  if (!vm.forward()) {
                    timer.stop();
                    playButton.setText("Play");
                  }
                }));
    timer.rateProperty().bind(speed.valueProperty());
    playButton.setOnAction(
        e -> {
          if (timer.getStatus() == javafx.animation.Animation.Status.RUNNING) {
            timer.stop();
            playButton.setText("Play");
          } else {
            if (vm.currentProperty().get() + 1 >= vm.steps().size()) {
              vm.currentProperty().set(-1);
            }
            timer.play();
            playButton.setText("Pause");
          }
        });
    vm.steps()
        .addListener(
            (javafx.collections.ListChangeListener<StepRow>)
                c -> {
                  timer.stop();
                  playButton.setText("Play");
                });
    javafx.beans.binding.BooleanBinding none = javafx.beans.binding.Bindings.isEmpty(vm.steps());
    back.disableProperty().bind(none);
    forward.disableProperty().bind(none);
    playButton.disableProperty().bind(none);
    HBox h = new HBox(6, back, playButton, forward, new Label("speed"), speed, speedText);
    h.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
    return h;
  }

  private static ComboBox<String> endpointBox(javafx.collections.ObservableList<String> items) {
    ComboBox<String> c = new ComboBox<>(items);
    c.setEditable(true);
    c.setPrefWidth(190);
    c.setVisibleRowCount(16);
    return c;
  }

  private static int parse(String s, int fallback) {
    try {
      return Integer.parseInt(s.strip());
    } catch (NumberFormatException e) {
      return fallback;
    }
  }

  private static TableColumn<StepRow, String> column(
      String title, java.util.function.Function<StepRow, String> f, double width) {
    TableColumn<StepRow, String> c = new TableColumn<>(title);
    c.setCellValueFactory(r -> new ReadOnlyStringWrapper(f.apply(r.getValue())));
    c.setPrefWidth(width);
    c.setSortable(false);
    c.setCellFactory(
        col ->
            new TableCell<>() {
              @Override
              protected void updateItem(String item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty ? null : item);
                setWrapText(false);
              }
            });
    return c;
  }

  /** The step list (tests select rows in it). */
  public TableView<StepRow> stepTable() {
    return steps;
  }

  /** The "Why / fix" list. */
  public javafx.scene.control.ListView<WhyRow> whyList() {
    return whyList;
  }

  /** The branch selector, shown with more than one branch. */
  public ComboBox<ShownTrace> branchBox() {
    return branchBox;
  }

  /** A line of the "Why / fix" area: its kind as the CLI's word, the reason under a fix. */
  private static final class WhyCell extends javafx.scene.control.ListCell<WhyRow> {
    private static final java.util.List<String> WHY_CLASSES =
        java.util.List.of("why-why", "why-culprit", "why-culprit-linked", "why-fix");

    @Override
    protected void updateItem(WhyRow r, boolean empty) {
      super.updateItem(r, empty);
      if (empty || r == null) {
        setText(null);
        getStyleClass().removeAll(WHY_CLASSES);
        return;
      }
      setText(
          r.kind().label()
              + ": "
              + r.text()
              + (r.detail().isEmpty() ? "" : "\n      why: " + r.detail()));
      setWrapText(true);
      setPrefWidth(0);
      getStyleClass().removeAll(WHY_CLASSES);
      switch (r.kind()) {
        case WHY -> getStyleClass().add("why-why");
        case CULPRIT ->
            getStyleClass().add(r.origin().isPresent() ? "why-culprit-linked" : "why-culprit");
        case FIX -> getStyleClass().add("why-fix");
        default -> {}
      }
    }
  }

  /** The selected step's detail. */
  public javafx.scene.control.ListView<StepDetail.Entry> detailList() {
    return detailList;
  }

  /** An entry of a step's detail: its label, text and, underlined, the line it came from. */
  private static final class DetailCell extends javafx.scene.control.ListCell<StepDetail.Entry> {
    @Override
    protected void updateItem(StepDetail.Entry e, boolean empty) {
      super.updateItem(e, empty);
      if (empty || e == null) {
        setText(null);
        getStyleClass().remove("detail-linked");
        return;
      }
      setText(
          String.format("%-14s %s", e.label(), e.text())
              + e.origin().map(o -> "   [" + o.location() + "]").orElse(""));
      setFont(Font.font("Monospaced", 11));
      getStyleClass().remove("detail-linked");
      if (e.origin().isPresent()) {
        getStyleClass().add("detail-linked");
      }
    }
  }

  /** Playback from the keyboard: play or pause, as the Play button (when it is enabled). */
  public void togglePlay() {
    if (!playButton.isDisabled()) {
      playButton.fire();
    }
  }

  /** Playback from the keyboard: one step forward or back (when there are steps). */
  public void step(boolean forward) {
    Button b = forward ? stepButton : backButton;
    if (!b.isDisabled()) {
      b.fire();
    }
  }

  /** The Trace button. */
  public Button traceButton() {
    return traceButton;
  }
}
