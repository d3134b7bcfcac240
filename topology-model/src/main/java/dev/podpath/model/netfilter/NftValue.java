package dev.podpath.model.netfilter;

import java.util.Objects;

/**
 * One value of a match or set element, of a known {@link NftType}: a number or an inclusive range
 * of numbers (an address, a prefix, a port, a protocol, a mark, a state bit), or an interface name
 * (with {@code *} at its end, a prefix of names).
 */
public sealed interface NftValue {

  /** Whether the packet's field, {@code number} (or {@code name}), is this value. */
  boolean matches(long number, String name);

  /** The value as {@code nft list ruleset} prints it. */
  String render();

  /** Numbers {@code lo} to {@code hi} (equal for one value). */
  record Range(NftType type, long lo, long hi) implements NftValue {
    public Range {
      Objects.requireNonNull(type, "type");
      if (hi < lo) {
        throw new IllegalArgumentException("range " + lo + "-" + hi);
      }
    }

    public boolean matches(long number, String name) {
      return number >= lo && number <= hi;
    }

    public String render() {
      return type.render(lo, hi);
    }
  }

  /** An interface name; {@code foo*} matches every name that starts with {@code foo}. */
  record Name(String pattern) implements NftValue {
    public Name {
      Objects.requireNonNull(pattern, "pattern");
    }

    public boolean matches(long number, String name) {
      return pattern.endsWith("*") && !pattern.endsWith("\\*")
          ? name.startsWith(pattern.substring(0, pattern.length() - 1))
          : name.equals(pattern);
    }

    public String render() {
      return "\"" + pattern + "\"";
    }
  }
}
