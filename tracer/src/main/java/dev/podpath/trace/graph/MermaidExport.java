package dev.podpath.trace.graph;

import dev.podpath.model.topo.NetnsName;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A {@link TopologyGraph} as a Mermaid flowchart ({@code podpath graph -o mermaid}), which GitHub
 * draws inside a {@code ```mermaid} block: each namespace a subgraph holding its devices, a node's
 * pods nested in it, wires as solid links, tunnels and what lies beyond as dotted ones, and a
 * trace's path as classes and link styles (request blue, reply orange, both purple, a drop red).
 * JGraphT has no Mermaid exporter; identifiers are generated ({@code d0}, {@code s0}, {@code o0})
 * and every label is quoted with Mermaid's entity codes for the characters its syntax reserves.
 */
public final class MermaidExport {

  private static final Map<String, String> STYLES =
      Map.of(
          "request", "stroke:#1f77b4,stroke-width:3px",
          "reply", "stroke:#ff7f0e,stroke-width:3px",
          "both", "stroke:#9467bd,stroke-width:3px",
          "dropped", "stroke:#d62728,stroke-width:3px,fill:#fdd");

  private final TopologyGraph g;
  private final PathMarks marks;
  private final Map<TopoVertex, String> ids = new LinkedHashMap<>();
  private final StringBuilder out = new StringBuilder();
  private final Map<String, List<String>> classes = new LinkedHashMap<>();
  private final Map<String, Integer> counters = new LinkedHashMap<>();

  private MermaidExport(TopologyGraph g, PathMarks marks) {
    this.g = g;
    this.marks = marks;
  }

  /** The graph as a Mermaid flowchart, with the trace's path when {@code marks} has one. */
  public static String of(TopologyGraph g, PathMarks marks) {
    return new MermaidExport(g, marks).write();
  }

  private String write() {
    out.append("flowchart TB\n");
    Set<NetnsName> nested = new HashSet<>();
    for (TopoVertex.NetnsVertex n : g.namespaces()) {
      if (g.hostOf(n.netns()).isPresent()) {
        nested.add(n.netns());
      }
    }
    for (TopoVertex.NetnsVertex n : g.namespaces()) {
      if (!nested.contains(n.netns())) {
        namespace(n, "  ");
      }
    }
    for (TopoVertex.Outside o : g.outside()) {
      String id = id(o, "o");
      out.append("  ")
          .append(id)
          .append(">\"")
          .append(text(GraphExport.label(g, o)))
          .append("\"]\n");
      mark(o, id);
    }
    List<String> linkStyles = new ArrayList<>();
    int index = 0;
    for (TopoEdge e : g.graph().edgeSet()) {
      if (e.kind() == EdgeKind.CONTAINS) {
        continue;
      }
      String a = ids.get(e.source());
      String b = ids.get(e.target());
      if (a == null || b == null) {
        continue;
      }
      String link =
          switch (e.kind()) {
            case VETH, BRIDGE_PORT, L2_SEGMENT -> "---";
            case TUNNEL, UNDERLAY, BEYOND, CONTAINS -> "-.-";
          };
      String label = e.label().isEmpty() ? GraphExport.kindName(e.kind()) : e.label();
      out.append("  ")
          .append(a)
          .append(' ')
          .append(link)
          .append("|\"")
          .append(text(label))
          .append("\"| ")
          .append(b)
          .append('\n');
      String legs = marks.of(e);
      if (!legs.isEmpty()) {
        linkStyles.add("  linkStyle " + index + " " + STYLES.get(style(legs)));
      }
      index++;
    }
    if (!classes.isEmpty()) {
      for (String c : classes.keySet()) {
        out.append("  classDef ").append(c).append(' ').append(STYLES.get(c)).append('\n');
      }
      classes.forEach(
          (c, members) ->
              out.append("  class ")
                  .append(String.join(",", members))
                  .append(' ')
                  .append(c)
                  .append('\n'));
    }
    linkStyles.forEach(l -> out.append(l).append('\n'));
    return out.toString();
  }

  /** A namespace as a subgraph of its devices and its pods; one without either as a box. */
  private void namespace(TopoVertex.NetnsVertex n, String indent) {
    String id = id(n, "s");
    List<TopoVertex.Device> devices = g.devicesOf(n.netns());
    List<NetnsName> pods = g.podsOf(n.netns());
    String title = text(n.netns().value() + " (" + role(n) + ")");
    if (devices.isEmpty() && pods.isEmpty()) {
      out.append(indent).append(id).append("[\"").append(title).append("\"]\n");
      mark(n, id);
      return;
    }
    out.append(indent).append("subgraph ").append(id).append("[\"").append(title).append("\"]\n");
    for (TopoVertex.Device d : devices) {
      String did = id(d, "d");
      out.append(indent)
          .append("  ")
          .append(did)
          .append("([\"")
          .append(text(GraphExport.label(g, d)))
          .append("\"])\n");
      mark(d, did);
    }
    for (NetnsName p : pods) {
      g.netns(p).ifPresent(v -> namespace(v, indent + "  "));
    }
    out.append(indent).append("end\n");
    mark(n, id);
  }

  private static String role(TopoVertex.NetnsVertex n) {
    if (n instanceof TopoVertex.Node) {
      return "node";
    } else if (n instanceof TopoVertex.Segment) {
      return "segment";
    }
    return "netns";
  }

  private String id(TopoVertex v, String prefix) {
    return ids.computeIfAbsent(v, k -> prefix + counters.merge(prefix, 1, Integer::sum));
  }

  private void mark(TopoVertex v, String id) {
    String c = marks.droppedAt(v) ? "dropped" : style(marks.of(v));
    if (c != null) {
      classes.computeIfAbsent(c, k -> new ArrayList<>()).add(id);
    }
  }

  private static String style(String legs) {
    return switch (legs) {
      case "" -> null;
      case PathMarks.REQUEST -> "request";
      case PathMarks.REPLY -> "reply";
      default -> "both";
    };
  }

  /**
   * A label inside Mermaid's double quotes: its reserved characters as entity codes, a new line as
   * {@code <br/>}.
   */
  static String text(String s) {
    return s.lines()
        .map(
            l ->
                l.chars()
                    .mapToObj(
                        c ->
                            switch (c) {
                              case '#' -> "#35;";
                              case '"' -> "#quot;";
                              case '<' -> "#lt;";
                              case '>' -> "#gt;";
                              case '|' -> "#124;";
                              case '`' -> "#96;";
                              default -> String.valueOf((char) c);
                            })
                    .collect(Collectors.joining()))
        .collect(Collectors.joining("<br/>"));
  }
}
