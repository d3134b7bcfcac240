package dev.podpath.model.netfilter.parse;

/** What iptables accepts as a user chain name. */
final class ChainNames {

  /** {@code XT_EXTENSION_MAXNAMELEN} - 1: "must be under 29 chars". */
  static final int MAX = 28;

  private ChainNames() {}

  static void check(String name) {
    if (name.length() > MAX) {
      throw IptablesError.parameter("chain name `" + name + "' too long (must be under 29 chars)");
    }
    if (name.startsWith("-")) {
      throw IptablesError.parameter("chain name not allowed to start with `-'");
    }
    if (name.isEmpty() || name.chars().anyMatch(Character::isWhitespace)) {
      throw IptablesError.parameter("Invalid chain name `" + name + "'");
    }
    if (Extensions.isTargetName(name)) {
      throw IptablesError.parameter("chain name may not clash with target name");
    }
  }
}
