package dev.podpath.model.netfilter;

import java.util.Collection;
import java.util.stream.Collectors;

/** How {@code iptables-save} spells values: quoted strings, hex marks, negations. */
final class SaveSyntax {

  private static final String NO_QUOTE =
      "_-0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

  private SaveSyntax() {}

  /**
   * A string as libxtables' {@code xtables_save_string} prints it: bare if it has only letters,
   * digits, {@code _} and {@code -}, else in double quotes with {@code "}, {@code \} and {@code '}
   * escaped by a backslash.
   */
  static String quote(String value) {
    if (!value.isEmpty() && value.chars().allMatch(c -> NO_QUOTE.indexOf(c) >= 0)) {
      return value;
    }
    StringBuilder sb = new StringBuilder("\"");
    for (char c : value.toCharArray()) {
      if (c == '"' || c == '\\' || c == '\'') {
        sb.append('\\');
      }
      sb.append(c);
    }
    return sb.append('"').toString();
  }

  /**
   * An argument kept verbatim (of a match or target podpath does not model): quoted only if the
   * restore tokenizer would otherwise split it.
   */
  static String verbatim(String arg) {
    boolean plain =
        !arg.isEmpty()
            && arg.chars().noneMatch(c -> c == ' ' || c == '\t' || c == '"' || c == '\\');
    return plain ? arg : quote(arg);
  }

  static String hex(long value) {
    return "0x" + Long.toHexString(value);
  }

  /** {@code ! } when negated. */
  static String not(boolean negated) {
    return negated ? "! " : "";
  }

  /** Enum constants joined by commas, in declaration order. */
  static <E extends Enum<E>> String names(Collection<E> values) {
    return values.stream().sorted().map(Enum::name).collect(Collectors.joining(","));
  }

  static final long ALL_BITS = 0xFFFF_FFFFL;

  static void checkMark(long value, long mask) {
    if (value < 0 || value > ALL_BITS || mask < 0 || mask > ALL_BITS) {
      throw new IllegalArgumentException("mark out of range: " + value + "/" + mask);
    }
  }

  /** {@code value/mask} as the mark matches print it: the mask only when it is not 0xffffffff. */
  static String valueMask(long value, long mask) {
    return hex(value) + (mask == ALL_BITS ? "" : "/" + hex(mask));
  }

  /** iptables' interface match: {@code eth+} is a prefix, anything else the exact name. */
  static boolean interfaceMatches(String pattern, String dev) {
    if (pattern.endsWith("+")) {
      return dev.startsWith(pattern.substring(0, pattern.length() - 1));
    }
    return pattern.equals(dev);
  }
}
