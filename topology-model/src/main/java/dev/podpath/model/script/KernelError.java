package dev.podpath.model.script;

/**
 * A configuration request the kernel refused: the errno and, when the kernel gives one, the
 * extended-ack message. How it is printed depends on the interface used: iproute2 prints the
 * extended ack ({@code Error: Nexthop has invalid gateway.}) or else {@code RTNETLINK answers: File
 * exists}; net-tools prints {@code SIOCADDRT: File exists}.
 */
final class KernelError extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final Errno errno;
  private final String extack;

  KernelError(Errno errno, String extack) {
    super(errno + (extack == null ? "" : ": " + extack), null, false, false);
    this.errno = errno;
    this.extack = extack;
  }

  static KernelError of(Errno errno) {
    return new KernelError(errno, null);
  }

  static KernelError of(Errno errno, String extack) {
    return new KernelError(errno, extack);
  }

  Errno errno() {
    return errno;
  }

  /** As iproute2 prints it. */
  CommandError asNetlink() {
    return new CommandError(
        extack != null ? "Error: " + extack + "." : "RTNETLINK answers: " + errno.text());
  }

  /** As net-tools prints it for the ioctl {@code request} ({@code SIOCADDRT}, ...). */
  CommandError asIoctl(String request) {
    return new CommandError(request + ": " + errno.text());
  }
}
