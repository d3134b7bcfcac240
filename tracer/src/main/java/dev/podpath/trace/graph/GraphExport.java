package dev.podpath.trace.graph;

import dev.podpath.model.topo.IfAddress;
import dev.podpath.model.topo.NetDevice;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.jgrapht.nio.Attribute;
import org.jgrapht.nio.AttributeType;
import org.jgrapht.nio.DefaultAttribute;
import org.jgrapht.nio.dot.DOTExporter;
import org.jgrapht.nio.graphml.GraphMLExporter;
import org.jgrapht.nio.json.JSONExporter;

/**
 * A {@link TopologyGraph} written out by JGraphT's exporters: Graphviz DOT ({@code podpath graph -o
 * dot | dot -Tsvg}) and JSON ({@code {"nodes": [...], "edges": [...]}}), each vertex and edge with
 * its attributes (docs/graph.md).
 */
public final class GraphExport {

  private GraphExport() {}

  /** The graph as a Graphviz digraph; wires and tunnels are drawn without arrow heads. */
  public static String dot(TopologyGraph g) {
    return dot(g, PathMarks.NONE);
  }

  /**
   * The graph as a Graphviz digraph with a trace's path drawn on it: the request's vertices and
   * edges blue, the reply's orange (both: purple), the namespace where a packet was dropped red.
   */
  public static String dot(TopologyGraph g, PathMarks marks) {
    DOTExporter<TopoVertex, TopoEdge> ex = new DOTExporter<>(v -> '"' + v.id() + '"');
    ex.setGraphAttributeProvider(
        () -> {
          Map<String, Attribute> a = new LinkedHashMap<>();
          a.put("rankdir", DefaultAttribute.createAttribute("TB"));
          a.put("fontname", DefaultAttribute.createAttribute("Helvetica"));
          return a;
        });
    ex.setVertexAttributeProvider(
        v -> {
          Map<String, Attribute> a = attributes(g, v, marks);
          a.put("label", DefaultAttribute.createAttribute(label(g, v)));
          a.put("shape", DefaultAttribute.createAttribute(shape(v)));
          colour(marks.of(v), marks.droppedAt(v))
              .ifPresent(
                  c -> {
                    a.put("color", DefaultAttribute.createAttribute(c));
                    a.put("penwidth", DefaultAttribute.createAttribute(2));
                  });
          return a;
        });
    ex.setEdgeAttributeProvider(
        e -> {
          Map<String, Attribute> a = new LinkedHashMap<>();
          a.put("kind", DefaultAttribute.createAttribute(kindName(e.kind())));
          if (!e.label().isEmpty()) {
            a.put("label", DefaultAttribute.createAttribute(e.label()));
          }
          if (e.kind() != EdgeKind.CONTAINS) {
            a.put("dir", DefaultAttribute.createAttribute("none"));
          }
          String style =
              switch (e.kind()) {
                case TUNNEL -> "dashed";
                case UNDERLAY, BEYOND, CONTAINS -> "dotted";
                case VETH, BRIDGE_PORT, L2_SEGMENT -> "solid";
              };
          a.put("style", DefaultAttribute.createAttribute(style));
          colour(marks.of(e), false)
              .ifPresent(
                  c -> {
                    a.put("color", DefaultAttribute.createAttribute(c));
                    a.put("penwidth", DefaultAttribute.createAttribute(3));
                    a.put("path", DefaultAttribute.createAttribute(marks.of(e)));
                  });
          return a;
        });
    StringWriter w = new StringWriter();
    ex.exportGraph(g.graph(), w);
    return w.toString();
  }

  /** The graph as JSON: {@code nodes} (each with an {@code id} and its attributes) and edges. */
  public static String json(TopologyGraph g) {
    return json(g, PathMarks.NONE);
  }

