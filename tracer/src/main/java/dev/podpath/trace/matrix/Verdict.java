package dev.podpath.trace.matrix;

/** A cell's result, as {@code podpath trace -o json} says it in {@code result}. */
public enum Verdict {
  /** The probe got there and its answer came back. */
  REACHABLE,
  /** It did not: dropped, refused, looped. */
  NOT_REACHABLE,
  /** The request or its answer left the model, or met what podpath does not model. */
  UNKNOWN
}
