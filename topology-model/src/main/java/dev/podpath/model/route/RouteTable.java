package dev.podpath.model.route;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.addr.Prefix;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;

/**
 * An immutable routing table with longest-prefix match on a path-compressed binary trie.
 *
 * <p>{@link #matches} returns every route whose prefix contains an address, longest prefix first
 * and, within one prefix, lowest metric first (insertion order among equals), which is the order
 * the kernel's {@code fib_table_lookup} considers them in. Lookup is O(32) node visits whatever the
 * table size; building is O(n * 32).
 *
 * <pre>{@code
 * RouteTable t = RouteTable.of(254, List.of(defaultRoute, podCidrRoute));
 * t.matches(Ipv4Address.parse("10.244.1.5")).get(0);   // the /24 before the default
 * }</pre>
 */
public final class RouteTable {

  private static final Comparator<Route> BY_METRIC = Comparator.comparingInt(Route::metric);

  private final int id;
  private final List<Route> routes;
  private final Node root;

  private RouteTable(int id, List<Route> routes) {
    this.id = id;
    this.routes = List.copyOf(routes);
    Node r = null;
    for (Route route : this.routes) {
      if (route.table() != id) {
        throw new IllegalArgumentException(
            "route " + route + " belongs to table " + route.table() + ", not " + id);
      }
      r = insert(r, route);
    }
    this.root = r;
    freeze(root);
  }

  public static RouteTable of(int id, List<Route> routes) {
    return new RouteTable(id, routes);
  }

  public static RouteTable empty(int id) {
    return new RouteTable(id, List.of());
  }

  public int id() {
    return id;
  }

  /** All routes, in the order they were added. */
  public List<Route> routes() {
    return routes;
  }

  public boolean isEmpty() {
    return routes.isEmpty();
  }

  /**
   * Routes whose prefix contains {@code address}: longest prefix first, then lowest metric. The
   * list is unmodifiable; when one prefix matches (the common case) it is that prefix's own list,
   * so a lookup allocates nothing.
   */
  public List<Route> matches(Ipv4Address address) {
    Node longest = null;
    Node next = null;
    int found = 0;
    Node n = root;
    int a = address.bits();
    while (n != null) {
      if ((a & Prefix.mask(n.len)) != n.bits) {
        break;
      }
      if (!n.routes.isEmpty()) {
        found++;
        next = longest;
        longest = n;
      }
      if (n.len == 32) {
        break;
      }
      n = bit(a, n.len) ? n.one : n.zero;
    }
    if (found == 0) {
      return List.of();
    } else if (found == 1) {
      return longest.routes;
    } else if (found == 2) {
      List<Route> out = new ArrayList<>(longest.routes.size() + next.routes.size());
      out.addAll(longest.routes);
      out.addAll(next.routes);
      return Collections.unmodifiableList(out);
    }
    List<Node> path = new ArrayList<>(found);
    for (n = root; n != null; n = n.len == 32 ? null : bit(a, n.len) ? n.one : n.zero) {
      if ((a & Prefix.mask(n.len)) != n.bits) {
        break;
      }
      if (!n.routes.isEmpty()) {
        path.add(n);
      }
    }
    List<Route> out = new ArrayList<>();
    for (int i = path.size() - 1; i >= 0; i--) {
      out.addAll(path.get(i).routes);
    }
    return Collections.unmodifiableList(out);
  }

  /** Routes for exactly this prefix, lowest metric first. */
  public List<Route> exact(Prefix prefix) {
    Node n = root;
    int a = prefix.network().bits();
    while (n != null && n.len <= prefix.length()) {
      if ((a & Prefix.mask(n.len)) != n.bits) {
        return List.of();
      }
      if (n.len == prefix.length()) {
        return n.routes;
      }
      n = bit(a, n.len) ? n.one : n.zero;
    }
    return List.of();
  }

  @Override
  public String toString() {
    return "table " + TableIds.name(id) + " (" + routes.size() + " routes)";
  }

  // ---- the trie ----

  private static final class Node {
    final int bits;
    final int len;
    List<Route> routes = List.of();
    Node zero;
    Node one;

    Node(int bits, int len) {
      this.bits = bits;
      this.len = len;
    }
  }

  private static boolean bit(int bits, int position) {
    return ((bits >>> (31 - position)) & 1) == 1;
  }

  private static int commonLength(int a, int aLen, int b, int bLen) {
    int max = Math.min(aLen, bLen);
    int diff = a ^ b;
    int common = diff == 0 ? 32 : Integer.numberOfLeadingZeros(diff);
    return Math.min(common, max);
  }

  private static Node leaf(Route route) {
    Node n = new Node(route.destination().network().bits(), route.destination().length());
    n.routes = List.of(route);
    return n;
  }

  private static void attach(Node parent, Node child) {
    if (bit(child.bits, parent.len)) {
      parent.one = child;
    } else {
      parent.zero = child;
    }
  }

  private static Node insert(Node root, Route route) {
    if (root == null) {
      return leaf(route);
    }
    int pBits = route.destination().network().bits();
    int pLen = route.destination().length();
    Node parent = null;
    Node node = root;
    while (true) {
      int common = commonLength(node.bits, node.len, pBits, pLen);
      if (common < node.len) {
        Node split = new Node(pBits & Prefix.mask(common), common);
        attach(split, node);
        if (common == pLen) {
          split.routes = List.of(route);
        } else {
          attach(split, leaf(route));
        }
        if (parent == null) {
          return split;
        }
        attach(parent, split);
        return root;
      }
      if (node.len == pLen) {
        List<Route> more = new ArrayList<>(node.routes);
        more.add(route);
        node.routes = more;
        return root;
      }
      Node child = bit(pBits, node.len) ? node.one : node.zero;
      if (child == null) {
        attach(node, leaf(route));
        return root;
      }
      parent = node;
      node = child;
    }
  }

  private static void freeze(Node root) {
    List<Node> stack = new ArrayList<>();
    if (root != null) {
      stack.add(root);
    }
    while (!stack.isEmpty()) {
      Node n = stack.remove(stack.size() - 1);
      if (n.routes.size() > 1) {
        List<Route> sorted = new ArrayList<>(n.routes);
        sorted.sort(BY_METRIC);
        n.routes = List.copyOf(sorted);
      }
      if (n.zero != null) {
        stack.add(n.zero);
      }
      if (n.one != null) {
        stack.add(n.one);
      }
    }
  }
}
