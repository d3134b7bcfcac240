package dev.podpath.gui.lesson;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A scenario script cut into lesson steps: one per command, each with the narration the script's
 * comments give it (the comment block written before it, or the last one still in force) and the
 * text of the script up to and including it, which the API reads as a script of its own: the
 * network as it stands after that command.
 *
 * <pre>{@code
 * LessonScript s = LessonScript.parse(text);
 * s.steps().get(0).command();     // "ip netns add lan"
 * s.steps().get(0).narration();   // "---------- the L2 segment the nodes share ----------"
 * s.steps().get(0).prefix();      // the script's text through that line
 * }</pre>
 *
 * @param intro the comment block at the top of the script (its header), without the {@code #}
 * @param steps one per command line (a line continued with a backslash is one command)
 */
public record LessonScript(String intro, List<Step> steps) {

  public LessonScript {
    Objects.requireNonNull(intro, "intro");
    steps = List.copyOf(steps);
  }

  /**
   * One command of the lesson.
   *
   * @param line its first line's number in the script, from 1
   * @param command the command, its continuation lines joined
   * @param narration the comments that introduce it
   * @param prefix the script's text through this command
   */
  public record Step(int line, String command, String narration, String prefix) {
    public Step {
      Objects.requireNonNull(command, "command");
      Objects.requireNonNull(narration, "narration");
      Objects.requireNonNull(prefix, "prefix");
    }
  }

  /** {@return the lesson of a script's text} */
  public static LessonScript parse(String text) {
    String[] lines = text.split("\n", -1);
    List<Step> steps = new ArrayList<>();
    List<String> comment = new ArrayList<>();
    String intro = "";
    String narration = "";
    boolean headerDone = false;
    int offset = 0;
    for (int i = 0; i < lines.length; i++) {
      String l = lines[i];
      int start = i;
      offset += l.length() + 1;
      String t = l.strip();
      if (t.startsWith("#!")) {
        continue;
      }
      if (t.startsWith("#")) {
        comment.add(t.replaceFirst("^#+ ?", ""));
        continue;
      }
      if (t.isEmpty()) {
        continue;
      }
      StringBuilder cmd = new StringBuilder(t);
      while (cmd.toString().endsWith("\\") && i + 1 < lines.length) {
        cmd.setLength(cmd.length() - 1);
        i++;
        offset += lines[i].length() + 1;
        cmd.append(' ').append(lines[i].strip());
      }
      if (!headerDone) {
        headerDone = true;
        intro = String.join("\n", comment).strip();
        comment.clear();
      }
      if (!comment.isEmpty()) {
        narration = String.join("\n", comment).strip();
        comment.clear();
      }
      if (t.equals("set -e") || t.startsWith("set -")) {
        continue;
      }
      steps.add(
          new Step(
              start + 1,
              cmd.toString(),
              narration,
              text.substring(0, Math.min(offset, text.length()))));
    }
    return new LessonScript(intro, steps);
  }
}
