package dev.podpath.gui.network;

import dev.podpath.model.io.TextFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * The GUI's own folder for the files its what-if edits write (a snapshot's changes file, applied
 * from there): {@code podpath-gui-PID} in the temporary folder, one subfolder per network opened.
 * Each file is written whole ({@link TextFiles#writeWhole}: never half-written); a network's file
 * is deleted when another network replaces it, the folder when the GUI exits (and at the next
 * start, the folders of GUIs that ended without deleting theirs). Nothing outside it is ever
 * written or deleted here: the snapshot's dumps are never touched, and File &gt; Save writes where
 * the user says.
 */
public final class ScratchFolder {

  static final String PREFIX = "podpath-gui-";

  private static final ScratchFolder STANDARD =
      new ScratchFolder(
          Path.of(System.getProperty("java.io.tmpdir")), ProcessHandle.current().pid());

  private final Path dir;
  private final AtomicInteger opened = new AtomicInteger();
  private final AtomicInteger hooked = new AtomicInteger();

  /** The folder of process {@code pid} under {@code parent}; nothing is made until a write. */
  public ScratchFolder(Path parent, long pid) {
    this.dir = Objects.requireNonNull(parent, "parent").resolve(PREFIX + pid);
  }

  /** {@return this process's folder, in {@code java.io.tmpdir}} */
  public static ScratchFolder standard() {
    return STANDARD;
  }

  /** {@return the folder (it may not exist yet)} */
  public Path dir() {
    return dir;
  }

  /**
   * {@return a place for the file {@code name} of a network just opened: in a subfolder of its own,
   * so that two networks of the same name never share it}
   */
  public Path newFile(String name) {
    return dir.resolve(Integer.toString(opened.incrementAndGet())).resolve(name);
  }

  /**
   * Writes {@code text} at {@code file} (one of {@link #newFile}'s) whole; the first write arranges
   * for the folder to go when the JVM exits, however the GUI ends.
   *
   * @throws UncheckedIOException when it cannot be written
   */
  public void write(Path file, String text) {
    requireInside(file);
    try {
      Files.createDirectories(file.getParent());
      TextFiles.writeWhole(file, text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (hooked.compareAndSet(0, 1)) {
      Runtime.getRuntime().addShutdownHook(new Thread(this::deleteAll, "podpath-gui-scratch"));
    }
  }

  /** Deletes {@code file} and its subfolder, when they are in this folder; nothing else. */
  public void discard(Path file) {
    if (!inside(file)) {
      return;
    }
    try {
      Files.deleteIfExists(file);
      Path sub = file.getParent();
      if (!sub.equals(dir)) {
        try (Stream<Path> s = Files.list(sub)) {
          if (s.findAny().isEmpty()) {
            Files.deleteIfExists(sub);
          }
        }
      }
    } catch (IOException e) {
      // a file left in the temporary folder; the folder goes at exit
    }
  }

  /** Deletes the folder and everything in it (the GUI exits). */
  public void deleteAll() {
    deleteTree(dir);
  }

  /**
   * Deletes the folders of GUIs that are gone ({@code podpath-gui-PID} of no running process)
   * beside this one.
   *
   * @return the folders deleted
   */
  public List<Path> deleteStale() {
    List<Path> gone = new ArrayList<>();
    Path parent = dir.getParent();
    if (parent == null || !Files.isDirectory(parent)) {
      return gone;
    }
    try (Stream<Path> s = Files.list(parent)) {
      for (Path p : s.toList()) {
        String n = p.getFileName().toString();
        if (!n.startsWith(PREFIX) || p.equals(dir) || !Files.isDirectory(p)) {
          continue;
        }
        long pid;
        try {
          pid = Long.parseLong(n.substring(PREFIX.length()));
        } catch (NumberFormatException e) {
          continue; // not one of ours
        }
        if (ProcessHandle.of(pid).isEmpty() && deleteTree(p)) {
          gone.add(p);
        }
      }
    } catch (IOException e) {
      // the temporary folder cannot be listed: nothing to clean
    }
    return gone;
  }

  private boolean inside(Path file) {
    return file.toAbsolutePath().normalize().startsWith(dir.toAbsolutePath().normalize());
  }

  private void requireInside(Path file) {
    if (!inside(file)) {
      throw new IllegalArgumentException(file + " is not in " + dir);
    }
  }

  private static boolean deleteTree(Path root) {
    if (!Files.exists(root)) {
      return false;
    }
    try (Stream<Path> all = Files.walk(root)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
