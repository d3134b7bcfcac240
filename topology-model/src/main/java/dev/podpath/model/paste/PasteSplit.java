package dev.podpath.model.paste;

import java.util.List;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What {@link PasteSplitter} made of pasted text: the snapshot's files, what became of each block
 * of output, and what was read around.
 *
 * @param files the snapshot's files by path ({@code worker1/ip-route.txt}, {@code
 *     kubectl-get-pods.txt}), in path order
 * @param blocks every block of command output found, in paste order
 * @param warnings what was taken off, left out or changed on the way
 */
public record PasteSplit(
    SortedMap<String, String> files, List<BlockOutcome> blocks, List<PasteWarning> warnings) {
  public PasteSplit {
    files =
        java.util.Collections.unmodifiableSortedMap(
            new TreeMap<>(Objects.requireNonNull(files, "files")));
    blocks = List.copyOf(blocks);
    warnings = List.copyOf(warnings);
  }

  /** Whether a block could not be placed. */
  public boolean hasUnplaced() {
    return blocks.stream().anyMatch(b -> b instanceof BlockOutcome.Unplaced);
  }

  /** Whether a node's folder is among the files (a snapshot needs one). */
  public boolean hasNode() {
    return files.keySet().stream().anyMatch(p -> p.contains("/"));
  }
}
