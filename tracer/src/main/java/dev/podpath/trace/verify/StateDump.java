package dev.podpath.trace.verify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The kernel's state after a scenario ran, as the sandbox runner dumps it after {@code ###
 * podpath-state}: per namespace the JSON of {@code ip -j link}, {@code ip -j neigh} and {@code
 * bridge -j fdb show}, then (in transcripts recorded since they were added) {@code iptables-save
 * -c} and {@code conntrack -L}.
 */
public record StateDump(Map<String, Namespace> namespaces) {

  /** The line that starts the dump in a transcript. */
  public static final String MARKER = "### podpath-state";

  /**
   * One namespace's devices, neighbour entries and FDB entries; its {@code iptables-save -c} output
   * and {@code conntrack -L} lines, when the transcript has them.
   */
  public record Namespace(
      List<Link> links,
      List<Neigh> neighbours,
      List<Fdb> fdb,
      Optional<String> iptablesSave,
      Optional<List<String>> conntrack) {}

  /** A device and its MAC. */
  public record Link(String name, String mac) {}

  /** A neighbour entry: address, device, MAC (may be empty), states. */
  public record Neigh(String dst, String dev, String lladdr, List<String> states) {}

  /**
   * An FDB entry: MAC, port, bridge (empty for self entries), flags, state, and a VXLAN entry's
   * remote.
   */
  public record Fdb(
      String mac, String port, String master, List<String> flags, String state, String dst) {
    /** A MAC the bridge learned: not permanent/static, not a device's own (self) entry. */
    public boolean learned() {
      return !master.isEmpty()
          && !flags.contains("self")
          && !state.equals("permanent")
          && !state.equals("static");
    }

    /**
     * A MAC a VXLAN device learned: a self entry with a remote ({@code dst}), neither permanent nor
     * static.
     */
    public boolean learnedByVxlan() {
      return master.isEmpty()
          && flags.contains("self")
          && !dst.isEmpty()
          && !state.equals("permanent")
          && !state.equals("static");
    }
  }

  public static StateDump empty() {
    return new StateDump(Map.of());
  }

  /**
   * Parses the part of a transcript after {@link #MARKER} (up to the kernel's captures, if any);
   * empty if there is none.
   */
  public static StateDump parse(String transcript) {
    int at = transcript.indexOf(MARKER);
    if (at < 0) {
      return empty();
    }
    Map<String, Map<String, String>> sections = new LinkedHashMap<>();
    String ns = null;
    String kind = null;
    StringBuilder body = new StringBuilder();
    int end = transcript.indexOf(KernelCaptures.MARKER, at);
    String dump = transcript.substring(at + MARKER.length(), end < 0 ? transcript.length() : end);
    for (String line : dump.split("\n")) {
      if (line.startsWith("### ")) {
        if (ns != null) {
          sections.computeIfAbsent(ns, n -> new LinkedHashMap<>()).put(kind, body.toString());
        }
        String[] parts = line.substring(4).trim().split(" ");
        ns = parts[0];
        kind = parts.length > 1 ? parts[1] : "";
        body.setLength(0);
      } else {
        body.append(line).append('\n');
      }
    }
    if (ns != null) {
      sections.computeIfAbsent(ns, n -> new LinkedHashMap<>()).put(kind, body.toString());
    }
    ObjectMapper om = new ObjectMapper();
    Map<String, Namespace> out = new LinkedHashMap<>();
    sections.forEach(
        (name, parts) ->
            out.put(
                name,
                new Namespace(
                    links(om, parts.getOrDefault("link", "")),
                    neigh(om, parts.getOrDefault("neigh", "")),
                    fdb(om, parts.getOrDefault("fdb", "")),
                    Optional.ofNullable(parts.get("iptables")),
                    Optional.ofNullable(parts.get("conntrack"))
                        .map(
                            c ->
                                c.lines()
                                    .map(String::trim)
                                    .filter(l -> !l.isEmpty() && !l.startsWith("conntrack v"))
                                    .toList()))));
    return new StateDump(out);
  }

  private static JsonNode json(ObjectMapper om, String text) {
    String t = text.trim();
    if (t.isEmpty() || !t.startsWith("[")) {
      return om.createArrayNode();
    }
    try {
      return om.readTree(t);
    } catch (Exception e) {
      return om.createArrayNode();
    }
  }

  private static List<Link> links(ObjectMapper om, String text) {
    List<Link> out = new ArrayList<>();
    for (JsonNode n : json(om, text)) {
      out.add(new Link(n.path("ifname").asText(), n.path("address").asText()));
    }
    return out;
  }

  private static List<Neigh> neigh(ObjectMapper om, String text) {
    List<Neigh> out = new ArrayList<>();
    for (JsonNode n : json(om, text)) {
      List<String> states = new ArrayList<>();
      n.path("state").forEach(s -> states.add(s.asText()));
      out.add(
          new Neigh(
              n.path("dst").asText(), n.path("dev").asText(), n.path("lladdr").asText(""), states));
    }
    return out;
  }

  private static List<Fdb> fdb(ObjectMapper om, String text) {
    List<Fdb> out = new ArrayList<>();
    for (JsonNode n : json(om, text)) {
      List<String> flags = new ArrayList<>();
      n.path("flags").forEach(f -> flags.add(f.asText()));
      out.add(
          new Fdb(
              n.path("mac").asText(),
              n.path("ifname").asText(),
              n.path("master").asText(""),
              flags,
              n.path("state").asText(""),
              n.path("dst").asText("")));
    }
    return out;
  }
}
