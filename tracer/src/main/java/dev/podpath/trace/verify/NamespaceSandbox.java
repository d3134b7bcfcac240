package dev.podpath.trace.verify;

import dev.podpath.model.script.Scenario;
import dev.podpath.model.sysctl.Sysctls;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs a {@link KernelPlan} for real on this machine's kernel, inside a sandbox that cannot harm
 * the machine and vanishes with its process ({@code sandbox-run.sh}: an unprivileged user outside,
 * root only inside its own user, network, mount, UTS, IPC, PID and cgroup namespaces, the file
 * systems read-only; see docs/verify.md), and returns the transcript with the state dump of the
 * namespaces asked for. Nothing of the machine's own network or files is read or changed.
 */
public final class NamespaceSandbox implements KernelRun {

  static final NamespaceSandbox INSTANCE = new NamespaceSandbox();

  private NamespaceSandbox() {}

  @Override
  public String describe() {
    return "this machine's kernel, in a namespace sandbox";
  }

  @Override
  public void check(List<String> tools) throws Unavailable {
    preflight(tools);
  }

  @Override
  public Optional<String> lacks(Scenario sc) {
    return KernelFeatures.missingFor(sc);
  }

  @Override
  public Sysctls inherited() {
    return HostSysctls.read();
  }

  @Override
  public Result execute(KernelPlan plan, Duration timeout) throws Unavailable, IOException {
    return run(plan, timeout);
  }

  /** Nothing to end: each run's sandbox ended with it. */
  @Override
  public void close() {}

  /** Checks that the kernel side can run: root, and the tools the scenario needs. */
  static void preflight(List<String> tools) throws Unavailable {
    if (!isRoot()) {
      throw new Unavailable(
          "the kernel run needs root (it creates network namespaces in a sandbox); run as root or with sudo");
    }
    List<String> missing = new ArrayList<>();
    for (String t : tools) {
      if (which(t) == null) {
        missing.add(t);
      }
    }
    if (!missing.isEmpty()) {
      throw new Unavailable(
          "missing on this machine: "
              + String.join(", ", missing)
              + " (apt-get install "
              + String.join(" ", packages(missing))
              + ")");
    }
  }

  /**
   * Runs {@code plan} in the kernel sandbox ({@code sandbox-run.sh}; docs/verify.md) and returns
   * its transcript. The plan's folder is a temporary one, readable by the sandbox's unprivileged
   * user and deleted afterwards; the whole process tree is killed when {@code timeout} passes.
   */
  static Result run(KernelPlan plan, Duration timeout) throws Unavailable, IOException {
    Path dir =
        Files.createTempDirectory(
            "podpath-plan-",
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    try {
      plan.writeTo(dir);
      Path script = dir.resolve("sandbox-run.sh");
      KernelPlan.write(script, KernelPlan.resource("sandbox-run.sh"));
      ProcessBuilder pb = new ProcessBuilder("bash", script.toString(), dir.toString());
      pb.redirectErrorStream(true);
      Process p = pb.start();
      p.getOutputStream().close();
      StringBuilder out = new StringBuilder();
      Thread reader =
          new Thread(
              () -> {
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
      String transcript = out.toString();
      if (done && !transcript.contains(KernelTranscript.RUNNER)) {
        // the sandbox never started: say why instead of comparing with nothing
        String why = transcript.strip().replaceFirst("^sandbox-run: ", "");
        throw new Unavailable(
            "the kernel sandbox could not start: "
                + (why.isEmpty()
                    ? "exit status " + p.exitValue()
                    : KernelPlan.printable(why.lines().findFirst().orElse(why)))
                + (why.contains("unshare") && !why.contains("user namespaces")
                    ? " (are user namespaces allowed here? sysctl"
                        + " user.max_user_namespaces, and AppArmor's kernel.apparmor_restrict_unprivileged_userns)"
                    : ""));
      }
      return new Result(transcript, done ? p.exitValue() : -1, !done);
    } finally {
      deleteTree(dir);
    }
  }

  static void deleteTree(Path dir) throws IOException {
    try (java.util.stream.Stream<Path> all = Files.walk(dir)) {
      for (Path f : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(f);
      }
    }
  }

  /** The Debian packages that bring {@code tools}. */
  static List<String> packages(List<String> tools) {
    java.util.Set<String> out = new java.util.LinkedHashSet<>();
    for (String t : tools) {
      out.add(
          switch (t) {
            case "ip", "bridge" -> "iproute2";
            case "unshare", "setpriv", "mount" -> "util-linux";
            case "mknod", "timeout" -> "coreutils";
            case "sysctl" -> "procps";
            case "ping" -> "iputils-ping";
            case "brctl" -> "bridge-utils";
            case "nc" -> "netcat-openbsd";
            case "iptables", "iptables-save", "iptables-restore" -> "iptables";
            case "ipset" -> "ipset";
            case "ifconfig", "route" -> "net-tools";
            case "wg" -> "wireguard-tools";
            case "nft" -> "nftables";
            default -> t;
          });
    }
    return List.copyOf(out);
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

  /**
   * Where the sandbox finds its programs: the system's folders, whatever PATH the caller has
   * (sandbox-run.sh sets the same), so that a tool found here is the one the kernel run uses.
   */
  static final String SYSTEM_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

  static Path which(String tool) {
    for (String dir : SYSTEM_PATH.split(":")) {
      Path p = Path.of(dir, tool);
      if (Files.isExecutable(p)) {
        return p;
      }
    }
    return null;
  }
}
