package dev.podpath.model.dump;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The objects of {@code kubectl get KIND -o json}: a {@code List} with {@code items}, or one
 * object. A file that does not parse as a whole (cut short) still gives the complete items of its
 * {@code items} array. Package-private.
 */
final class KubectlJson {

  private static final Pattern ITEMS = Pattern.compile("\"items\"\\s*:\\s*\\[");

  private KubectlJson() {}

  static List<JsonElements.Element> items(String content, String kind, String command, Warnings w) {
    List<JsonElements.Element> out = new ArrayList<>();
    Matcher m = ITEMS.matcher(content);
    boolean hasItems = m.find();
    try {
      JsonNode root = JsonElements.MAPPER.readTree(content);
      if (root == null || !root.isObject()) {
        w.ofFile("expected the JSON object `" + command + "` prints; nothing was read");
        return out;
      }
      if (kind.equals(JsonFields.text(root, "kind").orElse(""))) {
        out.add(new JsonElements.Element(root, 1, 1, ""));
        return out;
      }
      JsonNode items = root.get("items");
      if (items == null || !items.isArray() || !hasItems) {
        w.ofFile(
            "a JSON object without \"items\" and not a "
                + kind
                + ": not the output of `"
                + command
                + "`; nothing was read");
        return out;
      }
    } catch (JsonProcessingException e) {
      if (!hasItems) {
        int line = e.getLocation() == null ? 0 : Math.max(0, e.getLocation().getLineNr());
        int col = e.getLocation() == null ? 0 : Math.max(0, e.getLocation().getColumnNr());
        w.add(
            line,
            col,
            "",
            "not valid JSON ("
                + JsonElements.message(e)
                + ") and no \"items\""
                + " array before the error: nothing was read");
        return out;
      }
    }
    for (JsonElements.Element e : JsonElements.readArray(content, m.end() - 1, command, w)) {
      String k = JsonFields.text(e.node(), "kind").orElse(kind);
      if (!k.equals(kind)) {
        w.add(e.line(), e.column(), "", "a " + k + " in a list of " + kind + "s; skipped");
        continue;
      }
      out.add(e);
    }
    return out;
  }

  static JsonNode path(JsonNode n, String... keys) {
    JsonNode cur = n;
    for (String k : keys) {
      cur = cur == null ? null : cur.get(k);
    }
    return cur;
  }
}
