package dev.podpath.model.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Locale;

/**
 * The one way podpath reads a file a user names (a scenario script, a snapshot's dump, an {@code
 * iptables-restore < FILE}, a kernel transcript): whole, but only a regular file, only up to {@link
 * #limit()} bytes, and, as text, only UTF-8 without NUL bytes. Anything else is an {@link
 * UnreadableFileException} saying why, before a byte is read where the file's kind or size tells:
 * {@code /dev/zero} or a FIFO is refused at once, not read until the heap runs out.
 *
 * <pre>{@code
 * String script = TextFiles.read(Path.of("samples/router.sh"));
 * TextFiles.read(Path.of("/dev/zero"));   // cannot read /dev/zero: not a regular file (a character device)
 * }</pre>
 */
public final class TextFiles {

  /**
   * The largest file podpath reads: 512 MiB. Scenarios and the dumps of a node are kilobytes to a
   * few megabytes (the iptables-save of a 5,000-Service cluster is tens of megabytes); a larger
   * file is almost surely not what was meant, and reading it would take the heap.
   */
  public static final long MAX_BYTES = 512L << 20;

  /**
   * The share of the Java heap one file may take: while a file is read, decoded and split into
   * lines it takes several times its size, so a file above an eighth of the heap is refused with
   * the reason rather than failing half-way with the heap exhausted.
   */
  static final int HEAP_SHARE = 8;

  private TextFiles() {}

  /**
   * The size podpath reads at most: {@link #MAX_BYTES}, or an eighth of the heap when that is less.
   */
  public static long limit() {
    return Math.min(MAX_BYTES, Runtime.getRuntime().maxMemory() / HEAP_SHARE);
  }

  /**
   * The file's text: a regular file of at most {@link #limit()} bytes, strict UTF-8, no NUL byte.
   */
  public static String read(Path file) throws UnreadableFileException {
    return read(file, limit());
  }

  static String read(Path file, long limit) throws UnreadableFileException {
    byte[] bytes = readBytes(file, limit);
    long bad = firstNonText(bytes);
    if (bad >= 0) {
      int b = bytes[(int) bad] & 0xFF;
      throw new UnreadableFileException(
          file,
          "not a text file (binary data at byte "
              + (bad + 1)
              + ", line "
              + lineOf(bytes, (int) bad)
              + ": "
              + (b == 0 ? "a NUL byte" : String.format(Locale.ROOT, "0x%02x is not UTF-8", b))
              + ")");
    }
    return new String(bytes, StandardCharsets.UTF_8);
  }

  /**
   * The text of a stream (standard input, for {@code podpath import -}) under the same rules as a
   * file: at most {@link #limit()} bytes, strict UTF-8, no NUL byte. {@code name} stands for the
   * stream in the message ({@code cannot read -: ...}).
   */
  public static String read(InputStream in, Path name) throws UnreadableFileException {
    long limit = limit();
    byte[] bytes;
    try {
      bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
    } catch (IOException e) {
      throw unreadable(name, e);
    }
    if (bytes.length > limit) {
      throw tooLarge(name, bytes.length, limit);
    }
    long bad = firstNonText(bytes);
    if (bad >= 0) {
      int b = bytes[(int) bad] & 0xFF;
      throw new UnreadableFileException(
          name,
          "not text (binary data at byte "
              + (bad + 1)
              + ", line "
              + lineOf(bytes, (int) bad)
              + ": "
              + (b == 0 ? "a NUL byte" : String.format(Locale.ROOT, "0x%02x is not UTF-8", b))
              + ")");
    }
    return new String(bytes, StandardCharsets.UTF_8);
  }

  /**
   * The file's bytes, for a reader that decodes them itself (a snapshot's dumps): a regular file of
   * at most {@link #limit()} bytes.
   */
  public static byte[] readBytes(Path file) throws UnreadableFileException {
    return readBytes(file, limit());
  }

