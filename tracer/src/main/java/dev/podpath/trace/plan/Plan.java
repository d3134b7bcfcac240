package dev.podpath.trace.plan;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.addr.Prefix;
import dev.podpath.model.origin.Origin;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A cluster before it exists, as a plan file describes it (docs/plan.md): its ranges, its nodes and
 * their L2 segments, the CNI and its mode, the networks already there, Docker's ranges, the
 * expected growth. Every value is cited by {@link #where(String)}: the file, line and column of its
 * key path.
 *
 * @param file the plan file, as given
 * @param podCidr the cluster (pod) CIDR
 * @param nodeCidrMaskSize each node's pod subnet length ({@code --node-cidr-mask-size}; with
 *     Calico, its IPAM block size, {@code cni.blockSize})
 * @param serviceCidr the Service CIDR
 * @param dnsServiceIp the cluster DNS's ClusterIP ({@code kubelet --cluster-dns}), when the plan
 *     states it (else the Service CIDR's tenth address, kubeadm's)
 * @param cni the CNI
 * @param underlayMtu the nodes' NIC MTU (a node may state its own)
 * @param podMtu the pod MTU the plan states, if it does
 * @param nodes the nodes, in order
 * @param networks the networks already there (LANs, VPNs, VPC ranges)
 * @param docker Docker's bridge and pools, when Docker runs on the nodes
 * @param growth the expected size
 * @param podsPerNode how many pods of each node the built cluster has
 * @param where each key path (a JSON pointer: {@code /nodes/0/address}) to where it is
 */
