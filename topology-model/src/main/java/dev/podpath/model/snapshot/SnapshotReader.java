package dev.podpath.model.snapshot;

import dev.podpath.model.bridge.FdbEntry;
import dev.podpath.model.collect.CollectLog;
import dev.podpath.model.dump.ArpNParser;
import dev.podpath.model.dump.BrctlBridge;
import dev.podpath.model.dump.BrctlShowParser;
import dev.podpath.model.dump.BridgeFdbTextParser;
import dev.podpath.model.dump.BridgeJsonFdbParser;
import dev.podpath.model.dump.CollectLogParser;
import dev.podpath.model.dump.ConntrackParser;
import dev.podpath.model.dump.DeviceDriver;
import dev.podpath.model.dump.DockerNetwork;
import dev.podpath.model.dump.DockerNetworkInspectParser;
import dev.podpath.model.dump.DumpFormat;
import dev.podpath.model.dump.DumpWarning;
import dev.podpath.model.dump.EthtoolDriverParser;
import dev.podpath.model.dump.FlannelSubnetEnv;
import dev.podpath.model.dump.IfconfigParser;
import dev.podpath.model.dump.IpAddrTextParser;
import dev.podpath.model.dump.IpJsonAddrParser;
import dev.podpath.model.dump.IpJsonLinkParser;
import dev.podpath.model.dump.IpJsonNeighParser;
import dev.podpath.model.dump.IpJsonRouteParser;
import dev.podpath.model.dump.IpJsonRuleParser;
import dev.podpath.model.dump.IpLinkTextParser;
import dev.podpath.model.dump.IpNeighTextParser;
import dev.podpath.model.dump.IpRouteTextParser;
import dev.podpath.model.dump.IpRuleTextParser;
import dev.podpath.model.dump.KubectlDescribeNodesParser;
import dev.podpath.model.dump.KubectlEndpointSlicesParser;
import dev.podpath.model.dump.KubectlEndpointsParser;
import dev.podpath.model.dump.KubectlNodesParser;
import dev.podpath.model.dump.KubectlPodsParser;
import dev.podpath.model.dump.KubectlServicesParser;
import dev.podpath.model.dump.LinkFacts;
import dev.podpath.model.dump.ParseResult;
import dev.podpath.model.dump.PsParser;
import dev.podpath.model.dump.RouteDump;
import dev.podpath.model.dump.RouteNParser;
import dev.podpath.model.dump.SubnetEnvParser;
import dev.podpath.model.dump.SysctlAParser;
import dev.podpath.model.io.TextFiles;
import dev.podpath.model.io.UnreadableFileException;
import dev.podpath.model.kube.KubeEndpoints;
import dev.podpath.model.kube.KubeNode;
import dev.podpath.model.kube.KubePod;
import dev.podpath.model.kube.KubeService;
import dev.podpath.model.neigh.NeighEntry;
import dev.podpath.model.netfilter.ConntrackFlow;
import dev.podpath.model.netfilter.NftFamily;
import dev.podpath.model.netfilter.Nftables;
import dev.podpath.model.netfilter.Ruleset;
import dev.podpath.model.nft.parse.NftBuilder;
import dev.podpath.model.nft.parse.NftCommands;
import dev.podpath.model.nft.parse.NftError;
import dev.podpath.model.origin.Origin;
import dev.podpath.model.route.RoutingRule;
import dev.podpath.model.script.FlanneldUdpCommand;
import dev.podpath.model.sysctl.Sysctls;
import dev.podpath.model.topo.Sockets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.stream.Stream;

/**
 * Reads a snapshot folder (docs/snapshot.md) file by file with the dump parsers. Nothing in a file
 * can stop the reading: what a parser cannot read becomes a {@link DumpWarning} (file, line,
 * column, text) and the rest loads.
 */
public final class SnapshotReader {

  /** A node's folder: its own namespace and the namespaces under {@code netns/}. */
  record NodeDump(String name, NetnsDump host, List<NetnsDump> namespaces) {}

