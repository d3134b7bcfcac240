package dev.podpath.trace.api;

import java.util.List;
import java.util.Objects;

/**
 * An input the caller gave cannot be used: a file that cannot be read, a script line that fails, a
 * name that is no namespace, pod or Service, an address several namespaces own, a port a Service
 * does not have. The message is one line a person can act on, as {@code podpath} prints it after
 * {@code podpath: }; it names the input the way the command line does ({@code --from}, {@code
 * --to}, {@code --size}...), and {@link #input()} says which it was as a type.
 *
 * <pre>{@code
 * try {
 *   network.source("pod-x");
 * } catch (InputException e) {
 *   e.input();        // Input.FROM
 *   e.problem();      // Problem.UNKNOWN
 *   e.given();        // pod-x
 *   e.candidates();   // [busybox-jpnb6, busybox-sgf8v, worker1, ...]: what it could have been
 *   e.getMessage();   // --from pod-x: no such namespace; namespaces are: busybox-jpnb6, ...
 * }
 * }</pre>
 */
public final class InputException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Which input was wrong. */
  public enum Input {
    /** The scenario script or snapshot folder. */
    FILE,
    /** Where the probe starts: a namespace, an address, a pod. */
    FROM,
    /** Where the probe goes: an address, a pod, a Service (with its port). */
    TO,
    /** The protocol or a port of the probe (out of range, or against a Service's ports). */
    PORT,
    /** The probe's TTL, or traceroute's largest. */
    TTL,
    /** Traceroute's probes per hop. */
    QUERIES,
    /** How long traceroute waits for each answer. */
    WAIT,
    /** The probe's payload size. */
    SIZE,
    /** A statistic branch to take ({@code --endpoint}). */
    ENDPOINT,
    /** The next hop multipath routes take ({@code --nexthop}). */
    NEXTHOP
  }

  /** What is wrong with it. */
  public enum Problem {
    /** Not a regular UTF-8 text file (or folder) podpath can read, or a snapshot it cannot load. */
    UNREADABLE,
    /** A line of the script fails ({@link #moreFailingLines()} says how many after it). */
    FAILS,
    /** The wrong kind of input for the operation (a folder where a script is needed...). */
    WRONG_KIND,
    /** No namespace, address, pod, Service, port or chain of that name ({@link #candidates()}). */
    UNKNOWN,
    /** Several namespaces own that address ({@link #candidates()}: which). */
    AMBIGUOUS,
    /**
     * It exists but has nothing to trace with: a pod without an IP or not dumped, a headless or
     * ExternalName Service ({@link #candidates()}: its endpoints, if any).
     */
    NO_ADDRESS,
    /** Asked for twice, in ways that contradict each other ({@code ns/svc:dns} and a port 80). */
    CONFLICT,
    /** Out of its range, or of what podpath models (an SCTP port). */
    OUT_OF_RANGE
  }

  private final Input input;
  private final Problem problem;
  private final String given;
  private final List<String> candidates;
  private final int moreFailingLines;

  InputException(Input input, Problem problem, String given, String message) {
    this(input, problem, given, message, List.of(), 0, null);
  }

  /**
   * An input error of a caller of this API that resolves names of its own (the matrix's {@code
   * --sources} and {@code --destinations} selectors).
   */
  public InputException(
      Input input, Problem problem, String given, String message, List<String> candidates) {
    this(input, problem, given, message, candidates, 0, null);
  }

  InputException(
      Input input,
      Problem problem,
      String given,
      String message,
      List<String> candidates,
      int moreFailingLines,
      Throwable cause) {
    super(message, cause);
    this.input = Objects.requireNonNull(input, "input");
    this.problem = Objects.requireNonNull(problem, "problem");
    this.given = Objects.requireNonNull(given, "given");
    this.candidates = List.copyOf(candidates);
    this.moreFailingLines = moreFailingLines;
  }

  /** {@return which input was wrong} */
  public Input input() {
    return input;
  }

  /** {@return what is wrong with it} */
  public Problem problem() {
    return problem;
  }

  /**
   * {@return the input as it was given: the file's path, the name given for {@code from} or {@code
   * to}, the number given}
   */
  public String given() {
    return given;
  }

  /**
   * {@return what the input could have been: the namespaces for an unknown {@code --from}, the
   * owners of an ambiguous address, the pods and Services of an unknown {@code --to}, a Service's
   * ports, a headless Service's endpoints; empty when there is no such list}
   */
  public List<String> candidates() {
    return candidates;
  }

  /**
   * {@return for a script that fails ({@link Problem#FAILS}), how many lines fail after the first
   * (the one the message names); {@code podpath lint} lists them. 0 otherwise}
   */
  public int moreFailingLines() {
    return moreFailingLines;
  }
}
