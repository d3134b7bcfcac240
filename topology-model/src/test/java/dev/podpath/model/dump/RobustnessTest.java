package dev.podpath.model.dump;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Seeded random damage to the real dumps (truncation, flipped characters, deleted and duplicated
 * lines, NUL bytes): every parser returns a {@link ParseResult} and never throws, and {@link
 * DumpFormat#detect} never throws either.
 */
final class RobustnessTest {

  private static final List<String> FILES =
      List.of(
          "iproute2-4.19.0/ip-route-table-all.json",
          "iproute2-6.1.0/ip-d-link.json",
          "iproute2-7.1.0/ip-addr.json",
          "iproute2-5.10.0/ip-rule.json",
          "iproute2-6.1.0/ip-neigh.json",
          "iproute2-6.1.0/bridge-fdb.json",
          "iproute2-6.1.0/ip-route-table-all.txt",
          "iproute2-7.1.0/ip-d-link.txt",
          "iproute2-6.1.0/ip-o-addr.txt",
          "iproute2-6.1.0/ip-rule.txt",
          "busybox-1.35/ip-neigh.txt",
          "iproute2-4.19.0/bridge-fdb.txt",
          "net-tools-2.10/ifconfig-a.txt",
          "busybox-1.35/ifconfig-a.txt",
          "net-tools-2.10/route-n.txt",
          "busybox-1.35/arp-n.txt",
          "net-tools-2.10/arp-n.txt",
          "flannel/subnet.env",
          "kubectl/get-pods-A-wide.txt",
          "kubectl/get-nodes.json",
          "seeds/001-kubectl-get-nodes-wide.txt");

  private static final int MUTANTS_PER_FILE = 40;

  static Stream<Arguments> mutants() {
    List<Arguments> out = new ArrayList<>();
    for (int f = 0; f < FILES.size(); f++) {
      String original = Fixtures.read(FILES.get(f));
      Random random = new Random(6_000L + f);
      for (int i = 0; i < MUTANTS_PER_FILE; i++) {
        out.add(Arguments.of(FILES.get(f) + "#" + i, mutate(original, random)));
      }
    }
    return out.stream();
  }

  static String mutate(String s, Random r) {
    if (s.isEmpty()) {
      return s;
    }
    StringBuilder sb = new StringBuilder(s);
    int kind = r.nextInt(6);
    switch (kind) {
      case 0 -> sb.setLength(r.nextInt(sb.length()));
      case 1 -> {
        for (int k = 0; k < 1 + r.nextInt(8); k++) {
          int at = r.nextInt(sb.length());
          sb.setCharAt(at, (char) (sb.charAt(at) ^ (1 << r.nextInt(7))));
        }
      }
      case 2 -> {
        List<String> lines = new ArrayList<>(List.of(s.split("\n", -1)));
        for (int k = 0; k < 1 + r.nextInt(3) && lines.size() > 1; k++) {
          lines.remove(r.nextInt(lines.size()));
        }
        return String.join("\n", lines);
      }
      case 3 -> {
        List<String> lines = new ArrayList<>(List.of(s.split("\n", -1)));
        int at = r.nextInt(lines.size());
        lines.add(r.nextInt(lines.size()), lines.get(at));
        return String.join("\n", lines);
      }
      case 4 -> sb.insert(r.nextInt(sb.length()), "\0\uFFFD\u0001");
      default -> {
        String junk = "[]{}\":, /\\-0x\tvia dev nexthop <none> inet addr: 999.1.1.1/40 ";
        for (int k = 0; k < 1 + r.nextInt(10); k++) {
          sb.insert(r.nextInt(sb.length()), junk.charAt(r.nextInt(junk.length())));
        }
      }
    }
    return sb.toString();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("mutants")
  void everyParser_onDamagedInput_returnsAResult(String name, String content) {
    for (Fixtures.Named p : Fixtures.parsers()) {
      assertThatCode(
              () -> {
                ParseResult<?> r = p.parse(name, content);
                assertThat(r).isNotNull();
                assertThat(r.value()).isNotNull();
                r.warnings()
                    .forEach(
                        w -> {
                          assertThat(w.line()).isNotNegative();
                          assertThat(w.column()).isNotNegative();
                        });
              })
          .as(p.name() + " on " + name)
          .doesNotThrowAnyException();
    }
    assertThatCode(() -> DumpFormat.detect(name, content)).doesNotThrowAnyException();
  }
}
