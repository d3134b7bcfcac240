package dev.podpath.gui.state;

import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.ListChangeListener;
import javafx.scene.control.Label;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/** The selected namespace's state: one tab per table, each row with its origin (file:line). */
public final class NetnsStateView extends VBox {

  private final TabPane tabs = new TabPane();

  public NetnsStateView(NetnsStateViewModel vm) {
    Label title = new Label();
    title.textProperty().bind(vm.titleProperty());
    title.setStyle("-fx-font-weight: bold; -fx-padding: 4 6 4 6;");
    tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
    VBox.setVgrow(tabs, Priority.ALWAYS);
    getChildren().addAll(title, tabs);
    vm.tables().addListener((ListChangeListener<StateTable>) c -> rebuild(vm));
  }

  private void rebuild(NetnsStateViewModel vm) {
    String selected =
        tabs.getSelectionModel().getSelectedItem() == null
            ? null
            : tabs.getSelectionModel().getSelectedItem().getText();
    tabs.getTabs().clear();
    for (StateTable t : vm.tables()) {
      Tab tab = new Tab(t.title() + " (" + t.rows().size() + ")", table(t));
      tab.setUserData(t.title());
      tabs.getTabs().add(tab);
      if (selected != null && selected.startsWith(t.title() + " ")) {
        tabs.getSelectionModel().select(tab);
      }
    }
  }

  private static TableView<StateTable.Row> table(StateTable t) {
    TableView<StateTable.Row> view = new TableView<>();
    for (int i = 0; i < t.columns().size(); i++) {
      int col = i;
      TableColumn<StateTable.Row, String> c = new TableColumn<>(t.columns().get(i));
      c.setCellValueFactory(r -> new ReadOnlyStringWrapper(r.getValue().cells().get(col)));
      view.getColumns().add(c);
    }
    TableColumn<StateTable.Row, String> origin = new TableColumn<>("origin");
    origin.setCellValueFactory(r -> new ReadOnlyStringWrapper(r.getValue().origin()));
    view.getColumns().add(origin);
    view.getItems().setAll(t.rows());
    view.setColumnResizePolicy(TableView.UNCONSTRAINED_RESIZE_POLICY);
    view.setPlaceholder(new Label("none"));
    return view;
  }
}
