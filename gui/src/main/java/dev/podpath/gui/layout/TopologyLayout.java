package dev.podpath.gui.layout;

import dev.podpath.gui.layout.Layout.Bar;
import dev.podpath.gui.layout.Layout.BoxKind;
import dev.podpath.gui.layout.Layout.Fold;
import dev.podpath.gui.layout.Layout.Group;
import dev.podpath.gui.layout.Layout.NetnsBox;
import dev.podpath.gui.layout.Layout.OutsideMark;
import dev.podpath.gui.layout.Layout.Port;
import dev.podpath.gui.layout.Layout.Row;
import dev.podpath.gui.layout.Layout.Wire;
import dev.podpath.model.topo.DeviceRef;
import dev.podpath.model.topo.NetDevice;
import dev.podpath.model.topo.NetnsName;
import dev.podpath.trace.graph.EdgeKind;
import dev.podpath.trace.graph.TopoEdge;
import dev.podpath.trace.graph.TopoVertex;
import dev.podpath.trace.graph.TopologyGraph;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A deterministic layout of a {@link TopologyGraph} that a person reads at once: the nodes on an L2
 * segment side by side above the segment's bar, each node's pods in a row above it (their veths
 * short vertical wires into the node, where the node's bridge serves them), the namespaces on their
 * own (routers, hosts of a chain) in a row below, in the order their veths chain them; tunnels as
 * curves between their ends, and what was not dumped as marks at the edge. A node whose pods are
 * folded ({@link Folding}) has one box in their place, its veths into them one wire, and their
 * devices anchored on that box, so a trace through a folded pod is still drawn. No JavaFX: the same
 * graph always gives the same layout, and tests check it without a display.
 */
public final class TopologyLayout {

  static final double CHAR_W = 6.4;
  static final double ROW_H = 15;
  static final double TITLE_H = 22;
  static final double PAD = 12;
  static final double POD_GAP = 16;
  static final double GROUP_GAP = 56;
  static final double VETH_LEN = 48;
  static final double MIN_POD_W = 140;
  static final double MIN_NODE_W = 220;
  static final double BAR_H = 8;
  static final double BAR_GAP = 34;
  static final double MARGIN = 30;
  static final double ROW_WRAP = 1800;

  /** The most pods of a node in one row; more wrap into rows above their node. */
  static final int PODS_PER_ROW = 8;

  /** How far each row of a node's wrapped pods is set right of the row below it. */
  static final double LANE = 16;

  /** How far from a wrapped pod's right edge its wire leaves (the wire's clearance: LANE - it). */
  static final double WIRE_INSET = 9;

  /** The gap between two rows of a node's pods, where a port's name is written. */
  static final double POD_ROW_GAP = 20;

  /** The width of a character of a port's label (10 px, proportional). */
  static final double LABEL_CHAR_W = 5.6;

  /** From the edge a label hangs under to its baseline. */
  static final double LABEL_BELOW = 12;

  /** The shape of a picture a window shows whole: width over height. */
  static final double ASPECT = 1.6;

  /** Below a band row: the gap to its segment bars, a bar, the gap to the next row. */
  static final double BAND_BELOW = 90 + BAR_GAP + 40;

  static final double MARK_W = 220;
  static final double MARK_H = 40;

  /** How far apart the lanes under a lower row run, where veths detour round boxes. */
  static final double DETOUR_LANE = 10;

  static final double FOLD_W = 240;
  static final double FOLD_H = 2 * ROW_H + 12;

  private final TopologyGraph g;
  private final Set<NetnsName> folded;
  private final List<Fold> folds = new ArrayList<>();
  private final Map<NetnsName, Fold> foldOf = new LinkedHashMap<>();
  private final Map<NetnsName, Rect> rects = new LinkedHashMap<>();
  private final Map<NetnsName, BoxKind> kinds = new LinkedHashMap<>();
  private final Map<NetnsName, List<DeviceRef>> rowDevices = new LinkedHashMap<>();
  private final Map<TopoVertex.Outside, Rect> pseudoPods = new LinkedHashMap<>();
  private final List<Group> groups = new ArrayList<>();
  private final List<Bar> bars = new ArrayList<>();
  private final List<Port> ports = new ArrayList<>();
  private final List<Wire> wires = new ArrayList<>();
  private final List<OutsideMark> marks = new ArrayList<>();
  private final Map<DeviceRef, Point> anchors = new LinkedHashMap<>();
  private final Map<DeviceRef, Bar> barOf = new LinkedHashMap<>();
  private final Map<DeviceRef, Map<Integer, Bar>> barPieces = new LinkedHashMap<>();
  private final Map<NetnsName, Integer> bandRowOf = new LinkedHashMap<>();

  /** Per band row, the y of the street under it that routed tunnels run along. */
  private final List<Double> streets = new ArrayList<>();

  /** Per namespace of the lower rows (not a node of the band, not a pod), its row. */
  private final Map<NetnsName, Integer> lowerRowOf = new LinkedHashMap<>();

  /** Per lower row, the bottom of its tallest box: the lanes of detoured veths run under it. */
  private final List<Double> lowerBottoms = new ArrayList<>();

  /** The veths between lower rows' namespaces that go round the boxes between their ends. */
  private final Map<TopoEdge, List<Point>> detours = new LinkedHashMap<>();

  private TopologyLayout(TopologyGraph g, Set<NetnsName> folded) {
    this.g = g;
    this.folded = Set.copyOf(folded);
  }

  /** The layout of {@code g} as it opens: its pods folded when it is large ({@link Folding}). */
  public static Layout of(TopologyGraph g) {
    return of(g, Folding.atOpen(g));
  }

  /**
   * The layout of {@code g} with the pods of the nodes {@code folded} folded; time linear in its
   * vertices and edges.
   */
  public static Layout of(TopologyGraph g, Set<NetnsName> folded) {
    return new TopologyLayout(g, folded).build();
  }

  private Layout build() {
    List<Block> bandBlocks = new ArrayList<>();
    for (NetnsName n : bandNodes()) {
      bandBlocks.add(new Block(n));
    }
    Set<NetnsName> placed = new LinkedHashSet<>();
    List<DeviceRef> segmentBridges = segmentBridges();
    List<List<Block>> bandRows = wrap(bandBlocks);
    double y = MARGIN;
    for (int i = 0; i < bandRows.size(); i++) {
      // a row of nodes hangs above its piece of each segment's bar
      List<Block> row = bandRows.get(i);
      double baseline = y;
      for (Block b : row) {
        baseline = Math.max(baseline, y + b.h);
      }
      boolean marksBelow = false;
      double x = MARGIN;
      Set<NetnsName> members = new LinkedHashSet<>();
      for (Block b : row) {
        b.place(x, baseline - b.h);
        x += b.w + GROUP_GAP;
        placed.addAll(b.members());
        members.add(b.main);
        bandRowOf.put(b.main, i);
        marksBelow |= !nicsBeyond(b.main).isEmpty();
      }
      streets.add(baseline + (marksBelow ? 80 : 40));
      y = baseline + 90 + (marksBelow ? MARK_H + 40 : 0);
      boolean last = i == bandRows.size() - 1;
      double barY = y;
      for (DeviceRef bridge : segmentBridges) {
        if (placeBar(bridge, barY, i, members, last)) {
          barY += BAR_GAP;
        }
      }
      y = barY + (barY > y ? 40 : GROUP_GAP);
    }
    if (bandRows.isEmpty()) {
      double barY = y;
      for (DeviceRef bridge : segmentBridges) {
        placeBar(bridge, barY, 0, Set.of(), true);
        barY += BAR_GAP;
      }
      if (!segmentBridges.isEmpty()) {
        y = barY + 40;
      }
    }
    risers(segmentBridges);
    placeOthers(placed, y);
    rowsAndPorts();
    wires();
    double w = 0;
    double h = 0;
    for (Rect r : allRects()) {
      w = Math.max(w, r.maxX());
      h = Math.max(h, r.maxY());
    }
    List<NetnsBox> boxes = new ArrayList<>();
    for (Map.Entry<NetnsName, Rect> e : rects.entrySet()) {
      boxes.add(new NetnsBox(e.getKey(), kinds.get(e.getKey()), e.getValue(), rows(e.getKey())));
    }
    return new Layout(
        groups, folds, boxes, bars, ports, wires, marks, anchors, w + MARGIN, h + MARGIN);
  }

  private List<Rect> allRects() {
    List<Rect> all = new ArrayList<>(rects.values());
    groups.forEach(gr -> all.add(gr.rect()));
    folds.forEach(f -> all.add(f.rect()));
    bars.forEach(b -> all.add(b.rect()));
    marks.forEach(m -> all.add(m.rect()));
    return all;
  }

  // ---------- what goes where ----------

  private boolean isSegment(NetnsName n) {
    return g.netns(n).filter(TopoVertex.Segment.class::isInstance).isPresent();
  }

  private boolean isNode(NetnsName n) {
    return g.netns(n).filter(TopoVertex.Node.class::isInstance).isPresent();
  }

  /** The bridges of the segment namespaces, in the topology's order. */
  private List<DeviceRef> segmentBridges() {
    List<DeviceRef> out = new ArrayList<>();
    for (TopoVertex.NetnsVertex v : g.namespaces()) {
      if (v instanceof TopoVertex.Segment) {
        for (TopoVertex.Device d : g.devicesOf(v.netns())) {
          if (g.device(d.ref()).filter(NetDevice::isBridge).isPresent()) {
            out.add(d.ref());
          }
        }
      }
    }
    return out;
  }

  /** The nodes on a segment, segment by segment, in the order of their wires. */
  private List<NetnsName> bandNodes() {
    Set<NetnsName> out = new LinkedHashSet<>();
    for (DeviceRef bridge : segmentBridges()) {
      for (TopoEdge e : g.edges(EdgeKind.L2_SEGMENT)) {
        if (e.target().equals(new TopoVertex.Device(bridge))
            && e.source() instanceof TopoVertex.Device d
            && g.hostOf(d.ref().netns()).isEmpty()) {
          out.add(d.ref().netns());
        }
      }
    }
    return List.copyOf(out);
  }

  /** The rest, in rows: each chain of veths in the order met from its first namespace. */
  private void placeOthers(Set<NetnsName> placed, double top) {
    List<NetnsName> order = new ArrayList<>();
    Set<NetnsName> seen = new LinkedHashSet<>(placed);
    for (TopoVertex.NetnsVertex v : g.namespaces()) {
      NetnsName first = v.netns();
      if (seen.contains(first) || !free(first)) {
        continue;
      }
      // the component, found breadth first; then walked depth first from its first end (a
      // namespace with the fewest neighbours), so that a chain is drawn in its order
      List<NetnsName> component = new ArrayList<>();
      Deque<NetnsName> queue = new ArrayDeque<>();
      queue.add(first);
      Set<NetnsName> inComponent = new LinkedHashSet<>(List.of(first));
      while (!queue.isEmpty()) {
        NetnsName n = queue.removeFirst();
        component.add(n);
        for (NetnsName m : neighbours(n)) {
          if (!seen.contains(m) && free(m) && inComponent.add(m)) {
            queue.add(m);
          }
        }
      }
      NetnsName start = component.get(0);
      for (NetnsName n : component) {
        if (neighbours(n).size() < neighbours(start).size()) {
          start = n;
        }
      }
      Deque<NetnsName> stack = new ArrayDeque<>();
      stack.push(start);
      while (!stack.isEmpty()) {
        NetnsName n = stack.pop();
        if (!seen.add(n)) {
          continue;
        }
        order.add(n);
        List<NetnsName> next = new ArrayList<>(neighbours(n));
        java.util.Collections.reverse(next);
        for (NetnsName m : next) {
          if (!seen.contains(m) && inComponent.contains(m)) {
            stack.push(m);
          }
        }
      }
    }
    // namespaces joined to nothing go last
    List<NetnsName> joined = order.stream().filter(n -> !neighbours(n).isEmpty()).toList();
    List<NetnsName> alone = order.stream().filter(n -> neighbours(n).isEmpty()).toList();
    double x = MARGIN;
    double y = top;
    double rowH = 0;
    double othersWrap = Math.max(ROW_WRAP, bandWidth());
    List<NetnsName> row = new ArrayList<>();
    for (NetnsName n : concat(joined, alone)) {
      Block b = new Block(n);
      if (x > MARGIN && x + b.w > othersWrap) {
        lowerRow(row, y + rowH);
        x = MARGIN;
        y += rowH + GROUP_GAP;
        rowH = 0;
      }
      b.place(x, y);
      row.add(n);
      x += b.w + GROUP_GAP;
      rowH = Math.max(rowH, b.h);
    }
    lowerRow(row, y + rowH);
  }

  /** The lower row of namespaces {@code row} ends at {@code bottom}; the list is emptied. */
  private void lowerRow(List<NetnsName> row, double bottom) {
    int i = lowerBottoms.size();
    lowerBottoms.add(bottom);
    row.forEach(n -> lowerRowOf.put(n, i));
    row.clear();
  }

  /** How wide the band's rows are drawn: the right edge of the widest. */
  private double bandWidth() {
    double w = 0;
    for (Group gr : groups) {
      w = Math.max(w, gr.rect().maxX());
    }
    for (Rect r : rects.values()) {
      w = Math.max(w, r.maxX());
    }
    return w;
  }

  /** A namespace drawn in the lower rows: not a segment, not a pod. */
  private boolean free(NetnsName n) {
    return !isSegment(n) && g.hostOf(n).isEmpty();
  }

  private static List<NetnsName> concat(List<NetnsName> a, List<NetnsName> b) {
    List<NetnsName> out = new ArrayList<>(a);
    out.addAll(b);
    return out;
  }

  /** The namespaces a veth or a tunnel joins to {@code n}, pods' wires counted for their node. */
  private List<NetnsName> neighbours(NetnsName n) {
    Set<NetnsName> out = new LinkedHashSet<>();
    for (TopoVertex.Device d : g.devicesOf(n)) {
      for (TopoEdge e : g.edgesOf(d)) {
        if ((e.kind() == EdgeKind.VETH || e.kind() == EdgeKind.TUNNEL)
            && e.other(d) instanceof TopoVertex.Device o
            && !o.ref().netns().equals(n)) {
          out.add(g.hostOf(o.ref().netns()).orElse(o.ref().netns()));
        }
      }
    }
    out.remove(n);
    return List.copyOf(out);
  }

  /** A device of node {@code node} whose veth leads into one of its pods: drawn as a port. */
  private Optional<NetnsName> podBehind(NetnsName node, DeviceRef d) {
    return g.device(d)
        .flatMap(NetDevice::vethPeer)
        .map(DeviceRef::netns)
        .filter(p -> g.hostOf(p).filter(node::equals).isPresent());
  }

  /**
   * The outside vertices behind a bridge port of {@code node}: drawn as a pod that is not there.
   */
  private List<TopoVertex.Outside> bridgedOutside(NetnsName node) {
    List<TopoVertex.Outside> out = new ArrayList<>();
    for (TopoVertex.Device d : g.devicesOf(node)) {
      if (g.device(d.ref()).flatMap(NetDevice::master).isPresent()) {
        for (TopoEdge e : g.edgesOf(d)) {
          if (e.kind() == EdgeKind.BEYOND && e.other(d) instanceof TopoVertex.Outside o) {
            out.add(o);
          }
        }
      }
    }
    return out;
  }

  /** The outside vertices behind a NIC of {@code n} that is not a bridge port. */
  private List<TopoVertex.Outside> nicsBeyond(NetnsName n) {
    List<TopoVertex.Outside> out = new ArrayList<>();
    for (TopoVertex.Device d : g.devicesOf(n)) {
      if (g.device(d.ref()).flatMap(NetDevice::master).isEmpty()) {
        for (TopoEdge e : g.edgesOf(d)) {
          if (e.kind() == EdgeKind.BEYOND && e.other(d) instanceof TopoVertex.Outside o) {
            out.add(o);
          }
        }
      }
    }
    return out;
  }

  /** The devices listed inside a namespace's box. */
  private List<DeviceRef> rowDevicesOf(NetnsName n) {
    return rowDevices.computeIfAbsent(
        n,
        k -> {
          List<DeviceRef> out = new ArrayList<>();
          for (TopoVertex.Device d : g.devicesOf(k)) {
            Optional<NetDevice> dev = g.device(d.ref());
            if (podBehind(k, d.ref()).isPresent()) {
              continue;
            }
            if (dev.filter(x -> x.master().isPresent()).isPresent()
                && g.edgesOf(d).stream().anyMatch(e -> e.kind() == EdgeKind.BEYOND)) {
              continue;
            }
            if (dev.filter(DeviceRows::idle).isPresent()) {
              continue;
            }
            out.add(d.ref());
          }
          return out;
        });
  }

  private double boxWidth(NetnsName n, double min) {
    double w = Math.max(min, n.value().length() * 7.2 + 20);
    for (DeviceRef d : rowDevicesOf(n)) {
      w = Math.max(w, DeviceRows.text(g, d).length() * CHAR_W + 16);
    }
    return Math.ceil(w);
  }

  private double boxHeight(NetnsName n) {
    return TITLE_H + rowDevicesOf(n).size() * ROW_H + 6;
  }

  /**
   * A node with its pods (and the pods that were not dumped), or a namespace on its own. A node's
   * pods wrap into rows of at most {@link #PODS_PER_ROW}, as even as the count allows (49 pods: 7
   * rows of 7), the rows above the node. Each pod's veth is a straight vertical wire into the
   * node's top: in a node of several rows, each row of a column is set {@link #LANE} to the right
   * of the row below it, and its wire leaves near its box's right edge, so that it passes just
   * right of every pod below it in its column and left of the next column, over no box.
   */
  private final class Block implements Sized {
    final NetnsName main;
    final List<NetnsName> pods;
    final List<NetnsName> foldedPods;
    final List<TopoVertex.Outside> absent;
    final List<double[]> items = new ArrayList<>();
    final int rowCount;
    final int perRow;
    final double[] colX;
    final double[] colW;
    final double[] rowY;
    final double[] rowH;
    final double podsW;
    final double podsH;
    final double boxW;
    final double w;
    final double h;

    Block(NetnsName main) {
      this.main = main;
      List<NetnsName> all = isNode(main) ? g.podsOf(main) : List.of();
      boolean fold = folded.contains(main) && !all.isEmpty();
      this.pods = fold ? List.of() : all;
      this.foldedPods = fold ? all : List.of();
      this.absent = isNode(main) ? bridgedOutside(main) : List.of();
      if (fold) {
        items.add(new double[] {FOLD_W, FOLD_H});
      }
      for (NetnsName p : pods) {
        items.add(new double[] {boxWidth(p, MIN_POD_W), boxHeight(p)});
      }
      for (int i = 0; i < absent.size(); i++) {
        items.add(new double[] {MARK_W, MARK_H});
      }
      int count = items.size();
      this.rowCount = count == 0 ? 0 : (count + PODS_PER_ROW - 1) / PODS_PER_ROW;
      this.perRow = count == 0 ? 0 : (count + rowCount - 1) / rowCount;
      this.colX = new double[perRow];
      this.colW = new double[perRow];
      this.rowY = new double[rowCount];
      this.rowH = new double[rowCount];
      for (int i = 0; i < count; i++) {
        colW[i % perRow] = Math.max(colW[i % perRow], items.get(i)[0]);
        rowH[i / perRow] = Math.max(rowH[i / perRow], items.get(i)[1]);
      }
      double x = 0;
      for (int c = 0; c < perRow; c++) {
        colX[c] = x;
        x += colW[c] + stairs() + POD_GAP;
      }
      double y = 0;
      for (int r = 0; r < rowCount; r++) {
        rowY[r] = y;
        y += rowH[r] + POD_ROW_GAP;
      }
      this.podsW = count == 0 ? 0 : x - POD_GAP;
      this.podsH = count == 0 ? 0 : y - POD_ROW_GAP;
      this.boxW = Math.max(boxWidth(main, isNode(main) ? MIN_NODE_W : MIN_POD_W), podsW);
      boolean framed = count > 0;
      this.w = boxW + (framed ? 2 * PAD : 0);
      this.h = boxHeight(main) + (framed ? 2 * PAD + podsH + VETH_LEN : 0);
    }

    /** How far the top row of a column is set right of its bottom row. */
    private double stairs() {
      return Math.max(0, rowCount - 1) * LANE;
    }

    /**
     * Where item {@code i} (fold, pods, absent pods, in that order) goes, from the pods' corner.
     */
    private Rect itemRect(int i, double left, double top) {
      int r = i / perRow;
      int c = i % perRow;
      double iw = items.get(i)[0];
      double ih = items.get(i)[1];
      double right = rowCount == 1 ? colX[c] + iw : colX[c] + colW[c] + (rowCount - 1 - r) * LANE;
      return new Rect(left + right - iw, top + rowY[r] + rowH[r] - ih, iw, ih);
    }

    /**
     * Where item {@code r}'s wire leaves its bottom: its middle in one row, else near its right.
     */
    private double wireX(Rect r) {
      return rowCount <= 1 ? r.centerX() : r.maxX() - WIRE_INSET;
    }

    @Override
    public double w() {
      return w;
    }

    @Override
    public double h() {
      return h;
    }

    List<NetnsName> members() {
      List<NetnsName> out = new ArrayList<>(pods);
      out.add(main);
      return out;
    }

    void place(double x, double y) {
      boolean framed = !items.isEmpty();
      if (!framed) {
        put(main, isNode(main) ? BoxKind.NODE : BoxKind.NAMESPACE, new Rect(x, y, boxW, h));
        return;
      }
      groups.add(new Group(main, new Rect(x, y, w, h), !foldedPods.isEmpty()));
      double left = x + PAD + (boxW - podsW) / 2;
      double top = y + PAD;
      int i = 0;
      if (!foldedPods.isEmpty()) {
        Rect fr = itemRect(i++, left, top);
        Fold f = new Fold(main, foldedPods, fr);
        folds.add(f);
        foldedPods.forEach(p -> foldOf.put(p, f));
      }
      for (NetnsName p : pods) {
        Rect pr = itemRect(i++, left, top);
        put(p, BoxKind.POD, pr);
        wireAt.put(p, wireX(pr));
        if (rowCount > 1) {
          underneath.add(p);
        }
      }
      for (TopoVertex.Outside o : absent) {
        Rect m = itemRect(i++, left, top);
        pseudoPods.put(o, m);
        pseudoWireAt.put(o, wireX(m));
      }
      put(main, BoxKind.NODE, new Rect(x + PAD, y + PAD + podsH + VETH_LEN, boxW, boxHeight(main)));
    }
  }

  /** The x of the vertical wire from a pod into its node. */
  private final Map<NetnsName, Double> wireAt = new LinkedHashMap<>();

  /** The same for an outside mark drawn as a pod. */
  private final Map<TopoVertex.Outside, Double> pseudoWireAt = new LinkedHashMap<>();

  /** The pods of nodes whose pods wrap: their veth's name is written under them. */
  private final Set<NetnsName> underneath = new LinkedHashSet<>();

  private void put(NetnsName n, BoxKind kind, Rect r) {
    rects.put(n, r);
    kinds.put(n, kind);
  }

  // ---------- segments ----------

  /**
   * Places the piece of {@code bridge}'s bar under band row {@code row}: under its members there
   * ({@code members}); a segment with no member in any row gets its bar under the last row.
   *
   * @return whether a piece was placed
   */
  private boolean placeBar(
      DeviceRef bridge, double y, int row, Set<NetnsName> members, boolean last) {
    double min = Double.MAX_VALUE;
    double max = -Double.MAX_VALUE;
    boolean anywhere = false;
    for (TopoEdge e : g.edges(EdgeKind.L2_SEGMENT)) {
      if (e.target().equals(new TopoVertex.Device(bridge))
          && e.source() instanceof TopoVertex.Device d) {
        NetnsName n = d.ref().netns();
        anywhere |= bandRowOf.containsKey(n);
        Rect r = rects.get(n);
        if (r != null && members.contains(n)) {
          min = Math.min(min, r.x());
          max = Math.max(max, r.maxX());
        }
      }
    }
    if (min == Double.MAX_VALUE) {
      if (anywhere || !last) {
        return false;
      }
      min = MARGIN;
      max = MARGIN + MIN_NODE_W;
    }
    Bar bar = new Bar(bridge, bridge.toString(), new Rect(min, y, max - min, BAR_H));
    bars.add(bar);
    barOf.putIfAbsent(bridge, bar);
    barPieces.computeIfAbsent(bridge, k -> new LinkedHashMap<>()).put(row, bar);
    return true;
  }

  /** The piece of {@code bridge}'s bar that {@code n} hangs from (its band row's), or the first. */
  private Bar barFor(DeviceRef bridge, NetnsName n) {
    Integer row = bandRowOf.get(n);
    Map<Integer, Bar> pieces = barPieces.get(bridge);
    if (row != null && pieces != null && pieces.containsKey(row)) {
      return pieces.get(row);
    }
    return barOf.get(bridge);
  }

  /**
   * A segment whose nodes wrap over several rows has a bar piece under each: joined at their left
   * ends by a riser, left of every row, so that they read as the one segment they are.
   */
  private void risers(List<DeviceRef> bridges) {
    int k = 0;
    for (DeviceRef bridge : bridges) {
      List<Bar> pieces = new ArrayList<>(barPieces.getOrDefault(bridge, Map.of()).values());
      double x = Math.max(2, MARGIN / 2 - 5 * k);
      for (int i = 0; i + 1 < pieces.size(); i++) {
        Rect a = pieces.get(i).rect();
        Rect b = pieces.get(i + 1).rect();
        Point top = new Point(x, a.centerY());
        Point bottom = new Point(x, b.centerY());
        wires.add(
            new Wire(EdgeKind.L2_SEGMENT, bridge, "", List.of(new Point(a.x(), a.centerY()), top)));
        wires.add(new Wire(EdgeKind.L2_SEGMENT, bridge, "", List.of(top, bottom)));
        wires.add(
            new Wire(
                EdgeKind.L2_SEGMENT, bridge, "", List.of(bottom, new Point(b.x(), b.centerY()))));
      }
      if (pieces.size() > 1) {
        k++;
      }
    }
  }

  /**
   * The band's nodes in rows no wider than {@link #wrapWidth}: a cluster of many nodes is drawn
   * about as wide as it is high (a 1,000-namespace cluster, folded, in rows of five), not as one
   * row many windows wide.
   */
  private List<List<Block>> wrap(List<Block> blocks) {
    double width = wrapWidth(blocks);
    List<List<Block>> rows = new ArrayList<>();
    List<Block> row = new ArrayList<>();
    double x = MARGIN;
    for (Block b : blocks) {
      if (!row.isEmpty() && x + b.w > width) {
        rows.add(row);
        row = new ArrayList<>();
        x = MARGIN;
      }
      row.add(b);
      x += b.w + GROUP_GAP;
    }
    if (!row.isEmpty()) {
      rows.add(row);
    }
    return rows;
  }

  /**
   * {@link #ROW_WRAP}, or wider for a band so large that rows of that width would stack into a
   * picture much higher than wide: then about {@link #ASPECT} times as wide as high, as a window.
   */
  static double wrapWidth(List<? extends Sized> blocks) {
    double area = 0;
    for (Sized b : blocks) {
      area += (b.w() + GROUP_GAP) * (b.h() + BAND_BELOW);
    }
    return Math.max(ROW_WRAP, Math.sqrt(area * ASPECT));
  }

  /** A block's size, for {@link #wrapWidth}. */
  interface Sized {
    double w();

    double h();
  }

  // ---------- devices: rows, ports, anchors ----------

  private List<Row> rows(NetnsName n) {
    Rect r = rects.get(n);
    List<Row> out = new ArrayList<>();
    int i = 0;
    for (DeviceRef d : rowDevicesOf(n)) {
      out.add(
          new Row(
              d,
              DeviceRows.text(g, d),
              new Rect(r.x() + 6, r.y() + TITLE_H + i * ROW_H, r.w() - 12, ROW_H)));
      i++;
    }
    return out;
  }

  private void rowsAndPorts() {
    foldAnchors();
    for (NetnsName n : rects.keySet()) {
      for (Row row : rows(n)) {
        anchors.put(row.device(), new Point(row.rect().centerX(), row.rect().centerY()));
      }
    }
    for (NetnsName n : new ArrayList<>(rects.keySet())) {
      Rect r = rects.get(n);
      List<DeviceRef> bottom = new ArrayList<>();
      for (TopoVertex.Device d : g.devicesOf(n)) {
        Optional<NetnsName> pod = podBehind(n, d.ref());
        if (pod.isPresent() && foldOf.containsKey(pod.get())) {
          // one port for all the veths into the fold, named by how many they are
          Fold f = foldOf.get(pod.get());
          Point at = new Point(f.rect().centerX(), r.y());
          if (!hasFoldPort(f)) {
            ports.add(new Port(d.ref(), f.pods().size() + " veths", at, labelBeside(d.ref(), at)));
            wires.add(
                new Wire(
                    EdgeKind.VETH, d.ref(), "", List.of(new Point(at.x(), f.rect().maxY()), at)));
            foldPorts.add(f.node());
          }
          anchors.put(d.ref(), at);
          continue;
        }
        if (pod.isPresent()) {
          Rect pr = rects.get(pod.get());
          Point at = new Point(wireAt.get(pod.get()), r.y());
          if (underneath.contains(pod.get())) {
            // between the wires of a wrapped node's pods there is no room for a name: it goes
            // under the pod, left of the pod's own wire, where no other wire passes
            String name = d.ref().name();
            Point under =
                new Point(at.x() - 4 - name.length() * LABEL_CHAR_W, pr.maxY() + LABEL_BELOW);
            ports.add(new Port(d.ref(), name, at, under));
            anchors.put(d.ref(), at);
          } else {
            port(d.ref(), d.ref().name(), at);
          }
          continue;
        }
        if (g.hostOf(n).isPresent() && peerIn(d, g.hostOf(n).get())) {
          port(d.ref(), "", new Point(wireAt.getOrDefault(n, r.centerX()), r.maxY()));
          continue;
        }
        boolean toSegment = g.edgesOf(d).stream().anyMatch(e -> e.kind() == EdgeKind.L2_SEGMENT);
        boolean beyondNic =
            g.device(d.ref()).flatMap(NetDevice::master).isEmpty()
                && g.edgesOf(d).stream().anyMatch(e -> e.kind() == EdgeKind.BEYOND);
        if (toSegment || beyondNic) {
          bottom.add(d.ref());
        }
      }
      for (int i = 0; i < bottom.size(); i++) {
        DeviceRef d = bottom.get(i);
        port(d, d.name(), new Point(r.x() + r.w() * (i + 1) / (bottom.size() + 1), r.maxY()));
      }
    }
    // the veths between boxes leave from the side that faces the other box; when a box lies on
    // the straight line between them, they go round under the row
    List<TopoEdge> detoured = new ArrayList<>();
    for (TopoEdge e : g.edges(EdgeKind.VETH)) {
      if (e.source() instanceof TopoVertex.Device a && e.target() instanceof TopoVertex.Device b) {
        if (isSegment(a.ref().netns()) || isSegment(b.ref().netns())) {
          continue;
        }
        if (hasPort(a.ref()) || hasPort(b.ref())) {
          continue;
        }
        Optional<Point> sa = sideOf(a.ref(), b.ref());
        Optional<Point> sb = sideOf(b.ref(), a.ref());
        if (sa.isPresent()
            && sb.isPresent()
            && lowerRowOf.containsKey(a.ref().netns())
            && lowerRowOf.containsKey(b.ref().netns())
            && crossesABox(sa.get(), sb.get(), a.ref().netns(), b.ref().netns())) {
          detoured.add(e);
          continue;
        }
        sidePort(a.ref(), b.ref());
        sidePort(b.ref(), a.ref());
      }
    }
    detour(detoured);
    // a segment's ports sit on its bar under the device they lead to
    for (TopoEdge e : g.edges(EdgeKind.VETH)) {
      if (e.source() instanceof TopoVertex.Device a && e.target() instanceof TopoVertex.Device b) {
        segmentAnchor(a.ref(), b.ref());
        segmentAnchor(b.ref(), a.ref());
      }
    }
  }

  private final Set<NetnsName> foldPorts = new LinkedHashSet<>();

  private boolean hasFoldPort(Fold f) {
    return foldPorts.contains(f.node());
  }

  /** Every device of a folded pod is drawn at the middle of its fold's bottom edge. */
  private void foldAnchors() {
    for (Fold f : folds) {
      Point at = new Point(f.rect().centerX(), f.rect().maxY());
      for (NetnsName p : f.pods()) {
        for (TopoVertex.Device d : g.devicesOf(p)) {
          anchors.put(d.ref(), at);
        }
      }
    }
  }

  private boolean peerIn(TopoVertex.Device d, NetnsName host) {
    return g.device(d.ref())
        .flatMap(NetDevice::vethPeer)
        .filter(p -> p.netns().equals(host))
        .isPresent();
  }

  private boolean hasPort(DeviceRef d) {
    return ports.stream().anyMatch(p -> p.device().equals(d));
  }

  private void port(DeviceRef d, String label, Point at) {
    ports.add(new Port(d, label, at, labelBeside(d, at)));
    anchors.put(d, at);
  }

  /**
   * Where the label of a port at {@code at} starts: right of it, above a port on its box's top
   * edge, below one on the bottom edge (clear of the box's rows).
   */
  private Point labelBeside(DeviceRef d, Point at) {
    Rect r = rects.get(d.netns());
    boolean onBottom = r != null && Math.abs(r.maxY() - at.y()) < 1;
    return new Point(at.x() + 6, at.y() + (onBottom ? LABEL_BELOW + 2 : -6));
  }

  private void sidePort(DeviceRef d, DeviceRef peer) {
    sideOf(d, peer).ifPresent(at -> port(d, "", at));
  }

  /** Where {@code d}'s veth to {@code peer} leaves its box: on the side facing the peer's box. */
  private Optional<Point> sideOf(DeviceRef d, DeviceRef peer) {
    Rect r = rects.get(d.netns());
    Rect o = rects.get(peer.netns());
    if (r == null || o == null) {
      return Optional.empty();
    }
    Point row = anchors.getOrDefault(d, new Point(r.centerX(), r.centerY()));
    double dx = o.centerX() - r.centerX();
    double dy = o.centerY() - r.centerY();
    Point at;
    if (Math.abs(dx) >= Math.abs(dy)) {
      at = new Point(dx < 0 ? r.x() : r.maxX(), row.y());
    } else {
      at = new Point(row.x(), dy < 0 ? r.y() : r.maxY());
    }
    return Optional.of(at);
  }

  /** Whether the straight line from {@code a} to {@code b} runs over a box but its ends'. */
  private boolean crossesABox(Point a, Point b, NetnsName na, NetnsName nb) {
    int n = Math.max(1, (int) (Math.hypot(b.x() - a.x(), b.y() - a.y()) / 2));
    for (Map.Entry<NetnsName, Rect> e : rects.entrySet()) {
      if (e.getKey().equals(na) || e.getKey().equals(nb)) {
        continue;
      }
      for (int i = 0; i <= n; i++) {
        double t = (double) i / n;
        Point p = new Point(a.x() + t * (b.x() - a.x()), a.y() + t * (b.y() - a.y()));
        if (strictlyIn(e.getValue(), p)) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * The veths {@code edges}, each between two namespaces of the lower rows with a box between: each
   * leaves its box on the side facing its peer, at its device's row (as every veth between boxes),
   * turns down a short stub in the gap beside the box (stubs {@link #DETOUR_LANE} apart), runs
   * along its own lane under the upper end's row (lanes as far apart, in the gap to the next row),
   * and up (or down, to a row below) the other end's stub into it. Gaps and lanes hold no box, and
   * a trace drawn from port to port inside a box stays on its edge.
   */
  private void detour(List<TopoEdge> edges) {
    Map<Point, Integer> stubs = new LinkedHashMap<>();
    Map<Integer, Integer> lanes = new LinkedHashMap<>();
    for (TopoEdge e : edges) {
      DeviceRef a = ((TopoVertex.Device) e.source()).ref();
      DeviceRef b = ((TopoVertex.Device) e.target()).ref();
      boolean swap = lowerRowOf.get(b.netns()) < lowerRowOf.get(a.netns());
      DeviceRef up = swap ? b : a;
      DeviceRef down = swap ? a : b;
      Point pa = sideways(up, down);
      Point pb = sideways(down, up);
      port(up, "", pa);
      port(down, "", pb);
      double xa = stub(pa, rects.get(up.netns()), stubs);
      double xb = stub(pb, rects.get(down.netns()), stubs);
      int row = lowerRowOf.get(up.netns());
      double y = lowerBottoms.get(row) + DETOUR_LANE * lanes.merge(row, 1, Integer::sum);
      List<Point> drawn =
          new ArrayList<>(
              List.of(
                  pa,
                  new Point(xa, pa.y()),
                  new Point(xa, y),
                  new Point(xb, y),
                  new Point(xb, pb.y()),
                  pb));
      if (swap) {
        java.util.Collections.reverse(drawn); // drawn from the edge's source, as every veth
      }
      detours.put(e, drawn);
    }
  }

  /** Where {@code d}'s detoured veth leaves its box: the side facing {@code peer}, at its row. */
  private Point sideways(DeviceRef d, DeviceRef peer) {
    Rect r = rects.get(d.netns());
    Rect o = rects.get(peer.netns());
    Point row = anchors.getOrDefault(d, new Point(r.centerX(), r.centerY()));
    return new Point(o.centerX() < r.centerX() ? r.x() : r.maxX(), row.y());
  }

  /** The x of the stub beside {@code r} that a detour from the port {@code at} turns down. */
  private static double stub(Point at, Rect r, Map<Point, Integer> stubs) {
    boolean left = at.x() == r.x();
    int k = stubs.merge(new Point(left ? r.x() : r.maxX(), r.y()), 1, Integer::sum);
    return at.x() + (left ? -1 : 1) * DETOUR_LANE * k;
  }

  private void segmentAnchor(DeviceRef segPort, DeviceRef nic) {
    if (!isSegment(segPort.netns()) || isSegment(nic.netns())) {
      return;
    }
    Optional<Bar> bar =
        g.device(segPort)
            .flatMap(NetDevice::master)
            .map(m -> new DeviceRef(segPort.netns(), m))
            .map(b -> barFor(b, nic.netns()));
    Point p = anchors.get(nic);
    if (bar.isPresent() && p != null) {
      anchors.put(segPort, new Point(p.x(), bar.get().rect().centerY()));
    }
  }

  // ---------- wires ----------

  private void wires() {
    List<Wire> routed = new ArrayList<>();
    for (TopoEdge e : g.graph().edgeSet()) {
      switch (e.kind()) {
        case VETH -> veth(e);
        case L2_SEGMENT -> segment(e);
        case TUNNEL -> tunnel(e).ifPresent(routed::add);
        case BEYOND -> beyond(e);
        case CONTAINS, BRIDGE_PORT, UNDERLAY -> {
          // drawn by nesting (contains), by the ports along the node's top (a bridge's ports),
          // not at all (underlay)
        }
      }
    }
    // routed last: their gutter lies right of everything else drawn
    double gutter = 0;
    for (Rect r : allRects()) {
      gutter = Math.max(gutter, r.maxX());
    }
    for (Wire w : routed) {
      wires.add(route(w, gutter + 24));
    }
  }

  private void veth(TopoEdge e) {
    if (e.source() instanceof TopoVertex.Device a && e.target() instanceof TopoVertex.Device b) {
      if (isSegment(a.ref().netns()) || isSegment(b.ref().netns())) {
        return;
      }
      if (foldOf.containsKey(a.ref().netns()) || foldOf.containsKey(b.ref().netns())) {
        return; // drawn once per fold
      }
      Point pa = anchors.get(a.ref());
      Point pb = anchors.get(b.ref());
      if (detours.containsKey(e)) {
        wires.add(new Wire(EdgeKind.VETH, a.ref(), "", detours.get(e)));
      } else if (pa != null && pb != null) {
        wires.add(new Wire(EdgeKind.VETH, a.ref(), "", List.of(pa, pb)));
      }
    }
  }

  private void segment(TopoEdge e) {
    if (e.source() instanceof TopoVertex.Device a && e.target() instanceof TopoVertex.Device b) {
      Bar bar = barFor(b.ref(), a.ref().netns());
      Point pa = anchors.get(a.ref());
      if (bar != null && pa != null) {
        wires.add(
            new Wire(
                EdgeKind.L2_SEGMENT, a.ref(), "", List.of(pa, new Point(pa.x(), bar.rect().y()))));
      }
    }
  }

  /**
   * A tunnel's curve, added; or, when the curve would run over a box, the wire to route around them
   * ({@link #route}), returned.
   */
  private Optional<Wire> tunnel(TopoEdge e) {
    if (!(e.source() instanceof TopoVertex.Device a)) {
      return Optional.empty();
    }
    Point pa = anchors.get(a.ref());
    Point pb = null;
    if (e.target() instanceof TopoVertex.Device b) {
      pb = anchors.get(b.ref());
    } else if (e.target() instanceof TopoVertex.Outside o && pa != null) {
      Rect r = rects.get(a.ref().netns());
      Rect m = new Rect(r.maxX() + 30, pa.y() - MARK_H / 2, MARK_W, MARK_H);
      marks.add(new OutsideMark(o, OutsideLabels.shortly(o.what()), m));
      pb = new Point(m.x(), m.centerY());
    }
    if (pa == null || pb == null) {
      return Optional.empty();
    }
    double dx = Math.abs(pb.x() - pa.x());
    Point control =
        new Point((pa.x() + pb.x()) / 2, Math.max(pa.y(), pb.y()) + 40 + Math.min(dx, 900) * 0.12);
    double mx = (pa.x() + 2 * control.x() + pb.x()) / 4;
    double my = (pa.y() + 2 * control.y() + pb.y()) / 4;
    Wire curve =
        new Wire(
            EdgeKind.TUNNEL,
            a.ref(),
            e.label(),
            List.of(pa, control, pb),
            new Point(mx - 50, my + 12));
    if (e.target() instanceof TopoVertex.Device b
        && rowOf(a.ref().netns()).isPresent()
        && rowOf(b.ref().netns()).isPresent()
        && (!rowOf(a.ref().netns()).equals(rowOf(b.ref().netns()))
            || curveCrossesABox(pa, control, pb))) {
      return Optional.of(curve);
    }
    wires.add(curve);
    return Optional.empty();
  }

  /** The band row of {@code n}'s node (a pod's, its host's). */
  private Optional<Integer> rowOf(NetnsName n) {
    return Optional.ofNullable(bandRowOf.get(g.hostOf(n).orElse(n)));
  }

  /** Whether the curve runs over a box or fold that holds neither of its ends. */
  private boolean curveCrossesABox(Point a, Point c, Point b) {
    List<Rect> solid = new ArrayList<>(rects.values());
    folds.forEach(f -> solid.add(f.rect()));
    for (Rect r : solid) {
      if (strictlyIn(r, a) || strictlyIn(r, b)) {
        continue;
      }
      for (int i = 1; i < 100; i++) {
        double t = i / 100.0;
        double u = 1 - t;
        Point p =
            new Point(
                u * u * a.x() + 2 * u * t * c.x() + t * t * b.x(),
                u * u * a.y() + 2 * u * t * c.y() + t * t * b.y());
        if (strictlyIn(r, p)) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean strictlyIn(Rect r, Point p) {
    return p.x() > r.x() && p.x() < r.maxX() && p.y() > r.y() && p.y() < r.maxY();
  }

  /**
   * The tunnel {@code curve} routed around the boxes in straight segments: from its end out of its
   * node's box sideways to the channel right of the node's frame, down to the street under its row
   * (above the row's segment bars, below anything that hangs under the row), along it; to the other
   * end's street the same way, through the gutter at {@code gutter}, right of every row, when the
   * ends are in different rows. Channels, streets and the gutter hold no box.
   */
  private Wire route(Wire curve, double gutter) {
    Point pa = curve.points().get(0);
    Point pb = curve.points().get(2);
    DeviceRef from = curve.from();
    NetnsName na = from.netns();
    NetnsName nb = nodeAt(pb);
    int ra = rowOf(na).orElseThrow();
    int rb = nb == null ? ra : rowOf(nb).orElse(ra);
    double xa = channel(na, pa);
    double xb = nb == null ? pb.x() : channel(nb, pb);
    double sa = streets.get(ra);
    double sb = streets.get(rb);
    List<Point> pts = new ArrayList<>();
    pts.add(pa);
    pts.add(new Point(xa, pa.y()));
    pts.add(new Point(xa, sa));
    if (ra != rb) {
      pts.add(new Point(gutter, sa));
      pts.add(new Point(gutter, sb));
    }
    pts.add(new Point(xb, sb));
    pts.add(new Point(xb, pb.y()));
    pts.add(pb);
    return new Wire(
        EdgeKind.TUNNEL, from, curve.label(), pts, new Point(Math.min(xa, xb) + 8, sa - 4));
  }

  /** The node whose box holds {@code p} (a tunnel's end), if any. */
  private NetnsName nodeAt(Point p) {
    for (Map.Entry<NetnsName, Rect> e : rects.entrySet()) {
      if (strictlyIn(e.getValue(), p) && bandRowOf.containsKey(e.getKey())) {
        return e.getKey();
      }
    }
    return null;
  }

  /** The x of the channel right of {@code n}'s frame (or box), in the gap to the next. */
  private double channel(NetnsName n, Point end) {
    Rect frame = rects.get(n);
    for (Group gr : groups) {
      if (gr.node().equals(n)) {
        frame = gr.rect();
      }
    }
    return frame == null ? end.x() : frame.maxX() + GROUP_GAP / 2;
  }

  private void beyond(TopoEdge e) {
    if (!(e.source() instanceof TopoVertex.Device a)
        || !(e.target() instanceof TopoVertex.Outside o)) {
      return;
    }
    String label = OutsideLabels.shortly(o.what());
    Rect pseudo = pseudoPods.get(o);
    if (pseudo != null) {
      marks.add(new OutsideMark(o, label, pseudo));
      Rect node = rects.get(a.ref().netns());
      Point port = new Point(pseudoWireAt.get(o), node.y());
      port(a.ref(), a.ref().name(), port);
      wires.add(
          new Wire(
              EdgeKind.BEYOND, a.ref(), "", List.of(new Point(port.x(), pseudo.maxY()), port)));
      return;
    }
    if (isSegment(a.ref().netns())) {
      Optional<Bar> bar =
          g.device(a.ref())
              .flatMap(NetDevice::master)
              .map(m -> barOf.get(new DeviceRef(a.ref().netns(), m)));
      if (bar.isPresent()) {
        Rect b = bar.get().rect();
        Rect m = new Rect(b.maxX() + 36, b.centerY() - MARK_H / 2, MARK_W, MARK_H);
        marks.add(new OutsideMark(o, label, m));
        Point end = new Point(b.maxX(), b.centerY());
        anchors.put(a.ref(), end);
        wires.add(
            new Wire(EdgeKind.BEYOND, a.ref(), "", List.of(end, new Point(m.x(), m.centerY()))));
      }
      return;
    }
    Point p = anchors.get(a.ref());
    if (p == null) {
      return;
    }
    Rect m = new Rect(p.x() - MARK_W / 2, p.y() + 30, MARK_W, MARK_H);
    marks.add(new OutsideMark(o, label, m));
    wires.add(new Wire(EdgeKind.BEYOND, a.ref(), "", List.of(p, new Point(p.x(), m.y()))));
  }
}
