package dev.podpath.gui;

import dev.podpath.gui.source.SourceView;
import dev.podpath.gui.state.NetnsStateView;
import dev.podpath.gui.topology.TopologyView;
import dev.podpath.gui.trace.TracePanelView;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextField;
import javafx.scene.control.ToolBar;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import javafx.stage.Window;

/**
 * The main window: menus and tool bar, the topology on the left, the trace panel and the selected
 * namespace's tables on the right, a status line. Forwards everything to {@link MainViewModel}.
 */
public final class MainView extends BorderPane {

  private final MainViewModel vm;
  private final TopologyView topology;
  private final TracePanelView tracePanel;
  private final SourceView sourceView;
  private final NetnsStateView statePanel;
  private final Menu recent = new Menu("Open _Recent");
  private final dev.podpath.gui.whatif.WhatIfView whatIfView;
  private final TabPane sideTabs = new TabPane();
  private final dev.podpath.gui.lesson.LessonView lessonView;
  private final Tab lessonTab;
  private SplitPane mainSplit;
  private SplitPane rightSplit;
  private javafx.scene.Node rightPane;

  public MainView(MainViewModel vm) {
    this.vm = vm;
    this.topology = new TopologyView(vm.topology());
    this.tracePanel = new TracePanelView(vm.trace());
    this.sourceView = new SourceView(vm.source());
    this.statePanel = new NetnsStateView(vm.state());
    this.whatIfView = new dev.podpath.gui.whatif.WhatIfView(vm.whatIf(), this::saveScript);
    // a double-click (or Enter) on an edit shows its line in the Source tab
    whatIfView
        .editList()
        .setOnMouseClicked(
            e -> {
              if (e.getClickCount() == 2) {
                vm.showEdit(whatIfView.editList().getSelectionModel().getSelectedIndex());
              }
            });
    whatIfView
        .editList()
        .setOnKeyPressed(
            e -> {
              if (e.getCode() == KeyCode.ENTER) {
                vm.showEdit(whatIfView.editList().getSelectionModel().getSelectedIndex());
              }
            });
    this.lessonView = new dev.podpath.gui.lesson.LessonView(vm.lesson());
    this.lessonTab = new Tab("Lesson", lessonView);

    MenuItem open = new MenuItem("_Open scenario...");
    open.setAccelerator(KeyCombination.keyCombination("Shortcut+O"));
    open.setOnAction(e -> chooseFile());
    MenuItem openDir = new MenuItem("Open _snapshot folder...");
    openDir.setAccelerator(KeyCombination.keyCombination("Shortcut+Shift+O"));
    openDir.setOnAction(e -> chooseFolder());
    MenuItem export = new MenuItem("_Export view as PNG...");
    export.setAccelerator(KeyCombination.keyCombination("Shortcut+E"));
    export.setOnAction(e -> exportPng());
    MenuItem svg = new MenuItem("Export view as S_VG...");
    svg.setAccelerator(KeyCombination.keyCombination("Shortcut+Shift+E"));
    svg.setOnAction(e -> exportSvg());
    MenuItem traceText = new MenuItem("Save trace as _text...");
    traceText.setOnAction(e -> saveTrace(false));
    MenuItem traceJson = new MenuItem("Save trace as _JSON...");
    traceJson.setOnAction(e -> saveTrace(true));
    MenuItem tracePcap = new MenuItem("Save trace as _pcap-ng...");
    tracePcap.setOnAction(e -> saveTracePcap());
    tracePcap.disableProperty().bind(vm.trace().traceProperty().isNull());
    traceText.disableProperty().bind(vm.trace().traceProperty().isNull());
    traceJson.disableProperty().bind(vm.trace().traceProperty().isNull());
    MenuItem save = new MenuItem("_Save as script...");
    save.setAccelerator(KeyCombination.keyCombination("Shortcut+S"));
    save.setOnAction(e -> saveScript());
    save.disableProperty().bind(vm.whatIf().availableProperty().not());
    MenuItem quit = new MenuItem("_Quit");
    quit.setAccelerator(KeyCombination.keyCombination("Shortcut+Q"));
    quit.setOnAction(e -> window().hide());
    Menu file =
        new Menu(
            "_File",
            null,
            open,
            openDir,
            recent,
            new SeparatorMenuItem(),
            save,
            export,
            svg,
            traceText,
            traceJson,
            tracePcap,
            new SeparatorMenuItem(),
            quit);
    MenuItem undo = new MenuItem("_Undo the last edit");
    undo.setAccelerator(KeyCombination.keyCombination("Shortcut+Z"));
    undo.setOnAction(e -> vm.whatIf().undo());
    undo.disableProperty().bind(javafx.beans.binding.Bindings.isEmpty(vm.whatIf().edits()));
    MenuItem addRoute = new MenuItem("Add a _route to the selected namespace...");
    addRoute.setAccelerator(KeyCombination.keyCombination("Shortcut+R"));
    addRoute.setOnAction(e -> addRoute());
    addRoute
        .disableProperty()
        .bind(vm.whatIf().availableProperty().not().or(vm.topology().selectedProperty().isNull()));
    Menu edit = new Menu("_Edit", null, undo, addRoute);
    Menu view = viewMenu();
    Menu traceMenu = traceMenu();
    vm.recentFiles().addListener((ListChangeListener<Path>) c -> fillRecent());
    fillRecent();

    TextField search = new TextField();
    search.setPromptText("Find a namespace, device or address (Ctrl+F)");
    search.setPrefColumnCount(26);
    search.setOnAction(
        e -> {
          List<dev.podpath.model.topo.NetnsName> found = vm.topology().search(search.getText());
          if (!found.isEmpty()) {
            topology.centerOn(found.get(0));
          }
        });
    Button zoomIn = new Button("+");
    zoomIn.setOnAction(e -> topology.zoom(1.25));
    Button zoomOut = new Button("\u2212");
    zoomOut.setOnAction(e -> topology.zoom(1 / 1.25));
    Button fit = new Button("Fit");
    fit.setOnAction(e -> topology.fit());
    ToolBar tools = new ToolBar(search, zoomOut, zoomIn, fit);
    setTop(new VBox(new MenuBar(file, edit, view, traceMenu), tools));
    sceneProperty()
        .addListener(
            (o, a, s) -> {
              if (s != null) {
                s.getAccelerators()
                    .put(KeyCombination.keyCombination("Shortcut+F"), search::requestFocus);
              }
            });
    search.setOnKeyPressed(
        e -> {
          if (e.getCode() == KeyCode.ESCAPE) {
            search.clear();
            vm.topology().matches().clear();
          }
        });

    Tab stateTab = new Tab("Namespace", statePanel);
    Tab whatIfTab = new Tab("What-if", whatIfView);
    Tab sourceTab = new Tab("Source", sourceView);
    sideTabs.getTabs().addAll(stateTab, whatIfTab, sourceTab, lessonTab);
    vm.lesson()
        .activeProperty()
        .addListener(
            (o, a, on) -> {
              if (on) {
                sideTabs.getSelectionModel().select(lessonTab);
              }
            });
    // the timeline is set once the steps are listed: the Play button can play them then
    vm.trace()
        .timelineProperty()
        .addListener(
            (o, a, t) -> {
              if (t != null && vm.lesson().playRequestedProperty().get()) {
                vm.lesson().playRequestedProperty().set(false);
                tracePanel.togglePlay();
              }
            });
    sideTabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
    whatIfTab
        .textProperty()
        .bind(javafx.beans.binding.Bindings.size(vm.whatIf().edits()).asString("What-if (%d)"));
    vm.source()
        .openedProperty()
        .addListener(
            (o, a, shown) -> {
              if (shown != null) {
                sideTabs.getSelectionModel().select(sourceTab);
              }
            });
    vm.whatIf()
        .edits()
        .addListener(
            (ListChangeListener<dev.podpath.gui.whatif.Edit>)
                c -> sideTabs.getSelectionModel().select(whatIfTab));
    SplitPane right = new SplitPane(tracePanel, sideTabs);
    right.setOrientation(Orientation.VERTICAL);
    right.setDividerPositions(0.65);
    SplitPane main = new SplitPane(topology, right);
    main.setDividerPositions(0.6);
    setCenter(main);
    this.mainSplit = main;
    this.rightSplit = right;
    sceneProperty().addListener((o, a, s) -> applyTheme(vm.themeProperty().get()));
    vm.themeProperty().addListener((o, a, t) -> applyTheme(t));

    Label status = new Label();
    status.textProperty().bind(vm.statusProperty());
    status.setPadding(new Insets(2, 6, 2, 6));
    setBottom(statusBar(status));

    setOnDragOver(
        e -> {
          if (e.getDragboard().hasFiles()) {
            e.acceptTransferModes(TransferMode.COPY);
          }
          e.consume();
        });
    setOnDragDropped(
        e -> {
          List<File> files = e.getDragboard().getFiles();
          if (!files.isEmpty()) {
            vm.open(files.get(0).toPath());
          }
          e.setDropCompleted(!files.isEmpty());
          e.consume();
        });
  }

