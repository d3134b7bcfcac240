package dev.podpath.trace.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.podpath.model.script.Scenario;
import dev.podpath.model.script.ScenarioInterpreter;
import dev.podpath.model.sysctl.Sysctls;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What verify's VM needs and says before it boots anything (the boot itself is
 * LiveKernelVerifyTest's, with -Pkernel): the two messages that tell what to install or fetch, and
 * the modules a plan asks the VM to load.
 */
final class VmKernelTest {

  private static final Path SAMPLES = Path.of("..", "samples");

  @Test
  void withoutQemu_saysWhichPackageBringsIt() {
    KernelRun.Unavailable e =
        assertThrows(
            KernelRun.Unavailable.class,
            () -> VmKernel.prepare(Path.of("."), "podpath-no-such-qemu"));
    assertThat(e.getMessage())
        .isEqualTo(
            "not available: podpath-no-such-qemu not found (apt-get install qemu-system-x86)");
  }

  @Test
  void withoutTheKernel_saysHowToFetchIt(@TempDir Path empty) {
    KernelRun.Unavailable e =
        assertThrows(KernelRun.Unavailable.class, () -> VmKernel.prepare(empty, "bash"));
    assertThat(e.getMessage())
        .isEqualTo(
            "kernel image not found in "
                + empty
                + ": run podpath verify --fetch-vm-kernel to fetch it");
  }

  @Test
  void withTheKernel_lacksNothing_andStartsFromTheKernelsDefaults(@TempDir Path dir)
      throws Exception {
    for (String f : List.of("vmlinuz", "initramfs.cpio.gz")) {
      Files.writeString(dir.resolve(f), "");
    }
    Files.writeString(dir.resolve("kernel-version"), "6.1.0-50-amd64\n");
    VmKernel vm = VmKernel.prepare(dir, "bash");
    Scenario ipip = ScenarioInterpreter.interpret(SAMPLES.resolve("ipip-demo.sh"));
    assertThat(vm.lacks(ipip)).isEmpty();
    assertThat(vm.inherited()).isEqualTo(Sysctls.kernelDefaults());
    assertThat(vm.describe()).startsWith("Debian's kernel 6.1.0-50-amd64 in a VM (");
    vm.close();
  }

  @Test
  void aPlan_asksForTheModulesItsDevicesNeed_andOnlyThose() throws Exception {
    Scenario ipip = ScenarioInterpreter.interpret(SAMPLES.resolve("ipip-demo.sh"));
    Scenario calico = ScenarioInterpreter.interpret(SAMPLES.resolve("calico-ipip.sh"));
    Scenario veth = ScenarioInterpreter.interpret(SAMPLES.resolve("veth-pair.sh"));
    assertThat(KernelPlan.of(ipip, List.of()).modules()).containsExactly("ipip");
    assertThat(KernelPlan.of(calico, List.of()).modules()).containsExactly("ipip");
    assertThat(KernelPlan.of(veth, List.of()).modules()).isEmpty();
    // the reruns that locate a differing probe load them too
    assertThat(
            KernelPlan.of(ipip, List.of())
                .upToProbe(0, ipip.kernelSteps().get(ipip.kernelSteps().size() - 1))
                .modules())
        .containsExactly("ipip");
  }
}
