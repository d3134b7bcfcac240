package dev.podpath.model.origin;

/**
 * Where a piece of configuration came from: the file, the 1-based line, and the text of that line.
 * Traces cite it so a user can find the route, entry or device that decided.
 *
 * <pre>{@code
 * new Origin("samples/veth-pair.sh", 12, "ip -n a route add default via 10.0.0.2")
 * }</pre>
 *
 * <p>{@link #KERNEL} marks state the kernel made by itself (a connected route, a local route, a
 * learned entry).
 */
public record Origin(String file, int line, String text) {

  public static final Origin KERNEL = new Origin("", 0, "");

  public Origin {
    java.util.Objects.requireNonNull(file, "file");
    java.util.Objects.requireNonNull(text, "text");
  }

  public boolean isKernel() {
    return line == 0;
  }

  /** {@code file:line}, or {@code kernel} for state the kernel created itself. */
  public String location() {
    return isKernel() ? "kernel" : file + ":" + line;
  }

  @Override
  public String toString() {
    return isKernel() ? "kernel" : location() + ": " + text;
  }
}
