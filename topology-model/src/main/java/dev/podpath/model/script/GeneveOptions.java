package dev.podpath.model.script;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.topo.LinkKind;
import java.util.Set;

/**
 * The arguments after {@code type geneve}, parsed as iproute2 6.1's {@code geneve_parse_opt()} does
 * (its messages). podpath models a Geneve device with one IPv4 {@code remote} (OVN's and the
 * samples'); {@code external} (collect-metadata mode, OVS's) and IPv6 are not modelled.
 *
 * <pre>{@code
 * ip link add g0 type geneve id 42 remote 192.168.0.2 [dstport 6081] [ttl N|auto|inherit]
 * }</pre>
 */
final class GeneveOptions {

  /** Settings that do not change which packets go where in podpath's model. */
  private static final Set<String> IGNORED_WITH_VALUE = Set.of("tos", "dsfield", "label");

  private static final Set<String> IGNORED_FLAGS =
      Set.of(
          "noexternal",
          "udpcsum",
          "noudpcsum",
          "udp6zerocsumtx",
          "noudp6zerocsumtx",
          "udp6zerocsumrx",
          "noudp6zerocsumrx");

  private GeneveOptions() {}

  static LinkKind.Geneve parse(Exec ex, Args a) {
    Integer vni = null;
    Ipv4Address remote = null;
    int port = LinkKind.Geneve.DEFAULT_PORT;
    int ttl = 0;
    boolean inherit = false;
    while (a.hasNext()) {
      String k = a.next();
      switch (k) {
        case "id", "vni" -> {
          String v = a.value();
          long n = Args.u32(v, "invalid id");
          if (n >= 1L << 24) {
            throw CommandError.invarg("invalid id", v);
          }
          vni = (int) n;
        }
        case "remote" -> {
          String v = a.value();
          if (Args.isIpv6(v)) {
            throw new CommandError("geneve remote " + v + ": IPv6 is not modelled by podpath");
          }
          remote =
              Ipv4Address.tryParse(v)
                  .orElseThrow(() -> CommandError.invarg("invalid remote address", v));
          if (remote.isMulticast()) {
            throw CommandError.invarg("invalid remote address", v);
          }
        }
        case "ttl", "hoplimit" -> {
          String v = a.value();
          if (v.equals("inherit")) {
            inherit = true;
          } else if (!v.equals("auto")) {
            long t = Args.u32(v, "invalid TTL");
            if (t > 255) {
              throw CommandError.invarg("TTL must be <= 255", v);
            }
            ttl = (int) t;
          }
        }
        case "dstport" -> {
          String v = a.value();
          long p = Args.u32(v, "dstport");
          if (p > 65535) {
            throw CommandError.invarg("dstport", v);
          }
          port = (int) p;
        }
        case "df" -> {
          String v = a.value();
          if (!v.equals("unset")) {
            throw new CommandError("geneve df " + v + " is not modelled by podpath (only unset)");
          }
        }
        case "external" ->
            throw new CommandError(
                "geneve external (collect-metadata mode, as Open vSwitch uses it) is not modelled"
                    + " by podpath");
        case "innerprotoinherit" ->
            throw new CommandError("geneve innerprotoinherit is not modelled by podpath");
        default -> {
          if (IGNORED_WITH_VALUE.contains(k)) {
            a.value();
            ex.info("geneve " + k + " does not change podpath's datapath");
          } else if (!IGNORED_FLAGS.contains(k)) {
            throw new CommandError("geneve: unknown command \"" + k + "\"?");
          }
        }
      }
    }
    if (vni == null) {
      throw new CommandError("geneve: missing virtual network identifier");
    }
    if (remote == null) {
      throw new CommandError("geneve: remote link partner not specified");
    }
    return new LinkKind.Geneve(vni, remote, port, ttl, inherit);
  }
}
