package dev.podpath.model.dump;

import java.util.List;

/**
 * Reads {@code ip -j -d link show} (iproute2 4.14 and later): one {@link LinkFacts} per device with
 * its kind ({@code linkinfo.info_kind}: veth, bridge, vxlan, ... ; kinds podpath does not model
 * become {@code LinkKind.NotModelled}), MTU, MAC, flags and operstate, master, the veth peer
 * ({@code link}, or {@code link_index} + {@code link_netnsid} when it is in another namespace), the
 * bridge-port settings ({@code info_slave_data}: hairpin, learning, flood) and a bridge's ageing
 * time and STP state.
 *
 * <p>Without {@code -d} the dump has no kinds; this is said once, as a whole-file warning.
 *
 * <pre>{@code
 * ParseResult<List<LinkFacts>> r = IpJsonLinkParser.parse("node1/ip-link.json", json);
 * }</pre>
 */
public final class IpJsonLinkParser {

  static final String COMMAND = "ip -j -d link show";

  private IpJsonLinkParser() {}

  public static ParseResult<List<LinkFacts>> parse(String file, String content) {
    Warnings w = new Warnings(file);
    if (!Inputs.usable(content, COMMAND, w)
        || !Inputs.isExpected(
            content,
            java.util.Set.of(DumpFormat.IP_JSON_LINK, DumpFormat.IP_JSON_ADDR),
            COMMAND,
            w)) {
      return w.result(List.of());
    }
    List<JsonElements.Element> elements = JsonElements.read(content, COMMAND, w);
    List<LinkFacts> out = new java.util.ArrayList<>();
    boolean anyKind = false;
    for (JsonElements.Element e : elements) {
      anyKind |= e.node().has("linkinfo");
      JsonDevices.fromJson(e, w).ifPresent(out::add);
    }
    if (!out.isEmpty() && !anyKind && out.stream().anyMatch(d -> !d.name().equals("lo"))) {
      w.ofFile(
          "no device kinds in this dump (it was taken without -d): veths and bridges look"
              + " like plain Ethernet devices. Collect `"
              + COMMAND
              + "` instead");
    }
    return w.result(List.copyOf(out));
  }
}
