package dev.podpath.trace.plan;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.addr.Prefix;
import dev.podpath.model.io.TextFiles;
import dev.podpath.model.io.UnreadableFileException;
import dev.podpath.model.origin.Origin;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Reads a plan file, YAML or JSON (by its name: {@code .json} is JSON, anything else YAML, which
 * JSON is also), with Jackson: every value's line and column are kept, and every error names them
 * with the key path ({@code plan.yaml:7:14: /nodes/1/address: ...}). Unknown keys are errors.
 */
public final class PlanReader {

  private PlanReader() {}

  /** The keys each object may have. */
  private static final Map<String, List<String>> KEYS =
      Map.of(
          "",
          List.of("cluster", "cni", "underlay", "nodes", "networks", "docker", "growth", "build"),
          "/cluster",
          List.of(
              "podCidr",
              "nodeCidrMaskSize",
              "serviceCidr",
              "podMtu",
              "apiServiceIp",
              "dnsServiceIp"),
          "/cni",
          List.of("plugin", "mode", "vni", "port", "ipipMode", "vxlanMode", "blockSize"),
          "/underlay",
          List.of("mtu"),
          "/nodes/*",
          List.of("name", "address", "segment", "mtu", "podSubnet"),
          "/networks/*",
          List.of("name", "cidr"),
          "/docker",
          List.of("bip", "defaultAddressPools"),
          "/growth",
          List.of("nodes", "podsPerNode", "services"),
          "/build",
          List.of("podsPerNode"));

  /**
   * {@return the plan in the file}
   *
   * @throws PlanException naming the file, line, column and key path of what is wrong
   */
  public static Plan read(Path file) {
    String text;
    try {
      text = TextFiles.read(file);
    } catch (UnreadableFileException e) {
      throw new PlanException(e.getMessage(), e);
    }
    return parse(file.toString(), text);
  }