  /**
   * The status line, and while work runs its progress indicator, what it is doing and a Cancel
   * button (or Trace &gt; Cancel, Ctrl+.) that stops it.
   */
  private javafx.scene.Node statusBar(Label status) {
    javafx.scene.control.ProgressIndicator spinner = new javafx.scene.control.ProgressIndicator();
    spinner.setPrefSize(18, 18);
    spinner.setMaxSize(18, 18);
    Label what = new Label();
    what.textProperty().bind(vm.work().whatProperty());
    cancel.setOnAction(e -> vm.work().cancelAll());
    cancel.setCancelButton(false);
    javafx.scene.layout.HBox progress = new javafx.scene.layout.HBox(6, spinner, what, cancel);
    progress.setAlignment(javafx.geometry.Pos.CENTER_RIGHT);
    progress.visibleProperty().bind(vm.work().busyProperty());
    progress.managedProperty().bind(vm.work().busyProperty());
    javafx.scene.layout.Region gap = new javafx.scene.layout.Region();
    javafx.scene.layout.HBox.setHgrow(gap, javafx.scene.layout.Priority.ALWAYS);
    status.setMinWidth(0);
    javafx.scene.layout.HBox bar = new javafx.scene.layout.HBox(6, status, gap, progress);
    bar.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
    bar.setPadding(new Insets(0, 6, 0, 0));
    return bar;
  }