  /** Everything read, before assembly. */
  record Read(
      Path dir,
      List<NodeDump> nodes,
      Optional<List<KubeNode>> kubeNodes,
      Optional<List<KubePod>> kubePods,
      List<KubeService> services,
      Optional<List<KubeEndpoints>> endpoints,
      Optional<List<KubeEndpoints>> endpointSlices,
      Underlay underlay,
      List<DumpWarning> warnings,
      List<Assumption> assumptions) {}

  private final Path root;
  private final Interruption interruption;
  private final LoadWork work;
  private final List<DumpWarning> warnings = new ArrayList<>();
  private final List<Assumption> assumptions = new ArrayList<>();

  /** The namespace folder being read, and its entries that are not folders. */
  private Path listed;

  private java.util.Set<String> listedEntries = java.util.Set.of();

  private SnapshotReader(Path root, Interruption interruption, LoadWork work) {
    this.root = root;
    this.interruption = interruption;
    this.work = work;
  }

  /**
   * Reads the snapshot in {@code dir}, each file counted in {@code work}; interrupting the calling
   * thread stops it before its next file ({@link Interruption}).
   */
  static Read read(Path dir, LoadWork work) throws SnapshotException {
    if (!Files.exists(dir)) {
      throw new SnapshotException("cannot read snapshot " + dir + ": no such folder");
    }
    if (!Files.isDirectory(dir)) {
      throw new SnapshotException(
          dir
              + " is not a folder: a snapshot is a folder with one folder per node"
              + " (see docs/snapshot.md)");
    }
    return new SnapshotReader(dir, Interruption.ofCaller(), work).readAll();
  }

  /** One node's folder read by a reader of its own (its warnings and assumptions apart). */
  private record NodeRead(SnapshotReader reader, NodeDump dump, SnapshotException error) {}

  /**
   * The node folders in {@code entries}, read in parallel (each node's files by one reader of its
   * own, the nodes spread over the common pool): what each says is merged back in the folder's
   * order, so the warnings come out as if read one after the other.
   */
  private Map<Path, NodeRead> readNodes(List<Path> entries) {
    List<Path> dirs =
        entries.stream()
            .filter(p -> !SnapshotFiles.isIgnored(p.getFileName().toString()))
            .filter(Files::isDirectory)
            .toList();
    Map<Path, NodeRead> out = new java.util.concurrent.ConcurrentHashMap<>();
    try {
      readInParallel(dirs, out);
    } catch (java.util.concurrent.CancellationException e) {
      // thrown on a pool thread, it comes back here as a copy without its message: the original
      // (which says what was being read) is its cause
      throw e.getCause() instanceof java.util.concurrent.CancellationException c ? c : e;
    }
    return out;
  }

  private void readInParallel(List<Path> dirs, Map<Path, NodeRead> out) {
    dirs.parallelStream()
        .forEach(
            d -> {
              SnapshotReader r = new SnapshotReader(root, interruption, work);
              try {
                out.put(d, new NodeRead(r, r.readNode(d), null));
              } catch (SnapshotException e) {
                out.put(d, new NodeRead(r, null, e));
              }
            });
  }

