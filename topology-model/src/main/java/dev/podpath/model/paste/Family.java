package dev.podpath.model.paste;

import java.util.Optional;

/**
 * The kinds of output {@link LineShapes} tells apart by their lines, each with the snapshot file it
 * becomes when the content does not say more, or why it is not read. Package-private.
 */
enum Family {
  ROUTE(SnapshotFile.IP_ROUTE, null),
  DEVICES(SnapshotFile.IP_ADDR, null),
  IFCONFIG(SnapshotFile.IFCONFIG, null),
  NEIGH(SnapshotFile.IP_NEIGH, null),
  FDB(SnapshotFile.BRIDGE_FDB, null),
  ARP(SnapshotFile.ARP_N, null),
  ROUTE_N(SnapshotFile.ROUTE_N, null),
  IPTABLES(SnapshotFile.IPTABLES_SAVE, null),
  KUBECTL(SnapshotFile.KUBECTL_PODS, null),
  SYSCTL(SnapshotFile.SYSCTL, null),
  RULE(SnapshotFile.IP_RULE, null),
  SUBNET_ENV(SnapshotFile.SUBNET_ENV, null),
  JSON(null, null),
  IPTABLES_LIST(SnapshotFile.IPTABLES_SAVE, null),
  BRCTL(SnapshotFile.BRCTL_SHOW, null),
  ETHTOOL(SnapshotFile.ETHTOOL_I, null),
  SS(SnapshotFile.SS, null),
  DESCRIBE(SnapshotFile.KUBECTL_DESCRIBE_NODES, null),
  CONNTRACK(SnapshotFile.CONNTRACK, null),
  ROUTE_GET(null, NotReadReasons.ROUTE_GET);

  private final SnapshotFile file;
  private final String notRead;

  Family(SnapshotFile file, String notRead) {
    this.file = file;
    this.notRead = notRead;
  }

  /** The file output of this family becomes when its content does not tell more. */
  Optional<SnapshotFile> file() {
    return Optional.ofNullable(file);
  }

  /** Why output of this family is not read, for the families that are not. */
  Optional<String> notRead() {
    return Optional.ofNullable(notRead);
  }

  /**
   * Whether output of this family may have blank lines inside (between devices, between tables).
   */
  boolean allowsBlankLines() {
    return this == IFCONFIG
        || this == KUBECTL
        || this == DEVICES
        || this == IPTABLES_LIST
        || this == JSON
        || this == ROUTE_N
        || this == IPTABLES
        || this == DESCRIBE;
  }

  /** The family of the file a command's output becomes. */
  static Family of(SnapshotFile f) {
    return switch (f) {
      case IP_ROUTE -> ROUTE;
      case IP_LINK, IP_ADDR -> DEVICES;
      case IFCONFIG -> IFCONFIG;
      case IP_NEIGH -> NEIGH;
      case BRIDGE_FDB -> FDB;
      case ARP_N -> ARP;
      case ROUTE_N, NETSTAT_RN -> ROUTE_N;
      case IPTABLES_SAVE, IPSET_SAVE -> IPTABLES;
      case KUBECTL_NODES, KUBECTL_PODS, KUBECTL_SERVICES, KUBECTL_ENDPOINTS -> KUBECTL;
      case SYSCTL -> SYSCTL;
      case IP_RULE -> RULE;
      case SUBNET_ENV -> SUBNET_ENV;
      case SS -> SS;
      case CONNTRACK -> CONNTRACK;
      case BRCTL_SHOW -> BRCTL;
      case ETHTOOL_I -> ETHTOOL;
      case KUBECTL_DESCRIBE_NODES -> DESCRIBE;
      default -> JSON;
    };
  }
}
