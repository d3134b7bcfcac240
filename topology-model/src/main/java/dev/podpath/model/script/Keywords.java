package dev.podpath.model.script;

/**
 * iproute2's keyword matching: any prefix of a keyword selects it ({@code ip r a} = {@code ip route
 * add}).
 */
final class Keywords {

  private Keywords() {}

  /** iproute2's {@code matches()}: {@code arg} is a non-empty prefix of {@code keyword}. */
  static boolean matches(String arg, String keyword) {
    return !arg.isEmpty() && keyword.startsWith(arg);
  }
}
