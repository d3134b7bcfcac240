package dev.podpath.model.netfilter.parse;

import java.util.Objects;

/**
 * A command or rule iptables 1.8.9 (nf_tables) refuses, with its words. The {@link Kind} decides
 * how the tool frames the message:
 *
 * <pre>{@code
 * PARAMETER  iptables v1.8.9 (nf_tables): unknown option "--bogus"
 * KERNEL     iptables: No chain/target/match by that name.
 * BATCH      iptables v1.8.9 (nf_tables):  RULE_APPEND failed (Invalid argument): rule in chain INPUT
 * }</pre>
 */
public final class IptablesError extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** The iptables version podpath imitates. */
  public static final String VERSION = "v1.8.9 (nf_tables)";

  /** How iptables reports the error. */
  public enum Kind {
    /** A bad command line ({@code xtables_error(PARAMETER_PROBLEM)}), exit status 2. */
    PARAMETER,
    /** The kernel or libiptc-style refusal ({@code iptables: ...}), exit status 1. */
    KERNEL,
    /** The nf_tables batch was refused ({@code RULE_APPEND failed (...)}), exit status 4. */
    BATCH
  }

  private final Kind kind;
  private final String detail;
  private final String commandSuffix;

  private IptablesError(Kind kind, String detail, String commandSuffix) {
    super(detail, null, false, false);
    this.kind = Objects.requireNonNull(kind, "kind");
    this.detail = Objects.requireNonNull(detail, "detail");
    this.commandSuffix = commandSuffix;
  }

  public static IptablesError parameter(String detail) {
    return new IptablesError(Kind.PARAMETER, detail, "");
  }

  public static IptablesError kernel(String detail) {
    return new IptablesError(Kind.KERNEL, detail, "");
  }

  /**
   * A kernel refusal that the {@code iptables} command (not {@code iptables-restore}) words longer.
   */
  static IptablesError kernel(String detail, String commandSuffix) {
    return new IptablesError(Kind.KERNEL, detail, commandSuffix);
  }

  public static IptablesError batch(String detail) {
    return new IptablesError(Kind.BATCH, detail, "");
  }

  public Kind kind() {
    return kind;
  }

  /** The message without the tool's framing. */
  public String detail() {
    return detail;
  }

  /** iptables prints {@code Bad argument `x'} without its name and version. */
  private boolean bare() {
    return detail.startsWith("Bad argument `");
  }

  /**
   * As the {@code iptables} command prints it (first line; the "Try `iptables -h'" hint left out).
   */
  public String commandMessage() {
    return switch (kind) {
      case PARAMETER -> bare() ? detail : "iptables " + VERSION + ": " + detail;
      case KERNEL -> "iptables: " + detail + commandSuffix;
      case BATCH -> "iptables " + VERSION + ":  " + detail;
    };
  }

  /** As {@code iptables-restore} prints it for a failure at {@code line}. */
  public String restoreMessage(int line) {
    return switch (kind) {
      case PARAMETER ->
          (bare() ? "" : "iptables-restore " + VERSION + ": ")
              + detail
              + "\nError occurred at line: "
              + line;
      case KERNEL -> "iptables-restore: line " + line + " failed: " + detail;
      case BATCH -> "iptables-restore " + VERSION + ":  " + detail;
    };
  }
}
