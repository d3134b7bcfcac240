package dev.podpath.model.build;

import dev.podpath.model.addr.MacAddress;
import dev.podpath.model.bridge.FdbEntry;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The FDB entries the kernel makes by itself from its devices, which the model does not hold
 * because it derives them where they matter ({@code sim.net.Bridging} makes a bridge's local
 * entries from its ports' addresses), so that a dump listing them and a script whose commands made
 * them build the same namespace:
 *
 * <ul>
 *   <li>a bridge's local entries ({@code fdb_add_local} in {@code net/bridge/br_fdb.c}): {@code MAC
 *       dev PORT master BR permanent} for each port's own address, and {@code MAC dev BR master BR
 *       permanent} for the bridge's;
 *   <li>a device's address lists ({@code dev_uc_add}, {@code dev_mc_add}), which {@code bridge fdb
 *       show} prints as {@code self permanent}: the multicast groups it joined by itself
 *       (01:00:5e:00:00:01, 33:33:00:00:00:01) and the addresses of macvlans on top of it. Only a
 *       VXLAN device's {@code self} entries are its forwarding table, and they are kept.
 * </ul>
 */
public final class KernelFdb {

  private KernelFdb() {}

  /**
   * Whether the kernel made {@code e} by itself.
   *
   * @param macs the devices of the namespace and their addresses
   * @param vxlans the names of the namespace's VXLAN devices
   */
  public static boolean madeByKernel(FdbEntry e, Map<String, MacAddress> macs, Set<String> vxlans) {
    if (e.kind() != FdbEntry.Kind.PERMANENT || e.dst().isPresent()) {
      return false;
    }
    if (e.master().isEmpty()) {
      return !vxlans.contains(e.dev());
    }
    return Optional.ofNullable(macs.get(e.dev())).filter(e.mac()::equals).isPresent();
  }
}
