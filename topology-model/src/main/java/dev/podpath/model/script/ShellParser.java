package dev.podpath.model.script;

import dev.podpath.model.script.ShellSyntax.AndOr;
import dev.podpath.model.script.ShellSyntax.Literal;
import dev.podpath.model.script.ShellSyntax.Param;
import dev.podpath.model.script.ShellSyntax.Part;
import dev.podpath.model.script.ShellSyntax.Pipeline;
import dev.podpath.model.script.ShellSyntax.Redirect;
import dev.podpath.model.script.ShellSyntax.SimpleCommand;
import dev.podpath.model.script.ShellSyntax.Word;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Parses one logical line of sh: words with single and double quotes, backslash escapes, {@code
 * $NAME}/{@code ${NAME}}/{@code ${NAME:-default}}, comments, {@code ;}, {@code &&}, {@code ||},
 * {@code |}, {@code &} and redirections. What podpath does not run is refused with a {@link
 * CommandError} naming it: control structures ({@code for}, {@code while}, {@code if}, {@code
 * case}...), function definitions, command groups and subshells, command, arithmetic and process
 * substitution, here-documents and here-strings.
 */
final class ShellParser {

  private final String s;
  private int i;

  private final List<AndOr> lists = new ArrayList<>();
  private final List<Pipeline> pipelines = new ArrayList<>();
  private final List<String> operators = new ArrayList<>();
  private final List<SimpleCommand> commands = new ArrayList<>();
  private final List<Word> words = new ArrayList<>();
  private final List<Redirect> redirects = new ArrayList<>();

  private ShellParser(String s) {
    this.s = s;
  }

  static List<AndOr> parse(String line) {
    return new ShellParser(line).run();
  }

  private List<AndOr> run() {
    while (true) {
      skipBlanks();
      if (i >= s.length()) {
        break;
      }
      char c = s.charAt(i);
      if (c == '#') {
        break;
      } else if (c == ';') {
        i++;
        endList(false);
      } else if (c == '&' && at(i + 1) == '&') {
        i += 2;
        endPipeline(false);
        operators.add("&&");
      } else if (c == '&' && at(i + 1) == '>') {
        i += 2;
        redirect(1, "&>");
      } else if (c == '&') {
        i++;
        endList(true);
      } else if (c == '|' && at(i + 1) == '|') {
        i += 2;
        endPipeline(false);
        operators.add("||");
      } else if (c == '|') {
        i++;
        endCommand(true);
      } else if (c == '('
          && words.size() == 1
          && redirects.isEmpty()
          && isPlain(words.get(0))
          && nextAfterBlanks(i + 1) == ')') {
        throw new CommandError(
            "function definition `"
                + plain(words.get(0))
                + "()` is not run by podpath: write the"
                + " commands out");
      } else if (c == '(') {
        throw new CommandError("subshells ( ... ) are not run by podpath: write the commands out");
      } else if (c == ')') {
        throw new CommandError(
            "`)` ends a case pattern or a subshell, which podpath does not run: write the commands out");
      } else if (c == '>' || c == '<') {
        redirect(c == '<' ? 0 : 1, null);
      } else if (Character.isDigit(c) && redirectAfterDigits()) {
        int start = i;
        while (Character.isDigit(s.charAt(i))) {
          i++;
        }
        redirect(Integer.parseInt(s.substring(start, i)), null);
      } else {
        Word w = word(false);
        if (words.isEmpty() && redirects.isEmpty() && isPlain(w) && RESERVED.contains(plain(w))) {
          throw new CommandError(notRun(plain(w)));
        }
        words.add(w);
      }
    }
    endList(false);
    return List.copyOf(lists);
  }

  /** sh's reserved words (and bash's), which start or continue what podpath does not run. */
  private static final Set<String> RESERVED =
      Set.of(
          "if",
          "then",
          "else",
          "elif",
          "fi",
          "for",
          "while",
          "until",
          "do",
          "done",
          "case",
          "esac",
          "select",
          "function",
          "{",
          "}",
          "[[",
          "!",
          "coproc");

