package dev.podpath.gui.state;

import dev.podpath.gui.whatif.Offer;
import java.util.List;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.ListChangeListener;
import javafx.scene.control.Alert;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.MenuItem;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextInputDialog;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * The selected namespace's state: one tab per table, each row with its origin (file:line); a row's
 * context menu (right click, or the menu key) offers its what-if edits.
 */
public final class NetnsStateView extends VBox {

  private final TabPane tabs = new TabPane();

  public NetnsStateView(NetnsStateViewModel vm) {
    Label title = new Label();
    title.textProperty().bind(vm.titleProperty());
    title.getStyleClass().addAll("section-title", "padded");
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

  /** The row's what-if edits; disabled, saying why, where the network takes none. */
  private static ContextMenu menu(
      StateTable.Row item, NetnsStateViewModel vm, javafx.scene.Node owner) {
    if (item == null || item.offers().isEmpty()) {
      return null;
    }
    ContextMenu menu = new ContextMenu();
    for (Offer offer : item.offers()) {
      MenuItem mi = new MenuItem(offer.label());
      mi.setMnemonicParsing(false);
      mi.disableProperty().bind(vm.editableProperty().not());
      mi.setOnAction(e -> choose(offer, vm, owner));
      menu.getItems().add(mi);
    }
    if (!vm.editableProperty().get()) {
      MenuItem why = new MenuItem("(edits work on scenario scripts, not yet on snapshots)");
      why.setDisable(true);
      menu.getItems().add(why);
    }
    return menu;
  }

  private static void choose(Offer offer, NetnsStateViewModel vm, javafx.scene.Node owner) {
    if (offer instanceof Offer.Now now) {
      vm.edit(now.edit());
    } else if (offer instanceof Offer.Ask ask) {
      TextInputDialog d = new TextInputDialog(ask.initial());
      d.setTitle("What if");
      d.setHeaderText(ask.question());
      if (owner.getScene() != null) {
        d.initOwner(owner.getScene().getWindow());
      }
      d.showAndWait()
          .ifPresent(
              v -> {
                try {
                  vm.edit(ask.edit().apply(v));
                } catch (IllegalArgumentException ex) {
                  Alert a = new Alert(Alert.AlertType.ERROR, ex.getMessage());
                  a.setHeaderText("Not an edit podpath can make");
                  a.showAndWait();
                }
              });
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
    view.setOnMouseClicked(
        e -> {
          if (e.getButton() == javafx.scene.input.MouseButton.PRIMARY) {
            vm.open(view.getSelectionModel().getSelectedItem());
          }
        });
    view.setRowFactory(
        tv -> {
          TableRow<StateTable.Row> row = new TableRow<>();
          row.itemProperty().addListener((o, a, item) -> row.setContextMenu(menu(item, vm, view)));
          return row;
        });
    return view;
  }
}