  private Read readAll() throws SnapshotException {
    List<NodeDump> nodes = new ArrayList<>();
    List<Path> entries = list(root);
    Map<Path, NodeRead> read = readNodes(entries);
    for (Path p : entries) {
      String name = p.getFileName().toString();
      if (SnapshotFiles.isIgnored(name)) {
        continue;
      }
      if (Files.isDirectory(p)) {
        NodeRead n = read.get(p);
        if (n.error() != null) {
          throw n.error();
        }
        warnings.addAll(n.reader().warnings);
        assumptions.addAll(n.reader().assumptions);
        nodes.add(n.dump());
      } else if (!SnapshotFiles.isKnownClusterFile(name)) {
        warnings.add(
            DumpWarning.ofFile(
                rel(p),
                "not a snapshot file; not read. At the top of a snapshot"
                    + " podpath reads "
                    + String.join(
                        ", ", SnapshotFiles.CLUSTER_FILES.stream().flatMap(List::stream).toList())
                    + ", and one folder per node"));
      }
    }
    if (nodes.isEmpty()) {
      throw new SnapshotException(
          root
              + " holds no node folder: a snapshot has one folder per node, named"
              + " after the node, with the node's dumps in it (see docs/snapshot.md; `podpath collect` makes one)");
    }
    Optional<List<KubeNode>> kubeNodes =
        KubeNodes.merged(
            parse(root, SnapshotFiles.KUBECTL_NODES, KubectlNodesParser::parse),
            parse(root, SnapshotFiles.KUBECTL_DESCRIBE_NODES, KubectlDescribeNodesParser::parse),
            warnings);
    Optional<List<KubePod>> kubePods =
        parse(root, SnapshotFiles.KUBECTL_PODS, KubectlPodsParser::parse);
    List<KubeService> services =
        parse(root, SnapshotFiles.KUBECTL_SERVICES, KubectlServicesParser::parse).orElse(List.of());
    Optional<List<KubeEndpoints>> endpoints =
        parse(root, SnapshotFiles.KUBECTL_ENDPOINTS, KubectlEndpointsParser::parse);
    Optional<List<KubeEndpoints>> slices =
        parse(root, SnapshotFiles.KUBECTL_ENDPOINTSLICES, KubectlEndpointSlicesParser::parse);
    Underlay underlay = parse(root, SnapshotFiles.UNDERLAY, Underlay::parse).orElse(Underlay.NONE);
    return new Read(
        root,
        nodes,
        kubeNodes,
        kubePods,
        services,
        endpoints,
        slices,
        underlay,
        warnings,
        assumptions);
  }

  private NodeDump readNode(Path dir) throws SnapshotException {
    Optional<CollectLog> log = collectLog(dir);
    NetnsDump host = readNetns(dir, dir.getFileName().toString(), log, "");
    List<NetnsDump> children = new ArrayList<>();
    java.util.Set<String> folders = new java.util.HashSet<>(List.of(""));
    for (Path p : list(dir)) {
      String name = p.getFileName().toString();
      if (!Files.isDirectory(p) || SnapshotFiles.isIgnored(name)) {
        continue;
      }
      if (!name.equals(SnapshotFiles.NETNS_DIR)) {
        warnings.add(
            DumpWarning.ofFile(
                rel(p),
                "a folder in a node folder other than netns/; not read"
                    + " (the node's other namespaces go under "
                    + rel(dir)
                    + "/netns/NAME/)"));
        continue;
      }
      for (Path ns : list(p)) {
        if (Files.isDirectory(ns) && !SnapshotFiles.isIgnored(ns.getFileName().toString())) {
          String folder = SnapshotFiles.NETNS_DIR + "/" + ns.getFileName();
          folders.add(folder);
          children.add(readNetns(ns, ns.getFileName().toString(), log, folder));
        } else if (!SnapshotFiles.isIgnored(ns.getFileName().toString())) {
          warnings.add(
              DumpWarning.ofFile(
                  rel(ns),
                  "a file directly under netns/; not read (each namespace is"
                      + " a folder: netns/NAME/ip-link.json ...)"));
        }
      }
    }
    log.ifPresent(
        l ->
            l.failures().stream()
                .filter(f -> !folders.contains(f.folder()))
                .forEach(
                    f ->
                        warnings.add(
                            new DumpWarning(
                                f.origin().file(),
                                f.origin().line(),
                                1,
                                f.origin().text(),
                                "no folder "
                                    + rel(dir.resolve(f.folder()))
                                    + " in the snapshot: what the collector dumped of that namespace is missing; "
                                    + f.explain()))));
    return new NodeDump(dir.getFileName().toString(), host, children);
  }

  /** The node's collect.log, when a collector of this format wrote it. */
  private Optional<CollectLog> collectLog(Path dir) throws SnapshotException {
    Path file = dir.resolve(SnapshotFiles.COLLECT_LOG);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    Optional<String> text = decoded(file);
    if (text.isEmpty()) {
      return Optional.empty();
    }
    ParseResult<Optional<CollectLog>> r = CollectLogParser.parse(rel(file), text.get());
    warnings.addAll(r.warnings());
    return r.value();
  }

