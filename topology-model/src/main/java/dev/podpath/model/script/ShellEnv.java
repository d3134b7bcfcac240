package dev.podpath.model.script;

import dev.podpath.model.script.ShellSyntax.Literal;
import dev.podpath.model.script.ShellSyntax.Param;
import dev.podpath.model.script.ShellSyntax.Part;
import dev.podpath.model.script.ShellSyntax.Word;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The shell's variables and the {@code set -u} flag, and word expansion: parameter expansion and
 * field splitting of unquoted expansions (no globbing, as scenarios never need it).
 */
final class ShellEnv {

  private final Map<String, String> vars = new HashMap<>();
  private boolean nounset;

  void assign(String name, String value) {
    vars.put(name, value);
  }

  void unset(String name) {
    vars.remove(name);
  }

  void nounset(boolean on) {
    nounset = on;
  }

  /** Expands a word into fields: unquoted expansions split on blanks, empty results vanish. */
  List<String> fields(Word word) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    boolean have = false;
    for (Part p : word.parts()) {
      if (p instanceof Literal l) {
        cur.append(l.text());
        have |= l.quoted() || !l.text().isEmpty();
      } else {
        Param param = (Param) p;
        String v = value(param);
        if (param.quoted()) {
          cur.append(v);
          have = true;
          continue;
        }
        int k = 0;
        while (k < v.length()) {
          if (isIfs(v.charAt(k))) {
            if (have) {
              out.add(cur.toString());
              cur.setLength(0);
              have = false;
            }
            while (k < v.length() && isIfs(v.charAt(k))) {
              k++;
            }
          } else {
            cur.append(v.charAt(k++));
            have = true;
          }
        }
      }
    }
    if (have) {
      out.add(cur.toString());
    }
    return out;
  }

  /** Expands a word without field splitting (assignment values, redirection targets). */
  String string(Word word) {
    StringBuilder sb = new StringBuilder();
    for (Part p : word.parts()) {
      sb.append(p instanceof Literal l ? l.text() : value((Param) p));
    }
    return sb.toString();
  }

  /** The value of an assignment word {@code NAME=value}. */
  String assignmentValue(Word word) {
    String all = string(word);
    return all.substring(all.indexOf('=') + 1);
  }

  private String value(Param p) {
    String v = vars.get(p.name());
    switch (p.operator()) {
      case ":-":
        return v == null || v.isEmpty() ? string(p.word()) : v;
      case "-":
        return v == null ? string(p.word()) : v;
      case ":+":
        return v == null || v.isEmpty() ? "" : string(p.word());
      case "+":
        return v == null ? "" : string(p.word());
      default:
        if (v == null) {
          if (nounset) {
            throw new CommandError(p.name() + ": unbound variable");
          }
          return "";
        }
        return v;
    }
  }

  private static boolean isIfs(char c) {
    return c == ' ' || c == '\t' || c == '\n';
  }
}
