package dev.podpath.gui;

import java.nio.file.Path;
import java.util.List;
import javafx.application.Application;
import javafx.scene.Scene;
import javafx.stage.Stage;

/** The JavaFX application: one main window, opening the file named on the command line. */
public final class PodpathApp extends Application {

  @Override
  public void start(Stage stage) {
    MainViewModel vm = new MainViewModel(new FxBackgroundWork(), RecentFiles.standard());
    MainView view = new MainView(vm);
    stage.titleProperty().bind(vm.titleProperty());
    stage.setScene(new Scene(view, 1366, 768));
    stage.show();
    List<String> args = getParameters().getUnnamed();
    if (!args.isEmpty()) {
      vm.open(Path.of(args.get(0)));
    }
  }
}
