package dev.podpath.gui.whatif;

import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.scene.text.Font;

/**
 * The what-if edits: each edit's command line, in order; undo and take back one; what the last edit
 * changed in the trace (before and after); the reason when there are no edits (a snapshot).
 */
public final class WhatIfView extends VBox {

  private final ListView<Edit> list = new ListView<>();
  private final ListView<String> changeList = new ListView<>();

  public WhatIfView(WhatIfViewModel vm, Runnable save) {
    setSpacing(4);
    setPadding(new Insets(6));
    Label notice = new Label();
    notice.textProperty().bind(vm.noticeProperty());
    notice.setWrapText(true);
    notice.managedProperty().bind(vm.noticeProperty().isNotEmpty());
    notice.visibleProperty().bind(vm.noticeProperty().isNotEmpty());
    Label error = new Label();
    error.getStyleClass().add("error-text");
    error.textProperty().bind(vm.errorProperty());
    error.setWrapText(true);
    error.managedProperty().bind(vm.errorProperty().isNotEmpty());
    error.visibleProperty().bind(vm.errorProperty().isNotEmpty());

    list.setItems(vm.edits());
    list.setPlaceholder(
        new Label("No edit yet: right-click a link, route, iptables rule or sysctl"));
    list.setCellFactory(l -> new EditCell(vm));
    list.setPrefHeight(140);
    Button undo = new Button("Undo last");
    undo.setOnAction(e -> vm.undo());
    Button remove = new Button("Take back selected");
    remove.setOnAction(e -> vm.remove(list.getSelectionModel().getSelectedIndex()));
    Button saveButton = new Button("Save as script...");
    saveButton.setOnAction(e -> save.run());
    undo.disableProperty().bind(Bindings.isEmpty(vm.edits()).or(vm.applyingProperty()));
    remove
        .disableProperty()
        .bind(
            list.getSelectionModel().selectedIndexProperty().lessThan(0).or(vm.applyingProperty()));
    saveButton.disableProperty().bind(vm.availableProperty().not());
    HBox buttons = new HBox(6, undo, remove, saveButton);

    Label changeTitle = new Label("What the last edit changed");
    changeTitle.getStyleClass().add("section-title");
    changeList.setItems(vm.change());
    changeList.setPlaceholder(new Label("Trace a probe, then make an edit: before and after here"));
    changeList.setPrefHeight(90);
    changeList.setCellFactory(
        l ->
            new ListCell<>() {
              @Override
              protected void updateItem(String s, boolean empty) {
                super.updateItem(s, empty);
                setText(empty ? null : s);
                setWrapText(true);
                setPrefWidth(0);
              }
            });
    VBox.setVgrow(list, Priority.ALWAYS);
    getChildren().addAll(notice, error, list, buttons, changeTitle, changeList);
  }

  /** The list of edits. */
  public ListView<Edit> editList() {
    return list;
  }

  /** The before/after lines. */
  public ListView<String> changeList() {
    return changeList;
  }

  /** An edit: its number and what it does, then the command line the script gets. */
  private static final class EditCell extends ListCell<Edit> {
    private final WhatIfViewModel vm;

    EditCell(WhatIfViewModel vm) {
      this.vm = vm;
    }

    @Override
    protected void updateItem(Edit e, boolean empty) {
      super.updateItem(e, empty);
      if (empty || e == null) {
        setText(null);
        return;
      }
      setText((vm.edits().indexOf(e) + 1) + ". " + e.summary() + "\n    " + e.commandLine());
      setFont(Font.font("Monospaced", 11));
    }
  }
}
