package dev.podpath.model.script;

/**
 * iproute2's own check of a new interface name ({@code check_ifname}), made before it asks the
 * kernel: a name with {@code /}, {@code :} or whitespace, or empty, {@code .} or {@code ..}, is
 * refused with iproute2's {@code invarg()} message. A name of 16 characters or more goes to the
 * kernel, whose refusal ({@code model.build.NetDevices.checkName}) is printed instead.
 */
final class IfNames {

  private IfNames() {}

  static void check(String name) {
    if (name.length() >= 16) {
      return;
    }
    if (name.isEmpty()
        || name.equals(".")
        || name.equals("..")
        || name.chars().anyMatch(c -> c == '/' || c == ':' || Character.isWhitespace(c))) {
      throw CommandError.invarg("\"dev\" not a valid ifname", name);
    }
  }
}
