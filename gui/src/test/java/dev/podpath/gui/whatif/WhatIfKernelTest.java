package dev.podpath.gui.whatif;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podpath.gui.BackgroundWork;
import dev.podpath.gui.MainViewModel;
import dev.podpath.gui.RecentFiles;
import dev.podpath.gui.Samples;
import dev.podpath.model.topo.NetnsName;
import dev.podpath.trace.api.KernelUnavailableException;
import dev.podpath.trace.api.Network;
import dev.podpath.trace.api.Podpath;
import dev.podpath.trace.verify.HostSysctls;
import dev.podpath.trace.verify.Verifier;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kernel judges a script saved from the GUI: flannel-vxlan with worker1's flannel.1 set down,
 * and the GUI's ping asked again after it, run as {@code podpath verify} runs it (the API's kernel
 * side, in its throwaway sandbox). Skipped, naming why, where the kernel side cannot run (not root,
 * a tool missing); with {@code mvn verify -Pkernel}.
 */
@Tag("kernel")
final class WhatIfKernelTest {

  @TempDir Path tmp;

  @Test
  void savedScript_flannelVxlanWithALinkDown_theKernelAgrees() throws Exception {
    MainViewModel vm =
        new MainViewModel(BackgroundWork.inPlace(), new RecentFiles(tmp.resolve("recent")));
    vm.open(Samples.sample("flannel-vxlan.sh"));
    vm.trace().fromProperty().set("busybox-jpnb6");
    vm.trace().toProperty().set("10.10.2.4");
    vm.trace().trace();
    vm.whatIf().apply(new Edit.LinkState(NetnsName.of("worker1"), "flannel.1", false));
    assertThat(vm.trace().verdictProperty().get()).startsWith("NOT REACHABLE");
    // saved beside the sample: a script's restore files are read from its own folder
    Path saved = tmp.resolve("flannel-vxlan-whatif.sh");
    vm.whatIf().save(saved, m -> {});

    Network net = Podpath.loadScenario(saved, HostSysctls.read());
    net.kernelLacks().ifPresent(why -> Assumptions.abort("this kernel lacks " + why));
    Verifier.Report r;
    try {
      r = net.verifyInKernel(Duration.ofMinutes(5));
    } catch (KernelUnavailableException e) {
      Assumptions.abort("the kernel side cannot run here: " + e.getMessage());
      return;
    }

    assertThat(r.differing()).as(r.toString()).isZero();
    assertThat(r.allAgree()).as(r.toString()).isTrue();
    Verifier.ProbeResult last = r.probes().get(r.probes().size() - 1);
    assertThat(last.probe().netns()).isEqualTo(NetnsName.of("busybox-jpnb6"));
    assertThat(last.agree()).isTrue();
    assertThat(String.join("\n", last.kernel())).doesNotContain(" 0% packet loss");
  }
}