  /** {@return the plan in {@code text}, cited as {@code name}} */
  public static Plan parse(String name, String text) {
    boolean json = name.toLowerCase(Locale.ROOT).endsWith(".json");
    JsonFactory factory = json ? new JsonFactory() : new YAMLFactory();
    Map<String, Origin> where = new HashMap<>();
    Map<String, Integer> columns = new HashMap<>();
    JsonNode root;
    try {
      try (JsonParser p = factory.createParser(text)) {
        while (p.nextToken() != null) {
          if (p.currentToken() == JsonToken.FIELD_NAME) {
            continue;
          }
          JsonLocation l = p.currentTokenLocation();
          String pointer = p.getParsingContext().pathAsPointer().toString();
          if (p.currentToken() == JsonToken.START_OBJECT
              || p.currentToken() == JsonToken.START_ARRAY) {
            pointer = p.getParsingContext().getParent() == null ? "" : parentPointer(p);
          }
          where.putIfAbsent(pointer, origin(name, text, l));
          columns.putIfAbsent(pointer, l.getColumnNr());
        }
      }
      root = new ObjectMapper(factory).readTree(text);
    } catch (JsonProcessingException e) {
      JsonLocation l = e.getLocation();
      String at = l == null ? name : name + ":" + l.getLineNr() + ":" + l.getColumnNr();
      throw new PlanException(
          at + ": not " + (json ? "JSON" : "YAML") + ": " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new PlanException(name + ": " + e.getMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new PlanException(
          name + ":1:1: a plan is a mapping of cluster, cni, nodes, ... (docs/plan.md)");
    }
    return new Fields(name, where, columns).plan(root);
  }

  private static String parentPointer(JsonParser p) {
    // a START_OBJECT/ARRAY token's own context is the new one; its key path is the parent's entry
    return p.getParsingContext().getParent().pathAsPointer().toString();
  }

  private static Origin origin(String name, String text, JsonLocation l) {
    int line = l.getLineNr();
    String lineText = line >= 1 ? text.lines().skip(line - 1L).findFirst().orElse("") : "";
    return new Origin(name, Math.max(line, 0), lineText.strip());
  }

  /** Reads the tree, checking every value and key. */
  private static final class Fields {
    private final String name;
    private final Map<String, Origin> where;
    private final Map<String, Integer> columns;

    Fields(String name, Map<String, Origin> where, Map<String, Integer> columns) {
      this.name = name;
      this.where = where;
      this.columns = columns;
    }

    /**
     * Calico's encapsulation from the IPPool's {@code ipipMode} and {@code vxlanMode}: at most one
     * of them other than {@code Never} (Calico's IPPool validation refuses both); IPIP {@code
     * Always} when neither is given; both {@code Never} (BGP only) not planned yet.
     */
    private Plan.Mode calicoMode(JsonNode cniNode) {
      boolean hasIpip = cniNode.has("ipipMode");
      boolean hasVxlan = cniNode.has("vxlanMode");
      String ipip = text(cniNode, "/cni/ipipMode", Optional.of(hasVxlan ? "Never" : "Always"));
      String vxlan = text(cniNode, "/cni/vxlanMode", Optional.of("Never"));
      for (String[] m :
          List.of(new String[] {"/cni/ipipMode", ipip}, new String[] {"/cni/vxlanMode", vxlan})) {
        if (!List.of("Always", "CrossSubnet", "Never").contains(m[1])) {
          throw error(
              m[0],
              "\""
                  + m[1]
                  + "\": expected Always, CrossSubnet or Never (as Calico's IPPool spells them)");
        }
      }
      if (!ipip.equals("Never") && !vxlan.equals("Never")) {
        throw error(
            "/cni/vxlanMode",
            "ipipMode "
                + ipip
                + " and vxlanMode "
                + vxlan
                + ": an IPPool encapsulates with IPIP or with VXLAN, not both (Calico refuses"
                + " the pool); set one of them to Never");
      }
      if (ipip.equals("Never") && vxlan.equals("Never")) {
        throw error(
            hasVxlan || !hasIpip ? "/cni/vxlanMode" : "/cni/ipipMode",
            "\"Never\": Calico without encapsulation (BGP only) is not planned yet;"
                + " expected ipipMode or vxlanMode Always or CrossSubnet");
      }
      return switch (vxlan.equals("Never") ? "ipip " + ipip : "vxlan " + vxlan) {
        case "ipip Always" -> Plan.Mode.IPIP_ALWAYS;
        case "ipip CrossSubnet" -> Plan.Mode.IPIP_CROSS_SUBNET;
        case "vxlan Always" -> Plan.Mode.CALICO_VXLAN_ALWAYS;
        default -> Plan.Mode.CALICO_VXLAN_CROSS_SUBNET;
      };
    }

    Plan plan(JsonNode root) {
      keys(root, "", "");
      JsonNode cluster = object(root, "/cluster", true);
      keys(cluster, "/cluster", "/cluster");
      Prefix pod = prefix(cluster, "/cluster/podCidr");
      JsonNode cniNode = object(root, "/cni", true);
      keys(cniNode, "/cni", "/cni");
      String plugin = text(cniNode, "/cni/plugin", Optional.of("flannel"));
      Plan.Mode mode;
      int mask;
      int vni = 0;
      int port = 0;
      switch (plugin) {
        case "flannel" -> {
          refuse(
              cniNode,
              "/cni",
              List.of("ipipMode", "vxlanMode", "blockSize"),
              "Calico's (cni.plugin calico)");
          String modeText = text(cniNode, "/cni/mode", Optional.of("vxlan"));
          mode =
              switch (modeText) {
                case "vxlan" -> Plan.Mode.VXLAN;
                case "host-gw" -> Plan.Mode.HOST_GW;
                default ->
                    throw error(
                        "/cni/mode",
                        "\""
                            + modeText
                            + "\": expected vxlan or host-gw (flannel's udp is not planned)");
              };
          vni = integer(cniNode, "/cni/vni", OptionalInt.of(1), 0, 16777215);
          port = integer(cniNode, "/cni/port", OptionalInt.of(8472), 1, 65535);
          mask =
              integer(
                  cluster, "/cluster/nodeCidrMaskSize", OptionalInt.empty(), pod.length() + 1, 30);
        }
        case "calico" -> {
          refuse(cniNode, "/cni", List.of("mode", "vni", "port"), "flannel's (cni.plugin flannel)");
          if (cluster.has("nodeCidrMaskSize")) {
            throw error(
                "/cluster/nodeCidrMaskSize",
                "with cni.plugin calico a node's pods get their addresses from Calico's IPAM"
                    + " blocks, not from the controller manager's node CIDRs: set cni.blockSize"
                    + " (default 26) instead");
          }
          mode = calicoMode(cniNode);
          if (mode.calicoVxlan()) {
            // felix's defaults (FelixConfiguration vxlanVNI, vxlanPort)
            vni = 4096;
            port = 4789;
          }
          mask =
              integer(
                  cniNode, "/cni/blockSize", OptionalInt.of(26), Math.max(20, pod.length()), 32);
        }
        default ->
            throw error(
                "/cni/plugin",
                "\""
                    + plugin
                    + "\": podpath plan builds flannel and calico only (not modelled: other CNIs)");
      }
      Prefix svc = prefix(cluster, "/cluster/serviceCidr");
      Ipv4Address first = new Ipv4Address((int) (svc.network().unsigned() + 1));
      if (cluster.has("apiServiceIp")) {
        Ipv4Address api = address(cluster, "/cluster/apiServiceIp");
        if (!api.equals(first)) {
          throw error(
              "/cluster/apiServiceIp",
              "\""
                  + api
                  + "\": the API server always gives the kubernetes Service the Service CIDR's"
                  + " first address, "
                  + first);
        }
      }
      Optional<Ipv4Address> dnsIp = Optional.empty();
      if (cluster.has("dnsServiceIp")) {
        Ipv4Address dns = address(cluster, "/cluster/dnsServiceIp");
        if (!svc.contains(dns)
            || dns.equals(first)
            || dns.equals(svc.network())
            || dns.equals(svc.broadcast())) {
          throw error(
              "/cluster/dnsServiceIp",
              "\""
                  + dns
                  + "\": the cluster DNS's ClusterIP must be an address of the Service CIDR "
                  + svc
                  + " other than its first ("
                  + first
                  + ", the API server's): the API server refuses any other");
        }
        dnsIp = Optional.of(dns);
      }
      OptionalInt podMtu = optionalInt(cluster, "/cluster/podMtu", 576, 65535);
      JsonNode under = object(root, "/underlay", false);
      keys(under, "/underlay", "/underlay");
      int underlayMtu = integer(under, "/underlay/mtu", OptionalInt.of(1500), 576, 65535);
      JsonNode nodesNode = array(root, "/nodes");
      if (nodesNode.isEmpty()) {
        throw error("/nodes", "a plan has at least one node");
      }
      List<Plan.Node> nodes = new ArrayList<>();
      for (int i = 0; i < nodesNode.size(); i++) {
        String at = "/nodes/" + i;
        JsonNode n = nodesNode.get(i);
        if (!n.isObject()) {
          throw error(at, "a node is a mapping of name, address, segment, mtu");
        }
        keys(n, at, "/nodes/*");
        String nodeName = text(n, at + "/name", Optional.empty());
        if (!nodeName.matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,14}")) {
          throw error(
              at + "/name",
              "\""
                  + nodeName
                  + "\": a node's name becomes a namespace's: letters, digits, . _ -, at most 15");
        }
        if (nodes.stream().anyMatch(x -> x.name().equals(nodeName))) {
          throw error(at + "/name", "\"" + nodeName + "\" is the name of an earlier node");
        }
        String addressText = text(n, at + "/address", Optional.empty());
        int slash = addressText.indexOf('/');
        Optional<Ipv4Address> a =
            Ipv4Address.tryParse(slash < 0 ? addressText : addressText.substring(0, slash));
        OptionalInt len =
            slash < 0 ? OptionalInt.empty() : parseInt(addressText.substring(slash + 1));
        if (a.isEmpty() || len.isEmpty() || len.getAsInt() < 1 || len.getAsInt() > 30) {
          throw error(
              at + "/address",
              "\""
                  + addressText
                  + "\": expected an address with its segment's prefix length (192.168.2.16/24)");
        }
        String segment = text(n, at + "/segment", Optional.of("default"));
        int mtu = integer(n, at + "/mtu", OptionalInt.of(underlayMtu), 576, 65535);
        Optional<Prefix> podSubnet = Optional.empty();
        if (n.has("podSubnet")) {
          Prefix s = prefix(n, at + "/podSubnet");
          if (s.length() != mask || !pod.contains(s)) {
            throw error(
                at + "/podSubnet",
                "\""
                    + s
                    + "\": a node's pod subnet is a /"
                    + mask
                    + (plugin.equals("calico")
                        ? " (cni.blockSize: the node's IPAM block) of the pod CIDR "
                        : " (cluster.nodeCidrMaskSize) of the pod CIDR ")
                    + pod);
          }
          podSubnet = Optional.of(s);
        }
        nodes.add(
            new Plan.Node(
                nodeName, a.get(), Prefix.of(a.get(), len.getAsInt()), segment, mtu, i, podSubnet));
      }
      subnetsDistinct(nodes, pod, mask);
      List<Plan.Network> networks = new ArrayList<>();
      if (root.has("networks")) {
        JsonNode ns = array(root, "/networks");
        for (int i = 0; i < ns.size(); i++) {
          String at = "/networks/" + i;
          keys(ns.get(i), at, "/networks/*");
          networks.add(
              new Plan.Network(
                  text(ns.get(i), at + "/name", Optional.empty()),
                  prefix(ns.get(i), at + "/cidr"),
                  i));
        }
      }
      Optional<Plan.Docker> docker = Optional.empty();
      if (root.has("docker")) {
        JsonNode d = object(root, "/docker", true);
        keys(d, "/docker", "/docker");
        boolean bipGiven = d.has("bip");
        Prefix bip = bipGiven ? hostPrefix(d, "/docker/bip") : Prefix.parse("172.17.0.0/16");
        List<Prefix> pools = new ArrayList<>();
        boolean poolsGiven = d.has("defaultAddressPools");
        if (poolsGiven) {
          JsonNode ps = array(d, "/docker/defaultAddressPools");
          for (int i = 0; i < ps.size(); i++) {
            pools.add(prefix(ps, "/docker/defaultAddressPools/" + i));
          }
        } else {
          pools.add(Prefix.parse("172.17.0.0/16"));
          pools.add(Prefix.parse("172.18.0.0/15"));
          pools.add(Prefix.parse("172.20.0.0/14"));
          pools.add(Prefix.parse("172.24.0.0/13"));
          pools.add(Prefix.parse("192.168.0.0/16"));
        }
        docker = Optional.of(new Plan.Docker(bip, pools, bipGiven, poolsGiven));
      }
      JsonNode g = object(root, "/growth", false);
      keys(g, "/growth", "/growth");
      Plan.Growth growth =
          new Plan.Growth(
              optionalInt(g, "/growth/nodes", 1, 1 << 20),
              optionalInt(g, "/growth/podsPerNode", 1, 1 << 16),
              optionalInt(g, "/growth/services", 1, 1 << 24));
      JsonNode b = object(root, "/build", false);
      keys(b, "/build", "/build");
      int sample = integer(b, "/build/podsPerNode", OptionalInt.of(2), 1, 8);
      return new Plan(
          name,
          pod,
          mask,
          svc,
          dnsIp,
          new Plan.Cni(plugin, mode, vni, port),
          underlayMtu,
          podMtu,
          nodes,
          networks,
          docker,
          growth,
          sample,
          where);
    }

    /** Two nodes with one pod subnet (stated, or the index-th one a node without gets). */
    private void subnetsDistinct(List<Plan.Node> nodes, Prefix pod, int mask) {
      Map<Prefix, Plan.Node> taken = new HashMap<>();
      for (Plan.Node n : nodes) {
        long size = 1L << (32 - mask);
        Prefix s =
            n.podSubnet()
                .orElseGet(
                    () ->
                        Prefix.of(
                            new Ipv4Address((int) (pod.network().unsigned() + n.index() * size)),
                            mask));
        Plan.Node other = taken.putIfAbsent(s, n);
        if (other != null) {
          throw error(
              "/nodes/" + n.index() + (n.podSubnet().isPresent() ? "/podSubnet" : ""),
              "the pod subnet "
                  + s
                  + " is "
                  + other.name()
                  + "'s too (a node without podSubnet gets the index-th /"
                  + mask
                  + " of the pod CIDR)");
        }
      }
    }

    private PlanException error(String pointer, String what) {
      String known = pointer;
      while (!where.containsKey(known) && known.lastIndexOf('/') > 0) {
        known = known.substring(0, known.lastIndexOf('/'));
      }
      Origin o = where.get(known);
      String at = o == null ? name : name + ":" + o.line() + ":" + columns.get(known);
      return new PlanException(at + ": " + (pointer.isEmpty() ? "/" : pointer) + ": " + what);
    }

    /** Keys of the other plugin's: an error naming whose they are. */
    private void refuse(JsonNode n, String at, List<String> others, String whose) {
      for (String k : others) {
        if (n.has(k)) {
          throw error(
              at + "/" + k, "\"" + k + "\" is " + whose + ", not this plugin's (docs/plan.md)");
        }
      }
    }

    private void keys(JsonNode n, String at, String kind) {
      List<String> allowed = KEYS.get(kind);
      for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
        String k = it.next();
        if (!allowed.contains(k)) {
          throw error(
              at + "/" + k,
              "unknown key \"" + k + "\"; expected one of " + allowed + " (docs/plan.md)");
        }
      }
    }

    private JsonNode object(JsonNode parent, String pointer, boolean required) {
      String key = pointer.substring(pointer.lastIndexOf('/') + 1);
      JsonNode n = parent.get(key);
      if (n == null || n.isNull()) {
        if (required) {
          throw error(pointer.substring(0, pointer.lastIndexOf('/')), "\"" + key + "\" is missing");
        }
        return new ObjectMapper().createObjectNode();
      }
      if (!n.isObject()) {
        throw error(pointer, "expected a mapping");
      }
      return n;
    }

    private JsonNode array(JsonNode parent, String pointer) {
      String key = pointer.substring(pointer.lastIndexOf('/') + 1);
      JsonNode n = parent.get(key);
      if (n == null || !n.isArray()) {
        throw error(
            n == null ? pointer.substring(0, pointer.lastIndexOf('/')) : pointer,
            n == null ? "\"" + key + "\" is missing" : "expected a list");
      }
      return n;
    }

    private String text(JsonNode parent, String pointer, Optional<String> dflt) {
      String key = pointer.substring(pointer.lastIndexOf('/') + 1);
      JsonNode n = parent.isArray() ? parent.get(Integer.parseInt(key)) : parent.get(key);
      if (n == null || n.isNull()) {
        return dflt.orElseThrow(
            () ->
                error(
                    pointer.substring(0, pointer.lastIndexOf('/')), "\"" + key + "\" is missing"));
      }
      if (!n.isValueNode() || n.isBoolean()) {
        throw error(pointer, "expected a value");
      }
      return n.asText().strip();
    }

    private Prefix prefix(JsonNode parent, String pointer) {
      String t = text(parent, pointer, Optional.empty());
      return Prefix.tryParse(t)
          .orElseThrow(
              () -> error(pointer, "\"" + t + "\" is not a CIDR (10.244.0.0/16, host bits zero)"));
    }

    private Ipv4Address address(JsonNode parent, String pointer) {
      String t = text(parent, pointer, Optional.empty());
      return Ipv4Address.tryParse(t)
          .orElseThrow(() -> error(pointer, "\"" + t + "\" is not an IPv4 address"));
    }

    /** {@code bip}: an address with its length (172.17.0.1/16), as the prefix it is in. */
    private Prefix hostPrefix(JsonNode parent, String pointer) {
      String t = text(parent, pointer, Optional.empty());
      int slash = t.indexOf('/');
      Optional<Ipv4Address> a = Ipv4Address.tryParse(slash < 0 ? t : t.substring(0, slash));
      OptionalInt len = slash < 0 ? OptionalInt.empty() : parseInt(t.substring(slash + 1));
      if (a.isEmpty() || len.isEmpty() || len.getAsInt() > 32) {
        throw error(
            pointer, "\"" + t + "\": expected an address with its prefix length (172.17.0.1/16)");
      }
      return Prefix.of(a.get(), len.getAsInt());
    }

    private int integer(JsonNode parent, String pointer, OptionalInt dflt, int min, int max) {
      String key = pointer.substring(pointer.lastIndexOf('/') + 1);
      if (!parent.has(key) && dflt.isPresent()) {
        return dflt.getAsInt();
      }
      OptionalInt v = parseInt(text(parent, pointer, Optional.empty()));
      if (v.isEmpty() || v.getAsInt() < min || v.getAsInt() > max) {
        throw error(
            pointer,
            "\""
                + parent.get(key).asText()
                + "\": expected a whole number from "
                + min
                + " to "
                + max);
      }
      return v.getAsInt();
    }

    private OptionalInt optionalInt(JsonNode parent, String pointer, int min, int max) {
      String key = pointer.substring(pointer.lastIndexOf('/') + 1);
      return parent.has(key)
          ? OptionalInt.of(integer(parent, pointer, OptionalInt.empty(), min, max))
          : OptionalInt.empty();
    }
  }

  private static OptionalInt parseInt(String s) {
    try {
      return OptionalInt.of(Integer.parseInt(s.strip()));
    } catch (NumberFormatException e) {
      return OptionalInt.empty();
    }
  }
}
