package dev.podpath.trace.verify;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The snapshot a collecting plan ({@link KernelPlan#collecting}) brought back in its transcript:
 * after {@code ### podpath-collected (exit status N)}, each file the collector wrote as {@code ###
 * file PATH} and its bytes in base64 ({@code sandbox-run.sh}). This is how a snapshot of a network
 * built in the VM leaves it: the VM writes only its transcript into the exchange folder.
 *
 * <p>The transcript comes from a kernel run podpath does not trust: a path is accepted only as
 * plain relative names ({@code root/netns/ns1/ip-link.json}), never {@code ..}, a hidden name or an
 * absolute path, and nothing is written outside the folder given.
 *
 * @param exitStatus the collector's exit status
 * @param files each file's path (relative, {@code /}-separated) and bytes, in the collector's order
 */
public record CollectedFiles(int exitStatus, Map<String, byte[]> files) {

  /** The line the collected files follow. */
  public static final String MARKER = "### podpath-collected";

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.+:=@-]*");
  private static final String FILE = "### file ";

  public CollectedFiles {
    files = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(files));
  }

  /** The files of {@code transcript}; empty (and status -1) when it has no collected section. */
  public static CollectedFiles parse(String transcript) throws IOException {
    return parse(transcript, MARKER);
  }

  /**
   * The files of {@code transcript}'s section that starts with {@code marker} ({@link #MARKER}, or
   * {@link KernelCaptures#MARKER}) and runs to the next such section or the end; empty (and status
   * -1) when it has none.
   */
  static CollectedFiles parse(String transcript, String marker) throws IOException {
    List<String> lines = transcript.lines().toList();
    int at = 0;
    while (at < lines.size() && !lines.get(at).startsWith(marker)) {
      at++;
    }
    if (at == lines.size()) {
      return new CollectedFiles(-1, Map.of());
    }
    Matcher m =
        Pattern.compile(Pattern.quote(marker) + " \\(exit status (\\d+)\\)").matcher(lines.get(at));
    if (!m.matches()) {
      throw new IOException("the collected files' header is damaged: " + lines.get(at));
    }
    Map<String, byte[]> files = new LinkedHashMap<>();
    String name = null;
    List<String> body = new ArrayList<>();
    for (int i = at + 1; i <= lines.size(); i++) {
      String line = i < lines.size() ? lines.get(i) : null;
      if (line != null && (line.startsWith(MARKER) || line.startsWith(KernelCaptures.MARKER))) {
        line = null; // the next section
      }
      if (line == null || line.startsWith(FILE)) {
        if (name != null) {
          files.put(name, decode(name, body));
        }
        if (line == null) {
          break;
        }
        name = checked(line.substring(FILE.length()));
        if (files.containsKey(name)) {
          throw new IOException("a collected file comes twice: " + KernelPlan.printable(name));
        }
        body.clear();
      } else if (name == null) {
        throw new IOException(
            "a line outside any collected file: " + KernelPlan.printable(line.strip()));
      } else {
        body.add(line.strip());
      }
    }
    return new CollectedFiles(Integer.parseInt(m.group(1)), files);
  }

  /** Writes the files under {@code dir} (created if missing), keeping their relative paths. */
  public void writeTo(Path dir) throws IOException {
    Path base = dir.toAbsolutePath().normalize();
    for (Map.Entry<String, byte[]> e : files.entrySet()) {
      Path to = base.resolve(e.getKey()).normalize();
      if (!to.startsWith(base)) {
        throw new IOException("a collected file outside the folder: " + e.getKey());
      }
      Files.createDirectories(to.getParent());
      Files.write(to, e.getValue());
    }
  }

  private static String checked(String path) throws IOException {
    for (String part : path.split("/", -1)) {
      if (!NAME.matcher(part).matches()) {
        throw new IOException(
            "a collected file's path is not a plain relative one: " + KernelPlan.printable(path));
      }
    }
    return path;
  }

  private static byte[] decode(String name, List<String> body) throws IOException {
    try {
      return Base64.getDecoder().decode(String.join("", body));
    } catch (IllegalArgumentException e) {
      throw new IOException("collected file " + name + " is damaged: " + e.getMessage());
    }
  }
}
