package dev.podpath.model.netfilter;

/**
 * The five IPv4 netfilter hooks. A built-in chain is named after its hook ({@code INPUT} is {@code
 * NF_INET_LOCAL_IN}); the tables hang their built-in chains on them.
 */
public enum Hook {
  PREROUTING,
  INPUT,
  FORWARD,
  OUTPUT,
  POSTROUTING;

  /** The hook whose built-in chain has this name, if any. */
  public static java.util.Optional<Hook> of(String chain) {
    for (Hook h : values()) {
      if (h.name().equals(chain)) {
        return java.util.Optional.of(h);
      }
    }
    return java.util.Optional.empty();
  }
}