  /**
   * @param log the node's collect.log
   * @param folder the namespace's folder relative to the node's ({@code ""}, {@code netns/pod5}),
   *     as collect.log names it
   */
  private NetnsDump readNetns(Path dir, String name, Optional<CollectLog> log, String folder)
      throws SnapshotException {
    // the folder listed once: each dump's names are looked up here, not asked of the file system
    // one by one (some forty names a namespace, a thousand namespaces)
    java.util.Set<String> entries = new java.util.HashSet<>();
    for (Path p : list(dir)) {
      String f = p.getFileName().toString();
      boolean isDir = Files.isDirectory(p);
      if (!isDir) {
        entries.add(f);
      }
      if (!isDir && !SnapshotFiles.isIgnored(f) && !SnapshotFiles.isKnownNetnsFile(f)) {
        Optional<DumpFormat> what = DumpFormat.claimedBy(f);
        warnings.add(
            DumpWarning.ofFile(
                rel(p),
                "not a snapshot file name; not read."
                    + what.map(
                            d ->
                                " If it holds the output of `"
                                    + d.command()
                                    + "`, name it after the command ("
                                    + suggestion(d)
                                    + ")")
                        .orElse("")
                    + " (file names: docs/snapshot.md)"));
      }
    }
    listed = dir;
    listedEntries = entries;
    Optional<List<LinkFacts>> links =
        parse(dir, SnapshotFiles.LINK, json(IpJsonLinkParser::parse, IpLinkTextParser::parse));
    Optional<List<LinkFacts>> addrs =
        parse(dir, SnapshotFiles.ADDR, json(IpJsonAddrParser::parse, IpAddrTextParser::parse));
    Optional<List<LinkFacts>> ifconfig = parse(dir, SnapshotFiles.IFCONFIG, IfconfigParser::parse);
    Optional<RouteDump> routes =
        parse(
            dir,
            SnapshotFiles.ROUTE,
            (file, text) ->
                file.endsWith(".json")
                    ? IpJsonRouteParser.parse(file, text)
                    : file.endsWith("ip-route.txt")
                        ? IpRouteTextParser.parse(file, text)
                        : RouteNParser.parse(file, text));
    Optional<List<RoutingRule>> rules =
        parse(dir, SnapshotFiles.RULE, json(IpJsonRuleParser::parse, IpRuleTextParser::parse));
    Optional<List<NeighEntry>> neigh =
        parse(
            dir,
            SnapshotFiles.NEIGH,
            (file, text) ->
                file.endsWith(".json")
                    ? IpJsonNeighParser.parse(file, text)
                    : file.endsWith("arp-n.txt")
                        ? ArpNParser.parse(file, text)
                        : IpNeighTextParser.parse(file, text));
    Optional<List<FdbEntry>> fdb =
        parse(dir, SnapshotFiles.FDB, json(BridgeJsonFdbParser::parse, BridgeFdbTextParser::parse));
    Optional<Sysctls> sysctls = parse(dir, SnapshotFiles.SYSCTL, SysctlAParser::parse);
    Optional<String> ipsets = text(dir, SnapshotFiles.IPSET);
    Optional<String> iptables = text(dir, SnapshotFiles.IPTABLES);
    Optional<Ruleset> netfilter =
        ipsets.isEmpty() && iptables.isEmpty()
            ? Optional.empty()
            : Optional.of(
                NetfilterDump.read(
                    rel(dir.resolve(SnapshotFiles.IPTABLES.get(0))),
                    iptables,
                    rel(dir.resolve(SnapshotFiles.IPSET.get(0))),
                    ipsets,
                    warnings));
    netfilter =
        new CollectGaps(dir, rel(dir), log, log.map(l -> l.failuresIn(folder)).orElse(List.of()))
            .netfilter(netfilter, warnings, assumptions);
    Optional<String> nftText = text(dir, SnapshotFiles.NFT);
    if (nftText.isPresent()) {
      Nftables nft = nftables(rel(dir.resolve(SnapshotFiles.NFT.get(0))), nftText.get());
      netfilter = Optional.of(netfilter.orElse(Ruleset.EMPTY).withNft(nft));
    }
    Optional<FlannelSubnetEnv> env = parse(dir, SnapshotFiles.SUBNET_ENV, SubnetEnvParser::parse);
    Map<Integer, Optional<String>> nsids =
        parse(dir, SnapshotFiles.NETNS_IDS, NetnsIds::parse).orElse(Map.of());
    Optional<Sockets> sockets = parse(dir, SnapshotFiles.SOCKETS, SsListeners::parse);
    Optional<List<FlanneldUdpCommand.Invocation>> tunPrograms =
        parse(dir, SnapshotFiles.PROCESSES, PsParser::parse)
            .map(ps -> TunPrograms.read(ps, warnings));
    Optional<List<BrctlBridge>> bridges = parse(dir, SnapshotFiles.BRCTL, BrctlShowParser::parse);
    Optional<List<DeviceDriver>> drivers =
        parse(dir, SnapshotFiles.ETHTOOL, EthtoolDriverParser::parse);
    Optional<List<ConntrackFlow>> conntrack =
        parse(dir, SnapshotFiles.CONNTRACK, ConntrackParser::parse);
    Optional<List<DockerNetwork>> dockerNetworks =
        parse(dir, SnapshotFiles.DOCKER_NETWORKS, DockerNetworkInspectParser::parse);
    return new NetnsDump(
        name,
        rel(dir),
        links,
        addrs,
        ifconfig,
        routes,
        rules,
        neigh,
        fdb,
        sysctls,
        netfilter,
        env,
        nsids,
        sockets,
        tunPrograms,
        bridges,
        drivers,
        conntrack,
        dockerNetworks);
  }

