package dev.podpath.gui;

import dev.podpath.gui.source.SourceView;
import dev.podpath.gui.state.NetnsStateView;
import dev.podpath.gui.topology.TopologyView;
import dev.podpath.gui.trace.TracePanelView;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
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

  public MainView(MainViewModel vm) {
    this.vm = vm;
    this.topology = new TopologyView(vm.topology());
    this.tracePanel = new TracePanelView(vm.trace());
    this.sourceView = new SourceView(vm.source());
    this.statePanel = new NetnsStateView(vm.state());

    MenuItem open = new MenuItem("_Open scenario...");
    open.setAccelerator(KeyCombination.keyCombination("Shortcut+O"));
    open.setOnAction(e -> chooseFile());
    MenuItem openDir = new MenuItem("Open _snapshot folder...");
    openDir.setAccelerator(KeyCombination.keyCombination("Shortcut+Shift+O"));
    openDir.setOnAction(e -> chooseFolder());
    MenuItem export = new MenuItem("_Export view as PNG...");
    export.setAccelerator(KeyCombination.keyCombination("Shortcut+E"));
    export.setOnAction(e -> exportPng());
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
            export,
            new SeparatorMenuItem(),
            quit);
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
    setTop(new VBox(new MenuBar(file), tools));
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

    SplitPane right = new SplitPane(tracePanel, statePanel);
    right.setOrientation(Orientation.VERTICAL);
    right.setDividerPositions(0.55);
    vm.source()
        .openedProperty()
        .addListener(
            (o, a, shown) -> {
              if (shown != null && !right.getItems().contains(sourceView)) {
                right.getItems().add(sourceView);
                right.setDividerPositions(0.5, 0.68);
              } else if (shown == null) {
                right.getItems().remove(sourceView);
              }
            });
    SplitPane main = new SplitPane(topology, right);
    main.setDividerPositions(0.6);
    setCenter(main);

    Label status = new Label();
    status.textProperty().bind(vm.statusProperty());
    status.setPadding(new Insets(2, 6, 2, 6));
    setBottom(status);

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
