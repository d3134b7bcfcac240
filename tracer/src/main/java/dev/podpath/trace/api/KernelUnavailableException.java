package dev.podpath.trace.api;

/**
 * The kernel side of a verification cannot run here: not root, a tool missing, a kernel that lacks
 * what the scenario needs (the ipip module), or a run that did not finish in time. The message says
 * which, as {@code podpath verify} prints it after {@code cannot run the kernel side: }.
 *
 * <pre>{@code
 * try {
 *   network.runInKernel(Duration.ofMinutes(10));
 * } catch (KernelUnavailableException e) {
 *   e.getMessage();   // e.g. samples/calico-ipip.sh: this kernel has no ipip module ...
 * }
 * }</pre>
 */
public final class KernelUnavailableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public KernelUnavailableException(String message) {
    super(message);
  }

  KernelUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
