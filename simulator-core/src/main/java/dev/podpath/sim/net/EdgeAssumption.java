package dev.podpath.sim.net;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.addr.Prefix;
import java.util.List;
import java.util.Objects;

/**
 * What a run assumes of a gateway no dump owns: the next hop behind the edge of a snapshot (a cloud
 * VPC router, a home or ISP router), to which a packet is sent and of which nothing was dumped
 * ({@code --edge}). By default nothing is assumed, and a packet sent there leaves the model
 * (EXITED_MODEL, the verdict UNKNOWN).
 *
 * <pre>{@code
 * EdgeAssumption.dropsPrivate(List.of(Prefix.parse("10.240.0.5/32")));
 * // the gateway does not route 10/8, 172.16/12, 192.168/16 or 100.64/10, except 10.240.0.5
 * }</pre>
 *
 * @param mode what the gateway is assumed to do
 * @param routed destinations the gateway is taken to own and route (the dumped hosts' own addresses
 *     and their connected subnets: the VPC or LAN they sit on)
 */
public record EdgeAssumption(Mode mode, List<Prefix> routed) {

  /** What a gateway no dump owns does with a packet, as {@code --edge} names it. */
  public enum Mode {
    /** Nothing is assumed: the packet leaves the model (the default). */
    UNKNOWN("unknown"),
    /**
     * The gateway does not route private address space it does not own (RFC 1918 and the shared
     * space of RFC 6598): pod, Service and other nodes' private networks. The usual behaviour of a
     * cloud VPC router or a home router.
     */
    DROPS_PRIVATE("drops-private"),
    /**
     * The gateway routes every dumped host's own networks back to that host (a cloud VPC router
     * with a route per node's pod CIDR): modelled when the snapshot is loaded, as a router
     * namespace {@code edge} on the gateways' segments; what none of them owns leaves the model.
     */
    ROUTES("routes");

    private final String word;

    Mode(String word) {
      this.word = word;
    }

    /** The word {@code --edge} takes. */
    public String word() {
      return word;
    }
  }

  /** RFC 1918's private networks and RFC 6598's shared address space. */
  public static final List<Prefix> PRIVATE =
      List.of(
          Prefix.parse("10.0.0.0/8"),
          Prefix.parse("172.16.0.0/12"),
          Prefix.parse("192.168.0.0/16"),
          Prefix.parse("100.64.0.0/10"));

  /** Nothing assumed. */
  public static final EdgeAssumption UNKNOWN = new EdgeAssumption(Mode.UNKNOWN, List.of());

  public EdgeAssumption {
    Objects.requireNonNull(mode, "mode");
    routed = List.copyOf(routed);
  }

  /** The gateway drops private destinations except {@code routed}. */
  public static EdgeAssumption dropsPrivate(List<Prefix> routed) {
    return new EdgeAssumption(Mode.DROPS_PRIVATE, routed);
  }

  /** Whether the gateway drops a packet to {@code dst} under this assumption. */
  public boolean drops(Ipv4Address dst) {
    return mode == Mode.DROPS_PRIVATE
        && PRIVATE.stream().anyMatch(p -> p.contains(dst))
        && routed.stream().noneMatch(p -> p.contains(dst));
  }
}
