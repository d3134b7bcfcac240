package dev.podpath.trace.plan;

/**
 * A plan file that cannot be read: the message names the file, line and column, the key path and
 * what is wrong ({@code plan.yaml:4:12: /cluster/podCidr: "10.10.0.0/33" is not a CIDR}).
 */
public final class PlanException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public PlanException(String message) {
    super(message);
  }

  public PlanException(String message, Throwable cause) {
    super(message, cause);
  }
}
