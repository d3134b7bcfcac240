package dev.podpath.model.netfilter.parse;

/**
 * An {@code ipset} command ipset 7.17 refuses; the message is its words without the {@code ipset
 * v7.17: } prefix ({@link #commandMessage()} adds it).
 */
public final class IpsetError extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public static final String VERSION = "v7.17";

  public IpsetError(String message) {
    super(message, null, false, false);
  }

  /** As the {@code ipset} command prints it. */
  public String commandMessage() {
    return "ipset " + VERSION + ": " + getMessage();
  }
}
