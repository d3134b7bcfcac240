package dev.podpath.model.dump;

import java.util.List;
import java.util.Set;

/**
 * Reads the text of {@code ip -d link show} (also {@code ip link}, {@code ip -o link}): per device
 * the ifindex, name, the {@code @peer} suffix ({@code @if2} is an ifindex in another namespace,
 * {@code @enp0s5} a device here), flags, MTU, master, state, the link-layer address, {@code
 * link-netns}/{@code link-netnsid}, and with {@code -d} the kind (the first word of the detail
 * line: {@code veth}, {@code bridge}, {@code vxlan}, ...), a bridge's ageing time and STP state, a
 * VXLAN device's settings and a TUN device's type ({@link TunnelKinds}), and a bridge port's {@code
 * hairpin}, {@code learning} and {@code flood}.
 *
 * <pre>{@code
 * 5: veth-pod6@if2: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue master cni0 state UP
 *     link/ether 3e:bd:eb:32:34:27 brd ff:ff:ff:ff:ff:ff link-netns pod6 promiscuity 1
 *     veth
 *     bridge_slave state forwarding ... hairpin off ... learning off flood off ...
 * }</pre>
 */
public final class IpLinkTextParser {

  static final String COMMAND = "ip -d link show";

  private IpLinkTextParser() {}

  public static ParseResult<List<LinkFacts>> parse(String file, String content) {
    Warnings w = new Warnings(file);
    if (!Inputs.usable(content, COMMAND, w)
        || !Inputs.isExpected(
            content, Set.of(DumpFormat.IP_LINK_TEXT, DumpFormat.IP_ADDR_TEXT), COMMAND, w)) {
      return w.result(List.of());
    }
    return w.result(IpTextDevices.read(content, w));
  }
}