  /**
   * The graph as JSON, with a trace's path: {@code path} ({@code request}, {@code reply}, or both)
   * on the vertices and edges it went through, {@code dropped: true} where a packet was dropped.
   */
  public static String json(TopologyGraph g, PathMarks marks) {
    JSONExporter<TopoVertex, TopoEdge> ex = new JSONExporter<>(TopoVertex::id);
    ex.setVertexAttributeProvider(v -> attributes(g, v, marks));
    ex.setEdgeAttributeProvider(e -> edgeAttributes(e, marks));
    StringWriter w = new StringWriter();
    ex.exportGraph(g.graph(), w);
    return w.toString();
  }

  /**
   * The graph as GraphML (yEd, Gephi, Cytoscape, NetworkX read it), valid against GraphML's schema:
   * vertices {@code n0}, {@code n1}, ... with podpath's id as the {@code podpath_id} attribute,
   * every attribute of the JSON export declared as a GraphML key (an edge's prefixed {@code edge_},
   * since a key's name is shared by vertices and edges in JGraphT's exporter); a trace's path as
   * {@code path} and {@code dropped}.
   */
  public static String graphml(TopologyGraph g, PathMarks marks) {
    // GraphML's ids are XML name tokens (no '/'): n0, n1, ... with podpath's id as "podpath_id"
    Map<TopoVertex, String> ids = new java.util.HashMap<>();
    for (TopoVertex v : g.graph().vertexSet()) {
      ids.put(v, "n" + ids.size());
    }
    GraphMLExporter<TopoVertex, TopoEdge> ex = new GraphMLExporter<>(ids::get);
    ex.setExportEdgeLabels(false);
    ex.setExportVertexLabels(false);
    for (String name :
        List.of(
            "podpath_id",
            "type",
            "name",
            "node",
            "netns",
            "kind",
            "mac",
            "master",
            "addresses",
            "via",
            "remote",
            "what",
            "path")) {
      ex.registerAttribute(name, GraphMLExporter.AttributeCategory.NODE, AttributeType.STRING);
    }
    ex.registerAttribute("mtu", GraphMLExporter.AttributeCategory.NODE, AttributeType.INT);
    ex.registerAttribute("up", GraphMLExporter.AttributeCategory.NODE, AttributeType.BOOLEAN);
    ex.registerAttribute("dropped", GraphMLExporter.AttributeCategory.NODE, AttributeType.BOOLEAN);
    for (String name : List.of("kind", "label", "path")) {
      ex.registerAttribute(
          "edge_" + name, GraphMLExporter.AttributeCategory.EDGE, AttributeType.STRING);
    }
    ex.setVertexAttributeProvider(
        v -> {
          Map<String, Attribute> a = new LinkedHashMap<>();
          a.put("podpath_id", DefaultAttribute.createAttribute(v.id()));
          a.putAll(attributes(g, v, marks));
          return a;
        });
    ex.setEdgeAttributeProvider(
        e -> {
          Map<String, Attribute> a = new LinkedHashMap<>();
          edgeAttributes(e, marks).forEach((k, v) -> a.put("edge_" + k, v));
          return a;
        });
    StringWriter w = new StringWriter();
    ex.exportGraph(g.graph(), w);
    return w.toString();
  }

  private static Map<String, Attribute> edgeAttributes(TopoEdge e, PathMarks marks) {
    Map<String, Attribute> a = new LinkedHashMap<>();
    a.put("kind", DefaultAttribute.createAttribute(kindName(e.kind())));
    if (!e.label().isEmpty()) {
      a.put("label", DefaultAttribute.createAttribute(e.label()));
    }
    if (!marks.of(e).isEmpty()) {
      a.put("path", DefaultAttribute.createAttribute(marks.of(e)));
    }
    return a;
  }

  /** The colour of a leg's mark: blue request, orange reply, purple both, red a drop. */
  static java.util.Optional<String> colour(String legs, boolean dropped) {
    if (dropped) {
      return java.util.Optional.of("red");
    }
    return switch (legs) {
      case "" -> java.util.Optional.empty();
      case PathMarks.REQUEST -> java.util.Optional.of("blue");
      case PathMarks.REPLY -> java.util.Optional.of("darkorange");
      default -> java.util.Optional.of("purple");
    };
  }

