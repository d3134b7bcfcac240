package dev.podpath.model.netfilter.parse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Test fixtures: dumps from the shared real-dump folder and from the test resources. */
final class Dump {

  /** Real dumps posted by a user, verbatim (the folder's README says where from). */
  static final Path REAL = resourceFolder("/real-dumps/kube-proxy-host-firewall-reject");

  private static Path resourceFolder(String name) {
    try {
      return Path.of(Dump.class.getResource(name).toURI());
    } catch (java.net.URISyntaxException | NullPointerException e) {
      throw new IllegalStateException("no test resource folder " + name, e);
    }
  }

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
