package dev.podpath.model.snapshot;

import dev.podpath.model.dump.DumpWarning;
import dev.podpath.model.dump.ParseResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code ip netns list-id}: the ids a namespace gives the namespaces it sees ({@code
 * link-netnsid} in {@code ip link} refers to them), with the iproute2 name where there is one.
 *
 * <pre>{@code
 * nsid 0 (iproute2 netns name: pod5)
 * nsid 1
 * }</pre>
 */
final class NetnsIds {

  private static final Pattern LINE =
      Pattern.compile(
          "^nsid (\\d{1,9})(?:\\s+current-nsid \\S+)?(?:\\s+\\(iproute2 netns name: (\\S+)\\))?\\s*$");

  private NetnsIds() {}

  static ParseResult<Map<Integer, Optional<String>>> parse(String file, String content) {
    Map<Integer, Optional<String>> out = new LinkedHashMap<>();
    List<DumpWarning> w = new ArrayList<>();
    if (content.indexOf('\0') >= 0) {
      return ParseResult.of(
          out,
          List.of(
              DumpWarning.ofFile(
                  file, "binary data: this is not the text output of" + " `ip netns list-id`")));
    }
    String[] lines = content.split("\r?\n|\r", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      if (line.isBlank()) {
        continue;
      }
      Matcher m = LINE.matcher(line.strip());
      if (!m.matches()) {
        w.add(
            new DumpWarning(
                file,
                i + 1,
                1,
                line,
                "not a line of `ip netns list-id` (\"nsid N (iproute2"
                    + " netns name: NAME)\"); skipped"));
        continue;
      }
      out.put(Integer.parseInt(m.group(1)), Optional.ofNullable(m.group(2)));
    }
    return ParseResult.of(out, w);
  }
}
