package dev.podpath.model.paste;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Cuts one pasted text into blocks of command output: a prompt or a command label starts one, a
 * code fence, the next prompt or a line that does not fit the output ends it; without a prompt a
 * block starts at a line whose shape {@link LineShapes} knows. Lines that are in no block (prose,
 * headings) are kept for the node names they may mention. Package-private.
 */
final class Segmenter {

  /** What a text was cut into. */
  record Cut(List<RawBlock> blocks, List<PasteLine> prose, List<PasteWarning> warnings) {}

  private static final Set<String> FENCE_LANGUAGES =
      Set.of(
          "",
          "sh",
          "bash",
          "shell",
          "console",
          "text",
          "txt",
          "plain",
          "plaintext",
          "json",
          "yaml",
          "yml",
          "log",
          "none",
          "shell-session",
          "shellsession",
          "terminal",
          "zsh",
          "output",
          "cmd",
          "diff",
          "ini",
          "conf",
          "go",
          "python",
          "sql",
          "bat",
          "powershell",
          "html",
          "xml",
          "toml",
          "nohighlight",
          "raw");
  private static final Pattern AGE =
      Pattern.compile(
          "^(?:\\d+[smhdy](?:\\d+[smhd])?|<none>|<unknown>|<invalid>"
              + "|\\d+(?:\\.\\d+)?[smhd]|\\d{4}-\\d\\d-\\d\\d.*)$");
  private static final Set<String> LABEL_PROGRAMS =
      Set.of(
          "ip",
          "ifconfig",
          "route",
          "arp",
          "bridge",
          "brctl",
          "ethtool",
          "iptables-save",
          "iptables",
          "kubectl",
          "sysctl",
          "netstat",
          "conntrack",
          "ipset");

  private final String source;
  private final List<RawBlock> blocks = new ArrayList<>();
  private final List<PasteLine> prose = new ArrayList<>();
  private final List<PasteWarning> warnings = new ArrayList<>();
  private RawBlock open;
  private Optional<EchoedCommand.Namespace> shell = Optional.empty();
  private Optional<String> shellHost = Optional.empty();
  private Optional<String> lastHost = Optional.empty();

  private Segmenter(String source) {
    this.source = source;
  }

  static Cut cut(PastedText text) {
    Segmenter s = new Segmenter(text.name());
    MarkdownNoise noise = new MarkdownNoise(text.name());
    String[] raw = text.text().split("\r\n|\r|\n", -1);
    int count = raw.length;
    if (count > 0 && raw[count - 1].isEmpty()) {
      count--;
    }
    for (int i = 0; i < count; i++) {
      for (PasteLine line : noise.clean(i + 1, raw[i])) {
        s.read(line);
      }
    }
    s.close();
    s.warnings.addAll(0, noise.warnings());
    return new Cut(s.blocks, s.prose, s.warnings);
  }

  private void read(PasteLine line) {
    switch (line.mark()) {
      case FENCE -> {
        if (open != null && (open.hasOutput() || open.recognition.isEmpty())) {
          close();
        }
        String info = line.fenceInfo().orElse("").strip();
        if (FENCE_LANGUAGES.contains(info.toLowerCase(java.util.Locale.ROOT))) {
          break;
        }
        // a prompt on the fence line (```root@node1:~# ip route) is that node's prompt
        Optional<Prompt> p = Prompts.parse(info);
        if (p.isPresent()) {
          close();
          prompt(p.get(), line);
        } else if (DumpCommands.isKnown(info)) {
          close();
          command(info, Optional.empty(), line, Optional.empty());
        } else if (!info.matches("[A-Za-z0-9_+#.-]*")) {
          // no language word: output typed right after the fence, its first line
          warnings.add(
              new PasteWarning(
                  source,
                  line.number(),
                  line.raw(),
                  "text right after the fence's backticks is no language or command: read as the first line of what the fence holds"));
          text(
              new PasteLine(
                  line.source(),
                  line.number(),
                  line.raw(),
                  info,
                  PasteLine.Mark.TEXT,
                  Optional.empty()));
        }
      }
      case BLANK -> {
        if (open != null) {
          if (open.hasOutput() && !open.family.allowsBlankLines() && open.isDump()) {
            close();
          } else if (open.hasOutput()) {
            open.pending.add(line);
          }
        }
      }
      case ELISION -> {
        if (open != null) {
          open.add(line);
        } else {
          warnings.add(
              new PasteWarning(
                  source,
                  line.number(),
                  line.raw(),
                  "an elision outside any command's output;" + " skipped"));
        }
      }
      case TEXT -> text(line);
    }
  }

