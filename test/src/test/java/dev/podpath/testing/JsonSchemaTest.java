package dev.podpath.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.podpath.trace.Trace;
import dev.podpath.trace.api.Network;
import dev.podpath.trace.api.Podpath;
import dev.podpath.trace.cli.Main;
import dev.podpath.trace.render.Annotations;
import dev.podpath.trace.render.JsonRenderer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The JSON Schemas under docs/schema/ (draft 2020-12) hold for what podpath prints: {@code trace -o
 * json} for every probe of every sample (with its diagnosis when it failed), a Service traced with
 * {@code --all-branches} and one on a snapshot; {@code lint -o json} for every sample and snapshot;
 * {@code matrix -o json} for every sample; {@code graph -o json} for every sample and snapshot, and
 * with a trace's path. Validated by networknt's json-schema-validator; a schema that does not
 * reject a broken document fails too.
 */
class JsonSchemaTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> SCHEMAS = List.of("trace", "lint", "matrix", "graph");

  /** The schemas, each known by its file's URI, so that one may refer to another by file name. */
  private static final SchemaRegistry REGISTRY =
      SchemaRegistry.withDefaultDialect(
          SpecificationVersion.DRAFT_2020_12,
          b -> {
            java.util.Map<String, String> byIri = new java.util.HashMap<>();
            for (String name : SCHEMAS) {
              Path p = file(name);
              try {
                byIri.put(p.toUri().toString(), Files.readString(p));
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            }
            b.schemas(byIri);
          });

  private static Path file(String name) {
    return Samples.root().resolve("docs/schema").resolve(name + ".schema.json");
  }

  private static Schema schema(String name) {
    return REGISTRY.getSchema(SchemaLocation.of(file(name).toUri().toString()));
  }

  static Stream<Path> samples() {
    return Samples.all();
  }

  static Stream<Path> samplesAndSnapshots() throws IOException {
    try (Stream<Path> s = Files.list(Samples.dir().resolve("snapshots"))) {
      List<Path> snaps = s.filter(Files::isDirectory).sorted().toList();
      return Stream.concat(Samples.all(), snaps.stream());
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("samples")
  void everyProbesTrace_matchesTheTraceSchema(Path sample) {
    Network net = Podpath.load(sample);
    Schema schema = schema("trace");
    for (Trace t : net.probes().stream().flatMap(a -> a.trace().stream()).toList()) {
      String json = JsonRenderer.render(t, sample.toString(), Annotations.NONE, net.diagnose(t));
      assertValid(schema, json, sample + " " + t.probe());
    }
  }

  @Test
  void aServiceTracedOnEveryBranch_andOnASnapshot_matchTheTraceSchema() {
    Schema schema = schema("trace");
    assertValid(
        schema,
        cli(
            "trace",
            sample("kube-proxy.sh"),
            "--from",
            "p1",
            "--to",
            "10.96.0.10",
            "--proto",
            "tcp",
            "--all-branches",
            "-o",
            "json"),
        "--all-branches");
    assertValid(
        schema,
        cli(
            "trace",
            sample("snapshots/kube-proxy-after"),
            "--assume-cni-pods",
            "--from",
            "kube-system/coredns-857d9ff4c9-7m27z",
            "--to",
            "default/kubernetes",
            "-o",
            "json"),
        "a Service on a snapshot");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("samplesAndSnapshots")
  void lint_matchesTheLintSchema(Path input) {
    assertValid(schema("lint"), cli("lint", input.toString(), "-o", "json"), "lint " + input);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("samples")
  void matrix_matchesTheMatrixSchema(Path sample) {
    assertValid(
        schema("matrix"), cli("matrix", sample.toString(), "-o", "json"), "matrix " + sample);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("samplesAndSnapshots")
  void graph_matchesTheGraphSchema(Path input) {
    assertValid(schema("graph"), cli("graph", input.toString(), "-o", "json"), "graph " + input);
  }

  @Test
  void aGraphWithATracesPath_matchesTheGraphSchema() {
    String json =
        cli(
            "graph",
            sample("flannel-vxlan.sh"),
            "-o",
            "json",
            "--from",
            "busybox-jpnb6",
            "--to",
            "10.10.2.4");
    assertThat(json).contains("\"path\":\"request reply\"");
    assertValid(schema("graph"), json, "graph with a path");
  }

  @Test
  void theSchemas_rejectWhatIsNotTheirFormat() throws Exception {
    JsonNode lint = JSON.readTree(cli("lint", sample("router.sh"), "-o", "json"));
    ((com.fasterxml.jackson.databind.node.ObjectNode) lint).put("exitStatus", "zero");
    assertThat(schema("lint").validate(lint)).isNotEmpty();
    JsonNode trace =
        JSON.readTree(
            cli("trace", sample("router.sh"), "--from", "ns1", "--to", "10.1.2.2", "-o", "json"));
    ((com.fasterxml.jackson.databind.node.ObjectNode) trace).put("disposition", "ARRIVED");
    assertThat(schema("trace").validate(trace)).isNotEmpty();
    ((com.fasterxml.jackson.databind.node.ObjectNode) trace).remove("disposition");
    assertThat(schema("trace").validate(trace)).isNotEmpty();
  }

  private static String sample(String name) {
    return Samples.sample(name).toString();
  }

  private static String cli(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int status = Main.run(args, new PrintWriter(out), new PrintWriter(err));
    assertThat(status).as(String.join(" ", args) + ": " + err).isIn(0, 1);
    return out.toString();
  }

  private static void assertValid(Schema schema, String json, String what) {
    JsonNode node;
    try {
      node = JSON.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<Error> errors = schema.validate(node);
    assertThat(errors).as(what).isEmpty();
  }
}
