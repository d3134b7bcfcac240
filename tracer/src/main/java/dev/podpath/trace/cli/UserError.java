package dev.podpath.trace.cli;

/**
 * A problem with what the user gave us (a bad script line, an unknown namespace); exit status 2.
 */
final class UserError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  UserError(String message) {
    super(message);
  }
}