  private final Button cancel = new Button("Cancel");

  /** The status line's Cancel (shown while work runs). */
  public Button cancelButton() {
    return cancel;
  }

  /** View: theme, the side panel and the tables shown or hidden, zoom. */
  private Menu viewMenu() {
    javafx.scene.control.ToggleGroup themes = new javafx.scene.control.ToggleGroup();
    javafx.scene.control.RadioMenuItem light =
        new javafx.scene.control.RadioMenuItem("_Light theme");
    javafx.scene.control.RadioMenuItem dark = new javafx.scene.control.RadioMenuItem("_Dark theme");
    light.setToggleGroup(themes);
    dark.setToggleGroup(themes);
    dark.setAccelerator(KeyCombination.keyCombination("Shortcut+Shift+D"));
    (vm.themeProperty().get() == Theme.DARK ? dark : light).setSelected(true);
    light.setOnAction(e -> vm.themeProperty().set(Theme.LIGHT));
    dark.setOnAction(e -> vm.themeProperty().set(Theme.DARK));
    javafx.scene.control.CheckMenuItem side =
        new javafx.scene.control.CheckMenuItem("_Side panel (trace, tables)");
    side.setSelected(true);
    side.setAccelerator(KeyCombination.keyCombination("F9"));
    side.setOnAction(e -> showSide(side.isSelected()));
    javafx.scene.control.CheckMenuItem tables =
        new javafx.scene.control.CheckMenuItem("_Tables, what-if and source");
    tables.setSelected(true);
    tables.setAccelerator(KeyCombination.keyCombination("F10"));
    tables.setOnAction(e -> showTables(tables.isSelected()));
    MenuItem fitItem = new MenuItem("_Fit the graph");
    fitItem.setAccelerator(KeyCombination.keyCombination("Shortcut+0"));
    fitItem.setOnAction(e -> topology.fit());
    MenuItem in = new MenuItem("Zoom _in");
    in.setAccelerator(KeyCombination.keyCombination("Shortcut+Equals"));
    in.setOnAction(e -> topology.zoom(1.25));
    MenuItem out = new MenuItem("Zoom _out");
    out.setAccelerator(KeyCombination.keyCombination("Shortcut+Minus"));
    out.setOnAction(e -> topology.zoom(1 / 1.25));
    MenuItem fold = new MenuItem("Fold or unfold the selected node's _pods");
    fold.setAccelerator(KeyCombination.keyCombination("Shortcut+G"));
    fold.setOnAction(e -> vm.topology().toggleFold(vm.topology().selectedProperty().get()));
    MenuItem foldAll = new MenuItem("Fold _all pods");
    foldAll.setOnAction(e -> vm.topology().foldAll(true));
    MenuItem unfoldAll = new MenuItem("_Unfold all pods");
    unfoldAll.setOnAction(e -> vm.topology().foldAll(false));
    return new Menu(
        "_View",
        null,
        light,
        dark,
        new SeparatorMenuItem(),
        side,
        tables,
        new SeparatorMenuItem(),
        fitItem,
        in,
        out,
        new SeparatorMenuItem(),
        fold,
        foldAll,
        unfoldAll);
  }

