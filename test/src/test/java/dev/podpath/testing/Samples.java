package dev.podpath.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Where the samples are, from the test module. */
final class Samples {
  private Samples() {}

  static Path root() {
    String prop = System.getProperty("podpath.root");
    Path p = prop != null ? Path.of(prop) : Path.of("..");
    return p.toAbsolutePath().normalize();
  }

  static Path dir() {
    return root().resolve("samples");
  }

  static Path sample(String name) {
    return dir().resolve(name);
  }

  /** Every sample script that has a kernel transcript. */
  static Stream<Path> withTranscripts() {
    try {
      return Files.list(dir())
          .filter(p -> p.toString().endsWith(".sh"))
          .filter(p -> Files.exists(transcript(p)))
          .sorted();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every sample scenario (the sandbox runner excepted), with or without a kernel transcript. */
  static Stream<Path> all() {
    try {
      return Files.list(dir())
          .filter(p -> p.toString().endsWith(".sh"))
          .filter(p -> !p.getFileName().toString().equals("run-in-sandbox.sh"))
          .sorted();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Path transcript(Path sample) {
    String name = sample.getFileName().toString().replaceAll("\\.sh$", "");
    return sample.getParent().resolve("expected").resolve(name + ".kernel.txt");
  }
}