  /** iptables-nft's own tables, which {@code nft list ruleset} lists too: iptables-save's. */
  private static final java.util.Set<String> IPTABLES_NFT_TABLES =
      java.util.Set.of("filter", "nat", "mangle", "raw", "security");

  /**
   * {@code nft list ruleset} read into the native tables (iptables-nft's own, read from
   * iptables-save.txt, left out); a line nft would refuse makes the snapshot unreadable, naming it.
   */
  private static Nftables nftables(String file, String text) throws SnapshotException {
    String[] lines = text.split("\n", -1);
    NftBuilder b = new NftBuilder();
    try {
      NftCommands.run(
          b,
          text,
          line ->
              new Origin(
                  file, line, line >= 1 && line <= lines.length ? lines[line - 1].strip() : ""));
    } catch (NftError e) {
      throw new SnapshotException(file + ":" + e.line() + ": " + e.getMessage() + ": " + e.text());
    }
    return new Nftables(
        b.build().tables().stream()
            .filter(t -> !(t.family() == NftFamily.IP && IPTABLES_NFT_TABLES.contains(t.name())))
            .toList());
  }

  private static String suggestion(DumpFormat d) {
    return switch (d) {
      case IP_JSON_LINK -> "ip-link.json";
      case IP_LINK_TEXT -> "ip-link.txt";
      case IP_JSON_ADDR -> "ip-addr.json";
      case IP_ADDR_TEXT -> "ip-addr.txt";
      case IP_JSON_ROUTE -> "ip-route.json";
      case IP_ROUTE_TEXT -> "ip-route.txt";
      case IP_JSON_RULE -> "ip-rule.json";
      case IP_RULE_TEXT -> "ip-rule.txt";
      case IP_JSON_NEIGH -> "ip-neigh.json";
      case IP_NEIGH_TEXT -> "ip-neigh.txt";
      case BRIDGE_JSON_FDB -> "bridge-fdb.json";
      case BRIDGE_FDB_TEXT -> "bridge-fdb.txt";
      case IFCONFIG -> "ifconfig.txt";
      case ROUTE_N -> "route-n.txt";
      case ARP_N -> "arp-n.txt";
      case SYSCTL_A -> "sysctl.txt";
      case FLANNEL_SUBNET_ENV -> "subnet.env";
      case KUBECTL_NODES_WIDE -> "kubectl-get-nodes.txt, at the top of the snapshot";
      case KUBECTL_NODES_JSON -> "kubectl-get-nodes.json, at the top of the snapshot";
      case KUBECTL_PODS_WIDE -> "kubectl-get-pods.txt, at the top of the snapshot";
      case KUBECTL_PODS_JSON -> "kubectl-get-pods.json, at the top of the snapshot";
      case KUBECTL_SERVICES_WIDE -> "kubectl-get-services.txt, at the top of the snapshot";
      case KUBECTL_SERVICES_JSON -> "kubectl-get-services.json, at the top of the snapshot";
      case KUBECTL_ENDPOINTS_WIDE -> "kubectl-get-endpoints.txt, at the top of the snapshot";
      case KUBECTL_ENDPOINTS_JSON -> "kubectl-get-endpoints.json, at the top of the snapshot";
      case KUBECTL_ENDPOINTSLICES_JSON ->
          "kubectl-get-endpointslices.json, at the top of the snapshot";
      case KUBECTL_DESCRIBE_NODES -> "kubectl-describe-nodes.txt, at the top of the snapshot";
      case BRCTL_SHOW -> "brctl-show.txt";
      case ETHTOOL_I -> "ethtool-i.txt, each device's output after a line `# ethtool -i DEV`";
      case DOCKER_NETWORK_INSPECT -> "docker-network-inspect.json";
    };
  }

