package dev.podpath.model.build;

import dev.podpath.model.errno.Errno;
import dev.podpath.model.neigh.NeighEntry;
import dev.podpath.model.neigh.NudState;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * A namespace's neighbour entries changed as {@code net/core/neighbour.c} changes them ({@code
 * neigh_add}, {@code neigh_delete}): an entry is keyed by its device, address and whether it is a
 * proxy entry.
 */
public final class NeighTable {

  /** The netlink flags of a request: {@code ip neigh add}, {@code change}, {@code replace}. */
  public enum Request {
    /** {@code NLM_F_CREATE | NLM_F_EXCL}: an existing entry is refused. */
    ADD,
    /** {@code NLM_F_REPLACE}: a missing entry is refused. */
    CHANGE,
    /** {@code NLM_F_CREATE | NLM_F_REPLACE}: made or replaced. */
    REPLACE
  }

  private NeighTable() {}

  /**
   * Adds or replaces {@code entry}: a permanent, noarp or reachable entry needs a link-layer
   * address ({@code EINVAL}, "No link layer address given"); {@link Request#ADD} of an existing
   * entry gives {@code EEXIST}, {@link Request#CHANGE} of a missing one {@code ENOENT}.
   */
  public static void update(NetnsBuilder ns, NeighEntry entry, Request request) {
    List<NeighEntry> table = ns.neighbourList();
    Optional<NeighEntry> existing = table.stream().filter(sameKey(entry)).findFirst();
    NudState nud = entry.state();
    if (!entry.proxy()
        && entry.lladdr().isEmpty()
        && (nud == NudState.PERMANENT || nud == NudState.NOARP || nud == NudState.REACHABLE)) {
      throw KernelError.of(Errno.EINVAL, "No link layer address given");
    }
    if (existing.isPresent() && request == Request.ADD) {
      throw KernelError.of(Errno.EEXIST);
    }
    if (existing.isEmpty() && request == Request.CHANGE) {
      throw KernelError.of(Errno.ENOENT);
    }
    if (existing.isPresent()) {
      table.set(table.indexOf(existing.get()), entry);
    } else {
      table.add(entry);
    }
  }

  /** {@code ip neigh del}: the entry with {@code key}'s device, address and proxy flag. */
  public static void delete(NetnsBuilder ns, NeighEntry key) {
    List<NeighEntry> table = ns.neighbourList();
    NeighEntry found =
        table.stream()
            .filter(sameKey(key))
            .findFirst()
            .orElseThrow(() -> KernelError.of(Errno.ENOENT));
    table.remove(found);
  }

  /** {@code ip neigh flush}: every entry {@code which} accepts is deleted. */
  public static void flush(NetnsBuilder ns, Predicate<NeighEntry> which) {
    ns.neighbourList().removeIf(which);
  }

  private static Predicate<NeighEntry> sameKey(NeighEntry e) {
    return n ->
        n.address().equals(e.address()) && n.dev().equals(e.dev()) && n.proxy() == e.proxy();
  }
}
