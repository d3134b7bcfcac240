package dev.podpath.trace.graph;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podpath.model.script.ScenarioInterpreter;
import dev.podpath.model.snapshot.Snapshot;
import dev.podpath.model.topo.NetnsName;
import dev.podpath.model.topo.Topology;
import dev.podpath.trace.Probe;
import dev.podpath.trace.Trace;
import dev.podpath.trace.Tracer;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jgrapht.Graph;
import org.jgrapht.graph.DefaultEdge;
import org.jgrapht.graph.DirectedPseudograph;
import org.jgrapht.nio.graphml.GraphMLImporter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every sample's and every committed snapshot's graph as Mermaid and GraphML: the Mermaid text
 * holds only the statements GitHub's renderer takes (each line checked against Mermaid's flowchart
 * grammar for the forms used, subgraphs balanced, every link's ends and every styled link declared,
 * no raw quote inside a label), and JGraphT's own GraphML importer reads the GraphML back to the
 * same vertices and edges; a trace's path is marked on both.
 */
final class GraphExportsTest {

  private static final Path SAMPLES = Path.of("..", "samples");

  private static final String ID = "[a-z][0-9]+";
  private static final String LABEL = "\"[^\"]*\"";
  private static final Pattern HEADER = Pattern.compile("flowchart TB");
  private static final Pattern SUBGRAPH =
      Pattern.compile("\\s*subgraph (" + ID + ")\\[" + LABEL + "\\]");
  private static final Pattern END = Pattern.compile("\\s*end");
  private static final Pattern NODE =
      Pattern.compile(
          "\\s*(" + ID + ")(\\[" + LABEL + "\\]|\\(\\[" + LABEL + "\\]\\)|>" + LABEL + "\\])");
  private static final Pattern LINK =
      Pattern.compile("\\s*(" + ID + ") (---|-\\.-)\\|" + LABEL + "\\| (" + ID + ")");
  private static final Pattern CLASSDEF = Pattern.compile("\\s*classDef [a-z]+ [a-z0-9:#,.-]+");
  private static final Pattern CLASS =
      Pattern.compile("\\s*class (" + ID + "(," + ID + ")*) [a-z]+");
  private static final Pattern LINKSTYLE = Pattern.compile("\\s*linkStyle ([0-9]+) [a-z0-9:#,.-]+");

  static Stream<Topology> topologies() throws Exception {
    List<Path> scripts;
    try (Stream<Path> s = Files.list(SAMPLES)) {
      scripts = s.filter(p -> p.toString().endsWith(".sh")).sorted().toList();
    }
    List<Path> snapshots;
    try (Stream<Path> s = Files.list(SAMPLES.resolve("snapshots"))) {
      snapshots = s.filter(Files::isDirectory).sorted().toList();
    }
    Stream.Builder<Topology> out = Stream.builder();
    for (Path p : scripts) {
      out.add(ScenarioInterpreter.interpret(p).topology());
    }
    for (Path p : snapshots) {
      out.add(Snapshot.load(p, Snapshot.Options.DEFAULTS).topology());
    }
    return out.build();
  }

  @ParameterizedTest
  @MethodSource("topologies")
  void mermaid_isMadeOfStatementsGithubRenders(Topology t) {
    checkMermaid(MermaidExport.of(TopologyGraph.of(t), PathMarks.NONE));
  }

  @ParameterizedTest
  @MethodSource("topologies")
  void graphml_readsBackToTheSameGraph(Topology t) {
    TopologyGraph g = TopologyGraph.of(t);
    Map<String, String> ids = new java.util.HashMap<>();
    Graph<String, DefaultEdge> back = readGraphml(GraphExport.graphml(g, PathMarks.NONE), ids);
    assertThat(back.vertexSet().stream().map(ids::get).toList())
        .containsExactlyInAnyOrderElementsOf(
            g.graph().vertexSet().stream().map(TopoVertex::id).toList());
    assertThat(back.edgeSet()).hasSize(g.graph().edgeSet().size());
  }

