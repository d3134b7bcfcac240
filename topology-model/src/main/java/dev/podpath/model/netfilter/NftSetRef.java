package dev.podpath.model.netfilter;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The values a match or map looks the key up in: written in the rule ({@code 80}, {@code
 * established,related}, {@code { 1, 2 }}, {@code { 0 : goto a, 1 : goto b }}) or a named set of the
 * table ({@code @service-ips}).
 */
public sealed interface NftSetRef {

  String render();

  /**
   * Values written in the rule.
   *
   * @param braces whether they were written as an anonymous set ({@code { ... }}); otherwise one
   *     value, or a list of flags ({@code established,related})
   */
  record Anonymous(List<SetElement> elements, boolean braces) implements NftSetRef {
    public Anonymous {
      elements = List.copyOf(elements);
      if (elements.isEmpty()) {
        throw new IllegalArgumentException("no elements");
      }
    }

    public String render() {
      return braces
          ? "{ "
              + elements.stream().map(SetElement::render).collect(Collectors.joining(", "))
              + " }"
          : elements.stream().map(SetElement::render).collect(Collectors.joining(","));
    }
  }

  /** {@code @NAME}: a set or map of the same table. */
  record Named(String name) implements NftSetRef {
    public Named {
      Objects.requireNonNull(name, "name");
    }

    public String render() {
      return "@" + name;
    }
  }
}
