package dev.podpath.trace.verify;

import dev.podpath.model.io.TextFiles;
import dev.podpath.model.io.UnreadableFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A transcript of a sample run in the real kernel ({@code podpath verify --save-transcript}): each
 * command as {@code + command} followed by its output. Reduces a probe's output to the key lines
 * podpath predicts: ping's reply/error line, traceroute's hop lines without timings, {@code ip
 * route get}'s first line, {@code nc -v}'s connect line.
 */
public final class KernelTranscript {

  /**
   * One command of the transcript and what it printed.
   *
   * @param status its exit status, where the transcript says it ({@link #RUNNER} transcripts print
   *     {@code # status N} after a command that failed), else 0
   */
  public record Block(String command, List<String> output, int status) {
    public Block(String command, List<String> output) {
      this(command, output, 0);
    }
  }

  /** The header line of a transcript made by podpath's plan runner (exit statuses are in it). */
  public static final String RUNNER = "# runner: podpath plan";

  private static final Pattern STATUS = Pattern.compile("^# status (\\d+)");

  private static final Pattern TIMING = Pattern.compile("\\s+\\d+\\.\\d+ ms");
  private static final Pattern NC = Pattern.compile("(^|\\s|/)(nc|netcat|nc\\.openbsd)\\s");

  /** An {@code nc} option cluster with {@code -u}, and one with {@code -v}. */
  private static final Pattern NC_UDP = Pattern.compile("\\s-[a-zA-Z]*u");

  private static final Pattern NC_VERBOSE = Pattern.compile("\\s-[a-zA-Z]*v");

  private static final Pattern HOP = Pattern.compile("^\\s*(\\d+)\\s+(.*)$");

  private final List<Block> blocks;
  private final boolean statuses;
  private int cursor;

  private KernelTranscript(List<Block> blocks, boolean statuses) {
    this.blocks = blocks;
    this.statuses = statuses;
  }

  /** Every command of the transcript, in the order they ran. */
  public List<Block> blocks() {
    return List.copyOf(blocks);
  }

  /**
   * Whether the transcript is the plan runner's: one block for each foreground step of the plan, in
   * order, with exit statuses (a transcript recorded with {@code bash -x} before has neither).
   */
  public boolean fromPlan() {
    return statuses;
  }

  public static KernelTranscript read(Path file) throws UnreadableFileException {
    return parse(TextFiles.read(file));
  }

  /** Parses a transcript; anything from a {@code ### podpath-state} line on is not part of it. */
  public static KernelTranscript parse(String text) {
    List<Block> blocks = new ArrayList<>();
    boolean plan = false;
    String cmd = null;
    List<String> out = new ArrayList<>();
    int status = 0;
    for (String line : text.split("\n", -1)) {
      if (line.startsWith(StateDump.MARKER) || line.startsWith(KernelCaptures.MARKER)) {
        break;
      }
      if (line.startsWith(RUNNER)) {
        plan = true;
      }
      Matcher st = STATUS.matcher(line);
      if (line.startsWith("+ ")) {
        if (cmd != null) {
          blocks.add(new Block(cmd, out, status));
        }
        cmd = line.substring(2).trim();
        out = new ArrayList<>();
        status = 0;
      } else if (cmd != null && st.find()) {
        status = Integer.parseInt(st.group(1));
      } else if (cmd != null && !line.startsWith("# ")) {
        out.add(line);
      }
    }
    if (cmd != null) {
      blocks.add(new Block(cmd, out, status));
    }
    return new KernelTranscript(blocks, plan);
  }

  /** The next block, at or after the cursor, whose command is {@code command}. */
  public Optional<Block> next(String command) {
    String want = normalise(command);
    for (int i = cursor; i < blocks.size(); i++) {
      if (normalise(blocks.get(i).command()).equals(want)) {
        cursor = i + 1;
        return Optional.of(blocks.get(i));
      }
    }
    return Optional.empty();
  }

  private static String normalise(String cmd) {
    String c = cmd.replaceAll("\\s+#.*$", "").replaceAll("\\s*\\|\\|\\s*true$", "").trim();
    return c.replaceAll("\\s+", " ").replace("'", "");
  }

  /** The key lines of a probe's output, in the form podpath prints them. */
  /** The key line of a ping that printed neither a reply nor an error. */
  public static final String NO_REPLY = "no reply";

  /**
   * A path-MTU exception in {@code ip route get}'s second line ({@code cache expires 596sec mtu
   * 1450}).
   */
  private static final Pattern PMTU = Pattern.compile("cache expires \\d+sec mtu (\\d+)");

  /**
   * The key line for a path-MTU exception: the MTU, without the seconds left (they depend on when
   * the command ran).
   */
  /** The key line for a redirect's route exception ({@code cache <redirected> expires 299sec}). */
  public static final String REDIRECTED_LINE = "cache: redirected (expires)";

  public static String pathMtuLine(int mtu) {
    return "cache: path MTU " + mtu + " (expires)";
  }

  public static List<String> keyLines(Block b) {
    String cmd = b.command();
    List<String> out = new ArrayList<>();
    if (NC.matcher(cmd).find()) {
      for (String l : b.output()) {
        if (l.startsWith("Connection to ") || l.startsWith("nc: ")) {
          out.add(l.trim());
          return out;
        }
      }
      // nc -u -zv prints nothing and exits 1 when an ICMP error came back (netcat-openbsd 1.219)
      boolean udpRefused =
          b.status() == 1 && NC_UDP.matcher(cmd).find() && NC_VERBOSE.matcher(cmd).find();
      out.add(
          udpRefused
              ? dev.podpath.trace.render.ConnectLine.UDP_REFUSED
              : dev.podpath.trace.render.ConnectLine.SILENT);
      return out;
    }
    if (cmd.contains("traceroute")) {
      for (String l : b.output()) {
        if (l.startsWith("traceroute to")) {
          continue;
        }
        if (l.startsWith("send: ") || l.startsWith("connect: ")) {
          // sendto failed (EPERM from the sender's own OUTPUT), or connect found no route:
          // traceroute stops here
          out.add(l.trim());
          return out;
        }
        Matcher m = HOP.matcher(l);
        if (m.matches()) {
          String rest = TIMING.matcher(m.group(2)).replaceAll("").trim();
          out.add(String.format("%2d  %s", Integer.parseInt(m.group(1)), rest));
        }
      }
      return out;
    }
    if (cmd.contains("route get") || cmd.contains(" r g ") || cmd.contains("ro get")) {
      String first = b.output().isEmpty() ? "" : b.output().get(0).trim();
      out.add(first);
      for (String l : b.output()) {
        if (l.contains("cache <redirected>")) {
          out.add(REDIRECTED_LINE);
        }
        Matcher m = PMTU.matcher(l);
        if (m.find()) {
          out.add(pathMtuLine(Integer.parseInt(m.group(1))));
        }
      }
      return out;
    }
    if (cmd.contains("ping")) {
      for (String l : b.output()) {
        if (l.matches("^\\d+ bytes from .*") || l.startsWith("From ") || l.startsWith("ping: ")) {
          out.add(l.replaceAll(" time=[0-9.]+ ms$", "").trim());
          return out;
        }
      }
      out.add(NO_REPLY);
      return out;
    }
    return b.output();
  }
}