  private void text(PasteLine line) {
    String t = line.stripped();
    Optional<Prompt> p = Prompts.parse(t);
    if (p.isPresent()) {
      close();
      prompt(p.get(), line);
      return;
    }
    Optional<Label> label = label(t);
    if (label.isPresent()
        && (open == null || !open.isDump() || !LineShapes.continues(open.family, t, false))) {
      close();
      command(label.get().command(), Optional.empty(), line, label.get().prefix());
      return;
    }
    if (open != null) {
      if (rejoined(open, line)) {
        return;
      }
      if (accepts(open, line)) {
        open.add(line);
        if (!open.isDump()) {
          // the output of a command that is no dump may end with prose naming the next node
          prose.add(line);
        }
        return;
      }
      close();
    }
    Optional<Family> f = LineShapes.start(t);
    if (f.isPresent()) {
      open =
          new RawBlock(
              source,
              line.number(),
              Optional.empty(),
              Optional.empty(),
              Optional.empty(),
              shell,
              Optional.empty(),
              f.get());
      start(open, line);
      return;
    }
    prose.add(line);
  }

  private void start(RawBlock b, PasteLine line) {
    String t = line.stripped();
    if (b.family == Family.KUBECTL) {
      b.headerTokens = t.split("\\s+").length;
    }
    if (b.family == Family.JSON) {
      json(b, t);
    }
    b.add(line);
  }

  private boolean accepts(RawBlock b, PasteLine line) {
    String t = line.stripped();
    boolean deeper = b.baseIndent >= 0 && line.indent() > b.baseIndent;
    if (b.recognition.isPresent() && !b.isDump()) {
      return !LineShapes.startsOutputStrongly(t);
    }
    if (!b.hasOutput()
        && b.recognition
            .filter(
                r ->
                    r instanceof Recognition.Dump d
                        && d.device().filter(f -> f.startsWith("/proc/sys/")).isPresent())
            .isPresent()) {
      // cat /proc/sys/...: one value
      return t.matches("\\S+");
    }
    if (!b.hasOutput()) {
      // the first line of a typed command's output: its shape may say it is another command's
      Optional<Family> f = LineShapes.start(t);
      if (f.isPresent() && f.get() != b.family && !LineShapes.continues(b.family, t, false)) {
        b.family = f.get();
      } else if (f.isEmpty() && !LineShapes.continues(b.family, t, false)) {
        return false;
      }
      if (b.family == Family.KUBECTL) {
        b.headerTokens = LineShapes.isKubectlHeader(t) ? t.split("\\s+").length : 3;
      }
      if (b.family == Family.JSON) {
        json(b, t);
      }
      return true;
    }
    if (b.family == Family.JSON) {
      if (b.jsonDone) {
        return false;
      }
      json(b, t);
      return true;
    }
    if (b.family == Family.KUBECTL) {
      if (LineShapes.isKubectlHeader(t)) {
        b.headerTokens = t.split("\\s+").length;
        return true;
      }
      String[] tokens = t.split("\\s+");
      return tokens.length >= Math.max(3, b.headerTokens - 4)
          && java.util.Arrays.stream(tokens).anyMatch(x -> AGE.matcher(x).matches());
    }
    if (b.family == Family.DESCRIBE && !b.pending.isEmpty()) {
      // kubectl describe separates nodes by blank lines: after one, only the next node goes on
      return LineShapes.start(t).filter(f -> f == Family.DESCRIBE).isPresent();
    }
    return LineShapes.continues(b.family, t, deeper);
  }

  /**
   * A line that can only be the rest of the block's last line (a wrapped long line, {@link Wraps}):
   * put back on it, and said.
   */
  private boolean rejoined(RawBlock b, PasteLine line) {
    if (!b.isDump()
        || !b.hasOutput()
        || !b.pending.isEmpty()
        || b.family == Family.JSON
        || !b.lines.get(b.lines.size() - 1).isText()) {
      return false;
    }
    // Wraps answers only where it is certain: a line ending with `via` is cut even when what
    // follows
    // would read as a route of its own
    PasteLine last = b.lastText();
    Optional<Wraps.Joined> j = Wraps.rejoin(b.family, last, line);
    if (j.isEmpty()) {
      return false;
    }
    b.replaceLastText(j.get().line(), line.number());
    warnings.add(
        new PasteWarning(
            source,
            line.number(),
            line.raw(),
            "a wrapped line: line "
                + line.number()
                + " is the rest of line "
                + last.number()
                + " ("
                + j.get().why()
                + "); read as one line"));
    return true;
  }

