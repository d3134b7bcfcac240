package dev.podpath.model.netfilter;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What makes a chain a base chain: {@code type filter hook forward priority 0; policy drop;}.
 *
 * @param priority the number the kernel orders the hook's functions by (lower first; iptables'
 *     tables sit at raw -300, mangle -150, nat -100 (DNAT) and 100 (SNAT), filter 0, security 50)
 */
public record BaseChain(Type type, Hook hook, int priority, Policy policy) {

  /** The chain types of the {@code ip} and {@code inet} families. */
  public enum Type {
    FILTER,
    NAT,
    /** Re-routes a packet whose mark or addresses changed at OUTPUT: not modelled. */
    ROUTE;

    public String word() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static Optional<Type> parse(String word) {
      for (Type t : values()) {
        if (t.word().equals(word)) {
          return Optional.of(t);
        }
      }
      return Optional.empty();
    }
  }

  /** The priority names of {@code nft} for the ip and inet families ({@code nft(8)}). */
  public static final Map<String, Integer> PRIORITIES =
      Map.of(
          "raw", -300, "mangle", -150, "dstnat", -100, "filter", 0, "security", 50, "srcnat", 100);

  public BaseChain {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(hook, "hook");
    Objects.requireNonNull(policy, "policy");
  }

  /** The hook's name as {@code nft} spells it ({@code prerouting}). */
  public static String hookWord(Hook hook) {
    return hook.name().toLowerCase(java.util.Locale.ROOT);
  }

  /** {@code type nat hook prerouting priority dstnat; policy accept;} */
  public String render() {
    String name =
        PRIORITIES.entrySet().stream()
            .filter(e -> e.getValue() == priority)
            .map(Map.Entry::getKey)
            // nft accepts dstnat at prerouting only, srcnat at postrouting only
            .filter(n -> !n.equals("dstnat") || hook == Hook.PREROUTING)
            .filter(n -> !n.equals("srcnat") || hook == Hook.POSTROUTING)
            .findFirst()
            .orElse(Integer.toString(priority));
    return "type "
        + type.word()
        + " hook "
        + hookWord(hook)
        + " priority "
        + name
        + "; policy "
        + policy.name().toLowerCase(java.util.Locale.ROOT)
        + ";";
  }
}
