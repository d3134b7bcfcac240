package dev.podpath.model.script;

import dev.podpath.model.build.KernelError;
import dev.podpath.model.origin.Origin;
import dev.podpath.model.script.ShellSyntax.AndOr;
import dev.podpath.model.script.ShellSyntax.Pipeline;
import dev.podpath.model.script.ShellSyntax.Redirect;
import dev.podpath.model.script.ShellSyntax.SimpleCommand;
import dev.podpath.model.script.ShellSyntax.Word;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Runs parsed script lines: variables, {@code &&}/{@code ||}, pipelines whose tail is a text filter
 * (or {@code tee /proc/sys/...}), redirections into {@code /proc/sys}, and then the command itself
 * through {@link Commands}.
 */
final class ScriptRunner {

  /** Commands allowed after a pipe: they only read text. */
  private static final Set<String> FILTERS =
      Set.of(
          "grep", "egrep", "fgrep", "head", "tail", "awk", "sed", "wc", "sort", "uniq", "cut", "tr",
          "column", "cat", "less", "more", "tee", "jq", "xxd", "od", "true", "nl", "fold", "fmt");

  /** Thrown by {@code exit}: the script ends here. */
  static final class Exit extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int status;

    Exit(int status) {
      super(null, null, false, false);
      this.status = status;
    }
  }

  private final World world;
  final ShellEnv env = new ShellEnv();

  /** The file the running command reads as standard input ({@code < FILE}), or null. */
  private String stdin;

  /** Whether the pipeline running now ends with {@code &}. */
  private boolean background;

  /** Whether the script has run {@code exit}: no line runs after it. */
  private boolean exited;

  ScriptRunner(World world) {
    this.world = world;
  }

  /** Runs one logical line in the script's own namespace; false once the script has exited. */
  boolean run(LogicalLine line) throws ScriptException {
    Origin origin = new Origin(world.file, line.number(), line.text());
    try {
      runText(new Exec(world, world.root(), origin, this), line.text());
      return true;
    } catch (CommandError e) {
      throw new ScriptException(origin, e.getMessage());
    } catch (KernelError e) {
      throw new ScriptException(origin, CommandError.netlink(e).getMessage());
    } catch (IllegalArgumentException e) {
      throw new ScriptException(origin, "podpath cannot model this line: " + e.getMessage());
    } catch (Exit e) {
      exited = true;
      if (e.status != 0) {
        throw new ScriptException(origin, "the script exits with status " + e.status);
      }
      return false;
    }
  }

  /** Whether the script has ended with {@code exit} (with any status). */
  boolean exited() {
    return exited;
  }

  /** Parses and runs shell text ({@code sh -c TEXT} runs through here too). */
  void runText(Exec ex, String text) {
    List<AndOr> lists = ShellParser.parse(text);
    for (AndOr list : lists) {
      for (Pipeline p : list.pipelines()) {
        for (SimpleCommand c : p.commands()) {
          requireKnown(c);
        }
      }
    }
    for (AndOr list : lists) {
      runAndOr(ex, list);
    }
  }

  /** Every command of a line must be one podpath knows, whichever branch runs. */
  private void requireKnown(SimpleCommand c) {
    List<String> argv;
    try {
      argv = expand(c);
    } catch (CommandError | IllegalArgumentException e) {
      return; // an expansion that fails here fails again, with its own message, when the command
      // runs
    }
    Commands.requireKnown(argv);
  }

  /** {@code a && b || c}: a failure not caught by a following {@code ||} fails the line. */
  private void runAndOr(Exec ex, AndOr list) {
    RuntimeException failure = null;
    for (int k = 0; k < list.pipelines().size(); k++) {
      String op = k == 0 ? null : list.operators().get(k - 1);
      boolean run = op == null || op.equals("&&") ? failure == null : failure != null;
      if (!run) {
        continue;
      }
      try {
        runPipeline(ex, list.pipelines().get(k));
        failure = null;
      } catch (CommandError | KernelError e) {
        failure = e;
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  /** Whether the command running now was started in the background ({@code cmd &}). */
  boolean inBackground() {
    return background;
  }

  private void runPipeline(Exec ex, Pipeline p) {
    background = p.background();
    try {
      runPipelineNow(ex, p);
    } finally {
      background = false;
    }
  }

  private void runPipelineNow(Exec ex, Pipeline p) {
    if (p.commands().size() == 1) {
      runSimple(ex, p.commands().get(0));
      return;
    }
    List<List<String>> argvs = new ArrayList<>();
    for (SimpleCommand c : p.commands()) {
      argvs.add(expand(c));
    }
    List<String> first = Commands.unwrap(argvs.get(0));
    for (int k = 1; k < argvs.size(); k++) {
      List<String> argv = Commands.unwrap(argvs.get(k));
      if (argv.isEmpty()) {
        continue;
      }
      String name = Commands.basename(argv.get(0));
      if (name.equals("tee")) {
        for (String f : argv.subList(1, argv.size())) {
          if (!f.startsWith("-") && !SysctlCommand.isProcSys(f)) {
            writable(f);
          }
        }
      }
      if (name.equals("tee") && isEcho(first)) {
        for (String f : argv.subList(1, argv.size())) {
          if (SysctlCommand.isProcSys(f)) {
            SysctlCommand.writeProc(ex, f, echoed(first));
            return;
          }
        }
      }
      if (name.endsWith("-restore") || (name.equals("ipset") && argv.contains("restore"))) {
        throw new CommandError(name + " reads its rules from a file here: use " + name + " < FILE");
      }
      if (!FILTERS.contains(name)) {
        throw new CommandError(
            "podpath accepts only text filters after a pipe, not \"" + name + "\"");
      }
    }
    runSimple(ex, p.commands().get(0));
  }

  private List<String> expand(SimpleCommand c) {
    List<String> argv = new ArrayList<>();
    boolean assigning = true;
    for (Word w : c.words()) {
      if (assigning && w.assignmentName() != null) {
        continue;
      }
      assigning = false;
      argv.addAll(env.fields(w));
    }
    return argv;
  }

  private void runSimple(Exec ex, SimpleCommand c) {
    List<String> argv = expand(c);
    if (argv.isEmpty()) {
      for (Word w : c.words()) {
        if (w.assignmentName() != null) {
          env.assign(w.assignmentName(), env.assignmentValue(w));
        }
      }
      return;
    }
    for (Redirect r : c.redirects()) {
      String target = env.string(r.target());
      if (r.writesStdout() && SysctlCommand.isProcSys(target)) {
        List<String> cmd = Commands.unwrap(argv);
        if (!isEcho(cmd)) {
          throw new CommandError("podpath writes /proc/sys only with echo or printf");
        }
        SysctlCommand.writeProc(ex, target, echoed(cmd));
        return;
      }
    }
    for (Redirect r : c.redirects()) {
      String target = env.string(r.target());
      boolean duplicates = r.operator().equals(">&") && target.matches("[0-9]+|-");
      if (r.operator().startsWith(">") && !duplicates || r.operator().equals("&>")) {
        writable(target);
      }
    }
    String outer = stdin;
    for (Redirect r : c.redirects()) {
      if (r.fd() == 0 && r.operator().equals("<")) {
        stdin = env.string(r.target());
      }
    }
    try {
      Commands.run(ex, argv);
    } finally {
      stdin = outer;
    }
  }

  /**
   * Where a command may send its output: podpath writes no files (only /proc/sys, through its own
   * model).
   */
  private static final Set<String> SINKS = Set.of("/dev/null", "/dev/stdout", "/dev/stderr");

  private static void writable(String target) {
    if (!SINKS.contains(target)) {
      throw new CommandError(
          "podpath writes no files: output to "
              + target
              + " is refused (only /dev/null, /dev/stdout, /dev/stderr and /proc/sys/... are accepted)");
    }
  }

  /** The file given as standard input ({@code CMD < FILE}) of the command running now. */
  java.util.Optional<String> stdin() {
    return java.util.Optional.ofNullable(stdin);
  }

  /** Runs an already expanded command ({@code ip netns exec NS CMD...}). */
  void runCommand(Exec ex, List<String> argv) {
    Commands.run(ex, argv);
  }

  private static boolean isEcho(List<String> argv) {
    return !argv.isEmpty() && (argv.get(0).equals("echo") || argv.get(0).equals("printf"));
  }

  /** What {@code echo} or a simple {@code printf} prints, without the trailing newline. */
  static String echoed(List<String> argv) {
    List<String> args = new ArrayList<>(argv.subList(1, argv.size()));
    if (argv.get(0).equals("echo")) {
      while (!args.isEmpty() && args.get(0).matches("-[neE]+")) {
        args.remove(0);
      }
      return String.join(" ", args).replace("\\n", "").trim();
    }
    if (args.isEmpty()) {
      return "";
    }
    String out = args.get(0);
    for (String a : args.subList(1, args.size())) {
      out = out.replaceFirst("%[sd]", java.util.regex.Matcher.quoteReplacement(a));
    }
    return out.replace("\\n", "").trim();
  }
}
