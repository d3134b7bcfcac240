package dev.podpath.sim.net;

/** The errors a route lookup can end in, with the text {@code ip route get} and {@code ping} print. */
public enum Errno {
  ENETUNREACH("Network is unreachable"),
  EHOSTUNREACH("No route to host"),
  EACCES("Permission denied"),
  EINVAL("Invalid argument"),
  EXDEV("Invalid cross-device link");

  private final String text;

  Errno(String text) {
    this.text = text;
  }

  /** strerror(): {@code Network is unreachable}, ... */
  public String text() {
    return text;
  }
}
