package dev.podpath.gui.source;

import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.scene.text.Font;

/**
 * The side view of a source line: the script or dump file with line numbers, the line an origin
 * names selected, marked and scrolled to.
 */
public final class SourceView extends VBox {

  private final ListView<String> list = new ListView<>();

  public SourceView(SourceViewModel vm) {
    setPadding(new Insets(4));
    setSpacing(4);
    Label title = new Label();
    title.textProperty().bind(vm.titleProperty());
    title.getStyleClass().add("section-title");
    Button close = new Button("Close");
    close.setOnAction(e -> vm.close());
    HBox head = new HBox(8, title, close);
    head.setAlignment(Pos.CENTER_LEFT);
    HBox.setHgrow(title, Priority.ALWAYS);
    title.setMaxWidth(Double.MAX_VALUE);
    list.setItems(vm.lines());
    list.setCellFactory(
        l ->
            new ListCell<>() {
              @Override
              protected void updateItem(String s, boolean empty) {
                super.updateItem(s, empty);
                if (empty || s == null) {
                  setText(null);
                  getStyleClass().remove("source-marked");
                  return;
                }
                boolean marked = getIndex() == vm.lineProperty().get();
                setText(String.format("%4d%s %s", getIndex() + 1, marked ? " >" : "  ", s));
                setFont(Font.font("Monospaced", 11));
                getStyleClass().remove("source-marked");
                if (marked) {
                  getStyleClass().add("source-marked");
                }
              }
            });
    vm.lineProperty()
        .addListener(
            (o, a, i) -> {
              list.refresh();
              if (i.intValue() >= 0) {
                list.getSelectionModel().select(i.intValue());
                list.scrollTo(Math.max(0, i.intValue() - 1));
              }
            });
    list.heightProperty()
        .addListener(
            (o, a, h) -> {
              if (vm.lineProperty().get() >= 0) {
                list.scrollTo(Math.max(0, vm.lineProperty().get() - 1));
              }
            });
    VBox.setVgrow(list, Priority.ALWAYS);
    getChildren().addAll(head, list);
  }

  /** The lines shown (tests read the selection). */
  public ListView<String> lineList() {
    return list;
  }
}