  /** {@code veth}, {@code bridge_port}, ... as the exports spell an edge's kind. */
  public static String kindName(EdgeKind k) {
    return k.name().toLowerCase(Locale.ROOT);
  }

  private static Map<String, Attribute> attributes(TopologyGraph g, TopoVertex v, PathMarks marks) {
    Map<String, Attribute> a = attributes(g, v);
    if (!marks.of(v).isEmpty()) {
      a.put("path", DefaultAttribute.createAttribute(marks.of(v)));
    }
    if (marks.droppedAt(v)) {
      a.put("dropped", DefaultAttribute.createAttribute(true));
    }
    return a;
  }

  static Map<String, Attribute> attributes(TopologyGraph g, TopoVertex v) {
    Map<String, Attribute> a = new LinkedHashMap<>();
    if (v instanceof TopoVertex.NetnsVertex n) {
      a.put("type", DefaultAttribute.createAttribute(netnsType(n)));
      a.put("name", DefaultAttribute.createAttribute(n.netns().value()));
      g.hostOf(n.netns())
          .ifPresent(h -> a.put("node", DefaultAttribute.createAttribute(h.value())));
    } else if (v instanceof TopoVertex.Device d) {
      a.put("type", DefaultAttribute.createAttribute("device"));
      a.put("netns", DefaultAttribute.createAttribute(d.ref().netns().value()));
      a.put("name", DefaultAttribute.createAttribute(d.ref().name()));
      g.device(d.ref())
          .ifPresent(
              dev -> {
                a.put("kind", DefaultAttribute.createAttribute(dev.kind().typeName()));
                a.put("mac", DefaultAttribute.createAttribute(dev.mac().toString()));
                a.put("mtu", DefaultAttribute.createAttribute(dev.mtu()));
                a.put("up", DefaultAttribute.createAttribute(dev.up()));
                dev.master().ifPresent(m -> a.put("master", DefaultAttribute.createAttribute(m)));
                if (!dev.addresses().isEmpty()) {
                  a.put("addresses", DefaultAttribute.createAttribute(addresses(dev)));
                }
              });
    } else if (v instanceof TopoVertex.Outside o) {
      a.put("type", DefaultAttribute.createAttribute("outside"));
      a.put("via", DefaultAttribute.createAttribute(o.via().toString()));
      o.remote().ifPresent(r -> a.put("remote", DefaultAttribute.createAttribute(r.toString())));
      a.put("what", DefaultAttribute.createAttribute(o.what()));
    }
    return a;
  }

  private static String netnsType(TopoVertex.NetnsVertex n) {
    if (n instanceof TopoVertex.Node) {
      return "node";
    } else if (n instanceof TopoVertex.Segment) {
      return "segment";
    } else if (n instanceof TopoVertex.Namespace) {
      return "netns";
    }
    throw new AssertionError(n);
  }

  static String addresses(NetDevice d) {
    return d.addresses().stream().map(IfAddress::toString).collect(Collectors.joining(", "));
  }

  static String label(TopologyGraph g, TopoVertex v) {
    if (v instanceof TopoVertex.NetnsVertex n) {
      return n.netns().value();
    } else if (v instanceof TopoVertex.Device d) {
      return d.ref().name()
          + g.device(d.ref())
              .filter(dev -> !dev.addresses().isEmpty())
              .map(dev -> "\n" + addresses(dev))
              .orElse("");
    } else if (v instanceof TopoVertex.Outside o) {
      return "not modelled: " + o.remote().map(Object::toString).orElse("behind " + o.via());
    }
    throw new AssertionError(v);
  }

  private static String shape(TopoVertex v) {
    if (v instanceof TopoVertex.Node) {
      return "box3d";
    } else if (v instanceof TopoVertex.Segment) {
      return "hexagon";
    } else if (v instanceof TopoVertex.Namespace) {
      return "box";
    } else if (v instanceof TopoVertex.Device) {
      return "ellipse";
    } else if (v instanceof TopoVertex.Outside) {
      return "note";
    }
    throw new AssertionError(v);
  }
}
