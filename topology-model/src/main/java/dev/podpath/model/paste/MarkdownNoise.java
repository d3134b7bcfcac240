package dev.podpath.model.paste;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Takes off what a forum, an issue tracker or a chat adds around pasted output: {@code > } quote
 * marks, {@code **bold**}, HTML tags ({@code <br/>}, {@code <pre>}, {@code <code>}) and entities
 * ({@code &lt;}), and tells code fences and elisions ({@code ...}, {@code [snip]}) from text. What
 * it took off is counted per kind and said once per text ({@link #warnings}). Package-private.
 */
final class MarkdownNoise {

  private static final Pattern QUOTE = Pattern.compile("^( {0,3}>[ \\t]?)+");
  private static final Pattern FENCE = Pattern.compile("^\\s*(```+|~~~+)\\s*(.*?)\\s*$");
  private static final Pattern TRAILING_FENCE = Pattern.compile("^(.*?\\S)\\s*```+\\s*$");
  private static final Pattern PRE =
      Pattern.compile("(?i)^\\s*(</?pre[^>]*>|</?code>|</?details>|<summary>.*</summary>)+\\s*$");
  private static final Pattern INLINE_TAG =
      Pattern.compile("(?i)</?(pre|code|tt|kbd|samp|b|strong|em|i)( [^>]*)?>");
  private static final Pattern BREAK = Pattern.compile("(?i)<br\\s*/?>");
  private static final Pattern BOLD = Pattern.compile("\\*\\*(.+?)\\*\\*");
  private static final Pattern BACKTICKED = Pattern.compile("^\\s*`([^`]+)`\\s*:?\\s*$");

  /** An inline code span that opens on this line and closes on a later one: `blackhole ... */
  private static final Pattern SPAN_OPENS = Pattern.compile("^\\s*`([^`]*\\S[^`]*)$");

  /** ...and the line where it closes: ... dev tunl0 onlink` */
  private static final Pattern SPAN_CLOSES = Pattern.compile("^([^`]*\\S)`\\s*$");

  /**
   * An {@code ip link}/{@code ip addr} device line numbered by the poster as a Markdown list item:
   * {@code 1.cali34d45bc515f@if4: <BROADCAST,...> mtu 1500}, the list number standing where ip
   * prints the ifindex and its colon.
   */
  private static final Pattern LISTED_DEVICE =
      Pattern.compile(
          "^(\\s*)(\\d+)\\.\\s*([^\\s:.][^\\s:]*(?::\\d+)?(?:@\\S+)?:\\s+<[A-Z0-9_,-]*>.*)$");

  /** An empty Markdown list item ({@code 3.}) among such lines. */
  private static final Pattern EMPTY_ITEM = Pattern.compile("^\\s*\\d+\\.\\s*$");

  private static final Pattern ELISION =
      Pattern.compile(
          "(?i)^\\s*(#\\s*)?("
              + "\\.{3,}|…+|\\[\\s*(\\.{3,}|…|snip|snipped|cut|truncated|output truncated|omitted|redacted|more)[^\\]]*\\]"
              + "|<\\s*(snip|snipped|truncated)\\s*>|\\(\\s*(\\.{3,}|…|snip|snipped|truncated|output truncated)\\s*\\)"
              + "|-{2,}\\s*snip\\s*-{2,}|\\.{3,}\\s*\\(.*\\)\\s*|\\.{3,}\\s*(snip|truncated|omitted|more)\\b.*)\\s*$");

  /** Kinds of noise, in the order they are reported. */
  enum Kind {
    QUOTE("`> ` quote marks taken off"),
    BOLD("`**` (Markdown bold) taken off"),
    TAG("HTML tags (<br/>, <pre>, <code>...) taken off"),
    ENTITY("HTML entities (&lt; &gt; &amp;...) decoded"),
    BACKTICKS("`backticks` around a command or an inline code span taken off"),
    LIST(
        "a Markdown list number in front of an `ip link`/`ip addr` device line"
            + " (`1.cali0@if4: <...>`) read in place of the device's index (`1: cali0@if4: <...>`:"
            + " its real index is unknown), the empty list items after it left out,");

    final String said;

    Kind(String said) {
      this.said = said;
    }
  }

  private final String source;
  private final Map<Kind, List<Integer>> seen = new LinkedHashMap<>();

  /** Whether the last line of text was a device line numbered as a list item. */
  private boolean listedDevices;

  MarkdownNoise(String source) {
    this.source = source;
  }

  /** The line, cleaned; a line holding {@code <br/>} becomes several lines of the same number. */
  List<PasteLine> clean(int number, String raw) {
    String t = raw;
    Matcher q = QUOTE.matcher(t);
    if (q.find() && q.end() > 0) {
      t = t.substring(q.end());
      note(Kind.QUOTE, number);
    }
    Matcher f = FENCE.matcher(t);
    if (f.matches()) {
      return List.of(
          new PasteLine(source, number, raw, "", PasteLine.Mark.FENCE, Optional.of(f.group(2))));
    }
    if (PRE.matcher(t).matches()) {
      note(Kind.TAG, number);
      return List.of(new PasteLine(source, number, raw, "", PasteLine.Mark.FENCE, Optional.of("")));
    }
    List<PasteLine> out = new ArrayList<>();
    Matcher tf = TRAILING_FENCE.matcher(t);
    boolean fenceAfter = false;
    if (tf.matches() && !t.strip().startsWith("`")) {
      t = tf.group(1);
      fenceAfter = true;
    }
    if (t.indexOf('<') >= 0) {
      String before = t;
      t = INLINE_TAG.matcher(t).replaceAll("");
      String[] parts = BREAK.split(t, -1);
      if (!t.equals(before) || parts.length > 1) {
        note(Kind.TAG, number);
      }
      for (int i = 0; i < parts.length - 1; i++) {
        out.add(line(number, raw, parts[i]));
      }
      t = parts[parts.length - 1];
      if (t.isBlank() && !out.isEmpty()) {
        t = "";
      }
    }
    out.add(line(number, raw, t));
    if (fenceAfter) {
      out.add(new PasteLine(source, number, raw, "", PasteLine.Mark.FENCE, Optional.of("")));
    }
    return out;
  }

  private PasteLine line(int number, String raw, String t) {
    if (t.indexOf('&') >= 0) {
      String d = entities(t);
      if (!d.equals(t)) {
        note(Kind.ENTITY, number);
        t = d;
      }
    }
    if (t.contains("**")) {
      String b = BOLD.matcher(t).replaceAll(m -> Matcher.quoteReplacement(m.group(1).strip()));
      if (!b.equals(t)) {
        note(Kind.BOLD, number);
        t = b;
      }
    }
    Matcher bt = BACKTICKED.matcher(t);
    if (bt.matches()) {
      note(Kind.BACKTICKS, number);
      t = bt.group(1);
    } else {
      Matcher opens = SPAN_OPENS.matcher(t);
      Matcher closes = SPAN_CLOSES.matcher(t);
      if (opens.matches()) {
        note(Kind.BACKTICKS, number);
        t = opens.group(1);
      } else if (closes.matches()) {
        note(Kind.BACKTICKS, number);
        t = closes.group(1);
      }
    }
    Matcher listed = LISTED_DEVICE.matcher(t);
    if (listed.matches()) {
      note(Kind.LIST, number);
      t = listed.group(1) + listed.group(2) + ": " + listed.group(3);
      listedDevices = true;
    } else if (listedDevices && EMPTY_ITEM.matcher(t).matches()) {
      note(Kind.LIST, number);
      t = "";
    } else if (!t.isBlank()) {
      listedDevices = false;
    }
    if (t.isBlank()) {
      return new PasteLine(source, number, raw, "", PasteLine.Mark.BLANK, Optional.empty());
    }
    if (ELISION.matcher(t).matches()) {
      return new PasteLine(source, number, raw, t, PasteLine.Mark.ELISION, Optional.empty());
    }
    return new PasteLine(source, number, raw, t, PasteLine.Mark.TEXT, Optional.empty());
  }

  private static String entities(String t) {
    return t.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&nbsp;", " ")
        .replace("&amp;", "&");
  }

  private void note(Kind kind, int number) {
    List<Integer> lines = seen.computeIfAbsent(kind, k -> new ArrayList<>());
    if (lines.isEmpty() || lines.get(lines.size() - 1) != number) {
      lines.add(number);
    }
  }

  /** One warning per kind of noise taken off, with the lines it was on. */
  List<PasteWarning> warnings() {
    List<PasteWarning> out = new ArrayList<>();
    for (Map.Entry<Kind, List<Integer>> e : seen.entrySet()) {
      List<Integer> lines = e.getValue();
      out.add(
          new PasteWarning(
              source,
              lines.get(0),
              "",
              e.getKey().said
                  + " on "
                  + lines.size()
                  + (lines.size() == 1 ? " line" : " lines")
                  + " ("
                  + Ranges.of(lines)
                  + ")"));
    }
    return out;
  }
}
