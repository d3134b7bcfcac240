package dev.podpath.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The Dockerfile, executed without Docker (no engine, no registry here): test/dockerfile-run.sh
 * reads it and runs its instructions in chroots of a Debian 12 made by debootstrap, with a stand-in
 * for each base image (the build stage's Maven and JDK 17 are this machine's, read-only; the
 * runtime stage's JRE is Debian's openjdk-17-jre-headless), every RUN as written. Then, in the
 * final image, as its ENTRYPOINT: {@code --version}, a trace of a sample in a folder mounted as
 * {@code docker run -v} would, and {@code --help}. Tag {@code image} ({@code -Pimage}): tens of
 * minutes, a network for debootstrap and apt-get, root.
 */
@Tag("image")
class DockerfileTest {

  @Test
  void theImagesStepsRun_andItsPodpathTraces() throws Exception {
    assumeTrue(run(List.of("id", "-u"), null).strip().equals("0"), "root is needed (chroot)");
    assumeTrue(
        !run(List.of("bash", "-c", "command -v debootstrap"), null).isBlank(),
        "debootstrap is not installed");
    Path root = Samples.root();
    Path work = root.resolve("test/target/dockerfile");
    Files.createDirectories(work);
    String out =
        run(
            List.of(
                "bash",
                root.resolve("test/dockerfile-run.sh").toString(),
                root.toString(),
                work.toString(),
                "--version",
                "--next",
                "trace",
                "flannel-vxlan.sh",
                "--from",
                "busybox-jpnb6",
                "--to",
                "10.10.2.4",
                "--next",
                "--help"),
            "PODPATH_DOCKERFILE_VOLUME=" + root.resolve("samples") + ":/work");
    List<String> expected =
        List.of(
            "# stand-in for maven:3.9-eclipse-temurin-17",
            "# stand-in for eclipse-temurin:17-jre",
            "trace: ping from busybox-jpnb6 to 10.10.2.4",
            "result: REACHABLE",
            "Usage: podpath");
    for (String line : expected) {
      assertThat(out).as("the runner's output").contains(line);
    }
    assertThat(out).containsPattern("(?m)^podpath [0-9]+[.][0-9]+[.][0-9]+");
    assertThat(out.strip()).endsWith("exit 0");
  }

  private static String run(List<String> command, String env) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    if (env != null) {
      int eq = env.indexOf('=');
      pb.environment().put(env.substring(0, eq), env.substring(eq + 1));
      pb.command(
          List.of("bash", "-c", "\"$@\"; echo \"exit $?\"", "run").stream()
              .collect(java.util.stream.Collectors.toCollection(java.util.ArrayList::new)));
      pb.command().addAll(command);
    }
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(3600, TimeUnit.SECONDS)).isTrue();
    return out;
  }
}
