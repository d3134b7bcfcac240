package dev.podpath.model.dump;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/** Typed, null-safe reads of iproute2 JSON fields. Package-private. */
final class JsonFields {

  private JsonFields() {}

  static boolean has(JsonNode n, String key) {
    return n.has(key);
  }

  /** A string field; numbers are given as their text ({@code "table":"100"} or {@code 100}). */
  static Optional<String> text(JsonNode n, String key) {
    JsonNode v = n.get(key);
    if (v == null || v.isNull() || v.isContainerNode()) {
      return Optional.empty();
    }
    return Optional.of(v.asText());
  }

  /** An integer field, given as a number or as decimal/hex text; empty when absent or not one. */
  static OptionalLong number(JsonNode n, String key) {
    JsonNode v = n.get(key);
    if (v == null || v.isNull()) {
      return OptionalLong.empty();
    }
    if (v.isIntegralNumber()) {
      return OptionalLong.of(v.asLong());
    }
    if (v.isTextual()) {
      return parseLong(v.asText());
    }
    return OptionalLong.empty();
  }

  static OptionalLong parseLong(String t) {
    try {
      if (t.startsWith("0x") || t.startsWith("0X")) {
        return OptionalLong.of(Long.parseUnsignedLong(t.substring(2), 16));
      }
      return OptionalLong.of(Long.parseLong(t));
    } catch (NumberFormatException e) {
      return OptionalLong.empty();
    }
  }

  /** A boolean field: JSON true/false, or iproute2's older {@code "on"}/{@code 1}. */
  static Optional<Boolean> bool(JsonNode n, String key) {
    JsonNode v = n.get(key);
    if (v == null || v.isNull()) {
      return Optional.empty();
    }
    if (v.isBoolean()) {
      return Optional.of(v.asBoolean());
    }
    if (v.isNumber()) {
      return Optional.of(v.asInt() != 0);
    }
    String t = v.asText();
    if (t.equals("on") || t.equals("true")) {
      return Optional.of(true);
    }
    if (t.equals("off") || t.equals("false")) {
      return Optional.of(false);
    }
    return Optional.empty();
  }

  /** A string array ({@code "flags":["UP","LOWER_UP"]}); a lone string counts as one element. */
  static List<String> strings(JsonNode n, String key) {
    JsonNode v = n.get(key);
    List<String> out = new ArrayList<>();
    if (v == null || v.isNull()) {
      return out;
    }
    if (v.isArray()) {
      v.forEach(
          e -> {
            if (!e.isContainerNode()) {
              out.add(e.asText());
            }
          });
    } else if (!v.isContainerNode()) {
      out.add(v.asText());
    }
    return out;
  }

  /** The compact text of an object, for an {@code Origin}. */
  static String compact(String text) {
    return text.length() > 240 ? text.substring(0, 240) + "…" : text;
  }
}
