package dev.podpath.model.netfilter;

import dev.podpath.model.origin.Origin;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A named set ({@code add set}) or map ({@code add map}) of a table.
 *
 * @param type the types of its key, one per component of a concatenation
 * @param data a map's data: {@code verdict} ({@code Optional.of(Optional.empty())}), a value type,
 *     or none for a set
 * @param interval whether it was declared with {@code flags interval} (ranges and prefixes allowed)
 */
public record NftSet(
    String name,
    List<NftType> type,
    Optional<Optional<NftType>> data,
    boolean interval,
    List<SetElement> elements,
    Origin origin) {

  public NftSet {
    Objects.requireNonNull(name, "name");
    type = List.copyOf(type);
    Objects.requireNonNull(data, "data");
    elements = List.copyOf(elements);
    Objects.requireNonNull(origin, "origin");
  }

  public boolean isMap() {
    return data.isPresent();
  }

  public boolean isVerdictMap() {
    return data.isPresent() && data.get().isEmpty();
  }

  public NftSet withElements(List<SetElement> e) {
    return new NftSet(name, type, data, interval, e, origin);
  }

  /** The set as {@code nft list ruleset} prints it, indented one tab (inside its table). */
  public String render() {
    StringBuilder sb = new StringBuilder();
    sb.append('\t').append(isMap() ? "map " : "set ").append(name).append(" {\n");
    sb.append("\t\ttype ")
        .append(type.stream().map(NftType::keyword).collect(Collectors.joining(" . ")));
    data.ifPresent(d -> sb.append(" : ").append(d.map(NftType::keyword).orElse("verdict")));
    sb.append('\n');
    if (interval) {
      sb.append("\t\tflags interval\n");
    }
    if (!elements.isEmpty()) {
      sb.append("\t\telements = { ")
          .append(
              elements.stream()
                  .map(SetElement::render)
                  .collect(Collectors.joining(",\n\t\t\t     ")))
          .append(" }\n");
    }
    return sb.append("\t}\n").toString();
  }
}