  /**
   * Why a command word that belongs to the shell's control flow is refused: the same words at the
   * same lines as sh would see them.
   */
  static String notRun(String word) {
    return switch (word) {
      case "for", "while", "until", "select", "if", "case" ->
          "shell control structure `" + word + "` is not run by podpath: write the commands out";
      case "then", "else", "elif", "fi", "do", "done", "esac" ->
          "`"
              + word
              + "` belongs to a shell control structure, which podpath does not run: write the commands out";
      case "function" -> "function definitions are not run by podpath: write the commands out";
      case "{" -> "command groups { ... } are not run by podpath: write the commands out";
      case "}" ->
          "`}` ends a function body or command group, which podpath does not run: write the commands out";
      case "[[" ->
          "conditional expressions [[ ... ]] are not supported: podpath runs no conditions";
      case "[", "test" ->
          "`"
              + word
              + "` only tests a condition, and podpath runs no conditions: write the commands"
              + " that apply out";
      case "!" -> "`!` (inverting a command's status) is not supported";
      default -> "`" + word + "` is not run by podpath: write the commands out";
    };
  }

  private static boolean isPlain(Word w) {
    return w.parts().size() == 1 && w.parts().get(0) instanceof Literal l && !l.quoted();
  }

  private static String plain(Word w) {
    return ((Literal) w.parts().get(0)).text();
  }

  private char nextAfterBlanks(int k) {
    while (k < s.length() && isBlank(s.charAt(k))) {
      k++;
    }
    return at(k);
  }

  // ---- structure ----

  private void endCommand(boolean pipe) {
    if (words.isEmpty() && redirects.isEmpty()) {
      if (pipe) {
        throw new CommandError("syntax error near unexpected token `|'");
      }
      return;
    }
    commands.add(new SimpleCommand(words, redirects));
    words.clear();
    redirects.clear();
  }

  private void endPipeline(boolean background) {
    endCommand(false);
    if (commands.isEmpty()) {
      if (!operators.isEmpty() && operators.size() >= pipelines.size()) {
        throw new CommandError(
            "syntax error near unexpected token `" + operators.get(operators.size() - 1) + "'");
      }
      return;
    }
    pipelines.add(new Pipeline(commands, background));
    commands.clear();
  }

  private void endList(boolean background) {
    endPipeline(background);
    if (operators.size() >= pipelines.size() && !operators.isEmpty()) {
      throw new CommandError(
          "syntax error: unexpected end of command after `"
              + operators.get(operators.size() - 1)
              + "'");
    }
    if (!pipelines.isEmpty()) {
      lists.add(new AndOr(pipelines, operators));
    }
    pipelines.clear();
    operators.clear();
  }

  // ---- redirections ----

  private boolean redirectAfterDigits() {
    int k = i;
    while (k < s.length() && Character.isDigit(s.charAt(k))) {
      k++;
    }
    return k < s.length() && (s.charAt(k) == '>' || s.charAt(k) == '<');
  }

  private void redirect(int fd, String given) {
    String op = given;
    if (op == null) {
      char c = s.charAt(i++);
      if (c == '<' && at(i) == '<' && at(i + 1) == '<') {
        throw new CommandError(
            "here-strings (<<<) are not supported: put the text in a file and use < FILE");
      }
      if (c == '<' && at(i) == '<') {
        throw new CommandError(
            "here-documents (<<"
                + HereDocs.delimiterAt(s, i + 1).orElse("WORD")
                + ") are not supported: put the text in a file and use < FILE");
      }
      if (at(i) == '(') {
        throw new CommandError("process substitution " + c + "(...) is not supported");
      }
      if (c == '>' && (at(i) == '>' || at(i) == '|')) {
        op = ">" + s.charAt(i++);
      } else if (at(i) == '&') {
        op = c + "&";
        i++;
      } else {
        op = String.valueOf(c);
      }
    }
    skipBlanks();
    if (i >= s.length()) {
      throw new CommandError("syntax error near unexpected token `newline'");
    }
    redirects.add(new Redirect(fd, op, word(false)));
  }

  // ---- words ----

