package dev.podpath.model.snapshot;

import dev.podpath.model.dump.DumpWarning;
import dev.podpath.model.dump.ParseResult;
import dev.podpath.model.origin.Origin;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The optional {@code underlay.txt} of a snapshot: which node interfaces share an L2 segment, when
 * sharing a subnet does not say it right (two subnets on one switch, one subnet split by routers).
 *
 * <pre>{@code
 * # segment NAME NODE/DEV...     these interfaces are on one L2 segment
 * segment rack1 worker1/enp0s5 worker2/enp0s5
 * # alone NODE/DEV...            these interfaces lead out of the model (nothing dumped behind them)
 * alone worker3/eth1
 * }</pre>
 *
 * <p>Interfaces the file does not name are grouped by subnet as usual.
 *
 * @param segments segment name to its members ({@code node/dev})
 * @param alone members that lead out of the model
 */
record Underlay(
    Map<String, List<String>> segments, List<String> alone, Map<String, Origin> origins) {

  static final Underlay NONE = new Underlay(Map.of(), List.of(), Map.of());

  Underlay {
    segments = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(segments));
    alone = List.copyOf(alone);
    origins = Map.copyOf(origins);
  }

  boolean names(String member) {
    return alone.contains(member) || segments.values().stream().anyMatch(l -> l.contains(member));
  }

  static ParseResult<Underlay> parse(String file, String content) {
    Map<String, List<String>> segments = new LinkedHashMap<>();
    List<String> alone = new ArrayList<>();
    Map<String, Origin> origins = new LinkedHashMap<>();
    List<DumpWarning> w = new ArrayList<>();
    String[] lines = content.split("\r?\n|\r", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      String t = line.strip();
      int hash = t.indexOf('#');
      if (hash >= 0) {
        t = t.substring(0, hash).strip();
      }
      if (t.isEmpty()) {
        continue;
      }
      String[] f = t.split("\\s+");
      List<String> members = new ArrayList<>();
      int firstMember = f[0].equals("segment") ? 2 : 1;
      boolean ok =
          (f[0].equals("segment") && f.length >= 3) || (f[0].equals("alone") && f.length >= 2);
      if (!ok) {
        w.add(
            new DumpWarning(
                file,
                i + 1,
                1,
                line,
                "expected `segment NAME NODE/DEV...` or `alone NODE/DEV...`;" + " skipped"));
        continue;
      }
      for (int k = firstMember; k < f.length; k++) {
        String m = f[k];
        int slash = m.indexOf('/');
        if (slash <= 0 || slash == m.length() - 1 || m.indexOf('/', slash + 1) >= 0) {
          w.add(
              new DumpWarning(
                  file,
                  i + 1,
                  line.indexOf(m) + 1,
                  line,
                  "\"" + m + "\" is not NODE/DEV; skipped"));
          continue;
        }
        members.add(m);
        origins.put(m, new Origin(file, i + 1, line));
      }
      if (f[0].equals("segment")) {
        segments.computeIfAbsent(f[1], k -> new ArrayList<>()).addAll(members);
      } else {
        alone.addAll(members);
      }
    }
    return ParseResult.of(new Underlay(segments, alone, origins), w);
  }
}
