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
 * @param nodeCidrMaskSize each node's pod subnet length ({@code --node-cidr-mask-size})
 * @param serviceCidr the Service CIDR
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
    HOST_GW
  }

  /**
   * @param plugin the CNI ({@code flannel})
   * @param mode its backend
   * @param vni the VXLAN VNI
   * @param port the VXLAN UDP port
   */
  public record Cni(String plugin, Mode mode, int vni, int port) {
    public Cni {
      Objects.requireNonNull(plugin, "plugin");
      Objects.requireNonNull(mode, "mode");
    }

    /**
     * {@return the bytes an encapsulation adds: 50 for VXLAN (IPv4 20, UDP 8, VXLAN 8, Ethernet
     * 14)}
     */
    public int overhead() {
      return mode == Mode.VXLAN ? 50 : 0;
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
