package dev.podpath.trace.matrix;

import dev.podpath.model.addr.Prefix;
import java.util.Objects;

/**
 * One {@code --sources} or {@code --destinations} selector: a name, the pods and namespace of a
 * node, or the endpoints whose address is in a CIDR.
 *
 * <pre>{@code
 * Selector.parse("default/busybox-pg7ps");   // Name[text=default/busybox-pg7ps]
 * Selector.parse("node=worker1");            // OnNode[node=worker1]
 * Selector.parse("10.10.0.0/16");            // InCidr[prefix=10.10.0.0/16]
 * }</pre>
 */
public sealed interface Selector {

  /** {@return whether this selector picks the endpoint} */
  boolean matches(MatrixEndpoint e);

  /**
   * A name: an endpoint's label ({@code trace}'s {@code --from}/{@code --to}: a namespace, an
   * address, a pod or Service as {@code namespace/name}), its address, or the namespace it is or
   * belongs to.
   */
  record Name(String text) implements Selector {
    public Name {
      Objects.requireNonNull(text, "text");
    }

    @Override
    public boolean matches(MatrixEndpoint e) {
      return e.label().equals(text)
          || e.address().filter(a -> a.toString().equals(text)).isPresent()
          || e.netns().filter(n -> n.value().equals(text)).isPresent();
    }
  }

  /** {@code node=NAME}: the pods kubectl places on the node, and the node's own namespace. */
  record OnNode(String node) implements Selector {
    public OnNode {
      Objects.requireNonNull(node, "node");
    }

    @Override
    public boolean matches(MatrixEndpoint e) {
      return e.node().filter(node::equals).isPresent();
    }
  }

  /** A CIDR: the endpoints whose address is in it. */
  record InCidr(Prefix prefix) implements Selector {
    public InCidr {
      Objects.requireNonNull(prefix, "prefix");
    }

    @Override
    public boolean matches(MatrixEndpoint e) {
      return e.address().filter(prefix::contains).isPresent();
    }
  }

  /** {@return the selector {@code text} spells} */
  static Selector parse(String text) {
    Objects.requireNonNull(text, "text");
    if (text.startsWith("node=")) {
      return new OnNode(text.substring("node=".length()));
    }
    if (text.indexOf('/') > 0 && Character.isDigit(text.charAt(0))) {
      return Prefix.tryParse(text).<Selector>map(InCidr::new).orElseGet(() -> new Name(text));
    }
    return new Name(text);
  }
}
