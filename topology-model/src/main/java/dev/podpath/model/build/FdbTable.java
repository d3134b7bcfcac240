package dev.podpath.model.build;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.addr.MacAddress;
import dev.podpath.model.bridge.FdbEntry;
import dev.podpath.model.errno.Errno;
import dev.podpath.model.origin.Origin;
import dev.podpath.model.topo.LinkKind;
import java.util.List;
import java.util.Optional;

/**
 * A namespace's forwarding database changed as the kernel changes it ({@code rtnl_fdb_add}, {@code
 * rtnl_fdb_del}): a bridge's entries ({@code br_fdb_add}, {@code master}), a bridge's own, and a
 * VXLAN device's remote destinations ({@code vxlan_fdb_add}, {@code self}).
 */
public final class FdbTable {

  /** The request: {@code bridge fdb add}, {@code append}, {@code replace}, {@code del}. */
  public enum Op {
    ADD,
    APPEND,
    REPLACE,
    DELETE
  }

  /**
   * One {@code bridge fdb} request on a device.
   *
   * @param master the entry is the bridge's ({@code master}), not the device's own ({@code self})
   * @param dynamic {@code dynamic} was asked for (a bridge refuses to be given one)
   */
  public record Request(
      Op op,
      MacAddress mac,
      boolean master,
      FdbEntry.Kind kind,
      boolean dynamic,
      Optional<Ipv4Address> dst,
      Origin origin) {}

  private FdbTable() {}

  /** {@code bridge fdb flush}: the learned entries go. */
  public static void flushDynamic(NetnsBuilder ns) {
    ns.fdbList().removeIf(f -> f.kind() == FdbEntry.Kind.DYNAMIC);
  }

  /**
   * {@code ip link set BR type bridge fdb_flush} ({@code br_fdb_flush}): its learned entries go.
   */
  public static void flushBridge(NetnsBuilder ns, DeviceBuilder br) {
    ns.fdbList()
        .removeIf(
            f ->
                f.master().filter(br.name()::equals).isPresent()
                    && f.kind() == FdbEntry.Kind.DYNAMIC);
  }

  /**
   * Applies {@code r} to the FDB of {@code d}'s namespace; false when the kernel leaves the table
   * as it is without an error (a VXLAN append of a destination it already has).
   */
  public static boolean update(NetnsBuilder ns, DeviceBuilder d, Request r) {
    boolean del = r.op() == Op.DELETE;
    FdbEntry.Kind kind = r.kind();
    String bridge;
    String port;
    if (r.master()) {
      if (d.master().isEmpty() && !d.isBridge()) {
        throw KernelError.of(Errno.EOPNOTSUPP);
      }
      bridge = d.isBridge() ? d.name() : d.master().get().name();
      port = d.name();
      if (r.dynamic() && !del) {
        throw KernelError.of(Errno.EPERM);
      }
    } else if (d.isBridge()) {
      bridge = d.name();
      port = d.name();
      kind = FdbEntry.Kind.PERMANENT;
    } else {
      bridge = null;
      port = d.name();
    }
    MacAddress m = r.mac();
    Optional<String> owner = Optional.ofNullable(bridge);
    Optional<Ipv4Address> to = r.dst();
    boolean vxlanSelf = d.kind() == LinkKind.Type.VXLAN && !r.master();
    boolean byDst = r.op() == Op.APPEND && owner.isEmpty();
    List<FdbEntry> fdb = ns.fdbList();
    Optional<FdbEntry> existing =
        fdb.stream()
            .filter(
                f ->
                    f.mac().equals(m)
                        && (owner.isPresent()
                            ? f.master().equals(owner)
                            : f.master().isEmpty() && f.dev().equals(port))
                        && (!byDst || f.dst().equals(to)))
            .findFirst();
    if (vxlanSelf && del) {
      // Without dst the MAC goes with all its destinations; with one, only that destination
      // (and an unknown destination of a known MAC is not an error on kernel 6.18).
      boolean any =
          fdb.removeIf(
              f ->
                  f.mac().equals(m)
                      && f.master().isEmpty()
                      && f.dev().equals(port)
                      && (to.isEmpty() || f.dst().equals(to)));
      if (!any
          && fdb.stream()
              .noneMatch(f -> f.mac().equals(m) && f.master().isEmpty() && f.dev().equals(port))) {
        throw KernelError.of(Errno.ENOENT);
      }
      return true;
    }
    if (vxlanSelf && r.op() == Op.APPEND) {
      // vxlan_fdb_update_existing: append adds a destination only to the all-zero and multicast
      // entries; an existing (MAC, dst), or another dst for a unicast MAC, is left as it is.
      boolean known =
          fdb.stream()
              .anyMatch(
                  f ->
                      f.mac().equals(m)
                          && f.master().isEmpty()
                          && f.dev().equals(port)
                          && (f.dst().equals(to) || !(m.isZero() || m.isMulticast())));
      if (known) {
        return false;
      }
      fdb.add(new FdbEntry(m, port, owner, kind, to, r.origin()));
      return true;
    }
    if (vxlanSelf && to.isEmpty()) {
      throw KernelError.of(Errno.EINVAL);
    }
    if (byDst && existing.isPresent()) {
      throw KernelError.of(Errno.EEXIST);
    }
    if (del) {
      FdbEntry e =
          existing
              .filter(f -> f.dev().equals(port))
              .orElseThrow(() -> KernelError.of(Errno.ENOENT));
      fdb.remove(e);
      return true;
    }
    if (existing.isPresent() && r.op() == Op.ADD) {
      throw KernelError.of(Errno.EEXIST);
    }
    FdbEntry entry = new FdbEntry(m, port, owner, kind, to, r.origin());
    if (existing.isPresent()) {
      fdb.set(fdb.indexOf(existing.get()), entry);
    } else {
      fdb.add(entry);
    }
    return true;
  }
}
