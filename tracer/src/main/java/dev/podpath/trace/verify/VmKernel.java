package dev.podpath.trace.verify;

import dev.podpath.model.script.Scenario;
import dev.podpath.model.sysctl.Sysctls;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Debian's stock kernel booted under {@code qemu-system-x86_64}, for the scenarios this machine's
 * kernel cannot run (no ipip, gre, dummy, wireguard or geneve module: {@link KernelFeatures}). The
 * VM boots at the first plan and runs every later one in the same boot, each with the same {@code
 * sandbox-run.sh} as on the machine, so the transcripts read alike (docs/verify.md, "The VM").
 *
 * <p>What the VM sees of the machine: {@code /usr} and {@code /etc} shared read-only over virtio-9p
 * (the programs the plans run are the machine's own), and one temporary exchange folder, the only
 * thing it can write: podpath puts each plan there ({@code run-N/}, then {@code run-N.go}) and the
 * VM its transcript ({@code run-N.out}) and exit status ({@code run-N.status}). It has no network
 * device ({@code -nodefaults}, {@code -nic none}), runs under qemu's seccomp sandbox, and is killed
 * when the run's time is up, when {@link #close()} is called or when the JVM exits (and ends itself
 * after {@link #IDLE_SECONDS} without a plan, should it outlive podpath).
 *
 * <p>The kernel and initramfs come from {@code podpath verify --fetch-vm-kernel} ({@code
 * vm-kernel-fetch.sh}) in {@link #cacheDir()}.
 */
public final class VmKernel implements KernelRun {

  static final String QEMU = "qemu-system-x86_64";

  /** How long the VM may take to boot (about 10 to 30 s under software emulation). */
  static final Duration BOOT_LIMIT = Duration.ofMinutes(3);

  /** Seconds the VM waits for a next plan before it ends itself. */
  static final int IDLE_SECONDS = 1800;

  /** The most of a transcript read back (a plan's output is far smaller). */
  private static final long MAX_TRANSCRIPT = 64L << 20;

  private static final String FETCH_HINT = "run podpath verify --fetch-vm-kernel to fetch it";

  private final Path kernelDir;
  private final String version;
  private final String accel;
  private Process qemu;
  private Path exchange;
  private Thread reaper;
  private final StringBuilder console = new StringBuilder();
  private int runs;
  private Duration bootTime = Duration.ZERO;

  private VmKernel(Path kernelDir, String version, String accel) {
    this.kernelDir = kernelDir;
    this.version = version;
    this.accel = accel;
  }

  /**
   * Where the VM's kernel is kept: {@code $PODPATH_VM_DIR}, else {@code
   * ${XDG_CACHE_HOME:-~/.cache}/podpath/vm}.
   */
  public static Path cacheDir() {
    String dir = System.getenv("PODPATH_VM_DIR");
    if (dir != null && !dir.isBlank()) {
      return Path.of(dir);
    }
    String xdg = System.getenv("XDG_CACHE_HOME");
    Path base =
        xdg != null && !xdg.isBlank()
            ? Path.of(xdg)
            : Path.of(System.getProperty("user.home"), ".cache");
    return base.resolve("podpath").resolve("vm");
  }

  /** A VM ready to boot: qemu and the kernel are here. */
  static VmKernel prepare() throws Unavailable {
    return prepare(cacheDir(), QEMU);
  }

  /** A VM ready to boot from the kernel in {@code dir}, with the program {@code qemu}. */
  static VmKernel prepare(Path dir, String qemu) throws Unavailable {
    if (NamespaceSandbox.which(qemu) == null) {
      throw new Unavailable(
          "not available: " + qemu + " not found (apt-get install qemu-system-x86)");
    }
    for (String f : List.of("vmlinuz", "initramfs.cpio.gz", "kernel-version")) {
      if (!Files.isRegularFile(dir.resolve(f))) {
        throw new Unavailable("kernel image not found in " + dir + ": " + FETCH_HINT);
      }
    }
    if (!Files.isSymbolicLink(Path.of("/bin")) || !Files.isSymbolicLink(Path.of("/lib"))) {
      throw new Unavailable(
          "the VM runs this machine's programs from its /usr, and /bin and /lib are not links into"
              + " /usr here (a merged /usr, as on Debian 12 and Ubuntu 20.04 on, is needed)");
    }
    String version;
    try {
      version = Files.readString(dir.resolve("kernel-version")).strip();
    } catch (IOException e) {
      throw new Unavailable("kernel image not found in " + dir + ": " + FETCH_HINT);
    }
    String accel = System.getenv("PODPATH_VM_ACCEL");
    return new VmKernel(
        dir, version, accel == null || accel.isBlank() ? "tcg" : accel.strip().toLowerCase());
  }

  /**
   * Fetches Debian's kernel and busybox with {@code apt-get download} and builds the initramfs into
   * {@link #cacheDir()} ({@code vm-kernel-fetch.sh}); its progress goes to {@code log}.
   *
   * @return the exit status of the script (0 when the kernel is in place)
   */
  public static int fetch(Appendable log) throws IOException {
    Path dir = cacheDir();
    Files.createDirectories(dir);
    Path script = Files.createTempFile(dir, "vm-kernel-fetch", ".sh");
    try {
      Files.write(script, KernelPlan.resource("vm-kernel-fetch.sh"));
      Process p =
          new ProcessBuilder("bash", script.toString(), dir.toString())
              .redirectErrorStream(true)
              .start();
      p.getOutputStream().close();
      try (InputStream in = p.getInputStream()) {
        log.append(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      }
      return p.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while fetching the kernel");
    } finally {
      Files.deleteIfExists(script);
    }
  }

  @Override
  public String describe() {
    return "Debian's kernel "
        + version
        + " in a VM ("
        + QEMU
        + ", "
        + accel
        + (bootTime.isZero() ? "" : ", booted in " + bootTime.toSeconds() + " s")
        + ")";
  }

  /** The tools the plans run, looked up in this machine's /usr, which the VM shares. */
  @Override
  public void check(List<String> tools) throws Unavailable {
    List<String> missing = new ArrayList<>();
    for (String t : tools) {
      if (NamespaceSandbox.which(t) == null) {
        missing.add(t);
      }
    }
    if (!missing.isEmpty()) {
      throw new Unavailable(
          "missing on this machine (the VM runs its programs): "
              + String.join(", ", missing)
              + " (apt-get install "
              + String.join(" ", NamespaceSandbox.packages(missing))
              + ")");
    }
  }

  /** Debian's kernel has every module of {@link KernelFeatures#MODULES}. */
  @Override
  public Optional<String> lacks(Scenario sc) {
    return Optional.empty();
  }

  /** The VM's namespaces start from the kernel's defaults: nothing sets a sysctl at its boot. */
  @Override
  public Sysctls inherited() {
    return Sysctls.kernelDefaults();
  }

  @Override
  public synchronized Result execute(KernelPlan plan, Duration timeout)
      throws Unavailable, IOException {
    if (qemu == null || !qemu.isAlive()) {
      boot();
    }
    int n = ++runs;
    Path dir = exchange.resolve("run-" + n);
    Files.createDirectory(
        dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
    plan.writeTo(dir);
    KernelPlan.write(dir.resolve("sandbox-run.sh"), KernelPlan.resource("sandbox-run.sh"));
    Files.createFile(exchange.resolve("run-" + n + ".go"));
    Path status = exchange.resolve("run-" + n + ".status");
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!Files.exists(status, LinkOption.NOFOLLOW_LINKS)) {
      if (!qemu.isAlive()) {
        String why = lastConsoleLine();
        shutDown();
        throw new Unavailable("the VM ended during the run" + (why.isEmpty() ? "" : ": " + why));
      }
      if (System.nanoTime() > deadline) {
        // the VM's state is unknown now: the next plan boots a fresh one
        String partial = readBack(exchange.resolve("run-" + n + ".out"));
        shutDown();
        return new Result(partial, -1, true);
      }
      pause(100);
    }
    String transcript = readBack(exchange.resolve("run-" + n + ".out"));
    int exit;
    try {
      exit = Integer.parseInt(readBack(status).strip());
    } catch (NumberFormatException e) {
      exit = -1;
    }
    NamespaceSandbox.deleteTree(dir);
    if (!transcript.contains(KernelTranscript.RUNNER)) {
      String why =
          transcript
              .lines()
              .filter(l -> !l.startsWith("# vm:"))
              .collect(java.util.stream.Collectors.joining("\n"))
              .strip()
              .replaceFirst("^sandbox-run: ", "");
      throw new Unavailable(
          "the kernel sandbox in the VM could not start: "
              + (why.isEmpty()
                  ? "exit status " + exit
                  : KernelPlan.printable(why.lines().findFirst().orElse(why))));
    }
    return new Result(transcript, exit, false);
  }

  private void boot() throws Unavailable, IOException {
    exchange =
        Files.createTempDirectory(
            "podpath-vm-",
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
    Files.setPosixFilePermissions(exchange, PosixFilePermissions.fromString("rwxr-xr-x"));
    KernelPlan.write(exchange.resolve("vm-init.sh"), KernelPlan.resource("vm-init.sh"));
    KernelPlan.write(
        exchange.resolve("idle"), (IDLE_SECONDS + "\n").getBytes(StandardCharsets.UTF_8));
    List<String> cmd =
        List.of(
            QEMU,
            "-accel",
            accel,
            "-m",
            "1024",
            "-smp",
            "1",
            "-nodefaults",
            "-no-user-config",
            "-nic",
            "none",
            "-display",
            "none",
            "-serial",
            "stdio",
            "-no-reboot",
            "-kernel",
            kernelDir.resolve("vmlinuz").toString(),
            "-initrd",
            kernelDir.resolve("initramfs.cpio.gz").toString(),
            "-append",
            "console=ttyS0 quiet panic=-1",
            "-virtfs",
            share("/usr", "usr", true),
            "-virtfs",
            share("/etc", "etc", true),
            "-virtfs",
            share(exchange.toString(), "exchange", false),
            "-sandbox",
            "on,obsolete=deny,elevateprivileges=deny,spawn=deny,resourcecontrol=deny");
    long start = System.nanoTime();
    qemu = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    qemu.getOutputStream().close();
    Process started = qemu;
    Thread drain =
        new Thread(
            () -> {
              try (InputStream in = started.getInputStream()) {
                byte[] buf = new byte[8192];
                for (int k; (k = in.read(buf)) >= 0; ) {
                  synchronized (console) {
                    console.append(new String(buf, 0, k, StandardCharsets.UTF_8));
                    if (console.length() > 65536) {
                      console.delete(0, console.length() - 32768);
                    }
                  }
                }
              } catch (IOException e) {
                // the VM ended
              }
            },
            "podpath-vm-console");
    drain.setDaemon(true);
    drain.start();
    if (reaper == null) {
      reaper = new Thread(this::shutDown, "podpath-vm-reaper");
      Runtime.getRuntime().addShutdownHook(reaper);
    }
    Path ready = exchange.resolve("ready");
    long deadline = start + BOOT_LIMIT.toNanos();
    while (!Files.exists(ready, LinkOption.NOFOLLOW_LINKS)) {
      Path failed = exchange.resolve("failed");
      if (!qemu.isAlive() || Files.exists(failed, LinkOption.NOFOLLOW_LINKS)) {
        String why =
            Files.exists(failed, LinkOption.NOFOLLOW_LINKS)
                ? readBack(failed).strip()
                : lastConsoleLine();
        shutDown();
        throw new Unavailable("the VM did not boot" + (why.isEmpty() ? "" : ": " + why));
      }
      if (System.nanoTime() > deadline) {
        shutDown();
        throw new Unavailable("the VM did not boot within " + BOOT_LIMIT.toSeconds() + " s");
      }
      pause(100);
    }
    bootTime = Duration.ofNanos(System.nanoTime() - start);
  }

  private static String share(String path, String tag, boolean readOnly) {
    if (path.contains(",")) {
      throw new IllegalArgumentException("a folder shared with the VM has a comma: " + path);
    }
    return "local,path="
        + path
        + ",mount_tag="
        + tag
        + ",security_model=none"
        + (readOnly ? ",readonly=on" : "");
  }

  private String lastConsoleLine() {
    synchronized (console) {
      List<String> lines =
          console.toString().lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
      return lines.isEmpty() ? "" : KernelPlan.printable(lines.get(lines.size() - 1));
    }
  }

  /** A file the VM wrote: a regular file (not a link it made), at most {@link #MAX_TRANSCRIPT}. */
  private static String readBack(Path file) throws IOException {
    BasicFileAttributes a;
    try {
      a = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (java.nio.file.NoSuchFileException e) {
      return "";
    }
    if (!a.isRegularFile()) {
      throw new IOException("the VM left something other than a file at " + file.getFileName());
    }
    try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
      byte[] bytes = in.readNBytes((int) Math.min(a.size(), MAX_TRANSCRIPT));
      return new String(bytes, StandardCharsets.UTF_8);
    }
  }

  private static void pause(long millis) throws IOException {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while the VM was running");
    }
  }

  /** Asks the VM to power off, kills it if it has not after a few seconds, deletes the folder. */
  private synchronized void shutDown() {
    Process p = qemu;
    qemu = null;
    if (p != null && p.isAlive()) {
      try {
        if (exchange != null) {
          Files.createFile(exchange.resolve("stop"));
        }
        p.waitFor(10, TimeUnit.SECONDS);
      } catch (IOException e) {
        // killed below
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      p.destroyForcibly();
      try {
        p.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (exchange != null) {
      try {
        NamespaceSandbox.deleteTree(exchange);
      } catch (IOException e) {
        // a temporary folder: left for the system to clear
      }
      exchange = null;
    }
  }

  @Override
  public void close() {
    shutDown();
    Thread r = reaper;
    reaper = null;
    if (r != null && !Thread.currentThread().equals(r)) {
      try {
        Runtime.getRuntime().removeShutdownHook(r);
      } catch (IllegalStateException e) {
        // the JVM is exiting: the hook runs anyway
      }
    }
  }
}
