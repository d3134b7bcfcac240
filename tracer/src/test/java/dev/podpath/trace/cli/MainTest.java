package dev.podpath.trace.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Given a command that fails inside podpath, when it runs, then one line and exit status 2. */
final class MainTest {

  record Run(int status, String out, String err) {}

  /** The real CLI plus a command that fails the way {@code what} says. */
  private static Run runFailing(Callable<Integer> what, String... args) {
    CommandLine cl = new CommandLine(new Main());
    cl.addSubcommand("fail", new CommandLine(new Failing(what)));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int status = Main.run(cl, args, new PrintWriter(out), new PrintWriter(err));
    return new Run(status, out.toString(), err.toString());
  }

  @Command(name = "fail")
  static final class Failing implements Callable<Integer> {
    private final Callable<Integer> what;

    Failing(Callable<Integer> what) {
      this.what = what;
    }

    @Override
    public Integer call() throws Exception {
      return what.call();
    }
  }

  @SuppressWarnings("InfiniteRecursion") // on purpose: a real StackOverflowError
  private static int recurse(int n) {
    return recurse(n + 1) + 1;
  }

  @Test
  void stackOverflow_isOneLine_exitTwo() {
    Run r = runFailing(() -> recurse(0), "fail");
    assertThat(r.status()).isEqualTo(2);
    assertThat(r.err())
        .isEqualTo(
            "podpath: internal error: the stack overflowed (java.lang.StackOverflowError)"
                + " (run with --debug for the stack trace)\n");
  }

  @Test
  void outOfMemory_isOneLine_exitTwo_namingTheHeapOption() {
    Run r = runFailing(() -> new long[Integer.MAX_VALUE].length, "fail");
    assertThat(r.status()).isEqualTo(2);
    assertThat(r.err())
        .startsWith("podpath: internal error: out of memory (java.lang.OutOfMemoryError: ")
        .contains("PODPATH_JAVA_OPTS=-Xmx")
        .endsWith("(run with --debug for the stack trace)\n")
        .hasLineCount(1);
  }

  @Test
  void runtimeException_isOneLine_withItsFirstLine() {
    Run r =
        runFailing(
            () -> {
              throw new IllegalStateException("two\nlines");
            },
            "fail");
    assertThat(r.status()).isEqualTo(2);
    assertThat(r.err())
        .isEqualTo(
            "podpath: internal error: java.lang.IllegalStateException: two ..."
                + " (run with --debug for the stack trace)\n");
  }

  @Test
  void debug_addsTheStackTrace() {
    Run r =
        runFailing(
            () -> {
              throw new IllegalStateException("boom");
            },
            "fail",
            "--debug");
    assertThat(r.status()).isEqualTo(2);
    assertThat(r.err())
        .startsWith("podpath: internal error: java.lang.IllegalStateException: boom\n")
        .contains("\tat dev.podpath.trace.cli.MainTest");
  }

  @Test
  void userError_isOneLine_withoutInternalError() {
    Run r =
        runFailing(
            () -> {
              throw new UserError("bad \u001b[31minput");
            },
            "fail");
    assertThat(r.status()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("podpath: bad \\u001b[31minput\n");
  }
}