  private Word word(boolean inBraces) {
    List<Part> parts = new ArrayList<>();
    StringBuilder lit = new StringBuilder();
    while (i < s.length()) {
      char c = s.charAt(i);
      if (inBraces ? c == '}' : isBlank(c) || ";&|<>()".indexOf(c) >= 0) {
        break;
      }
      if (c == '\\') {
        i++;
        if (i < s.length()) {
          flush(parts, lit, false);
          parts.add(new Literal(String.valueOf(s.charAt(i++)), true));
        }
      } else if (c == '\'') {
        flush(parts, lit, false);
        int end = s.indexOf('\'', i + 1);
        if (end < 0) {
          throw new CommandError("unterminated quoted string");
        }
        parts.add(new Literal(s.substring(i + 1, end), true));
        i = end + 1;
      } else if (c == '"') {
        flush(parts, lit, false);
        i++;
        doubleQuoted(parts);
      } else if (c == '$') {
        Part p = dollar(false);
        if (p == null) {
          lit.append('$');
        } else {
          flush(parts, lit, false);
          parts.add(p);
        }
      } else if (c == '`') {
        throw new CommandError("command substitution (`...`) is not supported");
      } else {
        lit.append(c);
        i++;
      }
    }
    flush(parts, lit, false);
    return new Word(parts);
  }

  private void doubleQuoted(List<Part> parts) {
    StringBuilder lit = new StringBuilder();
    boolean any = false;
    while (true) {
      if (i >= s.length()) {
        throw new CommandError("unterminated quoted string");
      }
      char c = s.charAt(i);
      if (c == '"') {
        i++;
        break;
      }
      if (c == '\\' && i + 1 < s.length() && "$`\"\\".indexOf(s.charAt(i + 1)) >= 0) {
        lit.append(s.charAt(i + 1));
        i += 2;
      } else if (c == '$') {
        Part p = dollar(true);
        if (p == null) {
          lit.append('$');
        } else {
          any |= flush(parts, lit, true);
          parts.add(p);
          any = true;
        }
      } else if (c == '`') {
        throw new CommandError("command substitution (`...`) is not supported");
      } else {
        lit.append(c);
        i++;
      }
    }
    if (!flush(parts, lit, true) && !any) {
      parts.add(new Literal("", true));
    }
  }

  /** Parses an expansion at {@code $}; returns null when the {@code $} is literal. */
  private Part dollar(boolean quoted) {
    char n = at(i + 1);
    if (n == '(' && at(i + 2) == '(') {
      throw new CommandError("arithmetic expansion $((...)) is not supported");
    }
    if (n == '(') {
      throw new CommandError("command substitution $(...) is not supported");
    }
    if (n == '{') {
      int start = i + 2;
      int k = start;
      while (k < s.length() && (Character.isLetterOrDigit(s.charAt(k)) || s.charAt(k) == '_')) {
        k++;
      }
      String name = s.substring(start, k);
      if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
        throw new CommandError("bad substitution: ${" + name + "...} is not supported");
      }
      String op = "";
      for (String candidate : new String[] {":-", ":+", "-", "+"}) {
        if (s.startsWith(candidate, k)) {
          op = candidate;
          break;
        }
      }
      i = k + op.length();
      Word w = new Word(List.of());
      if (!op.isEmpty()) {
        w = word(true);
      }
      if (at(i) != '}') {
        throw new CommandError(
            "bad substitution: only ${NAME}, ${NAME:-word} and ${NAME:+word} are supported");
      }
      i++;
      return new Param(name, quoted, op, w);
    }
    if (Character.isLetter(n) || n == '_') {
      int k = i + 1;
      while (k < s.length() && (Character.isLetterOrDigit(s.charAt(k)) || s.charAt(k) == '_')) {
        k++;
      }
      String name = s.substring(i + 1, k);
      i = k;
      return new Param(name, quoted, "", new Word(List.of()));
    }
    if (Character.isDigit(n) || "?$#@*!-".indexOf(n) >= 0 && n != 0) {
      throw new CommandError("special parameter $" + n + " is not supported");
    }
    i++;
    return null;
  }

  private static boolean flush(List<Part> parts, StringBuilder lit, boolean quoted) {
    if (lit.length() == 0) {
      return false;
    }
    parts.add(new Literal(lit.toString(), quoted));
    lit.setLength(0);
    return true;
  }

  // ---- characters ----

  private char at(int k) {
    return k < s.length() ? s.charAt(k) : 0;
  }

  private static boolean isBlank(char c) {
    return c == ' ' || c == '\t';
  }

  private void skipBlanks() {
    while (i < s.length() && isBlank(s.charAt(i))) {
      i++;
    }
  }
}
