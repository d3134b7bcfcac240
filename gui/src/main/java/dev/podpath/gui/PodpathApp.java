package dev.podpath.gui;

import dev.podpath.gui.network.ScratchFolder;
import java.nio.file.Path;
import java.util.List;
import javafx.application.Application;
import javafx.scene.Scene;
import javafx.stage.Stage;

/** The JavaFX application: one main window, opening the file named on the command line. */
public final class PodpathApp extends Application {

  private MainViewModel vm;

  @Override
  public void start(Stage stage) {
    // the what-if files of GUIs that ended without deleting them (killed, crashed)
    ScratchFolder.standard().deleteStale();
    vm = new MainViewModel(new FxBackgroundWork(), RecentFiles.standard());
    MainView view = new MainView(vm);
    stage.titleProperty().bind(vm.titleProperty());
    stage.setScene(new Scene(view, 1366, 768));
    stage.show();
    List<String> args = getParameters().getUnnamed();
    if (!args.isEmpty()) {
      vm.open(Path.of(args.get(0)));
    }
  }

  /** The window closed: what the what-if edits wrote goes (a shutdown hook covers the rest). */
  @Override
  public void stop() {
    if (vm != null) {
      vm.close();
    }
    ScratchFolder.standard().deleteAll();
  }
}
