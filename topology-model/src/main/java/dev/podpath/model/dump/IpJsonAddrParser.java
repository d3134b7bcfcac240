package dev.podpath.model.dump;

import java.util.List;

/**
 * Reads {@code ip -j addr show} (iproute2 4.13 and later): one {@link LinkFacts} per device with
 * its IPv4 addresses ({@code addr_info} entries of family {@code inet}): address and prefix length,
 * the peer of a point-to-point address ({@code "local"} differs from {@code "address"}), broadcast,
 * scope. IPv6 addresses are skipped. The link-level fields are filled as in {@link
 * IpJsonLinkParser} (kinds only with {@code -d}).
 *
 * <pre>{@code
 * {"ifname":"tap0","addr_info":[{"family":"inet","local":"10.10.100.10","address":"10.10.200.10",
 *   "prefixlen":32,"scope":"global"}]}      -> 10.10.100.10 peer 10.10.200.10/32
 * }</pre>
 */
public final class IpJsonAddrParser {

  static final String COMMAND = "ip -j addr show";

  private IpJsonAddrParser() {}

  public static ParseResult<List<LinkFacts>> parse(String file, String content) {
    Warnings w = new Warnings(file);
    if (!Inputs.usable(content, COMMAND, w)
        || !Inputs.isExpected(
            content,
            java.util.Set.of(DumpFormat.IP_JSON_ADDR, DumpFormat.IP_JSON_LINK),
            COMMAND,
            w)) {
      return w.result(List.of());
    }
    return w.result(List.copyOf(JsonDevices.read(content, COMMAND, w)));
  }
}
