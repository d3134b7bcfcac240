package dev.podpath.gui;

import dev.podpath.gui.topology.GraphPalette;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The GUI's look: light or dark (the View menu), the controls' stylesheets and the graph's colours.
 * The choice is kept in a small file beside the recent files; one that cannot be read or written
 * only means the light theme.
 */
public enum Theme {
  LIGHT(List.of("podpath.css"), GraphPalette.LIGHT),
  DARK(List.of("podpath.css", "dark.css"), GraphPalette.DARK);

  private final List<String> sheets;
  private final GraphPalette palette;

  Theme(List<String> sheets, GraphPalette palette) {
    this.sheets = sheets;
    this.palette = palette;
  }

  /** {@return the stylesheets' URLs, for a scene} */
  public List<String> stylesheets() {
    return sheets.stream()
        .map(s -> java.util.Objects.requireNonNull(Theme.class.getResource(s), s).toExternalForm())
        .toList();
  }

  /** {@return the graph's colours} */
  public GraphPalette palette() {
    return palette;
  }

  /** {@return the theme kept in {@code store}; light when there is none or it is unreadable} */
  public static Theme read(Path store) {
    try {
      if (Files.isRegularFile(store)) {
        String t = Files.readString(store, StandardCharsets.UTF_8).strip();
        return valueOf(t.toUpperCase(Locale.ROOT));
      }
    } catch (IOException | RuntimeException e) {
      // the light theme then
    }
    return LIGHT;
  }

  /** Keeps this theme in {@code store}; a store that cannot be written is left alone. */
  public void write(Path store) {
    try {
      Path dir = store.toAbsolutePath().getParent();
      if (dir != null) {
        Files.createDirectories(dir);
      }
      dev.podpath.model.io.TextFiles.writeWhole(store, name().toLowerCase(Locale.ROOT) + "\n");
    } catch (IOException | RuntimeException e) {
      // the choice lasts for this session only
    }
  }
}
