package dev.podpath.model.route;

import java.util.Optional;

/** Route and address scopes, with the kernel's numeric values (smaller = wider). */
public enum RouteScope {
  GLOBAL(0, "global"),
  SITE(200, "site"),
  LINK(253, "link"),
  HOST(254, "host"),
  NOWHERE(255, "nowhere");

  private final int value;
  private final String keyword;

  RouteScope(int value, String keyword) {
    this.value = value;
    this.keyword = keyword;
  }

  public int value() {
    return value;
  }

  public String keyword() {
    return keyword;
  }

  /**
   * Parses {@code global}, {@code universe}, {@code site}, {@code link}, {@code host}, {@code
   * nowhere} or a number.
   */
  public static Optional<RouteScope> parse(String text) {
    if (text.equals("universe")) {
      return Optional.of(GLOBAL);
    }
    for (RouteScope s : values()) {
      if (s.keyword.equals(text) || String.valueOf(s.value).equals(text)) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }
}
