package dev.podpath.gui.state;

import java.util.List;
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
    for (String t : NetnsTables.TITLES) {
      Tab tab = new Tab(t);
      tab.setContent(new Label(""));
      tabs.getTabs().add(tab);
    }
    VBox.setVgrow(tabs, Priority.ALWAYS);
    getChildren().addAll(title, tabs);
    vm.tables().addListener((ListChangeListener<StateTable>) c -> rebuild(vm));
  }

  /** The tabs stay; their titles and tables follow the selected namespace. */
  private void rebuild(NetnsStateViewModel vm) {
    List<StateTable> tables = vm.tables();
    while (tabs.getTabs().size() < tables.size()) {
      tabs.getTabs().add(new Tab());
    }
    for (int i = 0; i < tabs.getTabs().size(); i++) {
      Tab tab = tabs.getTabs().get(i);
      if (i < tables.size()) {
        StateTable t = tables.get(i);
        tab.setText(t.title() + " (" + t.rows().size() + ")");
        tab.setContent(table(t, vm));
        tab.setDisable(false);
      } else {
        tab.setContent(null);
        tab.setDisable(true);
      }
    }
  }

  private static TableView<StateTable.Row> table(StateTable t, NetnsStateViewModel vm) {
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
    view.setOnMouseClicked(e -> vm.open(view.getSelectionModel().getSelectedItem()));
    return view;
  }
}
