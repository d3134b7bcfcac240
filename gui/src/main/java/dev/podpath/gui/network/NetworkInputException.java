package dev.podpath.gui.network;

/**
 * Input the GUI cannot use, in words a person can act on (a script's failing line as {@code
 * file:line: complaint}, a name no namespace has). Shown in a dialog or the status line, never as a
 * stack trace.
 */
public final class NetworkInputException extends Exception {

  private static final long serialVersionUID = 1L;

  public NetworkInputException(String message) {
    super(message);
  }
}
