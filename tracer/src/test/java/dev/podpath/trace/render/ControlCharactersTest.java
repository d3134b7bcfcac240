package dev.podpath.trace.render;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** Given text with control characters, when it is written, then they are shown escaped. */
final class ControlCharactersTest {

  @Test
  void escape_c0ButTabAndNewline_del_c1_bidi() {
    assertThat(ControlCharacters.escape("a\u001b[2Jb\rc\u0007d\te\nf\u007fg\u009bh\u202ei\u2066j"))
        .isEqualTo("a\\u001b[2Jb\\u000dc\\u0007d\te\nf\\u007fg\\u009bh\\u202ei\\u2066j");
  }

  @Test
  void escape_plainText_isTheSameString() {
    String s = "ip route add 10.0.0.0/8 via 10.0.0.1 — caf\u00e9";
    assertThat(ControlCharacters.escape(s)).isSameAs(s);
  }

  @Test
  void escapingWriter_escapesStringsCharsAndArrays() {
    StringWriter sw = new StringWriter();
    PrintWriter w = ControlCharacters.escaping(sw);
    w.print("x\u001by");
    w.print('\u0007');
    w.write(new char[] {'\u001b', 'z', '\u009b'}, 0, 3);
    w.println();
    w.flush();
    assertThat(sw.toString()).isEqualTo("x\\u001by\\u0007\\u001bz\\u009b\n");
  }

  @Test
  void jsonThroughTheWriter_staysValid_andMeansTheSame() throws Exception {
    ObjectMapper om = new ObjectMapper();
    String text = "via \u001b[2J\u007f\u009b dev eth0";
    StringWriter sw = new StringWriter();
    PrintWriter w = ControlCharacters.escaping(sw);
    w.print(om.writeValueAsString(java.util.Map.of("text", text)));
    w.flush();
    assertThat(sw.toString())
        .doesNotContain("\u001b")
        .doesNotContain("\u007f")
        .doesNotContain("\u009b");
    assertThat(om.readTree(sw.toString()).get("text").asText()).isEqualTo(text);
  }
}
