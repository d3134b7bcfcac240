package dev.podpath.model.dump;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The columns of a {@code kubectl get ... -o wide} table. Aligned output is cut at the header's
 * column starts; output whose spacing was collapsed to single spaces (a copy from a web page) is
 * split on spaces, with the two-word headers ({@code NOMINATED NODE}, {@code READINESS GATES}) and
 * a restart count's {@code (5m ago)} kept together. Package-private.
 */
final class KubectlTable {

  private final List<String> names = new ArrayList<>();
  private final List<Integer> starts = new ArrayList<>();
  private final boolean aligned;

  private KubectlTable(TextLine header) {
    String t = header.text();
    aligned = t.contains("   ");
    List<Token> tokens = header.tokens();
    for (int i = 0; i < tokens.size(); i++) {
      Token k = tokens.get(i);
      String name = k.text();
      if (i + 1 < tokens.size()
          && (name.equals("NOMINATED") && tokens.get(i + 1).is("NODE")
              || name.equals("READINESS") && tokens.get(i + 1).is("GATES"))) {
        name = name + " " + tokens.get(++i).text();
      }
      names.add(name);
      starts.add(k.column() - 1);
    }
  }

  static KubectlTable of(TextLine header) {
    return new KubectlTable(header);
  }

  boolean has(String column) {
    return names.contains(column);
  }

  /** The row's values by column name, or empty when the row does not fit the header. */
  Optional<Map<String, Token>> row(TextLine line) {
    Map<String, Token> out = new LinkedHashMap<>();
    String t = line.text();
    if (aligned) {
      for (int i = 0; i < names.size(); i++) {
        int s = starts.get(i);
        int e = i + 1 < starts.size() ? starts.get(i + 1) : t.length();
        if (s >= t.length()) {
          return Optional.empty();
        }
        String v = t.substring(s, Math.min(e, t.length()));
        if (i > 0 && t.charAt(s - 1) != ' ') {
          return Optional.empty();
        }
        out.put(names.get(i), new Token(v.strip(), s + 1));
      }
      return Optional.of(out);
    }
    List<Token> tokens = line.tokens();
    int j = 0;
    for (String name : names) {
      if (j >= tokens.size()) {
        return out.isEmpty() ? Optional.empty() : Optional.of(out);
      }
      Token v = tokens.get(j++);
      if (name.equals("RESTARTS") && j < tokens.size() && tokens.get(j).text().startsWith("(")) {
        StringBuilder sb = new StringBuilder(v.text());
        while (j < tokens.size()) {
          String p = tokens.get(j++).text();
          sb.append(' ').append(p);
          if (p.endsWith(")")) {
            break;
          }
        }
        v = new Token(sb.toString(), v.column());
      }
      out.put(name, v);
    }
    return Optional.of(out);
  }

  /** {@code <none>} and the empty string are absent. */
  static Optional<String> value(Map<String, Token> row, String column) {
    Token v = row.get(column);
    if (v == null || v.text().isEmpty() || v.is("<none>") || v.is("<unknown>")) {
      return Optional.empty();
    }
    return Optional.of(v.text());
  }
}
