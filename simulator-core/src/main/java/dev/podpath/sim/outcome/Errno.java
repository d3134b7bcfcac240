package dev.podpath.sim.outcome;

/**
 * The errors a system call returns that podpath's answers depend on: a route lookup's, a socket's,
 * a connect's. Decisions compare the values; {@link #text()} is {@code strerror()}'s wording, what
 * {@code ip}, {@code ping} and {@code nc} print for them.
 */
public enum Errno {
  ENETUNREACH("Network is unreachable"),
  EHOSTUNREACH("No route to host"),
  EACCES("Permission denied"),
  EINVAL("Invalid argument"),
  EXDEV("Invalid cross-device link"),
  EADDRNOTAVAIL("Cannot assign requested address"),
  EMSGSIZE("Message too long"),
  ECONNREFUSED("Connection refused"),
  ENOPROTOOPT("Protocol not available"),
  EOPNOTSUPP("Operation not supported"),
  EHOSTDOWN("Host is down"),
  ENONET("Machine is not on the network");

  private final String text;

  Errno(String text) {
    this.text = text;
  }

  /** strerror(): {@code Network is unreachable}, ... */
  public String text() {
    return text;
  }
}
