package dev.podpath.gui;

import dev.podpath.gui.shots.Screenshots;
import java.nio.file.Path;
import javafx.application.Application;

/**
 * {@code podpath gui [SCENARIO|SNAPSHOT]} and {@code podpath gui --screenshots DIR}. Not an {@link
 * Application} itself, so that the shaded jar starts with JavaFX on the class path.
 */
public final class GuiLauncher {

  private GuiLauncher() {}

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && (args[0].equals("--help") || args[0].equals("-h"))) {
      System.out.println(
          String.join(
              "\n",
              "Usage: podpath gui [SCENARIO|SNAPSHOT]",
              "       podpath gui --screenshots DIR",
              "",
              "Opens the GUI: the topology drawn, a namespace's state, traces on the graph.",
              "--screenshots renders the main views of the samples into DIR as PNG files,",
              "without a display (JavaFX's headless Monocle platform)."));
      return;
    }
    if (args.length > 0 && args[0].equals("--screenshots")) {
      if (args.length != 2) {
        System.err.println("podpath gui: --screenshots takes one folder");
        System.exit(2);
      }
      System.exit(Screenshots.render(Path.of(args[1])));
    }
    if (args.length > 1) {
      System.err.println("podpath gui: one scenario or snapshot at most");
      System.exit(2);
    }
    Application.launch(PodpathApp.class, args);
  }
}
