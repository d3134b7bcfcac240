package dev.podpath.model.errno;

/**
 * The kernel's error numbers podpath meets, named once for the whole project: those a configuration
 * command is refused with (the builder's {@code KernelError}), and those a system call returns that
 * podpath's answers depend on (a route lookup's, a socket's, a connect's: the simulator's {@code
 * SocketError} and the tracer's {@code Connect}). Decisions compare the values; {@link #text()} is
 * {@code strerror()}'s wording, what {@code ip}, {@code ping} and {@code nc} print for them.
 */
public enum Errno {
  EPERM("Operation not permitted"),
  ENOENT("No such file or directory"),
  ESRCH("No such process"),
  EAGAIN("Resource temporarily unavailable"),
  EACCES("Permission denied"),
  EBUSY("Device or resource busy"),
  EEXIST("File exists"),
  EXDEV("Invalid cross-device link"),
  ENODEV("No such device"),
  EINVAL("Invalid argument"),
  ELOOP("Too many levels of symbolic links"),
  EMSGSIZE("Message too long"),
  ENOPROTOOPT("Protocol not available"),
  EOPNOTSUPP("Operation not supported"),
  EADDRINUSE("Address already in use"),
  EADDRNOTAVAIL("Cannot assign requested address"),
  ENETDOWN("Network is down"),
  ENETUNREACH("Network is unreachable"),
  ECONNREFUSED("Connection refused"),
  EHOSTDOWN("Host is down"),
  EHOSTUNREACH("No route to host"),
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
