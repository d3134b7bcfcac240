package dev.podpath.model.paste;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Node names in the prose around pasted output: a name the paste knows (kubectl's node list, a
 * prompt) anywhere in a line, or a label line such as {@code From master node vm-1:}, {@code
 * Worker:}, {@code 1.master}, {@code node1节点：}. Package-private.
 */
final class NodeMentions {

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

  // A numbered list item's start (1.master, 2) worker, or an ideographic comma): digits and a
  // mark not followed by a digit, so that an address (10.10.3.2 is the IP of ...) is not item 10.
  private static final Pattern NUMBERED = Pattern.compile("^\\d+(?:[.)]|\\x{3001})(?!\\d)\\s*");

  /** Words that join the commands of a label ({@code `n1` `ip route` and `ip addr`}). */
  private static final Set<String> CONNECTIVES = Set.of("and", "or", "&");

  private static final Set<String> ROLES =
      Set.of(
          "master",
          "worker",
          "node",
          "controller",
          "control-plane",
          "server",
          "agent",
          "minion",
          "host");
  private static final Set<String> NOT_NAMES =
      Set.of(
          "ip",
          "route",
          "routes",
          "addr",
          "address",
          "link",
          "neigh",
          "table",
          "output",
          "show",
          "from",
          "on",
          "in",
          "at",
          "the",
          "of",
          "and",
          "for",
          "with",
          "my",
          "our",
          "is",
          "iptables",
          "iptables-save",
          "ifconfig",
          "kubectl",
          "pod",
          "pods",
          "get",
          "a",
          "an",
          "to",
          "this",
          "that",
          "here",
          "same",
          "other",
          "both",
          "each",
          "all",
          "machine",
          "vm",
          "box",
          "side",
          "result",
          "results",
          "info",
          "nodes",
          "routing",
          "config",
          "interface",
          "interfaces",
          "cni0",
          "flannel.1",
          "eth0",
          "docker0",
          "tunl0",
          // software and architecture names with a digit, which read like host names in prose
          // ("k8s 节点机器": a Kubernetes node machine; "k3s agent"; "arm64 host")
          "k8s",
          "k3s",
          "k0s",
          "rke2",
          "ipv4",
          "ipv6",
          "x86_64",
          "amd64",
          "arm64",
          "aarch64");

  /**
   * Device names the kernel, container runtimes and CNIs give, which prose names while reading a
   * dump ("cni0 压根对不上 veth44ce32f4": cni0 does not have veth44ce32f4), never a host: veth, cali,
   * lxc and tap ends, Docker's br-ID bridges, NICs, tunnels and overlay devices.
   */
  private static final Pattern DEVICE =
      Pattern.compile(
          "(veth|cali|lxc|tap|vnet)[0-9a-f]{4,}|br-[0-9a-f]{12}|(eth|eno|ens|enp|wlan|bond)\\d\\w*"
              + "|flannel[.]\\d+|docker\\d+|cni\\d+|tunl\\d+|kube-ipvs\\d+|cilium_\\w+");

  private NodeMentions() {}

  /** A node name the line mentions, if any. */
  static Optional<String> in(String line, Collection<String> known) {
    String t = line.strip();
    List<String> words = words(t);
    for (int i = words.size() - 1; i >= 0; i--) {
      String w = words.get(i);
      for (String k : known) {
        if (k.equalsIgnoreCase(w)) {
          return Optional.of(k);
        }
      }
    }
    boolean labelLike =
        t.matches(".*[:：]\\s*$")
            || t.startsWith("#")
            || NUMBERED.matcher(t).lookingAt()
            || words.size() <= 3
            || t.contains("`") && outsideCommandWords(words) <= 2;
    if (!labelLike || words.size() > 6) {
      return Optional.empty();
    }
    Optional<String> generic = Optional.empty();
    for (String w : words) {
      String lw = w.toLowerCase(Locale.ROOT);
      if (NOT_NAMES.contains(lw) || isVersion(lw) || DEVICE.matcher(lw).matches()) {
        continue;
      }
      if (lw.matches(".*[a-z].*") && lw.matches(".*\\d.*")
          || lw.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
        generic = Optional.of(lw);
      } else if (ROLES.contains(lw) && generic.isEmpty()) {
        generic = Optional.of(lw);
      }
    }
    return generic.filter(NodeMentions::isFolderName);
  }

  /**
   * How many words of a line are neither command words nor connectives: a line of code spans that
   * names a node and its commands ({@code `node1-dev` `ip route` and `ip addr`}) has one.
   */
  private static long outsideCommandWords(List<String> words) {
    return words.stream()
        .map(w -> w.toLowerCase(Locale.ROOT))
        .filter(w -> !NOT_NAMES.contains(w) && !CONNECTIVES.contains(w))
        .count();
  }

  /** The words of a line: ASCII names, split at anything else (CJK, punctuation but . _ -). */
  static List<String> words(String t) {
    String s = NUMBERED.matcher(t.replaceFirst("^#+\\s*", "")).replaceFirst("");
    List<String> out = new ArrayList<>();
    var m = NAME.matcher(s);
    while (m.find()) {
      String w = m.group().replaceAll("[.]+$", "");
      if (!w.isEmpty()) {
        out.add(w);
      }
    }
    return out;
  }

  /**
   * Whether a word is a version rather than a host name: digits, a dot, digits, and anything after
   * ({@code 245.6-8-arch} of {@code systemd 245 (245.6-8-arch)}, a kernel's {@code
   * 4.19.0-14-cloud-amd64}), which no host name a prompt or kubectl shows begins with; an IPv4
   * address is not a version.
   */
  static boolean isVersion(String word) {
    return word.matches("\\d+\\.\\d+.*") && !word.matches("\\d{1,3}(\\.\\d{1,3}){3}");
  }

  /** Whether a name can be a node's folder in a snapshot. */
  static boolean isFolderName(String name) {
    return name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,252}") && !name.equals("netns");
  }
}
