package dev.podpath.sim.netfilter;

import com.google.common.cache.CacheBuilder;
import com.google.common.cache.CacheLoader;
import com.google.common.cache.LoadingCache;
import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.netfilter.Chain;
import dev.podpath.model.netfilter.Match;
import dev.podpath.model.netfilter.Rule;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The rules of a long chain indexed by destination address, so that KUBE-SERVICES with one rule per
 * Service is not walked rule by rule: a rule with {@code -d A/32} (not negated) can only match a
 * packet to A, so for a packet to D the candidates are the rules for D and the rules without such a
 * destination, in their chain order. First-match order is kept exactly: the kernel checks the IP
 * header ({@code ip_packet_match}: -s, -d, -p, -i, -o) before any match module, so a rule skipped
 * here is one whose {@code -d} fails, which neither matches nor runs a module (no statistic draw,
 * no counter).
 *
 * <p>Indexes are built once per chain (chains are immutable) and shared by every run: a cache with
 * weak, identity-compared keys, so a chain no topology holds any more is forgotten.
 */
final class ChainIndex {

  /** Chains shorter than this are walked rule by rule. */
  static final int MIN_RULES = 32;

  private static final LoadingCache<Chain, ChainIndex> CACHE =
      CacheBuilder.newBuilder().weakKeys().build(CacheLoader.from(ChainIndex::new));

  private static final int[] NONE = new int[0];

  private final Map<Integer, int[]> byDestination;
  private final int[] unkeyed;

  private ChainIndex(Chain chain) {
    Map<Integer, List<Integer>> keyed = new HashMap<>();
    List<Integer> rest = new ArrayList<>();
    List<Rule> rules = chain.rules();
    for (int i = 0; i < rules.size(); i++) {
      Optional<Ipv4Address> d = hostDestination(rules.get(i));
      if (d.isPresent()) {
        keyed.computeIfAbsent(d.get().bits(), k -> new ArrayList<>()).add(i);
      } else {
        rest.add(i);
      }
    }
    byDestination = new HashMap<>();
    keyed.forEach((k, v) -> byDestination.put(k, v.stream().mapToInt(Integer::intValue).toArray()));
    unkeyed = rest.stream().mapToInt(Integer::intValue).toArray();
  }

  /** The index of {@code chain}, if it is long enough to need one. */
  static Optional<ChainIndex> of(Chain chain) {
    return chain.rules().size() < MIN_RULES
        ? Optional.empty()
        : Optional.of(CACHE.getUnchecked(chain));
  }

  /** The positions (0-based, ascending) of the rules that can match a packet to {@code dst}. */
  int[] candidates(Ipv4Address dst) {
    int[] a = byDestination.getOrDefault(dst.bits(), NONE);
    if (a.length == 0) {
      return unkeyed;
    }
    int[] out = new int[a.length + unkeyed.length];
    int i = 0;
    int j = 0;
    int k = 0;
    while (i < a.length || j < unkeyed.length) {
      out[k++] = j >= unkeyed.length || (i < a.length && a[i] < unkeyed[j]) ? a[i++] : unkeyed[j++];
    }
    return out;
  }

  /** The first candidate at or after {@code from}, or {@code Integer.MAX_VALUE}. */
  static int next(int[] candidates, int from) {
    int p = Arrays.binarySearch(candidates, from);
    if (p < 0) {
      p = -p - 1;
    }
    return p < candidates.length ? candidates[p] : Integer.MAX_VALUE;
  }

  private static Optional<Ipv4Address> hostDestination(Rule r) {
    for (Match m : r.matches()) {
      if (m instanceof Match.Destination d && !d.negated() && d.prefix().length() == 32) {
        return Optional.of(d.prefix().network());
      }
    }
    return Optional.empty();
  }
}
