package dev.podpath.trace.verify;

import dev.podpath.model.script.Scenario;
import dev.podpath.model.sysctl.Sysctls;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A real kernel that runs {@link KernelPlan}s ({@code podpath verify}'s kernel side) and returns
 * their transcripts: this machine's own, in a namespace sandbox ({@link #sandbox()}), or a stock
 * Debian kernel booted under qemu for what this one lacks ({@link #vm()}). Both run the same {@code
 * sandbox-run.sh} over the same plan, so their transcripts read alike (docs/verify.md). A VM boots
 * at its first plan and runs every later one in the same boot; {@link #close()} ends it.
 */
public sealed interface KernelRun extends AutoCloseable permits NamespaceSandbox, VmKernel {

  /** The kernel side cannot run here; the message says why (exit status 2). */
  final class Unavailable extends Exception {
    private static final long serialVersionUID = 1L;

    public Unavailable(String message) {
      super(message);
    }
  }

  /** The transcript, and the exit status of the script inside the sandbox. */
  record Result(String transcript, int exitStatus, boolean timedOut) {}

  /** The programs every kernel run needs, whatever the scenario. */
  List<String> SANDBOX_TOOLS =
      List.of("bash", "unshare", "setpriv", "mount", "mknod", "timeout", "ip", "bridge", "sysctl");

  /** This machine's kernel, each plan in a throwaway namespace sandbox. */
  static KernelRun sandbox() {
    return NamespaceSandbox.INSTANCE;
  }

  /**
   * Debian's kernel in a VM (not booted yet: {@link #execute} boots it once).
   *
   * @throws Unavailable when qemu or the kernel image is missing, with what to do about it
   */
  static KernelRun vm() throws Unavailable {
    return VmKernel.prepare();
  }

  /** Which kernel this is, for the report. */
  String describe();

  /** Checks that plans which run {@code tools} can run here: root, and the tools. */
  void check(List<String> tools) throws Unavailable;

  /** What this kernel lacks to run {@code sc} (the ipip module...), if anything. */
  Optional<String> lacks(Scenario sc);

  /** The IPv4 {@code conf/all} and {@code conf/default} values new namespaces start with there. */
  Sysctls inherited();

  /**
   * Runs {@code plan} and returns its transcript; the run is stopped when {@code timeout} passes
   * ({@link Result#timedOut()}).
   *
   * @throws Unavailable when the kernel side could not start
   */
  Result execute(KernelPlan plan, Duration timeout) throws Unavailable, IOException;

  /** Ends what runs the plans (a VM); nothing outlives it. */
  @Override
  void close();

  /** Checks that the namespace sandbox can run: root, and the tools the scenario needs. */
  static void preflight(List<String> tools) throws Unavailable {
    NamespaceSandbox.preflight(tools);
  }

  /** {@code plan} run in the namespace sandbox on this machine's kernel ({@link #sandbox()}). */
  static Result run(KernelPlan plan, Duration timeout) throws Unavailable, IOException {
    return NamespaceSandbox.run(plan, timeout);
  }
}
