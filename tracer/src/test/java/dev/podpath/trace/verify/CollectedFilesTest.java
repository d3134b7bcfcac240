package dev.podpath.trace.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The files a collecting plan brings back in its transcript (sandbox-run.sh's {@code ###
 * podpath-collected} section): written back under their relative paths, and nothing that would land
 * outside the folder.
 */
final class CollectedFilesTest {

  private static String b64(String text) {
    return Base64.getMimeEncoder(76, "\n".getBytes(StandardCharsets.US_ASCII))
        .encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  private static final String LINK =
      "[{\"ifindex\":1,\"ifname\":\"lo\",\"flags\":[\"LOOPBACK\",\"UP\",\"LOWER_UP\"],\"mtu\":65536,"
          + "\"operstate\":\"UNKNOWN\",\"link_type\":\"loopback\",\"address\":\"00:00:00:00:00:00\"}]\n";

  private static String transcript(String... files) {
    StringBuilder sb =
        new StringBuilder(
            "# vm: ...\n# runner: podpath plan (argument vectors, no shell)\n\n"
                + "# steps: 0 run, 0 failed\n# exit status: 0\n"
                + "### podpath-collected (exit status 0)\n");
    for (int i = 0; i < files.length; i += 2) {
      sb.append("### file ").append(files[i]).append('\n').append(b64(files[i + 1])).append('\n');
    }
    return sb.toString();
  }

  @Test
  void theFiles_areWrittenBackUnderTheirPaths(@TempDir Path dir) throws IOException {
    CollectedFiles f =
        CollectedFiles.parse(
            transcript(
                "root/ip-link.json",
                LINK,
                "root/netns/ns1/sysctl.txt",
                "net.ipv4.ip_forward = 1\n",
                "root/collect.log",
                ""));
    assertThat(f.exitStatus()).isZero();
    assertThat(f.files().keySet())
        .containsExactly("root/ip-link.json", "root/netns/ns1/sysctl.txt", "root/collect.log");
    f.writeTo(dir);
    assertThat(Files.readString(dir.resolve("root/ip-link.json"))).isEqualTo(LINK);
    assertThat(Files.readString(dir.resolve("root/netns/ns1/sysctl.txt")))
        .isEqualTo("net.ipv4.ip_forward = 1\n");
    assertThat(Files.size(dir.resolve("root/collect.log"))).isZero();
  }

  @Test
  void aTranscriptWithoutTheSection_hasNoFiles() throws IOException {
    CollectedFiles f = CollectedFiles.parse("# runner: podpath plan\n+ ip link\n");
    assertThat(f.exitStatus()).isEqualTo(-1);
    assertThat(f.files()).isEmpty();
  }

  @Test
  void theCollectorsExitStatus_isKept() throws IOException {
    assertThat(CollectedFiles.parse("### podpath-collected (exit status 2)\n").exitStatus())
        .isEqualTo(2);
  }

  @Test
  void aPathOutOfTheFolder_orHidden_orAbsolute_isRefused() {
    for (String bad : new String[] {"../x", "root/../../x", "/etc/passwd", "root/.hidden", ""}) {
      assertThatThrownBy(() -> CollectedFiles.parse(transcript(bad, "x")))
          .as(bad)
          .isInstanceOf(IOException.class)
          .hasMessageContaining("not a plain relative one");
    }
  }

  @Test
  void aDamagedFile_isRefused_withItsName() {
    assertThatThrownBy(
            () ->
                CollectedFiles.parse(
                    "### podpath-collected (exit status 0)\n### file root/a.txt\n@@not base64@@\n"))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("root/a.txt is damaged");
  }

  @Test
  void aFileTwice_isRefused() {
    assertThatThrownBy(() -> CollectedFiles.parse(transcript("root/a", "1", "root/a", "2")))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("comes twice");
  }
}