  private static <T> BiFunction<String, String, ParseResult<T>> json(
      BiFunction<String, String, ParseResult<T>> json,
      BiFunction<String, String, ParseResult<T>> text) {
    return (file, content) ->
        file.endsWith(".json") ? json.apply(file, content) : text.apply(file, content);
  }

  /** Parses the first of {@code names} present in {@code dir}; warns when several are. */
  private <T> Optional<T> parse(
      Path dir, List<String> names, BiFunction<String, String, ParseResult<T>> parser)
      throws SnapshotException {
    Optional<Path> file = first(dir, names);
    if (file.isEmpty()) {
      return Optional.empty();
    }
    Optional<String> content = decoded(file.get());
    if (content.isEmpty()) {
      return Optional.empty();
    }
    ParseResult<T> r = parser.apply(rel(file.get()), content.get());
    warnings.addAll(r.warnings());
    return Optional.of(r.value());
  }

  private Optional<String> text(Path dir, List<String> names) throws SnapshotException {
    Optional<Path> file = first(dir, names);
    return file.isEmpty() ? Optional.empty() : decoded(file.get());
  }

  private Optional<Path> first(Path dir, List<String> names) {
    // any entry but a folder: a device, FIFO or dangling link under a dump's name is refused by
    // decoded
    List<Path> present =
        dir.equals(listed)
            ? names.stream().filter(listedEntries::contains).map(dir::resolve).toList()
            : names.stream()
                .map(dir::resolve)
                .filter(p -> Files.exists(p, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(p))
                .toList();
    if (present.size() > 1) {
      warnings.add(
          DumpWarning.ofFile(
              rel(present.get(1)),
              "both "
                  + present.get(0).getFileName()
                  + " and "
                  + present.get(1).getFileName()
                  + " are here; only "
                  + present.get(0).getFileName()
                  + " is read"));
    }
    return present.stream().findFirst();
  }

  private Optional<String> decoded(Path file) throws SnapshotException {
    interruption.check("reading " + rel(file));
    work.fileRead();
    byte[] bytes;
    try {
      bytes = TextFiles.readBytes(file);
    } catch (UnreadableFileException e) {
      warnings.add(DumpWarning.ofFile(rel(file), e.reason() + "; not read"));
      return Optional.empty();
    }
    ParseResult<String> text = DumpFormat.decode(rel(file), bytes);
    warnings.addAll(text.warnings());
    return Optional.of(text.value());
  }

  private List<Path> list(Path dir) throws SnapshotException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.sorted().toList();
    } catch (IOException e) {
      throw new SnapshotException("cannot list " + dir + ": " + e.getMessage());
    }
  }

  private String rel(Path p) {
    String r = root.relativize(p).toString().replace('\\', '/');
    return r.isEmpty() ? "." : r;
  }
}
