package dev.podpath.model.build;

import dev.podpath.model.errno.Errno;

/**
 * A configuration request the kernel refused: the errno and, when the kernel gives one, the
 * extended-ack message. How it is printed depends on the interface used, which is the interpreter's
 * business ({@code model.script.CommandError}): iproute2 prints the extended ack ({@code Error:
 * Nexthop has invalid gateway.}) or else {@code RTNETLINK answers: File exists}; net-tools prints
 * {@code SIOCADDRT: File exists}.
 */
public final class KernelError extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final Errno errno;
  private final String extack;

  public KernelError(Errno errno, String extack) {
    super(errno + (extack == null ? "" : ": " + extack), null, false, false);
    this.errno = errno;
    this.extack = extack;
  }

  public static KernelError of(Errno errno) {
    return new KernelError(errno, null);
  }

  public static KernelError of(Errno errno, String extack) {
    return new KernelError(errno, extack);
  }

  public Errno errno() {
    return errno;
  }

  /** The kernel's extended-ack message, if it gave one. */
  public java.util.Optional<String> extack() {
    return java.util.Optional.ofNullable(extack);
  }
}
