package dev.podpath.model.build;

import dev.podpath.model.topo.LinkKind;
import dev.podpath.model.topo.ListeningSocket;
import dev.podpath.model.topo.NetDevice;
import java.util.Collection;

/**
 * The sockets the kernel opens by itself for its devices, which the model does not hold as
 * listening sockets because the device stands for them: a VXLAN device that is up has a UDP socket
 * on its destination port, on every address ({@code vxlan_sock_add}, which {@code ss -lun} lists
 * without a process), and so has a Geneve device ({@code geneve_sock_add}) and a WireGuard device
 * on its listen-port ({@code wg_socket_init}). The simulator hands such a datagram to the device
 * before any socket is looked up.
 */
public final class KernelSockets {

  private KernelSockets() {}

  /** Whether the kernel opened {@code s} for one of {@code devices}. */
  public static boolean madeByKernel(ListeningSocket s, Collection<NetDevice> devices) {
    return s.protocol() == ListeningSocket.UDP
        && s.address().isEmpty()
        && devices.stream()
            .anyMatch(
                d ->
                    d.up()
                        && (d.kind() instanceof LinkKind.Vxlan v && v.dstPort() == s.port()
                            || d.kind() instanceof LinkKind.Geneve g && g.dstPort() == s.port()
                            || d.kind() instanceof LinkKind.WireGuard w
                                && w.listenPort() == s.port()));
  }
}
