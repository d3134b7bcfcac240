package dev.podpath.model.dump;

import java.util.List;
import java.util.Set;

/**
 * Reads the text of {@code ip addr show} and {@code ip -o addr show} (also busybox {@code ip
 * addr}): per device its link-level facts as {@link IpLinkTextParser} reads them, and its IPv4
 * addresses: {@code inet A/L [peer P/L] [brd B] scope S}. IPv6 addresses are skipped.
 *
 * <pre>{@code
 * 3: cni0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP group default
 *     link/ether 3e:bd:eb:32:34:27 brd ff:ff:ff:ff:ff:ff
 *     inet 10.10.1.1/24 scope global cni0
 * 2: enp0s5    inet 192.168.2.16/24 brd 192.168.2.255 scope global enp0s5\       valid_lft ...
 * }</pre>
 */
public final class IpAddrTextParser {

  static final String COMMAND = "ip addr show";

  private IpAddrTextParser() {}

  public static ParseResult<List<LinkFacts>> parse(String file, String content) {
    Warnings w = new Warnings(file);
    if (!Inputs.usable(content, COMMAND, w)
        || !Inputs.isExpected(
            content, Set.of(DumpFormat.IP_ADDR_TEXT, DumpFormat.IP_LINK_TEXT), COMMAND, w)) {
      return w.result(List.of());
    }
    return w.result(IpTextDevices.read(content, w));
  }
}
