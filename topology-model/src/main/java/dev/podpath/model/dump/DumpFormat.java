package dev.podpath.model.dump;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The kinds of node dump podpath reads, and {@link #detect} which tells what a file holds: JSON or
 * text, which command printed it, and whether that agrees with the file's name.
 *
 * <pre>{@code
 * DumpFormat.Detection d = DumpFormat.detect("ip-route.json", content);
 * d.format();      // IP_JSON_ADDR: the content decides
 * d.problems();    // "ip-route.json is named like the output of `ip -j route show table all`
 *                  //  but holds the output of `ip -j addr show` ..."
 * }</pre>
 */
public enum DumpFormat {
  IP_JSON_LINK("ip -j -d link show", "link", true),
  IP_JSON_ADDR("ip -j addr show", "addr", true),
  IP_JSON_ROUTE("ip -j route show table all", "route", true),
  IP_JSON_RULE("ip -j rule show", "rule", true),
  IP_JSON_NEIGH("ip -j neigh show", "neigh", true),
  BRIDGE_JSON_FDB("bridge -j fdb show", "fdb", true),
  IP_LINK_TEXT("ip -d link show", "link", false),
  IP_ADDR_TEXT("ip addr show", "addr", false),
  IP_ROUTE_TEXT("ip route show table all", "route", false),
  IP_RULE_TEXT("ip rule show", "rule", false),
  IP_NEIGH_TEXT("ip neigh show", "neigh", false),
  BRIDGE_FDB_TEXT("bridge fdb show", "fdb", false),
  IFCONFIG("ifconfig -a", "ifconfig", false),
  ROUTE_N("route -n", "route-n", false),
  ARP_N("arp -n", "arp", false),
  SYSCTL_A("sysctl -a", "sysctl", false),
  FLANNEL_SUBNET_ENV("cat /run/flannel/subnet.env", "subnet.env", false),
  KUBECTL_NODES_WIDE("kubectl get nodes -o wide", "nodes", false),
  KUBECTL_PODS_WIDE("kubectl get pods -A -o wide", "pods", false),
  KUBECTL_NODES_JSON("kubectl get nodes -o json", "nodes", true),
  KUBECTL_PODS_JSON("kubectl get pods -A -o json", "pods", true),
  KUBECTL_SERVICES_WIDE("kubectl get services -A -o wide", "services", false),
  KUBECTL_SERVICES_JSON("kubectl get services -A -o json", "services", true),
  KUBECTL_ENDPOINTS_WIDE("kubectl get endpoints -A -o wide", "endpoints", false),
  KUBECTL_ENDPOINTS_JSON("kubectl get endpoints -A -o json", "endpoints", true),
  KUBECTL_ENDPOINTSLICES_JSON("kubectl get endpointslices -A -o json", "endpointslices", true),
  KUBECTL_DESCRIBE_NODES("kubectl describe nodes", "describe-nodes", false),
  BRCTL_SHOW("brctl show", "brctl", false),
  ETHTOOL_I("ethtool -i DEV", "ethtool", false),
  DOCKER_NETWORK_INSPECT("docker network inspect NETWORK...", "docker-network", true);

  private final String command;
  private final String family;
  private final boolean json;

  DumpFormat(String command, String family, boolean json) {
    this.command = command;
    this.family = family;
    this.json = json;
  }

  /** The command whose output this is, as a person would type it on the node. */
  public String command() {
    return command;
  }

  /** Whether the format is JSON. */
  public boolean isJson() {
    return json;
  }

  /** Whether two formats come from the same command (the JSON and the text form of it). */
  public boolean sameCommandAs(DumpFormat other) {
    return family.equals(other.family);
  }

  /**
   * What {@link #detect} found.
   *
   * @param format what the content is, when it could be told
   * @param claimed what the file name says it is, when it says
   * @param problems empty, binary, truncated, unrecognised, or not what the name claims
   * @param usable whether a parser can read anything from it (a truncated JSON file is usable: the
   *     complete entries before the cut are read)
   */
  public record Detection(
      Optional<DumpFormat> format,
      Optional<DumpFormat> claimed,
      List<DumpWarning> problems,
      boolean usable) {
    public Detection {
      Objects.requireNonNull(format, "format");
      Objects.requireNonNull(claimed, "claimed");
      problems = List.copyOf(problems);
    }
  }

  /**
   * Decodes a file's bytes as UTF-8. Bytes that are not UTF-8 give a warning at their line and
   * column and are replaced by U+FFFD, so that the text around them can still be read.
   */
  public static ParseResult<String> decode(String file, byte[] bytes) {
    CharsetDecoder dec =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    try {
      CharBuffer cb = dec.decode(ByteBuffer.wrap(bytes));
      return ParseResult.of(cb.toString(), List.of());
    } catch (CharacterCodingException e) {
      int bad = firstInvalidUtf8(bytes);
      String prefix = new String(bytes, 0, Math.max(0, bad), StandardCharsets.UTF_8);
      int[] lc = Inputs.lineColumn(prefix + "x", prefix.length());
      String text = new String(bytes, StandardCharsets.UTF_8);
      return ParseResult.of(
          text,
          List.of(
              new DumpWarning(
                  file,
                  lc[0],
                  lc[1],
                  Inputs.lineAt(text, Math.min(text.length(), prefix.length())),
                  "byte 0x"
                      + Integer.toHexString(bytes[Math.max(0, bad)] & 0xFF)
                      + " at offset "
                      + bad
                      + " is not UTF-8: the file is binary or in another encoding (save the command's"
                      + " output as UTF-8 text)")));
    }
  }

  private static int firstInvalidUtf8(byte[] b) {
    int i = 0;
    while (i < b.length) {
      int c = b[i] & 0xFF;
      int n = c < 0x80 ? 0 : (c >> 5) == 0x6 ? 1 : (c >> 4) == 0xE ? 2 : (c >> 3) == 0x1E ? 3 : -1;
      if (n < 0) {
        return i;
      }
      for (int k = 1; k <= n; k++) {
        if (i + k >= b.length || (b[i + k] & 0xC0) != 0x80) {
          return i;
        }
      }
      i += n + 1;
    }
    return Math.max(0, b.length - 1);
  }

  /** {@link #detect(String, String)} on bytes, after {@link #decode}. */
  public static Detection detect(String fileName, byte[] content) {
    ParseResult<String> text = decode(fileName, content);
    if (text.hasWarnings()) {
      Detection d = detect(fileName, text.value());
      List<DumpWarning> problems = new ArrayList<>(text.warnings());
      problems.addAll(d.problems());
      return new Detection(d.format(), d.claimed(), problems, false);
    }
    return detect(fileName, text.value());
  }

  /**
   * What {@code content} is, and what is wrong with it: empty, binary, truncated JSON, not
   * recognised, or not what {@code fileName} claims (then the content decides and a problem says
   * so).
   */
  public static Detection detect(String fileName, String content) {
    Optional<DumpFormat> claimed = claimedBy(fileName);
    String command = claimed.map(DumpFormat::command).orElse("the command");
    Warnings w = new Warnings(fileName);
    if (!Inputs.usable(content, command, w)) {
      return new Detection(Optional.empty(), claimed, w.list(), false);
    }
    Optional<DumpFormat> found = sniff(content);
    String trimmed = content.strip();
    if (found.isEmpty()) {
      if (trimmed.equals("[]")) {
        return new Detection(claimed.filter(DumpFormat::isJson), claimed, List.of(), true);
      }
      w.ofFile(
          (claimed.isPresent()
                  ? fileName + " is named like the output of `" + command + "` but "
                  : "")
              + "podpath cannot tell what printed this: it starts with \""
              + Inputs.head(content, 60)
              + "\". Expected the output of one of: "
              + commands());
      return new Detection(Optional.empty(), claimed, w.list(), false);
    }
    DumpFormat f = found.get();
    if (claimed.isPresent() && claimed.get() != f) {
      DumpFormat c = claimed.get();
      if (c.sameCommandAs(f)) {
        w.ofFile(
            fileName
                + " is named like "
                + (c.json ? "JSON" : "text")
                + " but holds the "
                + (f.json ? "JSON" : "text")
                + " output of `"
                + f.command
                + "`; it is read as such");
      } else {
        w.ofFile(
            fileName
                + " is named like the output of `"
                + c.command
                + "` but holds the output"
                + " of `"
                + f.command
                + "` ("
                + evidence(f)
                + "); it is read as `"
                + f.command
                + "`");
      }
    }
    if (f.json && (trimmed.startsWith("[") || trimmed.startsWith("{"))) {
      int start = content.indexOf(trimmed.charAt(0));
      if (JsonElements.endOfValue(content, start) < 0) {
        int[] lc = Inputs.lineColumn(content, content.length());
        w.add(
            lc[0],
            lc[1],
            "",
            "truncated JSON: the file ends at line "
                + lc[0]
                + " column "
                + lc[1]
                + " before its "
                + (trimmed.startsWith("[") ? "array" : "object")
                + " is closed. Save the whole output of `"
                + f.command
                + "` again; the complete"
                + " entries before the cut can still be read");
      }
    }
    return new Detection(found, claimed, w.list(), true);
  }

  private static String commands() {
    StringBuilder sb = new StringBuilder();
    for (DumpFormat f : values()) {
      sb.append(sb.length() == 0 ? "" : ", ").append('`').append(f.command).append('`');
    }
    return sb.toString();
  }

  private static String evidence(DumpFormat f) {
    return switch (f) {
      case IP_JSON_ADDR -> "objects with \"addr_info\"";
      case IP_JSON_LINK -> "device objects with \"ifname\" and no \"addr_info\"";
      case IP_JSON_ROUTE -> "objects with \"dst\" and no neighbour state";
      case IP_JSON_NEIGH -> "objects with \"dst\" and a neighbour \"state\"";
      case IP_JSON_RULE -> "objects with \"priority\"";
      case BRIDGE_JSON_FDB -> "objects with \"mac\"";
      case KUBECTL_NODES_JSON -> "a list of Node objects";
      case KUBECTL_PODS_JSON -> "a list of Pod objects";
      case KUBECTL_SERVICES_JSON -> "a list of Service objects";
      case KUBECTL_ENDPOINTS_JSON -> "a list of Endpoints objects";
      case KUBECTL_ENDPOINTSLICES_JSON -> "a list of EndpointSlice objects";
      case DOCKER_NETWORK_INSPECT -> "network objects with \"IPAM\"";
      default -> "its lines look so";
    };
  }

  /** What the file name says the file holds: {@code ip-route.json}, {@code worker1-route-n.txt}. */
  public static Optional<DumpFormat> claimedBy(String fileName) {
    String n = fileName.replace('\\', '/');
    n = n.substring(n.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
    boolean json = n.endsWith(".json");
    if (n.contains("describe")) {
      return Optional.of(KUBECTL_DESCRIBE_NODES);
    }
    if (n.contains("brctl")) {
      return Optional.of(BRCTL_SHOW);
    }
    if (n.contains("ethtool")) {
      return Optional.of(ETHTOOL_I);
    }
    if (n.contains("docker-network") || n.contains("network-inspect")) {
      return Optional.of(DOCKER_NETWORK_INSPECT);
    }
    if (n.contains("endpointslice")) {
      return Optional.of(KUBECTL_ENDPOINTSLICES_JSON);
    }
    if (n.contains("endpoints")) {
      return Optional.of(json ? KUBECTL_ENDPOINTS_JSON : KUBECTL_ENDPOINTS_WIDE);
    }
    if (n.contains("service") || n.matches("(.*[-_])?svc([-_.].*)?")) {
      return Optional.of(json ? KUBECTL_SERVICES_JSON : KUBECTL_SERVICES_WIDE);
    }
    if (n.contains("fdb")) {
      return Optional.of(json ? BRIDGE_JSON_FDB : BRIDGE_FDB_TEXT);
    }
    if (n.contains("neigh")) {
      return Optional.of(json ? IP_JSON_NEIGH : IP_NEIGH_TEXT);
    }
    if (n.contains("arp")) {
      return Optional.of(json ? IP_JSON_NEIGH : ARP_N);
    }
    if (n.contains("rule")) {
      return Optional.of(json ? IP_JSON_RULE : IP_RULE_TEXT);
    }
    if (n.contains("netstat") || n.matches(".*route[-_ ]?n([-_.].*)?$") || n.contains("route-n")) {
      return Optional.of(ROUTE_N);
    }
    if (n.contains("route")) {
      return Optional.of(json ? IP_JSON_ROUTE : IP_ROUTE_TEXT);
    }
    if (n.contains("addr")) {
      return Optional.of(json ? IP_JSON_ADDR : IP_ADDR_TEXT);
    }
    if (n.contains("link")) {
      return Optional.of(json ? IP_JSON_LINK : IP_LINK_TEXT);
    }
    if (n.contains("ifconfig")) {
      return Optional.of(IFCONFIG);
    }
    if (n.contains("sysctl")) {
      return Optional.of(SYSCTL_A);
    }
    if (n.contains("subnet") && n.contains("env")) {
      return Optional.of(FLANNEL_SUBNET_ENV);
    }
    if (n.contains("node")) {
      return Optional.of(json ? KUBECTL_NODES_JSON : KUBECTL_NODES_WIDE);
    }
    if (n.contains("pod")) {
      return Optional.of(json ? KUBECTL_PODS_JSON : KUBECTL_PODS_WIDE);
    }
    return Optional.empty();
  }

  private static final Pattern KIND = Pattern.compile("\"kind\"\\s*:\\s*\"([A-Za-z]+)\"");

  /**
   * The API server's own list ({@code "kind": "PodList"}, as {@code kubectl get --raw} and a
   * client's list call return it, and as a kubectl with {@code -o json} prints one of its
   * responses): its kind names its items, which carry no kind of their own.
   */
  private static final Pattern LIST_KIND =
      Pattern.compile("\"kind\"\\s*:\\s*\"(EndpointSlice|Endpoints|Pod|Node|Service)List\"");

  private static final Pattern JSON_KEY = Pattern.compile("\"([A-Za-z_][A-Za-z0-9_\\-]*)\"\\s*:");
  private static final Pattern LINK_HEADER = Pattern.compile("^\\d+: \\S+: <[^>]*>.*");
  private static final Pattern ADDR_ONELINE = Pattern.compile("^\\d+: \\S+\\s+inet6? .*");
  private static final Pattern INET_LINE = Pattern.compile("^\\s+inet6? .*");
  private static final Pattern RULE_LINE = Pattern.compile("^\\d+:\\s+(not\\s+)?from \\S+.*");
  private static final Pattern FDB_LINE =
      Pattern.compile("^([0-9a-fA-F]{1,2}:){5}[0-9a-fA-F]{1,2} dev \\S+.*");
  private static final Pattern NEIGH_LINE =
      Pattern.compile(
          "^\\S+ (dev \\S+ )?(lladdr \\S+ )?.*\\b(INCOMPLETE|REACHABLE|STALE|DELAY|PROBE|FAILED|NOARP"
              + "|PERMANENT|NONE|proxy)\\s*$");
  private static final Pattern ROUTE_LINE =
      Pattern.compile(
          "^(unicast |local |broadcast |blackhole |unreachable |prohibit |throw |multicast |anycast"
              + " |nat )?(default|\\d{1,3}(\\.\\d{1,3}){3}(/\\d+)?|[0-9a-fA-F:]*:[0-9a-fA-F:]*(/\\d+)?)"
              + "(\\s.*)?$");
  private static final Pattern SYSCTL_LINE =
      Pattern.compile("^[a-z0-9_\\-]+(\\.[A-Za-z0-9_\\-/:@+]+)+ = .*");
  private static final Pattern ARP_BSD_LINE = Pattern.compile("^\\S+ \\(\\d[\\d.]*\\) at .*");

  /** What printed {@code content}, judging by the content alone. */
  public static Optional<DumpFormat> sniff(String content) {
    String t = content.stripLeading();
    if (t.startsWith("[")) {
      return sniffJsonArray(t.substring(0, Math.min(t.length(), 4000)));
    }
    if (t.startsWith("{")) {
      String head = t.substring(0, Math.min(t.length(), 4000));
      Matcher list = LIST_KIND.matcher(head);
      if (list.find()) {
        return Optional.of(
            switch (list.group(1)) {
              case "EndpointSlice" -> KUBECTL_ENDPOINTSLICES_JSON;
              case "Endpoints" -> KUBECTL_ENDPOINTS_JSON;
              case "Pod" -> KUBECTL_PODS_JSON;
              case "Node" -> KUBECTL_NODES_JSON;
              default -> KUBECTL_SERVICES_JSON;
            });
      }
      // kubectl sorts keys, so an item's own kind may come after kinds it names inside (a slice's
      // targetRef to a Pod and ownerReference to its Service, a mirror pod's owner Node): the kinds
      // seen decide, the one that can hold the others first
      java.util.Set<String> kinds = new java.util.HashSet<>();
      Matcher k = KIND.matcher(head);
      while (k.find()) {
        kinds.add(k.group(1));
      }
      for (var e :
          List.of(
              Map.entry("EndpointSlice", KUBECTL_ENDPOINTSLICES_JSON),
              Map.entry("Endpoints", KUBECTL_ENDPOINTS_JSON),
              Map.entry("Pod", KUBECTL_PODS_JSON),
              Map.entry("Node", KUBECTL_NODES_JSON),
              Map.entry("Service", KUBECTL_SERVICES_JSON))) {
        if (kinds.contains(e.getKey())) {
          return Optional.of(e.getValue());
        }
      }
      return Optional.empty();
    }
    Map<DumpFormat, Integer> votes = new EnumMap<>(DumpFormat.class);
    boolean sawLinkHeader = false;
    boolean sawInet = false;
    int seen = 0;
    for (TextLine line : TextLine.split(content.substring(0, Math.min(content.length(), 20000)))) {
      String s = line.text();
      if (s.isBlank()) {
        continue;
      }
      if (seen++ > 40) {
        break;
      }
      if (s.startsWith("Kernel IP routing table")
          || s.matches("^Destination\\s+Gateway\\s+Genmask.*")) {
        return Optional.of(ROUTE_N);
      }
      if (s.matches("^Address\\s+HWtype\\s+HWaddress.*")) {
        return Optional.of(ARP_N);
      }
      if (s.matches("^NAME\\s+STATUS\\s+ROLES\\s.*")) {
        return Optional.of(KUBECTL_NODES_WIDE);
      }
      // an older kubectl printed no TYPE column: NAME CLUSTER-IP EXTERNAL-IP PORT(S) AGE
      if (s.matches("^(NAMESPACE\\s+)?NAME\\s+(TYPE\\s+)?CLUSTER-IP\\s.*")) {
        return Optional.of(KUBECTL_SERVICES_WIDE);
      }
      if (s.matches("^(NAMESPACE\\s+)?NAME\\s+ENDPOINTS(\\s.*)?")) {
        return Optional.of(KUBECTL_ENDPOINTS_WIDE);
      }
      if (s.matches("^(NAMESPACE\\s+)?NAME\\s+READY\\s+STATUS\\s.*")) {
        return Optional.of(KUBECTL_PODS_WIDE);
      }
      if (s.matches("^\\S+: flags=\\d+<.*") || s.matches("^\\S+\\s+Link encap:.*")) {
        return Optional.of(IFCONFIG);
      }
      if (s.matches("^\\s*FLANNEL_[A-Z0-9_]+=[^$`]*")) {
        return Optional.of(FLANNEL_SUBNET_ENV);
      }
      if (s.matches("^bridge name\\s+bridge id\\s+STP enabled.*")) {
        return Optional.of(BRCTL_SHOW);
      }
      if (s.matches("^(?:#|\\$)?\\s*(?:sudo\\s+)?ethtool\\s+(?:-i|--driver)\\s+\\S+\\s*$")
          || s.matches("^driver: [A-Za-z0-9_.-]+\\s*$")) {
        return Optional.of(ETHTOOL_I);
      }
      if (s.matches("^Roles?:(?:\\s.*)?$") || s.matches("^PodCIDRs?:\\s.*")) {
        return Optional.of(KUBECTL_DESCRIBE_NODES);
      }
      if (LINK_HEADER.matcher(s).matches()) {
        sawLinkHeader = true;
      } else if (ADDR_ONELINE.matcher(s).matches() || INET_LINE.matcher(s).matches()) {
        sawInet = true;
      } else if (RULE_LINE.matcher(s).matches()) {
        votes.merge(IP_RULE_TEXT, 1, Integer::sum);
      } else if (FDB_LINE.matcher(s).matches()) {
        votes.merge(BRIDGE_FDB_TEXT, 1, Integer::sum);
      } else if (SYSCTL_LINE.matcher(s).matches()) {
        votes.merge(SYSCTL_A, 1, Integer::sum);
      } else if (ARP_BSD_LINE.matcher(s).matches()) {
        votes.merge(ARP_N, 1, Integer::sum);
      } else if (NEIGH_LINE.matcher(s).matches()
          && !s.contains(" via ")
          && !s.contains(" scope ")) {
        votes.merge(IP_NEIGH_TEXT, 1, Integer::sum);
      } else if (ROUTE_LINE.matcher(s).matches() || s.startsWith("\tnexthop ")) {
        votes.merge(IP_ROUTE_TEXT, 1, Integer::sum);
      }
    }
    if (sawInet) {
      return Optional.of(IP_ADDR_TEXT);
    }
    if (sawLinkHeader) {
      return Optional.of(IP_LINK_TEXT);
    }
    return votes.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey);
  }

  private static Optional<DumpFormat> sniffJsonArray(String head) {
    int objStart = head.indexOf('{');
    if (objStart < 0) {
      return Optional.empty();
    }
    int end = JsonElements.endOfValue(head, objStart);
    String first = head.substring(objStart, end < 0 ? head.length() : end);
    java.util.Set<String> keys = new java.util.HashSet<>();
    var m = JSON_KEY.matcher(first);
    while (m.find()) {
      keys.add(m.group(1));
    }
    if (keys.contains("addr_info")) {
      return Optional.of(IP_JSON_ADDR);
    }
    if (keys.contains("IPAM") || keys.contains("Driver") && keys.contains("Scope")) {
      return Optional.of(DOCKER_NETWORK_INSPECT);
    }
    if (keys.contains("ifname")
        && (keys.contains("ifindex") || keys.contains("link_type") || keys.contains("mtu"))) {
      return Optional.of(IP_JSON_LINK);
    }
    if (keys.contains("mac")) {
      return Optional.of(BRIDGE_JSON_FDB);
    }
    if (keys.contains("priority") && !keys.contains("dst")
        || keys.contains("priority")
            && (keys.contains("src") || keys.contains("table") || keys.contains("action"))) {
      return Optional.of(IP_JSON_RULE);
    }
    if (keys.contains("dst")
        && (keys.contains("lladdr")
            || first.matches("(?s).*\"state\"\\s*:\\s*\\[.*")
            || keys.contains("proxy")
            || keys.contains("router"))) {
      return Optional.of(IP_JSON_NEIGH);
    }
    if (keys.contains("dst") || keys.contains("type") && keys.contains("flags")) {
      return Optional.of(IP_JSON_ROUTE);
    }
    return Optional.empty();
  }
}
