package dev.podpath.model.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Given a file of some kind, size and content, when it is read, then text or a one-line reason. */
final class TextFilesTest {

  @TempDir Path dir;

  private static String refusal(Path file) {
    UnreadableFileException e =
        catchThrowableOfType(UnreadableFileException.class, () -> TextFiles.read(file));
    assertThat(e).as("reading " + file + " should be refused").isNotNull();
    assertThat(e.file()).isEqualTo(file);
    assertThat(e.getMessage()).startsWith("cannot read " + file + ": ").doesNotContain("\n");
    return e.reason();
  }

  @Test
  void utf8Text_isReadWhole() throws Exception {
    Path f = dir.resolve("ok.sh");
    Files.writeString(f, "ip netns add a\n# caf\u00e9 \u2014 \u1F600\n", StandardCharsets.UTF_8);
    assertThat(TextFiles.read(f)).isEqualTo("ip netns add a\n# caf\u00e9 \u2014 \u1F600\n");
  }

  @Test
  void missingFile_isNoSuchFile() {
    assertThat(refusal(dir.resolve("nope.sh"))).isEqualTo("no such file");
  }

  @Test
  void folder_isRefused() {
    assertThat(refusal(dir)).isEqualTo("a folder, not a file");
  }

  @Test
  @Timeout(10)
  void devZero_isRefusedAtOnce_asACharacterDevice() {
    Path zero = Path.of("/dev/zero");
    assumeTrue(Files.exists(zero), "no /dev/zero here");
    assertThat(refusal(zero)).isEqualTo("not a regular file (a character device)");
  }

  @Test
  @Timeout(10)
  void symlinkToDevZero_isRefused() throws Exception {
    assumeTrue(Files.exists(Path.of("/dev/zero")), "no /dev/zero here");
    Path link = Files.createSymbolicLink(dir.resolve("ip-link.json"), Path.of("/dev/zero"));
    assertThat(refusal(link)).isEqualTo("not a regular file (a character device)");
  }

  @Test
  @Timeout(10)
  void fifo_isRefusedWithoutOpeningIt() throws Exception {
    Path fifo = dir.resolve("fifo.sh");
    assumeTrue(mkfifo(fifo), "mkfifo is not available");
    assertThat(refusal(fifo)).isEqualTo("not a regular file (a FIFO)");
  }

  @Test
  @Timeout(10)
  void sparseFileAboveTheBound_isRefusedBeforeReading() throws Exception {
    Path big = dir.resolve("huge.sh");
    try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
      f.setLength(TextFiles.MAX_BYTES + 1);
    }
    assertThat(refusal(big)).startsWith("too large (512 MiB; podpath reads files up to ");
  }

  @Test
  void fileAboveALowerLimit_namesBothSizes() throws Exception {
    Path f = dir.resolve("f.txt");
    Files.write(f, new byte[20_000]);
    UnreadableFileException e =
        catchThrowableOfType(UnreadableFileException.class, () -> TextFiles.read(f, 12_000));
    assertThat(e.reason())
        .startsWith(
            "too large (19 KiB; podpath reads files up to 11 KiB, an eighth of this Java heap");
  }

  @Test
  void nulByte_isBinaryData_atItsByteAndLine() throws Exception {
    Path f = dir.resolve("bin.sh");
    Files.write(f, new byte[] {'i', 'p', '\n', 'a', 0, 'b'});
    assertThat(refusal(f)).isEqualTo("not a text file (binary data at byte 5, line 2: a NUL byte)");
  }

  @Test
  void malformedUtf8_isBinaryData() throws Exception {
    Path f = dir.resolve("latin1.sh");
    Files.write(f, new byte[] {'#', ' ', 'c', 'a', 'f', (byte) 0xE9, '\n'});
    assertThat(refusal(f))
        .isEqualTo("not a text file (binary data at byte 6, line 1: 0xe9 is not UTF-8)");
  }

  @Test
  void overlongEncodingAndCutSequence_areNotUtf8() throws Exception {
    Path overlong = dir.resolve("overlong.sh");
    Files.write(overlong, new byte[] {'a', (byte) 0xC0, (byte) 0x80});
    assertThat(refusal(overlong)).contains("byte 2, line 1: 0xc0 is not UTF-8");
    Path cut = dir.resolve("cut.sh");
    Files.write(cut, new byte[] {'a', '\n', (byte) 0xE2, (byte) 0x80});
    assertThat(refusal(cut)).contains("byte 3, line 2: 0xe2 is not UTF-8");
  }

  @Test
  void bytes_ofABinaryFile_areReadForReadersThatDecodeThemselves() throws Exception {
    Path f = dir.resolve("x.bin");
    Files.write(f, new byte[] {0, (byte) 0xFF});
    assertThat(TextFiles.readBytes(f)).containsExactly(0, 0xFF);
  }

  @Test
  void limit_isAtMostTheBound() {
    assertThat(TextFiles.limit()).isPositive().isLessThanOrEqualTo(TextFiles.MAX_BYTES);
  }

  static boolean mkfifo(Path p) {
    try {
      Process proc = new ProcessBuilder("mkfifo", p.toString()).redirectErrorStream(true).start();
      return proc.waitFor(
              Duration.ofSeconds(5).toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
          && proc.exitValue() == 0;
    } catch (java.io.IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