  @Test
  void aTracesPath_isMarkedOnEveryExport() throws Exception {
    Topology t = ScenarioInterpreter.interpret(SAMPLES.resolve("flannel-vxlan.sh")).topology();
    TopologyGraph g = TopologyGraph.of(t);
    Trace trace =
        Tracer.trace(
            t,
            Probe.icmp(
                NetnsName.of("busybox-jpnb6"),
                dev.podpath.model.addr.Ipv4Address.parse("10.10.2.4")));
    PathMarks marks = PathMarks.of(g, TracePath.of(trace));
    assertThat(
            marks.of(
                new TopoVertex.Device(dev.podpath.model.topo.DeviceRef.of("worker1", "flannel.1"))))
        .isEqualTo("request reply");
    assertThat(marks.dropped()).isEmpty();

    String mermaid = MermaidExport.of(g, marks);
    checkMermaid(mermaid);
    assertThat(mermaid).contains("classDef both").contains("linkStyle ");
    assertThat(GraphExport.dot(g, marks)).contains("color=\"purple\"");
    assertThat(GraphExport.json(g, marks)).contains("\"path\":\"request reply\"");
    assertThat(GraphExport.graphml(g, marks)).contains(">request reply<");
  }

  @Test
  void aDrop_isMarkedRed() throws Exception {
    Topology t = ScenarioInterpreter.interpret(SAMPLES.resolve("missing-route.sh")).topology();
    TopologyGraph g = TopologyGraph.of(t);
    Trace trace =
        Tracer.trace(
            t,
            Probe.icmp(NetnsName.of("ns1"), dev.podpath.model.addr.Ipv4Address.parse("10.1.2.2")));
    PathMarks marks = PathMarks.of(g, TracePath.of(trace));
    assertThat(marks.dropped()).isNotEmpty();
    String mermaid = MermaidExport.of(g, marks);
    checkMermaid(mermaid);
    assertThat(mermaid).contains("classDef dropped");
    assertThat(GraphExport.json(g, marks)).contains("\"dropped\":true");
  }

  @Test
  void labels_escapeWhatMermaidReserves() {
    assertThat(MermaidExport.text("a \"b\" <c> #d |e|\nf"))
        .isEqualTo("a #quot;b#quot; #lt;c#gt; #35;d #124;e#124;<br/>f");
  }

  /** The structure GitHub's Mermaid needs, line by line. */
  private static void checkMermaid(String text) {
    List<String> lines = text.lines().toList();
    assertThat(lines.get(0)).matches(HEADER);
    Set<String> declared = new HashSet<>();
    Deque<String> open = new ArrayDeque<>();
    int links = 0;
    List<Integer> styled = new java.util.ArrayList<>();
    for (String line : lines.subList(1, lines.size())) {
      Matcher m;
      if ((m = SUBGRAPH.matcher(line)).matches()) {
        assertThat(declared.add(m.group(1))).as("declared once: " + line).isTrue();
        open.push(m.group(1));
      } else if (END.matcher(line).matches()) {
        assertThat(open).as("an end closes a subgraph").isNotEmpty();
        open.pop();
      } else if ((m = NODE.matcher(line)).matches()) {
        assertThat(declared.add(m.group(1))).as("declared once: " + line).isTrue();
      } else if ((m = LINK.matcher(line)).matches()) {
        assertThat(declared).as(line).contains(m.group(1), m.group(3));
        links++;
      } else if (CLASSDEF.matcher(line).matches()) {
        continue;
      } else if ((m = CLASS.matcher(line)).matches()) {
        assertThat(declared).as(line).contains(m.group(1).split(","));
      } else if ((m = LINKSTYLE.matcher(line)).matches()) {
        styled.add(Integer.parseInt(m.group(1)));
      } else {
        throw new AssertionError("not a Mermaid statement podpath writes: " + line);
      }
    }
    assertThat(open).as("every subgraph ended").isEmpty();
    for (int s : styled) {
      assertThat(s).isLessThan(links);
    }
  }

  /** The GraphML read back, with schema validation; {@code ids}: each vertex's podpath id. */
  private static Graph<String, DefaultEdge> readGraphml(String xml, Map<String, String> ids) {
    Graph<String, DefaultEdge> g = new DirectedPseudograph<>(DefaultEdge.class);
    GraphMLImporter<String, DefaultEdge> im = new GraphMLImporter<>();
    im.setVertexFactory(id -> id);
    im.setSchemaValidation(true);
    im.addVertexAttributeConsumer(
        (ve, attribute) -> {
          if (ve.getSecond().equals("podpath_id")) {
            ids.put(ve.getFirst(), attribute.getValue());
          }
        });
    im.importGraph(g, new StringReader(xml));
    return g;
  }
}