  /** Trace: trace, playback, from the keyboard. */
  private Menu traceMenu() {
    MenuItem run = new MenuItem("_Trace");
    run.setAccelerator(KeyCombination.keyCombination("Shortcut+T"));
    run.setOnAction(e -> vm.trace().trace());
    MenuItem play = new MenuItem("_Play / pause");
    play.setAccelerator(KeyCombination.keyCombination("F5"));
    play.setOnAction(e -> tracePanel.togglePlay());
    MenuItem next = new MenuItem("_Next step");
    next.setAccelerator(KeyCombination.keyCombination("Shortcut+Right"));
    next.setOnAction(e -> tracePanel.step(true));
    MenuItem prev = new MenuItem("Step _back");
    prev.setAccelerator(KeyCombination.keyCombination("Shortcut+Left"));
    prev.setOnAction(e -> tracePanel.step(false));
    MenuItem stop = new MenuItem("_Cancel the work running");
    stop.setAccelerator(KeyCombination.keyCombination("Shortcut+Period"));
    stop.setOnAction(e -> vm.work().cancelAll());
    stop.disableProperty().bind(vm.work().busyProperty().not());
    MenuItem lesson = new MenuItem("_Lesson: play the script command by command");
    lesson.setAccelerator(KeyCombination.keyCombination("Shortcut+L"));
    lesson.setOnAction(e -> vm.lesson().start());
    MenuItem nextCommand = new MenuItem("Next _command of the lesson");
    nextCommand.setAccelerator(KeyCombination.keyCombination("Shortcut+N"));
    nextCommand.setOnAction(e -> vm.lesson().next());
    MenuItem prevCommand = new MenuItem("Command _before");
    prevCommand.setAccelerator(KeyCombination.keyCombination("Shortcut+B"));
    prevCommand.setOnAction(e -> vm.lesson().back());
    nextCommand.disableProperty().bind(vm.lesson().activeProperty().not());
    prevCommand.disableProperty().bind(vm.lesson().activeProperty().not());
    return new Menu(
        "_Trace",
        null,
        run,
        stop,
        play,
        next,
        prev,
        new SeparatorMenuItem(),
        lesson,
        nextCommand,
        prevCommand);
  }

