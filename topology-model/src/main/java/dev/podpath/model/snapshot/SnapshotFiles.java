package dev.podpath.model.snapshot;

import java.util.List;

/**
 * The names of a snapshot's files (docs/snapshot.md): one file per command, named after the
 * command. Where a command has a JSON and a text form, the JSON one is read when both are there.
 */
final class SnapshotFiles {

  private SnapshotFiles() {}

  static final List<String> LINK = List.of("ip-link.json", "ip-link.txt");
  static final List<String> ADDR = List.of("ip-addr.json", "ip-addr.txt");
  static final List<String> IFCONFIG = List.of("ifconfig.txt");
  static final List<String> ROUTE =
      List.of("ip-route.json", "ip-route.txt", "route-n.txt", "netstat-rn.txt");
  static final List<String> RULE = List.of("ip-rule.json", "ip-rule.txt");
  static final List<String> NEIGH = List.of("ip-neigh.json", "ip-neigh.txt", "arp-n.txt");
  static final List<String> FDB = List.of("bridge-fdb.json", "bridge-fdb.txt");
  static final List<String> SYSCTL = List.of("sysctl.txt");
  static final List<String> IPTABLES = List.of("iptables-save.txt");
  static final List<String> IPSET = List.of("ipset-save.txt");

  /** {@code nft list ruleset}: the native nftables tables (docs/nftables.md). */
  static final List<String> NFT = List.of("nft-ruleset.txt");

  static final List<String> SUBNET_ENV = List.of("subnet.env");
  static final List<String> NETNS_IDS = List.of("ip-netns-list-id.txt");
  static final List<String> SOCKETS = List.of("ss-ltun.txt");
  static final List<String> PROCESSES = List.of("ps.txt");
  static final List<String> BRCTL = List.of("brctl-show.txt");
  static final List<String> ETHTOOL = List.of("ethtool-i.txt");
  static final List<String> CONNTRACK = List.of("conntrack-L.txt");
  static final List<String> DOCKER_NETWORKS = List.of("docker-network-inspect.json");

  /** Every file a namespace folder may hold, in the order they are read. */
  static final List<List<String>> NETNS_FILES =
      List.of(
          LINK,
          ADDR,
          IFCONFIG,
          ROUTE,
          RULE,
          NEIGH,
          FDB,
          SYSCTL,
          IPTABLES,
          IPSET,
          NFT,
          SUBNET_ENV,
          NETNS_IDS,
          SOCKETS,
          PROCESSES,
          BRCTL,
          ETHTOOL,
          CONNTRACK,
          DOCKER_NETWORKS);

  /** A node folder's log of what its collector could not dump (docs/snapshot.md). */
  static final String COLLECT_LOG = "collect.log";

  /** The folder of a node holding its other namespaces. */
  static final String NETNS_DIR = "netns";

  static final List<String> KUBECTL_NODES =
      List.of("kubectl-get-nodes.json", "kubectl-get-nodes.txt");
  static final List<String> KUBECTL_PODS = List.of("kubectl-get-pods.json", "kubectl-get-pods.txt");
  static final List<String> KUBECTL_SERVICES =
      List.of("kubectl-get-services.json", "kubectl-get-services.txt");
  static final List<String> KUBECTL_ENDPOINTS =
      List.of("kubectl-get-endpoints.json", "kubectl-get-endpoints.txt");
  static final List<String> KUBECTL_ENDPOINTSLICES = List.of("kubectl-get-endpointslices.json");
  static final List<String> KUBECTL_DESCRIBE_NODES = List.of("kubectl-describe-nodes.txt");
  static final List<String> UNDERLAY = List.of("underlay.txt");

  /** Files at the top of a snapshot. */
  static final List<List<String>> CLUSTER_FILES =
      List.of(
          KUBECTL_NODES,
          KUBECTL_PODS,
          KUBECTL_SERVICES,
          KUBECTL_ENDPOINTS,
          KUBECTL_ENDPOINTSLICES,
          KUBECTL_DESCRIBE_NODES,
          UNDERLAY);

  /** Files anywhere that are not dumps and are skipped without a word. */
  static boolean isIgnored(String name) {
    return name.startsWith(".") || isNotes(name) || name.equals("collect.log");
  }

  /** The notes people keep with dumps, by name. */
  private static final java.util.Set<String> NOTES =
      java.util.Set.of(
          "readme",
          "notes",
          "note",
          "assumptions",
          "source",
          "sources",
          "license",
          "copying",
          "changelog");

  /**
   * Whether a file is people's notes about the dumps, not a dump: any Markdown file ({@code
   * ASSUMPTIONS.md}, {@code README.md}, {@code SOURCE.md}), and {@code README}, {@code NOTES},
   * {@code ASSUMPTIONS}, {@code SOURCE}, {@code LICENSE} with or without {@code .txt}, in any case.
   */
  static boolean isNotes(String name) {
    String n = name.toLowerCase(java.util.Locale.ROOT);
    if (n.endsWith(".md") || n.endsWith(".markdown")) {
      return true;
    }
    return NOTES.contains(n.endsWith(".txt") ? n.substring(0, n.length() - 4) : n);
  }

  static boolean isKnownNetnsFile(String name) {
    return NETNS_FILES.stream().anyMatch(l -> l.contains(name));
  }

  static boolean isKnownClusterFile(String name) {
    return CLUSTER_FILES.stream().anyMatch(l -> l.contains(name));
  }
}
