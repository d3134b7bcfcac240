package dev.podpath.gui.lesson;

import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.scene.text.Font;

/** Lesson mode's panel: where the lesson is, the narration, the command, Back / Next / End. */
public final class LessonView extends VBox {

  private final Button next = new Button("Next command \u25B6");

  public LessonView(LessonViewModel vm) {
    setSpacing(6);
    setPadding(new Insets(6));
    Button start = new Button("Start the lesson");
    start.setOnAction(e -> vm.start());
    Button back = new Button("\u25C0 Back");
    back.setOnAction(e -> vm.back());
    next.setOnAction(e -> vm.next());
    Button end = new Button("End");
    end.setOnAction(e -> vm.stop());
    start.disableProperty().bind(vm.activeProperty());
    back.disableProperty().bind(vm.activeProperty().not().or(vm.loadingProperty()));
    next.disableProperty().bind(vm.activeProperty().not().or(vm.loadingProperty()));
    end.disableProperty().bind(vm.activeProperty().not());
    Label position = new Label();
    position.textProperty().bind(vm.positionProperty());
    // the buttons keep their words at 1366x768 (never "Start the le..."); the position has a
    // line of its own
    for (Button b : java.util.List.of(start, back, next, end)) {
      b.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
    }
    HBox buttons = new HBox(6, start, back, next, end);
    buttons.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
    Label command = new Label();
    command.textProperty().bind(vm.commandProperty());
    command.setFont(Font.font("Monospaced", 12));
    command.getStyleClass().add("section-title");
    command.setWrapText(true);
    command.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
    TextArea narration = new TextArea();
    narration.setEditable(false);
    narration.setWrapText(true);
    narration.textProperty().bind(vm.narrationProperty());
    narration.setPromptText(
        "Start the lesson: the script is played command by command, its comments told here");
    VBox.setVgrow(narration, Priority.ALWAYS);
    Label error = new Label();
    error.getStyleClass().add("error-text");
    error.textProperty().bind(vm.errorProperty());
    error.setWrapText(true);
    error.managedProperty().bind(vm.errorProperty().isNotEmpty());
    getChildren().addAll(buttons, position, command, narration, error);
  }

  /** The Next button (tests). */
  public Button nextButton() {
    return next;
  }
}
