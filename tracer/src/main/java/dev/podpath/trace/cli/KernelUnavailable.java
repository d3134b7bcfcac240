package dev.podpath.trace.cli;

/** The kernel side of {@code verify} cannot run here (not root, a tool missing); exit status 2. */
final class KernelUnavailable extends RuntimeException {
  private static final long serialVersionUID = 1L;

  KernelUnavailable(String message) {
    super(message);
  }
}
