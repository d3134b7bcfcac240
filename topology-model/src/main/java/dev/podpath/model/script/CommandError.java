package dev.podpath.model.script;

import dev.podpath.model.build.KernelError;

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

  /** A refusal as iproute2 prints it: the extended ack, or {@code RTNETLINK answers: TEXT}. */
  static CommandError netlink(KernelError e) {
    return new CommandError(
        e.extack().map(x -> "Error: " + x + ".").orElse("RTNETLINK answers: " + e.errno().text()));
  }

  /** A refusal as net-tools prints it for the ioctl {@code request} ({@code SIOCADDRT}, ...). */
  static CommandError ioctl(String request, KernelError e) {
    return program(request, e);
  }

  /**
   * A refusal as a program prints it after its own words: {@code nc: Address already in use},
   * {@code add tunnel "t2" failed: File exists}.
   */
  static CommandError program(String words, KernelError e) {
    return new CommandError(words + ": " + e.errno().text());
  }
}