  private void showSide(boolean show) {
    if (rightPane == null) {
      rightPane = mainSplit.getItems().get(1);
    }
    if (show && !mainSplit.getItems().contains(rightPane)) {
      mainSplit.getItems().add(rightPane);
      mainSplit.setDividerPositions(0.6);
    } else if (!show) {
      mainSplit.getItems().remove(rightPane);
    }
  }

  private void showTables(boolean show) {
    if (show && !rightSplit.getItems().contains(sideTabs)) {
      rightSplit.getItems().add(sideTabs);
      rightSplit.setDividerPositions(0.62);
    } else if (!show) {
      rightSplit.getItems().remove(sideTabs);
    }
  }

  private void applyTheme(Theme t) {
    if (getScene() != null) {
      getScene().getStylesheets().setAll(t.stylesheets());
    }
    topology.setPalette(t.palette());
  }

  private void fillRecent() {
    recent.getItems().clear();
    for (Path p : vm.recentFiles()) {
      MenuItem item = new MenuItem(p.toString());
      item.setMnemonicParsing(false);
      item.setOnAction(e -> vm.open(p));
      recent.getItems().add(item);
    }
    recent.setDisable(recent.getItems().isEmpty());
  }

  private Window window() {
    return getScene().getWindow();
  }

  private void chooseFile() {
    FileChooser fc = new FileChooser();
    fc.setTitle("Open a scenario script");
    fc.getExtensionFilters()
        .addAll(
            new FileChooser.ExtensionFilter("Scenario scripts", "*.sh"),
            new FileChooser.ExtensionFilter("All files", "*"));
    File f = fc.showOpenDialog(window());
    if (f != null) {
      vm.open(f.toPath());
    }
  }

  private void chooseFolder() {
    DirectoryChooser dc = new DirectoryChooser();
    dc.setTitle("Open a snapshot folder");
    File f = dc.showDialog(window());
    if (f != null) {
      vm.open(f.toPath());
    }
  }

  /**
   * File &gt; Save trace as text or JSON: the trace shown (the branch selected), as {@code podpath
   * trace} prints it (with {@code -o json}), its diagnosis included.
   */
  private void saveTrace(boolean json) {
    String text = json ? vm.trace().json().orElse("") : vm.trace().textProperty().get();
    if (text.isEmpty()) {
      vm.say("Nothing to save: trace first");
      return;
    }
    FileChooser fc = new FileChooser();
    fc.setTitle(json ? "Save the trace as JSON" : "Save the trace as text");
    fc.setInitialFileName(json ? "trace.json" : "trace.txt");
    File f = fc.showSaveDialog(window());
    if (f != null) {
      try {
        dev.podpath.model.io.TextFiles.writeWhole(f.toPath(), text);
        vm.say("Saved the trace to " + f);
      } catch (IOException ex) {
        vm.say("Cannot save the trace to " + f + ": " + ex.getMessage());
      }
    }
  }

  /**
   * File &gt; Save trace as pcap-ng: every frame of the trace shown (the branch selected) as it was
   * on each device, for Wireshark; the bytes {@code podpath trace --pcap} writes for it.
   */
  private void saveTracePcap() {
    Optional<byte[]> bytes = vm.trace().pcap();
    if (bytes.isEmpty()) {
      vm.say("Nothing to save: trace first");
      return;
    }
    FileChooser fc = new FileChooser();
    fc.setTitle("Save the trace's frames as pcap-ng (Wireshark)");
    fc.getExtensionFilters().add(new FileChooser.ExtensionFilter("pcap-ng", "*.pcapng"));
    fc.setInitialFileName("trace.pcapng");
    File f = fc.showSaveDialog(window());
    if (f != null) {
      try {
        dev.podpath.model.io.TextFiles.writeWhole(f.toPath(), bytes.get());
        vm.say("Saved the trace's frames to " + f + " (pcap-ng, for Wireshark)");
      } catch (IOException ex) {
        vm.say("Cannot save the trace to " + f + ": " + ex.getMessage());
      }
    }
  }