  static byte[] readBytes(Path file, long limit) throws UnreadableFileException {
    BasicFileAttributes attrs;
    try {
      attrs = Files.readAttributes(file, BasicFileAttributes.class);
    } catch (IOException e) {
      throw unreadable(file, e);
    }
    if (attrs.isDirectory()) {
      throw new UnreadableFileException(file, "a folder, not a file");
    }
    if (!attrs.isRegularFile()) {
      throw new UnreadableFileException(file, "not a regular file (" + kind(file) + ")");
    }
    if (attrs.size() > limit) {
      throw tooLarge(file, attrs.size(), limit);
    }
    try (InputStream in = Files.newInputStream(file)) {
      int expected = (int) attrs.size();
      byte[] bytes = new byte[expected];
      int n = in.readNBytes(bytes, 0, expected);
      // a file that changed since, or that reports no size (/proc): read on, up to the limit
      byte[] more = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit - n + 1));
      if (n == expected && more.length == 0) {
        return bytes;
      }
      if ((long) n + more.length > limit) {
        throw tooLarge(file, (long) n + more.length, limit);
      }
      byte[] all = new byte[n + more.length];
      System.arraycopy(bytes, 0, all, 0, n);
      System.arraycopy(more, 0, all, n, more.length);
      return all;
    } catch (UnreadableFileException e) {
      throw e;
    } catch (IOException e) {
      throw unreadable(file, e);
    }
  }

  /** The 0-based offset of the first NUL byte or byte that is not strict UTF-8, or -1. */
  static long firstNonText(byte[] bytes) {
    int nul = -1;
    for (int k = 0; k < bytes.length; k++) {
      if (bytes[k] == 0) {
        nul = k;
        break;
      }
    }
    CharsetDecoder dec =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes, 0, nul >= 0 ? nul : bytes.length);
    CharBuffer out = CharBuffer.allocate(8192);
    while (true) {
      CoderResult r = dec.decode(in, out, true);
      if (r.isError()) {
        return in.position();
      }
      if (r.isUnderflow()) {
        r = dec.flush(out);
        return r.isError() ? in.position() : nul;
      }
      out.clear();
    }
  }

  private static int lineOf(byte[] bytes, int offset) {
    int line = 1;
    for (int k = 0; k < offset; k++) {
      if (bytes[k] == '\n') {
        line++;
      }
    }
    return line;
  }

  /** What a file that is not regular is, from its Unix mode where the platform tells it. */
  private static String kind(Path file) {
    try {
      int type = ((Integer) Files.getAttribute(file, "unix:mode")) & 0170000;
      return switch (type) {
        case 0020000 -> "a character device";
        case 0060000 -> "a block device";
        case 0010000 -> "a FIFO";
        case 0140000 -> "a socket";
        default -> "a device, FIFO or socket";
      };
    } catch (IOException
        | UnsupportedOperationException
        | IllegalArgumentException
        | ClassCastException e) {
      return "a device, FIFO or socket";
    }
  }

  private static UnreadableFileException tooLarge(Path file, long size, long limit) {
    return new UnreadableFileException(
        file,
        "too large ("
            + size(size)
            + "; podpath reads files up to "
            + size(limit)
            + (limit < MAX_BYTES
                ? ", an eighth of this Java heap: PODPATH_JAVA_OPTS=-Xmx... raises it"
                    + " up to "
                    + size(MAX_BYTES)
                : "")
            + ")");
  }

  static String size(long bytes) {
    if (bytes < 10L << 10) {
      return bytes + " bytes";
    }
    if (bytes < 10L << 20) {
      return (bytes >> 10) + " KiB";
    }
    return (bytes >> 20) + " MiB";
  }

  private static UnreadableFileException unreadable(Path file, IOException e) {
    if (e instanceof NoSuchFileException) {
      return new UnreadableFileException(file, "no such file");
    }
    if (e instanceof AccessDeniedException) {
      return new UnreadableFileException(file, "permission denied");
    }
    if (e instanceof FileSystemException f && f.getReason() != null) {
      return new UnreadableFileException(file, f.getReason());
    }
    return new UnreadableFileException(file, String.valueOf(e.getMessage()));
  }

  /**
   * Writes {@code text} (UTF-8) at {@code target}, never half: to a temporary file beside it, then
   * moved over it in one step, so that a reader (and a crash or a full disk midway) sees the old
   * file or the whole new one, and no temporary file is left behind.
   *
   * @throws IOException when the folder cannot be written
   */
  public static void writeWhole(Path target, String text) throws IOException {
    writeWhole(target, text.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Writes {@code bytes} at {@code target}, never half, as {@link #writeWhole(Path, String)} does.
   *
   * @throws IOException when the folder cannot be written
   */
  public static void writeWhole(Path target, byte[] bytes) throws IOException {
    Path abs = target.toAbsolutePath();
    Path tmp = Files.createTempFile(abs.getParent(), "." + abs.getFileName() + ".", ".tmp");
    try {
      Files.write(tmp, bytes);
      try {
        Files.move(
            tmp,
            abs,
            java.nio.file.StandardCopyOption.ATOMIC_MOVE,
            java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      } catch (java.nio.file.AtomicMoveNotSupportedException e) {
        Files.move(tmp, abs, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
