package dev.podpath.model.bridge;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.addr.MacAddress;
import dev.podpath.model.origin.Origin;
import java.util.Objects;
import java.util.Optional;

/**
 * A forwarding-database entry ({@code bridge fdb}).
 *
 * <pre>{@code
 * 12:e2:df:9d:78:14 dev veth-p1 master cni0 static
 * 00:00:00:00:00:00 dev flannel.1 dst 192.168.2.15 self permanent
 * }</pre>
 *
 * @param mac the station address
 * @param dev the port (or, for {@code self} entries, the device itself)
 * @param master the bridge the entry belongs to ({@code master}); absent for {@code self} entries
 * @param kind permanent ({@code permanent}/{@code local}), static, or dynamic (learned/added)
 * @param dst the remote VTEP for VXLAN entries
 */
public record FdbEntry(
    MacAddress mac,
    String dev,
    Optional<String> master,
    Kind kind,
    Optional<Ipv4Address> dst,
    Origin origin) {

  /** How an entry behaves: permanent entries are local (delivered up), static ones never age. */
  public enum Kind {
    /** A local address of the bridge or a port: frames to it go up to the host. */
    PERMANENT,
    /** A user entry that never ages. */
    STATIC,
    /** An entry that ages ({@code dynamic}, or learned). */
    DYNAMIC
  }

  public FdbEntry {
    Objects.requireNonNull(mac, "mac");
    Objects.requireNonNull(dev, "dev");
    Objects.requireNonNull(master, "master");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(dst, "dst");
    Objects.requireNonNull(origin, "origin");
  }

  @Override
  public String toString() {
    return mac
        + " dev "
        + dev
        + dst.map(d -> " dst " + d).orElse("")
        + master.map(m -> " master " + m).orElse(" self")
        + switch (kind) {
          case PERMANENT -> " permanent";
          case STATIC -> " static";
          case DYNAMIC -> "";
        };
  }
}
