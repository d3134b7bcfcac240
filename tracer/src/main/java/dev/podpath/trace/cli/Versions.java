package dev.podpath.trace.cli;

import dev.podpath.trace.api.BuildVersion;
import picocli.CommandLine.IVersionProvider;

/** {@code podpath --version}: {@link BuildVersion#line()}. */
final class Versions implements IVersionProvider {

  static final String VERSION = BuildVersion.VERSION;

  /**
   * {@code podpath 0.1.0 (commit 1a2b3c4d)}, {@code (commit 1a2b3c4d, with uncommitted changes)}.
   */
  static String line() {
    return BuildVersion.line();
  }

  @Override
  public String[] getVersion() {
    return new String[] {line()};
  }
}
