package dev.podpath.trace.api;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * The version of podpath and the commit it was built from, read from the build stamp the build
 * writes ({@code podpath-build.properties}: {@code git describe --always --dirty} of the checkout,
 * run by the tracer module's build), or "commit unknown" when the build had no git checkout: what
 * {@code podpath --version} prints and what a pcap-ng file names as the application that wrote it,
 * the CLI's and the GUI's alike.
 */
public final class BuildVersion {

  private BuildVersion() {}

  public static final String VERSION = "0.1.0";

  private static final String STAMP = "/podpath-build.properties";

  /**
   * {@code podpath 0.1.0 (commit 1a2b3c4d)}, {@code (commit 1a2b3c4d, with uncommitted changes)}.
   */
  public static String line() {
    Properties p = new Properties();
    try (InputStream in = BuildVersion.class.getResourceAsStream(STAMP)) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      // an unreadable stamp is a missing one
      p.clear();
    }
    String described = p.getProperty("commit", "").trim();
    if (described.isBlank() || described.equals("unknown")) {
      return "podpath " + VERSION + " (commit unknown)";
    }
    boolean dirty = described.endsWith("-dirty");
    String commit =
        dirty ? described.substring(0, described.length() - "-dirty".length()) : described;
    return "podpath "
        + VERSION
        + " (commit "
        + commit
        + (dirty ? ", with uncommitted changes" : "")
        + ")";
  }
}
