package dev.podpath.model.netfilter;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * One element of a set or map: its key (one value per component of the set's type) and, in a map,
 * its data: a verdict (a verdict map's) or a value (an address of a NAT map).
 */
public record SetElement(
    List<NftValue> key, Optional<NftVerdict> verdict, Optional<NftValue> value) {

  public SetElement {
    key = List.copyOf(key);
    Objects.requireNonNull(verdict, "verdict");
    Objects.requireNonNull(value, "value");
  }

  public static SetElement of(List<NftValue> key) {
    return new SetElement(key, Optional.empty(), Optional.empty());
  }

  /** Whether the packet's key ({@code numbers} and {@code names}, one per component) is in it. */
  public boolean matches(long[] numbers, String[] names) {
    if (numbers.length != key.size()) {
      return false;
    }
    for (int i = 0; i < numbers.length; i++) {
      if (!key.get(i).matches(numbers[i], names[i])) {
        return false;
      }
    }
    return true;
  }

  public String render() {
    String k = key.stream().map(NftValue::render).collect(Collectors.joining(" . "));
    return k
        + verdict.map(v -> " : " + v.render()).orElse("")
        + value.map(v -> " : " + v.render()).orElse("");
  }
}
