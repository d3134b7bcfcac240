package dev.podpath.model.script;

/** iproute2's keyword matching: any prefix of a keyword selects it ({@code ip r a} = {@code ip route add}). */
final class Keywords {

  private Keywords() {}

  /** iproute2's {@code matches()}: {@code arg} is a non-empty prefix of {@code keyword}. */
  static boolean matches(String arg, String keyword) {
    return !arg.isEmpty() && keyword.startsWith(arg);
  }

  /** Whether {@code arg} is a prefix of any of the keywords. */
  static boolean matchesAny(String arg, String... keywords) {
    for (String k : keywords) {
      if (matches(arg, k)) {
        return true;
      }
    }
    return false;
  }
}
