package dev.podpath.model.snapshot;

/**
 * A snapshot that cannot be read at all: the folder does not exist, is not a folder, or holds no
 * node. (Problems inside the dumps are {@link dev.podpath.model.dump.DumpWarning}s, not this.)
 */
public final class SnapshotException extends Exception {

  private static final long serialVersionUID = 1L;

  public SnapshotException(String message) {
    super(message);
  }
}
