package dev.podpath.model.netfilter.parse;

import java.util.Set;

/**
 * The match and target extensions iptables 1.8.9 (Debian 12) can load. A name outside these lists
 * is, for iptables, not an extension at all: {@code -m foo} cannot load and {@code -j FOO} must be
 * a chain.
 */
final class Extensions {

  static final Set<String> MATCHES =
      Set.of(
          "addrtype",
          "ah",
          "bpf",
          "cgroup",
          "cluster",
          "comment",
          "connbytes",
          "connlabel",
          "connlimit",
          "connmark",
          "conntrack",
          "cpu",
          "dccp",
          "devgroup",
          "dscp",
          "ecn",
          "esp",
          "hashlimit",
          "helper",
          "icmp",
          "iprange",
          "ipcomp",
          "ipvs",
          "length",
          "limit",
          "mac",
          "mark",
          "multiport",
          "nfacct",
          "osf",
          "owner",
          "physdev",
          "pkttype",
          "policy",
          "quota",
          "rateest",
          "realm",
          "recent",
          "rpfilter",
          "sctp",
          "set",
          "socket",
          "state",
          "statistic",
          "string",
          "tcp",
          "tcpmss",
          "time",
          "tos",
          "ttl",
          "u32",
          "udp",
          "udplite");

  static final Set<String> TARGETS =
      Set.of(
          "AUDIT",
          "CHECKSUM",
          "CLASSIFY",
          "CLUSTERIP",
          "CONNMARK",
          "CONNSECMARK",
          "CT",
          "DNAT",
          "DSCP",
          "ECN",
          "HMARK",
          "IDLETIMER",
          "LED",
          "LOG",
          "MARK",
          "MASQUERADE",
          "NETMAP",
          "NFLOG",
          "NFQUEUE",
          "NOTRACK",
          "RATEEST",
          "REDIRECT",
          "REJECT",
          "SECMARK",
          "SET",
          "SNAT",
          "SYNPROXY",
          "TCPMSS",
          "TCPOPTSTRIP",
          "TEE",
          "TOS",
          "TPROXY",
          "TRACE",
          "TTL",
          "ULOG");

  /** Verdicts every iptables knows without an extension. */
  static final Set<String> STANDARD = Set.of("ACCEPT", "DROP", "RETURN", "QUEUE");

  private Extensions() {}

  /** Whether {@code -N name} is refused: "chain name may not clash with target name". */
  static boolean isTargetName(String name) {
    return STANDARD.contains(name) || TARGETS.contains(name);
  }
}
