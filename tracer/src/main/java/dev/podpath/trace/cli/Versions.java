package dev.podpath.trace.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/**
 * {@code podpath --version}: the version and the commit it was built from, read from the build
 * stamp the build writes ({@code podpath-build.properties}, by git-commit-id-maven-plugin), or
 * "commit unknown" when the build had no git checkout.
 */
final class Versions implements IVersionProvider {

  static final String VERSION = "0.1.0";

  private static final String STAMP = "/podpath-build.properties";

  /** {@code podpath 0.1.0 (commit 1a2b3c4d, built 2026-12-07T12:00:00Z)}. */
  static String line() {
    Properties p = new Properties();
    try (InputStream in = Versions.class.getResourceAsStream(STAMP)) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      // an unreadable stamp is a missing one
      p.clear();
    }
    String commit = p.getProperty("git.commit.id.abbrev", "");
    if (commit.isBlank() || commit.startsWith("${")) {
      return "podpath " + VERSION + " (commit unknown)";
    }
    boolean dirty = Boolean.parseBoolean(p.getProperty("git.dirty", "false"));
    String time = p.getProperty("git.build.time", "");
    return "podpath "
        + VERSION
        + " (commit "
        + commit
        + (dirty ? ", with uncommitted changes" : "")
        + (time.isBlank() ? "" : ", built " + time)
        + ")";
  }

  @Override
  public String[] getVersion() {
    return new String[] {line()};
  }
}
