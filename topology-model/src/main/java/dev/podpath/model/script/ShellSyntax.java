package dev.podpath.model.script;

import java.util.List;

/**
 * The parsed form of one script line: the small part of POSIX sh that scenarios use. A line is a
 * list of and-or lists ({@code a && b || c}) separated by {@code ;} or {@code &}; each element is a
 * pipeline of simple commands with their redirections.
 */
final class ShellSyntax {

  private ShellSyntax() {}

  /** A piece of a word: literal text, or a {@code $NAME} / {@code ${NAME...}} expansion. */
  sealed interface Part {}

  /** Literal text; {@code quoted} text is never split into fields. */
  record Literal(String text, boolean quoted) implements Part {}

  /**
   * A parameter expansion.
   *
   * @param operator {@code ""}, {@code "-"}, {@code ":-"}, {@code "+"} or {@code ":+"}
   * @param word the word after the operator ({@code ${A:-word}}), empty for none
   */
  record Param(String name, boolean quoted, String operator, Word word) implements Part {}

  /** One shell word before expansion. */
  record Word(List<Part> parts) {
    Word {
      parts = List.copyOf(parts);
    }

    /** The variable name when this word is an assignment {@code NAME=value}, else null. */
    String assignmentName() {
      if (parts.isEmpty() || !(parts.get(0) instanceof Literal l) || l.quoted()) {
        return null;
      }
      int eq = l.text().indexOf('=');
      if (eq <= 0) {
        return null;
      }
      String name = l.text().substring(0, eq);
      return name.matches("[A-Za-z_][A-Za-z0-9_]*") ? name : null;
    }
  }

  /**
   * A redirection such as {@code >/dev/null}, {@code 2>&1} or {@code >> /proc/sys/...}.
   *
   * @param fd the file descriptor redirected (1 for {@code >}, 0 for {@code <})
   * @param operator {@code >}, {@code >>}, {@code <}, {@code >&}, {@code <&} or {@code &>}
   */
  record Redirect(int fd, String operator, Word target) {
    boolean writesStdout() {
      return (fd == 1 && (operator.equals(">") || operator.equals(">>") || operator.equals(">|")))
          || operator.equals("&>");
    }
  }

  record SimpleCommand(List<Word> words, List<Redirect> redirects) {
    SimpleCommand {
      words = List.copyOf(words);
      redirects = List.copyOf(redirects);
    }
  }

  /** {@code a | b | c}, possibly run in the background ({@code &}). */
  record Pipeline(List<SimpleCommand> commands, boolean background) {
    Pipeline {
      commands = List.copyOf(commands);
    }
  }

  /** {@code p1 && p2 || p3}: {@code operators.get(i)} joins pipeline i and i+1. */
  record AndOr(List<Pipeline> pipelines, List<String> operators) {
    AndOr {
      pipelines = List.copyOf(pipelines);
      operators = List.copyOf(operators);
    }
  }
}
