package dev.podpath.model.build;

/**
 * The kernel's error numbers that configuration commands can meet, with {@code strerror()} texts.
 */
public enum Errno {
  EPERM("Operation not permitted"),
  ENOENT("No such file or directory"),
  ESRCH("No such process"),
  EAGAIN("Resource temporarily unavailable"),
  EACCES("Permission denied"),
  EBUSY("Device or resource busy"),
  EEXIST("File exists"),
  ENODEV("No such device"),
  EINVAL("Invalid argument"),
  ELOOP("Too many levels of symbolic links"),
  EOPNOTSUPP("Operation not supported"),
  EADDRNOTAVAIL("Cannot assign requested address"),
  ENETDOWN("Network is down"),
  ENETUNREACH("Network is unreachable"),
  EHOSTUNREACH("No route to host");

  private final String text;

  Errno(String text) {
    this.text = text;
  }

  public String text() {
    return text;
  }
}
