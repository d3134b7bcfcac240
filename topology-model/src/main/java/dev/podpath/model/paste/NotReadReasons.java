package dev.podpath.model.paste;

/**
 * Why output of a kind podpath does not read is not read, where two places say it. Package-private.
 */
final class NotReadReasons {

  /**
   * {@code ip route get}: the answer to one lookup at one moment (route, device, source), not the
   * table; podpath makes the lookup itself from the routes, and a route made up from one answer
   * would claim a prefix the answer does not show.
   */
  static final String ROUTE_GET =
      "`ip route get` answers one lookup (the route's prefix, table and other"
          + " routes are not in it), and podpath makes that lookup itself from the routes: paste `ip route show table"
          + " all` (or `ip route`) instead";

  private NotReadReasons() {}
}
