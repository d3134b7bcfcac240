package dev.podpath.model.dump;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.addr.Prefix;
import dev.podpath.model.kube.KubeNode;
import dev.podpath.model.origin.Origin;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code kubectl describe nodes} (one node or several): per node its {@code Name}, the {@code
 * InternalIP} and {@code ExternalIP} of {@code Addresses}, {@code PodCIDR}/{@code PodCIDRs}, and
 * its {@code Annotations} (flannel's {@code backend-type}, {@code public-ip} and {@code
 * backend-data} with the VTEP's MAC). Both of kubectl's layouts are read: annotations as {@code
 * key=value} (kubectl before 1.17, tab-aligned) and as {@code key: value}. The rest of the output
 * (labels, conditions, capacity, pods, events) is read past. kubectl before 1.8 printed {@code
 * Addresses: A,B,C} without their types: which is the InternalIP is not said, and a warning says
 * so.
 *
 * <pre>{@code
 * Name:               k3s-master-01
 * Annotations:        flannel.alpha.coreos.com/backend-data: {"VNI":1,"VtepMAC":"16:05:4a:ed:ac:85"}
 *                     flannel.alpha.coreos.com/public-ip: 90.156.226.73
 * Addresses:
 *   InternalIP:  90.156.226.73
 * PodCIDR:                      10.42.0.0/24
 * }</pre>
 */
public final class KubectlDescribeNodesParser {

  static final String COMMAND = "kubectl describe nodes";

  private static final Pattern KEY = Pattern.compile("^([A-Z][A-Za-z -]*):(?:\\s+(.*))?$");
  private static final Pattern ANNOTATION =
      Pattern.compile("^([A-Za-z0-9][-A-Za-z0-9_./]*)(?:=|:\\s+|:$)(.*)$");
  private static final Pattern ADDRESS =
      Pattern.compile("^(InternalIP|ExternalIP|Hostname|InternalDNS|ExternalDNS):\\s*(\\S*)\\s*$");

  private KubectlDescribeNodesParser() {}

  /** One node being read. */
  private static final class Draft {
    final String name;
    final Origin origin;
    Optional<Ipv4Address> internal = Optional.empty();
    Optional<Ipv4Address> external = Optional.empty();
    final Set<Prefix> cidrs = new LinkedHashSet<>();
    final Map<String, String> annotations = new LinkedHashMap<>();

    Draft(String name, Origin origin) {
      this.name = name;
      this.origin = origin;
    }

    KubeNode build() {
      return new KubeNode(name, internal, external, List.copyOf(cidrs), annotations, origin);
    }
  }

  public static ParseResult<List<KubeNode>> parse(String file, String content) {
    Warnings w = new Warnings(file);
    if (!Inputs.usable(content, COMMAND, w)
        || !Inputs.isExpected(content, Set.of(DumpFormat.KUBECTL_DESCRIBE_NODES), COMMAND, w)) {
      return w.result(List.of());
    }
    Map<String, Draft> nodes = new LinkedHashMap<>();
    Draft node = null;
    String section = "";
    for (TextLine line : TextLine.split(content)) {
      if (line.isBlank()) {
        continue;
      }
      String t = line.text().strip();
      if (!line.isIndented()) {
        Matcher k = KEY.matcher(line.text().stripTrailing());
        if (!k.matches()) {
          w.add(
              line,
              1,
              "not a line of `kubectl describe node` (Key: value, or an indented line under a key);"
                  + " skipped");
          continue;
        }
        section = k.group(1);
        String value = k.group(2) == null ? "" : k.group(2).strip();
        if (section.equals("Name")) {
          node = null;
          if (value.isEmpty()) {
            w.add(line, 1, "a node without a name; its lines are skipped");
          } else if (nodes.containsKey(value)) {
            w.add(
                line,
                1,
                "node "
                    + value
                    + " is described again (first at line "
                    + nodes.get(value).origin.line()
                    + "); this one is skipped");
          } else {
            node = new Draft(value, new Origin(w.file(), line.number(), t));
            nodes.put(value, node);
          }
          continue;
        }
        if (node == null) {
          if (nodes.isEmpty()) {
            w.add(
                line,
                1,
                "before the first `Name:` line: which node this is about is unknown; skipped");
          }
          continue;
        }
        top(node, section, value, line, w);
        continue;
      }
      if (node == null) {
        continue;
      }
      if (section.equals("Annotations")) {
        annotation(node, t);
      } else if (section.equals("Addresses")) {
        address(node, t, line, w);
      }
    }
    return w.result(nodes.values().stream().map(Draft::build).toList());
  }

  private static void top(Draft node, String key, String value, TextLine line, Warnings w) {
    int col = line.text().indexOf(value) + 1;
    switch (key) {
      case "Annotations" -> annotation(node, value);
      case "Addresses" -> {
        if (!value.isEmpty()) {
          w.add(
              line,
              col,
              "`Addresses: "
                  + value
                  + "` (kubectl before 1.8) does not say which address is the"
                  + " InternalIP; not read (`kubectl get nodes -o wide` says it)");
        }
      }
      case "PodCIDR", "PodCIDRs" -> {
        for (String c : value.split(",", -1)) {
          String cidr = c.strip();
          if (cidr.isEmpty() || cidr.contains(":") || cidr.equals("<none>")) {
            continue;
          }
          Optional<Prefix> p = Prefix.tryParse(cidr);
          if (p.isEmpty() || !cidr.contains("/")) {
            w.add(
                line,
                col,
                node.name + ": pod CIDR \"" + cidr + "\" is not an IPv4 prefix; ignored");
          } else {
            node.cidrs.add(p.get());
          }
        }
      }
      default -> {
        // Roles, Labels, Taints, Conditions, Capacity, System Info, Events...: read past
      }
    }
  }

  private static void annotation(Draft node, String text) {
    Matcher a = ANNOTATION.matcher(text);
    if (a.matches()) {
      node.annotations.putIfAbsent(a.group(1), a.group(2).strip());
    }
    // other lines are the rest of a long value (kubectl wraps them), or <none>
  }

  private static void address(Draft node, String text, TextLine line, Warnings w) {
    Matcher m = ADDRESS.matcher(text);
    if (!m.matches()) {
      w.add(line, 1, "not an address line (InternalIP: A, ExternalIP: A, Hostname: H); skipped");
      return;
    }
    if (m.group(2).contains(":")
        || !(m.group(1).equals("InternalIP") || m.group(1).equals("ExternalIP"))) {
      return;
    }
    Optional<Ipv4Address> ip = Ipv4Address.tryParse(m.group(2));
    if (ip.isEmpty()) {
      w.add(
          line,
          line.text().indexOf(m.group(2)) + 1,
          m.group(1) + " \"" + m.group(2) + "\" is not an IPv4 address;" + " ignored");
    } else if (m.group(1).equals("InternalIP") && node.internal.isEmpty()) {
      node.internal = ip;
    } else if (m.group(1).equals("ExternalIP") && node.external.isEmpty()) {
      node.external = ip;
    }
  }
}
