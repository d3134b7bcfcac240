package dev.podpath.model.netfilter.parse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Test fixtures: dumps from the shared real-dump folder and from the test resources. */
final class Dump {

  static final Path REAL = Path.of("/work/shared/real-dumps/kube-proxy-host-firewall-reject");

  private Dump() {}

  static String resource(String name) {
    try (var in = Dump.class.getResourceAsStream("/netfilter/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no test resource " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String read(Path p) {
    try {
      return Files.readString(p, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
