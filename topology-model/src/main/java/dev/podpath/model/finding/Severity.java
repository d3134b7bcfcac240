package dev.podpath.model.finding;

import java.util.Locale;

/**
 * How much a {@link Finding} matters. {@code podpath lint} exits 1 when a finding of severity
 * {@link #ERROR} exists.
 */
public enum Severity {
  /** The configuration certainly breaks some traffic, or contradicts itself. */
  ERROR,
  /** Likely breaks some traffic, or is a trap; it may be deliberate. */
  WARNING,
  /** Worth knowing; nothing is broken by it alone. */
  INFO;

  /** {@code error}, {@code warning}, {@code info}: as lint prints it. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
