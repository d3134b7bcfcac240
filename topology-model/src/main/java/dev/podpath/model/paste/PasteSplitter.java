package dev.podpath.model.paste;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.dump.DumpFormat;
import dev.podpath.model.dump.KubectlDescribeNodesParser;
import dev.podpath.model.dump.KubectlNodesParser;
import dev.podpath.model.dump.KubectlPodsParser;
import dev.podpath.model.kube.KubeNode;
import dev.podpath.model.kube.KubePod;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Splits pasted text (an issue's body, a terminal log, several files) into the files of a snapshot
 * (docs/snapshot.md, docs/import.md): each block of command output is recognised by its prompt, a
 * command label or its shape, given a node (the prompt's host, the file's name, the node whose
 * address it shows, a node named just before it, or {@code node}) and written as that node's file.
 * What cannot be placed is said, with the reason; nothing in the text stops the rest.
 *
 * <pre>{@code
 * PasteSplit s = PasteSplitter.split(List.of(new PastedText("issue.md", body)), Optional.empty());
 * s.files();     // {"kubectl-get-nodes.txt"=..., "worker1/ip-route.txt"=...}
 * s.blocks();    // Placed(issue.md:12-18, "ip route", "worker1", "worker1/ip-route.txt", [...]), Unplaced(...)
 * }</pre>
 */
public final class PasteSplitter {

  /**
   * The files whose blocks are put one after the other when several blocks of one node have them.
   */
  private static final Set<SnapshotFile> APPENDABLE =
      Set.of(
          SnapshotFile.IP_ADDR,
          SnapshotFile.IP_LINK,
          SnapshotFile.IFCONFIG,
          SnapshotFile.IP_NEIGH,
          SnapshotFile.BRIDGE_FDB,
          SnapshotFile.SYSCTL,
          SnapshotFile.ARP_N,
          SnapshotFile.BRCTL_SHOW,
          SnapshotFile.ETHTOOL_I,
          SnapshotFile.SS,
          SnapshotFile.CONNTRACK,
          SnapshotFile.DOCKER_NETWORKS,
          SnapshotFile.KUBECTL_DESCRIBE_NODES);

  private final Optional<String> defaultNode;
  private final Optional<Integer> state;
  private final List<PasteWarning> warnings = new ArrayList<>();
  private final List<BlockOutcome> outcomes = new ArrayList<>();
  private final Map<String, String> files = new LinkedHashMap<>();
  private final Map<String, Placement> placedAt = new LinkedHashMap<>();
  private final List<KubeNode> kubeNodes = new ArrayList<>();
  private final List<KubePod> kubePods = new ArrayList<>();
  private final Set<String> knownNodes = new LinkedHashSet<>();

  private record Placement(
      LineRange lines, SnapshotFile file, String text, Optional<String> table, int outcome) {}

  /**
   * One of a node's several different outputs of one command (before and after a change): a state
   * of the node, placed or not once every block is read ({@link #chooseStates}).
   */
  private record State(int outcome, LineRange lines, String text) {}

  /** The command a file of a node holds the output of ({@code ip route}), for what is said. */
  private final Map<String, String> commandOf = new LinkedHashMap<>();

  /** The states of each file that was pasted more than once with different output. */
  private final Map<String, List<State>> states = new LinkedHashMap<>();

  /** Blocks that repeat a state of their file: the block's outcome and the state's index. */
  private record Copy(int outcome, int of) {}

  private final Map<String, List<Copy>> copies = new LinkedHashMap<>();

  /** Files that hold blocks put one after the other: they have no states. */
  private final Set<String> appended = new LinkedHashSet<>();

  /** A block with its text, before it is given a place. */
  private record Built(
      RawBlock block, BlockText.Result result, List<PasteLine> prose, Optional<String> fileNode) {}

  private PasteSplitter(Optional<String> defaultNode, Optional<Integer> state) {
    this.defaultNode = defaultNode;
    this.state = state;
  }

  /**
   * Splits {@code texts}; of a node's command pasted several times with different output, the first
   * is placed.
   *
   * @param defaultNode the node of every block whose node the text does not tell ({@code --node})
   */
  public static PasteSplit split(List<PastedText> texts, Optional<String> defaultNode) {
    return split(texts, defaultNode, Optional.empty());
  }

  /**
   * Splits {@code texts}.
   *
   * @param defaultNode the node of every block whose node the text does not tell ({@code --node})
   * @param state of a node's command pasted several times with different output (before and after a
   *     change), which one is placed: the N-th, 1-based ({@code --state N}); empty for the first
   */
  public static PasteSplit split(
      List<PastedText> texts, Optional<String> defaultNode, Optional<Integer> state) {
    if (defaultNode.isPresent() && !NodeMentions.isFolderName(defaultNode.get())) {
      throw new IllegalArgumentException("not a node name: " + defaultNode.get());
    }
    if (state.isPresent() && state.get() < 1) {
      throw new IllegalArgumentException("not a state's number (1 is the first): " + state.get());
    }
    PasteSplitter s = new PasteSplitter(defaultNode, state);
    List<Built> built = new ArrayList<>();
    for (PastedText t : texts) {
      Segmenter.Cut cut = Segmenter.cut(t);
      s.warnings.addAll(cut.warnings());
      // a file's name names the node only for a file that is one dump, not a paste with prose
      // around
      Optional<String> fileNode =
          cut.prose().isEmpty() && cut.blocks().size() == 1 && cut.warnings().isEmpty()
              ? fileNode(t.name())
              : Optional.empty();
      for (RawBlock b : cut.blocks()) {
        for (RawBlock part : kubectlTables(b)) {
          built.add(
              new Built(
                  part,
                  part.isDump() || part.family.notRead().isPresent()
                      ? BlockText.of(part)
                      : new BlockText.NotPlaced(""),
                  cut.prose(),
                  fileNode));
        }
      }
    }
    s.learnNames(built);
    for (Built b : built) {
      s.place(b);
    }
    s.chooseStates();
    return new PasteSplit(new TreeMap<>(s.files), s.outcomes, s.warnings);
  }

  /**
   * kubectl's combined output ({@code get pod,svc,endpoints}) as one block per table, cut at the
   * headers.
   */
  private static List<RawBlock> kubectlTables(RawBlock b) {
    if (b.family != Family.KUBECTL || !b.isDump()) {
      return List.of(b);
    }
    List<Integer> headers = new ArrayList<>();
    for (int i = 0; i < b.lines.size(); i++) {
      if (b.lines.get(i).isText() && LineShapes.isKubectlHeader(b.lines.get(i).stripped())) {
        headers.add(i);
      }
    }
    if (headers.size() <= 1) {
      return List.of(b);
    }
    List<RawBlock> out = new ArrayList<>();
    for (int h = 0; h < headers.size(); h++) {
      int from = headers.get(h);
      int to = h + 1 < headers.size() ? headers.get(h + 1) : b.lines.size();
      List<PasteLine> part = b.lines.subList(from, to);
      String text = String.join("\n", part.stream().map(PasteLine::stripped).toList());
      Optional<Recognition> r =
          DumpFormat.sniff(text).map(f -> new Recognition.Dump(SnapshotFile.of(f)));
      RawBlock sub =
          new RawBlock(
              b.source,
              h == 0 ? b.first : part.get(0).number(),
              b.command,
              r.isPresent() ? r : b.recognition,
              b.host,
              b.in,
              b.labelPrefix,
              Family.KUBECTL);
      part.forEach(sub::add);
      out.add(sub);
    }
    return out;
  }

  /**
   * The nodes and pods kubectl's tables list, and the hosts prompts show: the names mentions are
   * matched against.
   */
  private void learnNames(List<Built> built) {
    for (Built b : built) {
      if (b.result() instanceof BlockText.Text t) {
        if (t.file() == SnapshotFile.KUBECTL_NODES || t.file() == SnapshotFile.KUBECTL_NODES_JSON) {
          kubeNodes.addAll(KubectlNodesParser.parse("nodes", t.text()).value());
        } else if (t.file() == SnapshotFile.KUBECTL_DESCRIBE_NODES) {
          kubeNodes.addAll(KubectlDescribeNodesParser.parse("nodes", t.text()).value());
        } else if (t.file() == SnapshotFile.KUBECTL_PODS
            || t.file() == SnapshotFile.KUBECTL_PODS_JSON) {
          kubePods.addAll(KubectlPodsParser.parse("pods", t.text()).value());
        }
      }
      b.block().host.ifPresent(knownNodes::add);
      b.fileNode().ifPresent(knownNodes::add);
    }
    kubeNodes.forEach(n -> knownNodes.add(n.name()));
    defaultNode.ifPresent(knownNodes::add);
  }

  private void place(Built b) {
    RawBlock block = b.block();
    String cmd = block.commandText();
    if (block.recognition.isPresent()
        && block.recognition.get() instanceof Recognition.NotADump n) {
      outcomes.add(new BlockOutcome.Skipped(block.range(), cmd, n.what()));
      return;
    }
    if (block.recognition.isPresent() && block.recognition.get() instanceof Recognition.NotRead n) {
      outcomes.add(new BlockOutcome.Unplaced(block.range(), cmd, n.reason()));
      return;
    }
    if (b.result() instanceof BlockText.NotPlaced n
        && block.family == Family.JSON
        && block.recognition.isEmpty()) {
      outcomes.add(
          new BlockOutcome.Skipped(
              block.range(), "JSON (by its lines)", "JSON of no kind a snapshot holds"));
      return;
    }
    if (b.result() instanceof BlockText.NotPlaced
        && block.family == Family.DESCRIBE
        && block.recognition.isEmpty()) {
      outcomes.add(
          new BlockOutcome.Skipped(
              block.range(),
              "kubectl describe (by its lines)",
              "the description of" + " something other than a node (no Roles: or PodCIDR: line)"));
      return;
    }
    if (b.result() instanceof BlockText.NotPlaced n) {
      outcomes.add(new BlockOutcome.Unplaced(block.range(), cmd, n.reason()));
      return;
    }
    BlockText.Text t = (BlockText.Text) b.result();
    if (!block.hasOutput()) {
      outcomes.add(new BlockOutcome.Skipped(block.range(), cmd, "no output pasted"));
      return;
    }
    String folder;
    List<String> notes = new ArrayList<>(t.notes());
    if (t.file().isCluster()) {
      folder = "";
    } else {
      Optional<String> where = where(b, notes);
      if (where.isEmpty()) {
        outcomes.add(
            new BlockOutcome.Unplaced(
                block.range(),
                cmd,
                "whose output this is the paste does not say (no"
                    + " prompt with a host name, no node named just before it): give --node NAME"));
        return;
      }
      folder = where.get() + "/";
    }
    String path = folder + t.file().fileName();
    Optional<String> table =
        t.file() == SnapshotFile.IPTABLES_SAVE
            ? Optional.of(String.join(",", BlockText.tables(List.of(t.text().split("\n")))))
            : Optional.empty();
    Placement earlier = placedAt.get(path);
    String where = folder.isEmpty() ? "cluster" : folder.substring(0, folder.length() - 1);
    if (earlier != null) {
      Optional<State> same =
          states.getOrDefault(path, List.of()).stream()
              .filter(st -> st.text().equals(t.text()))
              .findFirst();
      if (earlier.text().equals(t.text()) || same.isPresent()) {
        copies
            .computeIfAbsent(path, k -> new ArrayList<>())
            .add(new Copy(outcomes.size(), same.map(st -> states.get(path).indexOf(st)).orElse(0)));
        notes.add(
            "the same as " + same.map(State::lines).orElse(earlier.lines()) + ", written once");
      } else if (t.file() == SnapshotFile.SYSCTL && changesAValue(latest(path), t.text())) {
        // sysctls add up, but a block that gives a key another value is the node's sysctls after
        // a change (`= 0`, then `flipped to` 1): a state, as a table pasted twice is
        String merged = sysctlsWith(latest(path), t.text());
        List<State> of =
            states.computeIfAbsent(
                path,
                k ->
                    new ArrayList<>(
                        List.of(new State(earlier.outcome(), earlier.lines(), files.get(path)))));
        of.add(new State(outcomes.size(), block.range(), merged));
        commandOf.putIfAbsent(path, "sysctl");
        outcomes.add(new BlockOutcome.Placed(block.range(), cmd, where, path, notes));
        return;
      } else if (t.file() == SnapshotFile.SYSCTL && states.containsKey(path)) {
        // a block that changes no value adds up in every state of the node's sysctls
        List<State> of = states.get(path);
        of.replaceAll(st -> new State(st.outcome(), st.lines(), sysctlsWith(st.text(), t.text())));
        files.put(path, sysctlsWith(files.get(path), t.text()));
        notes.add("added to every state of " + path + " (it changes no value they give)");
      } else if (APPENDABLE.contains(t.file())
          || table.isPresent()
              && !table.get().isEmpty()
              && !earlier.table().orElse("").contains(table.get())) {
        files.put(path, files.get(path) + t.text());
        appended.add(path);
        notes.add("added after " + earlier.lines() + " in the same file");
      } else if (!appended.contains(path)) {
        List<State> of =
            states.computeIfAbsent(
                path,
                k ->
                    new ArrayList<>(
                        List.of(new State(earlier.outcome(), earlier.lines(), earlier.text()))));
        of.add(new State(outcomes.size(), block.range(), t.text()));
        commandOf.putIfAbsent(
            path, outcomes.get(earlier.outcome()).command().replace(" (by its lines)", ""));
        outcomes.add(new BlockOutcome.Placed(block.range(), cmd, where, path, notes));
        return;
      } else {
        outcomes.add(
            new BlockOutcome.Unplaced(
                block.range(),
                cmd,
                "a second `"
                    + t.file().format().map(DumpFormat::command).orElse(t.file().fileName())
                    + "` for "
                    + (folder.isEmpty() ? "the cluster" : folder.substring(0, folder.length() - 1))
                    + ", different from "
                    + earlier.lines()
                    + " (written to "
                    + path
                    + "): a snapshot holds one; import this one on its own to compare"));
        return;
      }
    } else {
      files.put(path, t.text());
      placedAt.put(path, new Placement(block.range(), t.file(), t.text(), table, outcomes.size()));
    }
    outcomes.add(new BlockOutcome.Placed(block.range(), cmd, where, path, notes));
  }

  /** The text of {@code path} as the paste last left it: its last state, or what was written. */
  private String latest(String path) {
    List<State> of = states.get(path);
    return of == null ? files.get(path) : of.get(of.size() - 1).text();
  }

  /** The key of a sysctl line ({@code net.ipv4.ip_forward = 1}), empty for another line. */
  private static Optional<String> sysctlKey(String line) {
    int eq = line.indexOf('=');
    return eq > 0 && !line.strip().startsWith("#")
        ? Optional.of(line.substring(0, eq).strip())
        : Optional.empty();
  }

  private static Map<String, String> sysctlValues(String text) {
    Map<String, String> values = new LinkedHashMap<>();
    for (String line : text.split("\n")) {
      sysctlKey(line).ifPresent(k -> values.put(k, line.substring(line.indexOf('=') + 1).strip()));
    }
    return values;
  }

  /** Whether {@code block} gives a key of {@code text} another value. */
  private static boolean changesAValue(String text, String block) {
    Map<String, String> before = sysctlValues(text);
    return sysctlValues(block).entrySet().stream()
        .anyMatch(
            e -> before.containsKey(e.getKey()) && !before.get(e.getKey()).equals(e.getValue()));
  }

  /**
   * {@code text} with the values {@code block} gives: each of its lines in place of the line of
   * {@code text} with the same key, the lines of keys {@code text} does not give after it.
   */
  private static String sysctlsWith(String text, String block) {
    Map<String, String> lines = new LinkedHashMap<>();
    List<String> other = new ArrayList<>();
    for (String line : block.split("\n")) {
      sysctlKey(line).ifPresentOrElse(k -> lines.put(k, line), () -> other.add(line));
    }
    StringBuilder out = new StringBuilder();
    for (String line : text.split("\n")) {
      Optional<String> k = sysctlKey(line);
      out.append(k.isPresent() && lines.containsKey(k.get()) ? lines.remove(k.get()) : line)
          .append('\n');
    }
    lines.values().forEach(l -> out.append(l).append('\n'));
    other.stream().filter(l -> !l.isBlank()).forEach(l -> out.append(l).append('\n'));
    return out.toString();
  }

  /**
   * Of each file pasted several times with different output (a node's routes before and after a
   * change), places the state {@code --state} names, by default the first, and says of every other
   * one that it is another state, which {@code --state N} would place instead.
   */
  private void chooseStates() {
    for (Map.Entry<String, List<State>> e : states.entrySet()) {
      String path = e.getKey();
      List<State> of = e.getValue();
      int n = of.size();
      int chosen = state.map(k -> Math.min(k, n)).orElse(1);
      State placed = of.get(chosen - 1);
      files.put(path, placed.text());
      String owner = path.contains("/") ? path.substring(0, path.lastIndexOf('/')) : "the cluster";
      String what = "`" + commandOf.get(path) + "` of " + owner;
      for (Copy c : copies.getOrDefault(path, List.of())) {
        if (c.of() != chosen - 1) {
          BlockOutcome was = outcomes.get(c.outcome());
          outcomes.set(
              c.outcome(),
              new BlockOutcome.Unplaced(
                  was.lines(),
                  was.command(),
                  "the same as state "
                      + (c.of() + 1)
                      + " of "
                      + what
                      + " ("
                      + of.get(c.of()).lines()
                      + "), which is not placed; --state "
                      + (c.of() + 1)
                      + " places it"));
        }
      }
      for (int i = 0; i < n; i++) {
        State st = of.get(i);
        BlockOutcome.Placed was = (BlockOutcome.Placed) outcomes.get(st.outcome());
        if (i == chosen - 1) {
          List<String> notes = new ArrayList<>(was.notes());
          notes.add(
              "state "
                  + chosen
                  + " of "
                  + n
                  + ": the paste holds "
                  + n
                  + " different outputs of "
                  + what
                  + " (before and after a change); "
                  + (state.isEmpty()
                      ? "the first is placed"
                      : state.get() > n
                          ? "--state " + state.get() + " is past the last, so the last is placed"
                          : "--state " + chosen + " placed this one")
                  + "; --state N (1 to "
                  + n
                  + ") places another");
          outcomes.set(
              st.outcome(),
              new BlockOutcome.Placed(was.lines(), was.command(), was.where(), was.file(), notes));
        } else {
          outcomes.set(
              st.outcome(),
              new BlockOutcome.Unplaced(
                  was.lines(),
                  was.command(),
                  "state "
                      + (i + 1)
                      + " of "
                      + n
                      + " of "
                      + what
                      + ", different from the state placed ("
                      + placed.lines()
                      + ", written to "
                      + path
                      + "): a snapshot holds one state; --state "
                      + (i + 1)
                      + " places this one instead"));
        }
      }
    }
  }

  /**
   * The node's folder ({@code worker1}, {@code worker1/netns/busybox-x}) a node-level block goes
   * to.
   */
  private Optional<String> where(Built b, List<String> notes) {
    RawBlock block = b.block();
    Optional<EchoedCommand.Namespace> in = block.in;
    Optional<String> host = block.host.map(this::nodeNamed);
    if (host.isPresent() && in.isEmpty()) {
      Optional<KubePod> pod = pod(block.host.get());
      if (pod.isPresent() && !knownNodes.contains(block.host.get())) {
        in =
            Optional.of(
                new EchoedCommand.Namespace(EchoedCommand.Namespace.Kind.POD, pod.get().name()));
        host = Optional.empty();
      }
    }
    Optional<String> node;
    if (in.isPresent() && in.get().kind() == EchoedCommand.Namespace.Kind.POD) {
      node = pod(in.get().name()).flatMap(KubePod::node);
      if (node.isPresent()) {
        notes.add("pod " + in.get().name() + " runs on " + node.get() + " (kubectl get pods)");
      } else {
        node = defaultNode;
        if (node.isEmpty()) {
          return Optional.empty();
        }
        notes.add(
            "pod "
                + in.get().name()
                + "'s node is not in a pasted `kubectl get pods -o wide`: taken as --node "
                + node.get());
      }
    } else {
      node =
          host.or(() -> b.fileNode())
              .or(() -> byAddress(block, notes))
              .or(() -> mentioned(b, notes))
              .or(() -> defaultNode);
    }
    if (node.isEmpty() || !NodeMentions.isFolderName(node.get())) {
      return Optional.empty();
    }
    String ns = in.map(EchoedCommand.Namespace::name).map(n -> n.replace('/', '_')).orElse("");
    return Optional.of(node.get() + (ns.isEmpty() ? "" : "/netns/" + ns));
  }

  /**
   * A prompt's host as kubectl names the node ({@code k3s-master} is {@code
   * k3s-master.localdomain}).
   */
  private String nodeNamed(String host) {
    for (KubeNode n : kubeNodes) {
      if (n.name().equals(host)) {
        return host;
      }
    }
    for (KubeNode n : kubeNodes) {
      if (n.name().startsWith(host + ".")) {
        return n.name();
      }
    }
    return host;
  }

  private Optional<KubePod> pod(String name) {
    return kubePods.stream().filter(p -> p.name().equals(name)).findFirst();
  }

  /**
   * The node whose kubectl INTERNAL-IP the block shows as its own ({@code src A}, {@code inet A}).
   */
  private Optional<String> byAddress(RawBlock block, List<String> notes) {
    if (block.in.isPresent()) {
      return Optional.empty();
    }
    String text = String.join("\n", block.lines.stream().map(PasteLine::text).toList());
    for (KubeNode n : kubeNodes) {
      if (n.internalIp().isEmpty()) {
        continue;
      }
      String a = n.internalIp().map(Ipv4Address::toString).get();
      if (text.matches(
          "(?s).*\\b(src|inet|inet addr:)\\s*" + java.util.regex.Pattern.quote(a) + "\\b.*")) {
        notes.add(
            "the node is "
                + n.name()
                + ": its address "
                + a
                + " (kubectl's INTERNAL-IP) is in the output");
        return Optional.of(n.name());
      }
    }
    return Optional.empty();
  }

  /** A node named on the label line or in the prose just before the block. */
  private Optional<String> mentioned(Built b, List<String> notes) {
    RawBlock block = b.block();
    if (block.labelPrefix.isPresent()) {
      Optional<String> n = NodeMentions.in(block.labelPrefix.get() + ":", knownNodes);
      if (n.isPresent()) {
        notes.add("the node is " + n.get() + ", as the label before the command says");
        return n;
      }
    }
    List<PasteLine> before =
        b.prose().stream()
            .filter(l -> l.number() < block.first && l.number() >= block.first - 6)
            .toList();
    for (int i = before.size() - 1; i >= 0; i--) {
      PasteLine l = before.get(i);
      Optional<String> n = NodeMentions.in(l.stripped(), knownNodes);
      if (n.isPresent()) {
        notes.add(
            "the node is "
                + n.get()
                + ", as line "
                + l.number()
                + " says (\""
                + shorten(l.stripped())
                + "\")");
        return n;
      }
    }
    return Optional.empty();
  }

  private static String shorten(String s) {
    return s.length() > 60 ? s.substring(0, 60) + "…" : s;
  }

  /**
   * The node a dump file's name starts with: {@code worker1-ip-route.txt}, {@code
   * master-01.before.iptables-save.txt}.
   */
  static Optional<String> fileNode(String name) {
    String base = name.replace('\\', '/');
    base = base.substring(base.lastIndexOf('/') + 1);
    if (DumpFormat.claimedBy(base).isEmpty() && !base.contains("iptables")) {
      return Optional.empty();
    }
    String lower = base.toLowerCase(Locale.ROOT);
    int cut = lower.length();
    for (String word :
        List.of(
            "ip-",
            "ip_",
            "iptables",
            "ifconfig",
            "route",
            "arp",
            "bridge",
            "fdb",
            "neigh",
            "sysctl",
            "kubectl",
            "subnet",
            "netstat",
            "addr",
            "link",
            "rule",
            "ipset")) {
      int k = lower.indexOf(word);
      if (k >= 0 && k < cut) {
        cut = k;
      }
    }
    String prefix = base.substring(0, cut).replaceAll("[-_. ]+$", "");
    int dot = prefix.indexOf('.');
    if (dot > 0) {
      prefix = prefix.substring(0, dot);
    }
    return prefix.isEmpty() || lower.contains("kubectl") || !NodeMentions.isFolderName(prefix)
        ? Optional.empty()
        : Optional.of(prefix);
  }
}
