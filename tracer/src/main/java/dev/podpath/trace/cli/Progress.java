package dev.podpath.trace.cli;

import java.io.PrintStream;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A progress line on standard error for what can take more than a second or two (loading a large
 * snapshot, verify of several scenarios, a matrix, collect): {@code podpath: matrix 120/400 cells
 * (3 s)}, redrawn in place four times a second from the first second on, and erased at the end.
 * Only when standard error is a terminal (the launcher says so: {@code PODPATH_STDERR_TTY=1}, set
 * when {@code [ -t 2 ]}) and {@code PODPATH_PROGRESS} is not {@code 0}; otherwise nothing is
 * written, so a log or a pipe gets the command's output alone.
 */
final class Progress implements AutoCloseable {

  /** Nothing is drawn before this: a quick command shows no progress at all. */
  private static final long DELAY_MILLIS = 1000;

  /** Standard error itself: the line's carriage return and erasing must not be escaped. */
  private final PrintStream err;

  private final String what;
  private volatile int total;
  private final String unit;
  private final AtomicInteger done = new AtomicInteger();
  private final long start = System.nanoTime();
  private final Thread drawer;
  private volatile String current = "";
  private volatile boolean drawn;

  private Progress(PrintStream err, String what, int total, String unit, boolean on) {
    this.err = err;
    this.what = what;
    this.total = total;
    this.unit = unit;
    if (on) {
      drawer = new Thread(this::drawLoop, "podpath-progress");
      drawer.setDaemon(true);
      drawer.start();
    } else {
      drawer = null;
    }
  }

  /** Whether this process's standard error is a terminal that wants progress. */
  static boolean wanted() {
    return "1".equals(System.getenv("PODPATH_STDERR_TTY"))
        && !"0".equals(System.getenv("PODPATH_PROGRESS"))
        && !"dumb".equals(System.getenv("TERM"));
  }

  /**
   * A counter of {@code total} {@code unit} ({@code total} 0: a time counter alone), drawn on
   * standard error if {@link #wanted()}. Whoever writes to standard error while it is drawn calls
   * {@link #close()} first.
   */
  static Progress of(String what, int total, String unit) {
    return new Progress(System.err, what, total, unit, wanted());
  }

  /** As {@link #of}, drawn or not as {@code on} says (tests). */
  static Progress of(PrintStream err, String what, int total, String unit, boolean on) {
    return new Progress(err, what, total, unit, on);
  }

  /** The number to reach, once known. */
  void total(int n) {
    total = n;
  }

  /** Erases the line if it is drawn (before writing to standard output); it is drawn again. */
  void clear() {
    if (drawn) {
      synchronized (err) {
        err.print("\r\u001b[K");
        err.flush();
      }
    }
  }

  /** One more done; {@code label} is shown beside the count (what is being done now). */
  void step(String label) {
    done.incrementAndGet();
    current = label;
  }

  /** What is being done now, without counting. */
  void now(String label) {
    current = label;
  }

  int done() {
    return done.get();
  }

  /** The line as drawn now (without the carriage return). */
  String line() {
    long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
    StringBuilder sb = new StringBuilder("podpath: ").append(what);
    if (total > 0) {
      sb.append(' ').append(done.get()).append('/').append(total).append(' ').append(unit);
    } else if (!unit.isEmpty()) {
      sb.append(' ').append(done.get()).append(' ').append(unit);
    }
    sb.append(" (").append(seconds).append(" s)");
    String label = current;
    if (!label.isEmpty()) {
      sb.append("  ").append(label);
    }
    // one line of an 80-column terminal, or the carriage return does not go back far enough
    return sb.length() > 79 ? sb.substring(0, 78) + "…" : sb.toString();
  }

  private void drawLoop() {
    try {
      Thread.sleep(DELAY_MILLIS);
      while (!Thread.currentThread().isInterrupted()) {
        synchronized (err) {
          err.print("\r\u001b[K" + line());
          err.flush();
        }
        drawn = true;
        Thread.sleep(250);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Stops drawing and erases the line, so that what follows starts at the line's beginning. */
  @Override
  public void close() {
    if (drawer == null) {
      return;
    }
    drawer.interrupt();
    try {
      drawer.join(1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (drawn) {
      synchronized (err) {
        err.print("\r\u001b[K");
        err.flush();
      }
    }
  }
}
