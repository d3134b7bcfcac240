package dev.podpath.trace.render;

/** Simulated durations for people: {@code 3 s}, {@code 4.0 us}, {@code 0.8 ms}. */
final class Durations {
  private Durations() {}

  static String format(long nanos) {
    if (nanos >= 1_000_000_000L) {
      return String.format("%.1f s", nanos / 1e9);
    }
    if (nanos >= 1_000_000L) {
      return String.format("%.1f ms", nanos / 1e6);
    }
    return String.format("%.1f us", nanos / 1e3);
  }
}
