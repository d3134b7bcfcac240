package dev.podpath.model.snapshot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Whether a folder holds a snapshot and nothing else (docs/snapshot.md): what {@code podpath
 * collect --force} may clear. A snapshot holds cluster files at the top ({@code kubectl-get-*},
 * {@code underlay.txt}), node folders of dump files and a {@code collect.log}, and under a node's
 * {@code netns/} one folder of dump files per namespace; READMEs and hidden entries anywhere.
 * collect/podpath-collect.sh checks the same.
 *
 * <pre>{@code
 * SnapshotFolders.foreignEntry(Path.of("/tmp/snap"));   // empty: a snapshot (or an empty folder)
 * SnapshotFolders.foreignEntry(Path.of("/home/me"));    // Optional[/home/me/notes.txt]
 * }</pre>
 */
public final class SnapshotFolders {

  private SnapshotFolders() {}

  /**
   * The first entry under {@code dir} that a snapshot would not hold; empty when it holds a
   * snapshot or nothing.
   */
  public static Optional<Path> foreignEntry(Path dir) throws IOException {
    for (Path e : visible(dir)) {
      Optional<Path> bad =
          isFolder(e)
              ? foreignInNode(e)
              : SnapshotFiles.isKnownClusterFile(name(e)) || isReadme(name(e))
                  ? Optional.empty()
                  : Optional.of(e);
      if (bad.isPresent()) {
        return bad;
      }
    }
    return Optional.empty();
  }

  /** Whether {@code dir} has an entry that is not hidden (hidden ones are skipped by podpath). */
  public static boolean hasVisibleEntries(Path dir) throws IOException {
    return !visible(dir).isEmpty();
  }

  /** The file names a namespace folder of a snapshot may hold. */
  public static List<String> namespaceFileNames() {
    return SnapshotFiles.NETNS_FILES.stream().flatMap(List::stream).toList();
  }

  private static Optional<Path> foreignInNode(Path node) throws IOException {
    for (Path e : visible(node)) {
      if (isFolder(e) && name(e).equals(SnapshotFiles.NETNS_DIR)) {
        for (Path ns : visible(e)) {
          Optional<Path> bad = isFolder(ns) ? foreignInNamespace(ns) : Optional.of(ns);
          if (bad.isPresent()) {
            return bad;
          }
        }
      } else if (isFolder(e) || Files.isSymbolicLink(e) || !isNamespaceFile(name(e))) {
        return Optional.of(e);
      }
    }
    return Optional.empty();
  }

  private static Optional<Path> foreignInNamespace(Path ns) throws IOException {
    for (Path e : visible(ns)) {
      if (isFolder(e) || Files.isSymbolicLink(e) || !isNamespaceFile(name(e))) {
        return Optional.of(e);
      }
    }
    return Optional.empty();
  }

  private static boolean isNamespaceFile(String name) {
    return SnapshotFiles.isKnownNetnsFile(name)
        || name.equals(SnapshotFiles.COLLECT_LOG)
        || isReadme(name);
  }

  /**
   * The notes a snapshot may hold and --force may clear: only the READMEs podpath and its
   * collectors write. Other notes ({@code ASSUMPTIONS.md}, {@code notes.txt}) are read past in a
   * snapshot ({@link SnapshotFiles#isNotes}) but make a folder one that is never cleared: they may
   * be someone's own files.
   */
  private static boolean isReadme(String name) {
    return name.equals("README.md") || name.equals("README") || name.equals("SOURCE.md");
  }

  private static boolean isFolder(Path p) {
    return Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS);
  }

  private static String name(Path p) {
    return p.getFileName().toString();
  }

  private static List<Path> visible(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> !name(p).startsWith(".")).sorted().toList();
    }
  }
}
