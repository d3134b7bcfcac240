package dev.podpath.gui;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Where the samples are, from the gui module (surefire's podpath.root, else the parent). */
public final class Samples {

  private Samples() {}

  public static Path root() {
    String prop = System.getProperty("podpath.root");
    return (prop != null ? Path.of(prop) : Path.of("..")).toAbsolutePath().normalize();
  }

  public static Path sample(String name) {
    return root().resolve("samples").resolve(name);
  }

  /** Every sample script, then every sample snapshot folder. */
  public static Stream<Path> all() {
    try (Stream<Path> scripts = Files.list(root().resolve("samples"));
        Stream<Path> snapshots = Files.list(root().resolve("samples/snapshots"))) {
      return Stream.concat(
          scripts.filter(p -> p.toString().endsWith(".sh")).sorted().toList().stream(),
          snapshots.filter(Files::isDirectory).sorted().toList().stream())
          .toList()
          .stream();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
