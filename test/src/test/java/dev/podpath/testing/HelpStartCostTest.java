package dev.podpath.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The start-up guard of issue 16, counted in classes loaded, never in time: {@code podpath --help}
 * in a JVM of its own (as {@code ./podpath --help} runs it) loads no JSON library and few classes
 * of the class path. picocli creates every subcommand to list them, so a command whose class builds
 * a heavy object when it is initialised (an {@code ObjectMapper} in a static field: ~300 Jackson
 * classes, the regression from 0.246 s to 0.288 s between sessions 7 and 8) puts it into every
 * command's start. The time itself is measured by bench/run-trace.sh.
 */
final class HelpStartCostTest {

  /**
   * Classes of the class path (not the JDK's) --help loads: 667 with the Jackson mapper, 302
   * without.
   */
  private static final int CLASS_PATH_BOUND = 400;

  @Test
  void help_loadsNoJsonLibrary_andFewClasses(@TempDir Path dir) throws Exception {
    Path log = dir.resolve("classes.txt");
    String java = ProcessHandle.current().info().command().orElse("java");
    Process p =
        new ProcessBuilder(
                java,
                "-Xshare:auto",
                "-Xlog:class+load=info:file=" + log,
                "-cp",
                System.getProperty("java.class.path"),
                "dev.podpath.trace.cli.Main",
                "--help")
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    assertThat(out).contains("Usage: podpath");

    List<String> loaded = Files.readAllLines(log);
    assertThat(loaded).as("the log of classes loaded").isNotEmpty();
    assertThat(loaded)
        .as("--help initialises no Jackson ObjectMapper")
        .noneMatch(l -> l.contains(" com.fasterxml.jackson.databind.ObjectMapper "));
    long fromClassPath =
        loaded.stream()
            .filter(l -> l.contains(" source: "))
            .filter(l -> !l.contains("source: jrt:/") && !l.contains("shared objects file"))
            .count();
    assertThat(fromClassPath)
        .as("classes --help loads from the class path")
        .isLessThan(CLASS_PATH_BOUND);
  }
}
