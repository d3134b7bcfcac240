package dev.podpath.trace.verify;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a scenario script for real, inside a sandbox that vanishes with its process
 * ({@code unshare --net --mount}, a fresh tmpfs on /run/netns and sysfs on /sys; see
 * {@code sandbox-run.sh}), and returns the transcript with the state dump of the namespaces
 * asked for. Nothing of the machine's own network is read or changed.
 */
public final class KernelRun {

  private KernelRun() {}

  /** The kernel side cannot run here; the message says why (exit status 2). */
  public static final class Unavailable extends Exception {
    private static final long serialVersionUID = 1L;

    public Unavailable(String message) {
      super(message);
    }
  }

  /** The transcript, and the exit status of the script inside the sandbox. */
  public record Result(String transcript, int exitStatus, boolean timedOut) {}

  /** Checks that the kernel side can run: root, and the tools the scenario needs. */
  public static void preflight(List<String> tools) throws Unavailable {
    if (!isRoot()) {
      throw new Unavailable("the kernel run needs root (it creates network namespaces in a sandbox); run as root or with sudo");
    }
    List<String> missing = new ArrayList<>();
    for (String t : tools) {
      if (which(t) == null) {
        missing.add(t);
      }
    }
    if (!missing.isEmpty()) {
      throw new Unavailable("missing on this machine: " + String.join(", ", missing)
          + " (apt-get install iproute2 util-linux iputils-ping traceroute bridge-utils)");
    }
  }

  public static Result run(Path scenario, List<String> namespaces, Duration timeout) throws Unavailable, IOException {
    Path script = Files.createTempFile("podpath-sandbox-", ".sh",
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    try {
      try (InputStream in = KernelRun.class.getResourceAsStream("sandbox-run.sh")) {
        if (in == null) {
          throw new IOException("sandbox-run.sh is missing from the podpath jar");
        }
        Files.write(script, in.readAllBytes());
      }
      ProcessBuilder pb = new ProcessBuilder("bash", script.toString(), scenario.toAbsolutePath().toString());
      pb.environment().put("PODPATH_STATE_NETNS", String.join(" ", namespaces));
      pb.redirectErrorStream(true);
      Process p = pb.start();
      p.getOutputStream().close();
      StringBuilder out = new StringBuilder();
      Thread reader = new Thread(() -> {
        try {
          out.append(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
          out.append("\n# podpath: reading the transcript failed: ").append(e.getMessage());
        }
      });
      reader.start();
      boolean done;
      try {
        done = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (!done) {
          p.descendants().forEach(ProcessHandle::destroyForcibly);
          p.destroyForcibly();
          p.waitFor(10, TimeUnit.SECONDS);
        }
        reader.join(TimeUnit.SECONDS.toMillis(10));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        throw new IOException("interrupted while the kernel run was going on");
      }
      return new Result(out.toString(), done ? p.exitValue() : -1, !done);
    } finally {
      Files.deleteIfExists(script);
    }
  }

  static boolean isRoot() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("Uid:")) {
          return line.split("\\s+")[2].equals("0");
        }
      }
    } catch (IOException e) {
      return false;
    }
    return false;
  }

  static Path which(String tool) {
    String path = System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
    for (String dir : (path + ":/usr/sbin:/sbin").split(":")) {
      Path p = Path.of(dir.isEmpty() ? "." : dir, tool);
      if (Files.isExecutable(p)) {
        return p;
      }
    }
    return null;
  }
}
