package dev.podpath.model.route;

import java.util.Optional;

/** The reserved routing-table numbers and names of {@code /etc/iproute2/rt_tables}. */
public final class TableIds {
  public static final int UNSPEC = 0;
  public static final int DEFAULT = 253;
  public static final int MAIN = 254;
  public static final int LOCAL = 255;

  private TableIds() {}

  /** Parses {@code local}, {@code main}, {@code default} or a number from 1 to 2^32-1. */
  public static Optional<Integer> parse(String text) {
    switch (text) {
      case "local":
        return Optional.of(LOCAL);
      case "main":
        return Optional.of(MAIN);
      case "default":
        return Optional.of(DEFAULT);
      case "unspec":
        return Optional.of(UNSPEC);
      default:
        try {
          long v = Long.parseLong(text);
          return v >= 0 && v <= 0xFFFFFFFFL ? Optional.of((int) v) : Optional.empty();
        } catch (NumberFormatException e) {
          return Optional.empty();
        }
    }
  }

  /** The name {@code ip} prints for a table number. */
  public static String name(int id) {
    switch (id) {
      case LOCAL:
        return "local";
      case MAIN:
        return "main";
      case DEFAULT:
        return "default";
      default:
        return Integer.toUnsignedString(id);
    }
  }
}
