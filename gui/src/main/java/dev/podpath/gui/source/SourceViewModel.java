package dev.podpath.gui.source;

import dev.podpath.gui.BackgroundWork;
import dev.podpath.model.origin.Origin;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The source side view's state: the script or dump file an origin ({@code file:line}) names, its
 * lines, and the line to highlight. The file is read off the UI thread. Testable without the
 * toolkit.
 */
public final class SourceViewModel {

  private final BackgroundWork work;
  private final ObjectProperty<Path> opened = new SimpleObjectProperty<>();
  private final StringProperty title = new SimpleStringProperty("");
  private final IntegerProperty line = new SimpleIntegerProperty(-1);
  private final ObservableList<String> lines = FXCollections.observableArrayList();

  public SourceViewModel(BackgroundWork work) {
    this.work = Objects.requireNonNull(work, "work");
  }

  /**
   * Opens the file {@code o} names, highlighting its line. A relative name is looked for beside
   * {@code base} (a snapshot folder, or the script's folder) too.
   */
  public void show(Origin o, Path base) {
    show(o, base, p -> Optional.empty());
  }

  /**
   * Opens the file {@code o} names, as {@link #show(Origin, Path)}; where {@code held} has a text
   * for it (the script with the what-if edits, a snapshot's changes file: what the network shown
   * was read from), that text instead of the file on disk, so the lines the edits added are shown.
   */
  public void show(Origin o, Path base, java.util.function.Function<Path, Optional<String>> held) {
    Objects.requireNonNull(o, "o");
    Objects.requireNonNull(held, "held");
    if (o.isKernel()) {
      return;
    }
    work.run(
        () -> {
          Path p = resolve(o.file(), base);
          Optional<String> text = held.apply(p);
          if (text.isPresent()) {
            return text.get().lines().toList();
          }
          return Files.readAllLines(p, StandardCharsets.UTF_8);
        },
        text -> {
          lines.setAll(text);
          title.set(o.location());
          line.set(o.line() - 1);
          opened.set(Path.of(o.file()));
        },
        e -> {
          lines.setAll(List.of());
          title.set(
              o.location()
                  + ": cannot read the file ("
                  + (e instanceof IOException ? e.getMessage() : e.toString())
                  + ")");
          line.set(-1);
          opened.set(null);
        });
  }

  private static Path resolve(String file, Path base) {
    Path p = Path.of(file);
    if (p.isAbsolute() || Files.exists(p)) {
      return p;
    }
    Path dir = Files.isDirectory(base) ? base : base.toAbsolutePath().getParent();
    return Optional.ofNullable(dir).map(d -> d.resolve(file)).filter(Files::exists).orElse(p);
  }

  /** Closes the view. */
  public void close() {
    opened.set(null);
    lines.clear();
    title.set("");
    line.set(-1);
  }

  /** The file shown, or null when nothing is. */
  public ObjectProperty<Path> openedProperty() {
    return opened;
  }

  /** {@code file:line} of what is shown, or why it could not be read. */
  public ReadOnlyStringProperty titleProperty() {
    return title;
  }

  /** The highlighted line's index in {@link #lines()}, from 0; -1 for none. */
  public ReadOnlyIntegerProperty lineProperty() {
    return line;
  }

  public ObservableList<String> lines() {
    return lines;
  }
}
