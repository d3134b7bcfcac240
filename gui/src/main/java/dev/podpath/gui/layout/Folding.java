package dev.podpath.gui.layout;

import dev.podpath.model.topo.NetnsName;
import dev.podpath.trace.graph.TopoVertex;
import dev.podpath.trace.graph.TopologyGraph;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Which nodes have their pods folded into one box when a network opens: none up to {@link
 * #FOLD_ABOVE} namespaces (every sample, every snapshot the layout draws readably whole), every
 * node with pods above it (a 1,000-namespace cluster opens as its nodes, each a click away from its
 * pods).
 */
public final class Folding {

  /** The most namespaces drawn unfolded when a network opens. */
  public static final int FOLD_ABOVE = 200;

  private Folding() {}

  /** {@return the nodes folded when {@code g} opens: none, or every node with pods} */
  public static Set<NetnsName> atOpen(TopologyGraph g) {
    Set<NetnsName> out = new LinkedHashSet<>();
    if (g.namespaces().size() <= FOLD_ABOVE) {
      return out;
    }
    for (TopoVertex.NetnsVertex v : g.namespaces()) {
      g.hostOf(v.netns()).ifPresent(out::add);
    }
    return out;
  }
}
