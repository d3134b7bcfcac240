package dev.podpath.model.paste;

import dev.podpath.model.dump.DumpFormat;
import java.util.Optional;

/**
 * The files of a snapshot (docs/snapshot.md) a block of pasted output becomes: a node's (or a
 * node's namespace's) dump, or one of the kubectl files at the top.
 */
public enum SnapshotFile {
  IP_LINK_JSON("ip-link.json", false),
  IP_LINK("ip-link.txt", false),
  IP_ADDR_JSON("ip-addr.json", false),
  IP_ADDR("ip-addr.txt", false),
  IFCONFIG("ifconfig.txt", false),
  IP_ROUTE_JSON("ip-route.json", false),
  IP_ROUTE("ip-route.txt", false),
  ROUTE_N("route-n.txt", false),
  NETSTAT_RN("netstat-rn.txt", false),
  IP_RULE_JSON("ip-rule.json", false),
  IP_RULE("ip-rule.txt", false),
  IP_NEIGH_JSON("ip-neigh.json", false),
  IP_NEIGH("ip-neigh.txt", false),
  ARP_N("arp-n.txt", false),
  BRIDGE_FDB_JSON("bridge-fdb.json", false),
  BRIDGE_FDB("bridge-fdb.txt", false),
  IPTABLES_SAVE("iptables-save.txt", false),
  IPSET_SAVE("ipset-save.txt", false),
  SYSCTL("sysctl.txt", false),
  SUBNET_ENV("subnet.env", false),
  SS("ss-ltun.txt", false),
  CONNTRACK("conntrack-L.txt", false),
  BRCTL_SHOW("brctl-show.txt", false),
  ETHTOOL_I("ethtool-i.txt", false),
  DOCKER_NETWORKS("docker-network-inspect.json", false),
  KUBECTL_DESCRIBE_NODES("kubectl-describe-nodes.txt", true),
  KUBECTL_NODES("kubectl-get-nodes.txt", true),
  KUBECTL_NODES_JSON("kubectl-get-nodes.json", true),
  KUBECTL_PODS("kubectl-get-pods.txt", true),
  KUBECTL_PODS_JSON("kubectl-get-pods.json", true),
  KUBECTL_SERVICES("kubectl-get-services.txt", true),
  KUBECTL_SERVICES_JSON("kubectl-get-services.json", true),
  KUBECTL_ENDPOINTS("kubectl-get-endpoints.txt", true),
  KUBECTL_ENDPOINTS_JSON("kubectl-get-endpoints.json", true),
  KUBECTL_ENDPOINTSLICES_JSON("kubectl-get-endpointslices.json", true);

  private final String fileName;
  private final boolean cluster;

  SnapshotFile(String fileName, boolean cluster) {
    this.fileName = fileName;
    this.cluster = cluster;
  }

  /** The file's name in its folder: {@code ip-route.txt}. */
  public String fileName() {
    return fileName;
  }

  /** Whether the file sits at the top of the snapshot (kubectl's), not in a node's folder. */
  public boolean isCluster() {
    return cluster;
  }

  /** The file that holds output of {@code format}. */
  public static SnapshotFile of(DumpFormat format) {
    return switch (format) {
      case IP_JSON_LINK -> IP_LINK_JSON;
      case IP_JSON_ADDR -> IP_ADDR_JSON;
      case IP_JSON_ROUTE -> IP_ROUTE_JSON;
      case IP_JSON_RULE -> IP_RULE_JSON;
      case IP_JSON_NEIGH -> IP_NEIGH_JSON;
      case BRIDGE_JSON_FDB -> BRIDGE_FDB_JSON;
      case IP_LINK_TEXT -> IP_LINK;
      case IP_ADDR_TEXT -> IP_ADDR;
      case IP_ROUTE_TEXT -> IP_ROUTE;
      case IP_RULE_TEXT -> IP_RULE;
      case IP_NEIGH_TEXT -> IP_NEIGH;
      case BRIDGE_FDB_TEXT -> BRIDGE_FDB;
      case IFCONFIG -> IFCONFIG;
      case ROUTE_N -> ROUTE_N;
      case ARP_N -> ARP_N;
      case SYSCTL_A -> SYSCTL;
      case FLANNEL_SUBNET_ENV -> SUBNET_ENV;
      case KUBECTL_NODES_WIDE -> KUBECTL_NODES;
      case KUBECTL_PODS_WIDE -> KUBECTL_PODS;
      case KUBECTL_NODES_JSON -> KUBECTL_NODES_JSON;
      case KUBECTL_PODS_JSON -> KUBECTL_PODS_JSON;
      case KUBECTL_SERVICES_WIDE -> KUBECTL_SERVICES;
      case KUBECTL_SERVICES_JSON -> KUBECTL_SERVICES_JSON;
      case KUBECTL_ENDPOINTS_WIDE -> KUBECTL_ENDPOINTS;
      case KUBECTL_ENDPOINTS_JSON -> KUBECTL_ENDPOINTS_JSON;
      case KUBECTL_ENDPOINTSLICES_JSON -> KUBECTL_ENDPOINTSLICES_JSON;
      case KUBECTL_DESCRIBE_NODES -> KUBECTL_DESCRIBE_NODES;
      case BRCTL_SHOW -> BRCTL_SHOW;
      case ETHTOOL_I -> ETHTOOL_I;
      case DOCKER_NETWORK_INSPECT -> DOCKER_NETWORKS;
    };
  }

  /** The format podpath reads from this file, when a {@link DumpFormat} stands for it. */
  public Optional<DumpFormat> format() {
    for (DumpFormat f : DumpFormat.values()) {
      if (of(f) == this) {
        return Optional.of(f);
      }
    }
    return Optional.empty();
  }
}
