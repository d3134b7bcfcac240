package dev.podpath.model.script;

/**
 * A command failed: its message is what the real tool would print. The interpreter turns it into a
 * {@link ScriptException} naming the line.
 */
final class CommandError extends RuntimeException {

  private static final long serialVersionUID = 1L;

  CommandError(String message) {
    super(message, null, false, false);
  }

  /** {@code Error: argument "ARG" is wrong: WHAT}, iproute2's {@code invarg()}. */
  static CommandError invarg(String what, String arg) {
    return new CommandError("Error: argument \"" + arg + "\" is wrong: " + what);
  }

  /** {@code Cannot find device "DEV"}, iproute2's message for an unknown device name. */
  static CommandError noDevice(String dev) {
    return new CommandError("Cannot find device \"" + dev + "\"");
  }
}