public record Plan(
    String file,
    Prefix podCidr,
    int nodeCidrMaskSize,
    Prefix serviceCidr,
    Optional<Ipv4Address> dnsServiceIp,
    Cni cni,
    int underlayMtu,
    OptionalInt podMtu,
    List<Node> nodes,
    List<Network> networks,
    Optional<Docker> docker,
    Growth growth,
    int podsPerNode,
    Map<String, Origin> where) {

  public Plan {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(podCidr, "podCidr");
    Objects.requireNonNull(serviceCidr, "serviceCidr");
    Objects.requireNonNull(dnsServiceIp, "dnsServiceIp");
    Objects.requireNonNull(cni, "cni");
    Objects.requireNonNull(podMtu, "podMtu");
    nodes = List.copyOf(nodes);
    networks = List.copyOf(networks);
    Objects.requireNonNull(docker, "docker");
    Objects.requireNonNull(growth, "growth");
    where = Map.copyOf(where);
  }

  /** {@return where a key path is in the file (its line; the kernel's origin when not given)} */
  public Origin where(String pointer) {
    return where.getOrDefault(pointer, new Origin(file, 0, pointer));
  }

  /** The CNI's mode. */
  public enum Mode {
    /** flannel's vxlan backend: a VXLAN device per node, routes onlink via it. */
    VXLAN,
    /** flannel's host-gw backend: a route per node via its address; one L2 segment. */
    HOST_GW,
    /** Calico's IPIP, {@code ipipMode: Always}: every other node's block through {@code tunl0}. */
    IPIP_ALWAYS,
    /**
     * Calico's IPIP, {@code ipipMode: CrossSubnet}: a node on the same subnet routed natively (via
     * its address on the NIC), the others through {@code tunl0}.
     */
    IPIP_CROSS_SUBNET,
    /**
     * Calico's VXLAN, {@code vxlanMode: Always}: every other node's block via its VTEP address
     * through {@code vxlan.calico}.
     */
    CALICO_VXLAN_ALWAYS,
    /**
     * Calico's VXLAN, {@code vxlanMode: CrossSubnet}: a node on the same subnet routed natively,
     * the others through {@code vxlan.calico}.
     */
    CALICO_VXLAN_CROSS_SUBNET;

    /** {@return whether this is one of Calico's IPIP modes} */
    public boolean ipip() {
      return this == IPIP_ALWAYS || this == IPIP_CROSS_SUBNET;
    }

    /** {@return whether this is one of Calico's VXLAN modes} */
    public boolean calicoVxlan() {
      return this == CALICO_VXLAN_ALWAYS || this == CALICO_VXLAN_CROSS_SUBNET;
    }

    /** {@return whether a node on the same subnet is routed natively (Calico's CrossSubnet)} */
    public boolean crossSubnet() {
      return this == IPIP_CROSS_SUBNET || this == CALICO_VXLAN_CROSS_SUBNET;
    }
  }

  /**
   * @param plugin the CNI ({@code flannel} or {@code calico})
   * @param mode its backend (flannel) or IPIP or VXLAN mode (Calico)
   * @param vni the VXLAN VNI (flannel vxlan; Calico VXLAN: felix's default 4096)
   * @param port the VXLAN UDP port (flannel vxlan; Calico VXLAN: felix's default 4789)
   */
  public record Cni(String plugin, Mode mode, int vni, int port) {
    public Cni {
      Objects.requireNonNull(plugin, "plugin");
      Objects.requireNonNull(mode, "mode");
    }

    /**
     * {@return the bytes an encapsulation adds: 50 for VXLAN (IPv4 20, UDP 8, VXLAN 8, Ethernet
     * 14), 20 for IPIP (the outer IPv4 header)}
     */
    public int overhead() {
      return switch (mode) {
        case VXLAN, CALICO_VXLAN_ALWAYS, CALICO_VXLAN_CROSS_SUBNET -> 50;
        case IPIP_ALWAYS, IPIP_CROSS_SUBNET -> 20;
        case HOST_GW -> 0;
      };
    }

    /** {@return whether the CNI is Calico (its pod subnets are IPAM blocks)} */
    public boolean calico() {
      return plugin.equals("calico");
    }

    /**
     * {@return the CNI as the output names it: {@code flannel vxlan (VNI 1, UDP 8472)}, {@code
     * flannel host-gw}, {@code Calico IPIP Always}, {@code Calico IPIP CrossSubnet}, {@code Calico
     * VXLAN Always (VNI 4096, UDP 4789)}}
     */
    public String label() {
      return switch (mode) {
        case VXLAN -> "flannel vxlan (VNI " + vni + ", UDP " + port + ")";
        case HOST_GW -> "flannel host-gw";
        case IPIP_ALWAYS -> "Calico IPIP Always";
        case IPIP_CROSS_SUBNET -> "Calico IPIP CrossSubnet";
        case CALICO_VXLAN_ALWAYS -> "Calico VXLAN Always (VNI " + vni + ", UDP " + port + ")";
        case CALICO_VXLAN_CROSS_SUBNET ->
            "Calico VXLAN CrossSubnet (VNI " + vni + ", UDP " + port + ")";
      };
    }
  }

  /**
   * @param name the node's name (its namespace in the built cluster)
   * @param address its address on its segment, with the segment's prefix length
   * @param segment the L2 segment it sits on
   * @param mtu its NIC's MTU
   * @param index its place in the plan (its pod subnet is the index-th of the pod CIDR unless it
   *     has one already)
   * @param podSubnet the pod subnet the node has already (a running cluster's, {@code
   *     nodes[].podSubnet}), when the plan states one
   */
  public record Node(
      String name,
      Ipv4Address address,
      Prefix subnet,
      String segment,
      int mtu,
      int index,
      Optional<Prefix> podSubnet) {
    public Node {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(address, "address");
      Objects.requireNonNull(subnet, "subnet");
      Objects.requireNonNull(segment, "segment");
      Objects.requireNonNull(podSubnet, "podSubnet");
    }

    /** A node whose pod subnet is the index-th of the pod CIDR. */
    public Node(
        String name, Ipv4Address address, Prefix subnet, String segment, int mtu, int index) {
      this(name, address, subnet, segment, mtu, index, Optional.empty());
    }
  }

  /** A network already there: a LAN, a VPN, a cloud VPC range, a route a node carries. */
  public record Network(String name, Prefix cidr, int index) {
    public Network {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(cidr, "cidr");
    }
  }

  /**
   * Docker on the nodes: its bridge ({@code bip}, default 172.17.0.1/16) and the pools its networks
   * are cut from ({@code default-address-pools}; default 172.17.0.0/16 to 172.31.0.0/16 and
   * 192.168.0.0/16).
   */
  public record Docker(Prefix bip, List<Prefix> pools, boolean bipGiven, boolean poolsGiven) {
    public Docker {
      Objects.requireNonNull(bip, "bip");
      pools = List.copyOf(pools);
    }
  }

  /** The size the cluster is to grow to; each absent when the plan does not say. */
  public record Growth(OptionalInt nodes, OptionalInt podsPerNode, OptionalInt services) {
    public Growth {
      Objects.requireNonNull(nodes, "nodes");
      Objects.requireNonNull(podsPerNode, "podsPerNode");
      Objects.requireNonNull(services, "services");
    }
  }
}