  private void exportPng() {
    FileChooser fc = new FileChooser();
    fc.setTitle("Export the topology view");
    fc.setInitialFileName("podpath.png");
    File f = fc.showSaveDialog(window());
    if (f != null) {
      try {
        ViewImages.write(topology, f.toPath());
        vm.say("Exported the view to " + f);
      } catch (IOException ex) {
        vm.say("Cannot export to " + f + ": " + ex.getMessage());
      }
    }
  }

  /** File &gt; Export view as SVG: the graph and the trace's path, drawn from the layout. */
  private void exportSvg() {
    dev.podpath.gui.layout.Layout l = vm.topology().layoutProperty().get();
    if (l == null) {
      vm.say("Nothing to export: open a scenario or a snapshot first");
      return;
    }
    FileChooser fc = new FileChooser();
    fc.setTitle("Export the topology as SVG");
    fc.setInitialFileName("podpath.svg");
    File f = fc.showSaveDialog(window());
    if (f != null) {
      String text =
          dev.podpath.gui.topology.SvgExport.of(
              l, vm.themeProperty().get().palette(), vm.trace().pathProperty().get());
      try {
        dev.podpath.model.io.TextFiles.writeWhole(f.toPath(), text);
        vm.say("Exported the view to " + f);
      } catch (IOException ex) {
        vm.say("Cannot export to " + f + ": " + ex.getMessage());
      }
    }
  }

  /** File &gt; Save as script: the script and its what-if edits, for the CLI and verify. */
  private void saveScript() {
    dev.podpath.gui.network.LoadedNetwork n = vm.networkProperty().get();
    if (n == null || !vm.whatIf().availableProperty().get()) {
      vm.say("Nothing is open");
      return;
    }
    FileChooser fc = new FileChooser();
    boolean snapshot = vm.whatIf().onSnapshot();
    fc.setTitle(
        snapshot
            ? "Save the edits as a changes file (podpath trace SNAPSHOT --apply FILE)"
            : "Save the script with its edits");
    Path dir = n.source().toAbsolutePath().getParent();
    if (dir != null) {
      fc.setInitialDirectory(dir.toFile());
    }
    String name = n.title().replaceFirst("\\.sh$", "");
    fc.setInitialFileName(name + (snapshot ? "-changes.sh" : "-whatif.sh"));
    File f = fc.showSaveDialog(window());
    if (f != null) {
      vm.whatIf().save(f.toPath(), vm::say);
    }
  }

  /** Edit &gt; Add a route: {@code ip route add} in the selected namespace. */
  private void addRoute() {
    dev.podpath.model.topo.NetnsName ns = vm.topology().selectedProperty().get();
    if (ns == null) {
      return;
    }
    javafx.scene.control.TextInputDialog d =
        new javafx.scene.control.TextInputDialog("10.0.0.0/24 via 192.0.2.1");
    d.setTitle("What if");
    d.setHeaderText("ip -n " + ns + " route add ...  (DEST [via GW] [dev DEV])");
    d.initOwner(window());
    d.showAndWait()
        .ifPresent(
            text -> {
              try {
                vm.whatIf().apply(dev.podpath.gui.whatif.Edit.RouteAdd.parse(ns, text));
              } catch (IllegalArgumentException ex) {
                vm.say("Not a route podpath can add: " + ex.getMessage());
              }
            });
  }

  /** The lesson panel. */
  public dev.podpath.gui.lesson.LessonView lessonView() {
    return lessonView;
  }

  /** The what-if panel. */
  public dev.podpath.gui.whatif.WhatIfView whatIfView() {
    return whatIfView;
  }

  /** The tabs under the trace panel: the namespace's tables, the what-if edits, the source. */
  public TabPane sideTabs() {
    return sideTabs;
  }

  public TopologyView topologyView() {
    return topology;
  }

  /** The source side view (shown once a line is opened). */
  public SourceView sourceView() {
    return sourceView;
  }

  public TracePanelView tracePanel() {
    return tracePanel;
  }

  public NetnsStateView statePanel() {
    return statePanel;
  }
}