  /** Follows brackets and strings through a JSON value: done when its first bracket closes. */
  private static void json(RawBlock b, String t) {
    boolean inString = false;
    for (int i = 0; i < t.length(); i++) {
      char c = t.charAt(i);
      if (inString) {
        if (c == '\\') {
          i++;
        } else if (c == '"') {
          inString = false;
        }
      } else if (c == '"') {
        inString = true;
      } else if (c == '[' || c == '{') {
        b.jsonDepth++;
      } else if (c == ']' || c == '}') {
        b.jsonDepth--;
        if (b.jsonDepth <= 0) {
          b.jsonDone = true;
        }
      }
    }
  }

  private void prompt(Prompt p, PasteLine line) {
    p.host()
        .ifPresent(
            h -> {
              if (shell.isPresent() && !h.equals(shell.get().name())) {
                shell = Optional.empty();
                shellHost = Optional.empty();
              }
              lastHost = Optional.of(h);
            });
    String cmd = p.command();
    if (cmd.isEmpty()) {
      return;
    }
    if (cmd.equals("exit") || cmd.equals("logout") || cmd.startsWith("exit ")) {
      shell = Optional.empty();
      shellHost = Optional.empty();
      return;
    }
    command(cmd, p.host(), line, Optional.empty());
  }

  private void command(
      String text, Optional<String> host, PasteLine line, Optional<String> labelPrefix) {
    EchoedCommand c = EchoedCommand.parse(text);
    Optional<String> onHost = host;
    Optional<EchoedCommand.Namespace> in = c.in();
    if (c.entersShell()) {
      shell = c.in();
      shellHost = host.isPresent() ? host : lastHost;
      open =
          new RawBlock(
              source,
              line.number(),
              Optional.of(c),
              Optional.of(new Recognition.NotADump("a shell in " + c.in().get().name())),
              host,
              c.in(),
              labelPrefix,
              Family.JSON);
      return;
    }
    if (in.isEmpty() && host.isEmpty() && shell.isPresent()) {
      in = shell;
      onHost = shellHost;
    } else if (in.isPresent()
        && host.isEmpty()
        && in.get().kind() != EchoedCommand.Namespace.Kind.POD) {
      onHost = shell.isPresent() ? shellHost : Optional.empty();
    }
    Recognition r = DumpCommands.recognise(c);
    Family family =
        r instanceof Recognition.Dump d
            ? DumpCommands.listsTable(c.argv()) ? Family.IPTABLES_LIST : Family.of(d.file())
            : Family.JSON;
    open =
        new RawBlock(
            source, line.number(), Optional.of(c), Optional.of(r), onHost, in, labelPrefix, family);
  }

  /**
   * A command named on a line of its own ({@code **ip route**}, {@code ip route:}), maybe after a
   * node's name.
   */
  private record Label(String command, Optional<String> prefix) {}

  private static Optional<Label> label(String t) {
    String s = t.replaceAll("[:：]\\s*$", "").strip();
    String[] words = s.split("\\s+");
    for (int i = 0; i < words.length && i <= 3; i++) {
      if (!LABEL_PROGRAMS.contains(words[i]) || words.length - i > 6) {
        continue;
      }
      String cmd = String.join(" ", java.util.Arrays.asList(words).subList(i, words.length));
      Recognition r = DumpCommands.recognise(EchoedCommand.parse(cmd));
      boolean plain =
          java.util.Arrays.stream(words, i + 1, words.length)
              .allMatch(w -> w.startsWith("-") || w.matches("[a-z0-9@./:_,-]+"));
      if (plain && (r instanceof Recognition.Dump || r instanceof Recognition.NotRead)) {
        return Optional.of(
            new Label(
                cmd,
                i == 0
                    ? Optional.empty()
                    : Optional.of(String.join(" ", java.util.Arrays.asList(words).subList(0, i)))));
      }
      return Optional.empty();
    }
    return Optional.empty();
  }

  private void close() {
    if (open == null) {
      return;
    }
    RawBlock b = open;
    open = null;
    blocks.add(b);
  }
}
