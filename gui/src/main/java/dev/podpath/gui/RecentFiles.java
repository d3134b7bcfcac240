package dev.podpath.gui;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The files opened last, newest first, kept one per line in a small file ({@code
 * ~/.config/podpath/recent-files}, or where {@code podpath.recentFiles} says). A file that cannot
 * be read or written only means no recent files.
 */
public final class RecentFiles {

  static final int MAX = 10;

  private final Path store;

  public RecentFiles(Path store) {
    this.store = store;
  }

  /** {@return the file of another setting ({@code name}) kept beside the recent files} */
  public Path setting(String name) {
    return store.resolveSibling(name);
  }

  /** The store the application uses. */
  public static RecentFiles standard() {
    String prop = System.getProperty("podpath.recentFiles");
    if (prop != null) {
      return new RecentFiles(Path.of(prop));
    }
    return new RecentFiles(
        Path.of(System.getProperty("user.home"), ".config", "podpath", "recent-files"));
  }

  public List<Path> list() {
    try {
      if (!Files.isRegularFile(store)) {
        return List.of();
      }
      return Files.readAllLines(store, StandardCharsets.UTF_8).stream()
          .filter(l -> !l.isBlank())
          .map(Path::of)
          .limit(MAX)
          .toList();
    } catch (IOException | RuntimeException e) {
      return List.of();
    }
  }

  /** Puts {@code p} first; returns the new list. */
  public List<Path> add(Path p) {
    List<Path> out = new ArrayList<>();
    Path abs = p.toAbsolutePath().normalize();
    out.add(abs);
    for (Path q : list()) {
      if (!q.equals(abs) && out.size() < MAX) {
        out.add(q);
      }
    }
    try {
      Files.createDirectories(store.toAbsolutePath().getParent());
      dev.podpath.model.io.TextFiles.writeWhole(
          store, out.stream().map(q -> q + "\n").collect(java.util.stream.Collectors.joining()));
    } catch (IOException | RuntimeException e) {
      // no recent files then; opening the file itself is not affected
    }
    return out;
  }
}
