package dev.podpath.model.build;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podpath.model.addr.MacAddress;
import dev.podpath.model.origin.Origin;
import dev.podpath.model.topo.BridgePort;
import dev.podpath.model.topo.LinkKind;
import dev.podpath.model.topo.ListeningSocket;
import dev.podpath.model.topo.NetDevice;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

final class KernelSocketsTest {

  private static NetDevice vxlan(boolean up) {
    return new NetDevice(
        "flannel.1",
        5,
        new LinkKind.Vxlan(
            1, Optional.empty(), Optional.empty(), Optional.of("eth0"), 8472, false, 0, false),
        MacAddress.parse("0e:f1:00:00:00:16"),
        1450,
        up,
        Optional.empty(),
        BridgePort.DEFAULTS,
        List.of(),
        Origin.KERNEL);
  }

  private static ListeningSocket udp(int port) {
    return new ListeningSocket(ListeningSocket.UDP, Optional.empty(), port, Origin.KERNEL);
  }

  @Test
  void anUpVxlanDevice_hasTheKernelsSocketOnItsPort() {
    assertThat(KernelSockets.madeByKernel(udp(8472), List.of(vxlan(true)))).isTrue();
  }

  @Test
  void aDownVxlanDevice_orAnotherPort_orTcp_isNotTheKernels() {
    assertThat(KernelSockets.madeByKernel(udp(8472), List.of(vxlan(false)))).isFalse();
    assertThat(KernelSockets.madeByKernel(udp(8285), List.of(vxlan(true)))).isFalse();
    assertThat(
            KernelSockets.madeByKernel(
                new ListeningSocket(ListeningSocket.TCP, Optional.empty(), 8472, Origin.KERNEL),
                List.of(vxlan(true))))
        .isFalse();
  }
}
