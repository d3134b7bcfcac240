package dev.podpath.model.dump;

import static dev.podpath.model.dump.JsonFields.strings;
import static dev.podpath.model.dump.JsonFields.text;

import com.fasterxml.jackson.databind.JsonNode;
import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.addr.MacAddress;
import dev.podpath.model.bridge.FdbEntry;
import dev.podpath.model.origin.Origin;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads {@code bridge -j fdb show}: the MAC, the port ({@code ifname}), the bridge ({@code master};
 * absent on {@code "flags":["self"]} entries, which belong to the device itself, such as a VXLAN
 * device's), the state ({@code "permanent"}, {@code "static"}, {@code ""} for dynamic entries) and
 * the remote VTEP ({@code dst}) of VXLAN entries.
 *
 * <pre>{@code
 * {"mac":"00:00:00:00:00:00","ifname":"flannel.1","dst":"192.168.2.15","flags":["self"],
 *  "state":"permanent"}   -> 00:00:00:00:00:00 dev flannel.1 dst 192.168.2.15 self permanent
 * }</pre>
 */
public final class BridgeJsonFdbParser {

  static final String COMMAND = "bridge -j fdb show";

  private BridgeJsonFdbParser() {}

  public static ParseResult<List<FdbEntry>> parse(String file, String content) {
    Warnings w = new Warnings(file);
    if (!Inputs.usable(content, COMMAND, w)
        || !Inputs.isExpected(content, Set.of(DumpFormat.BRIDGE_JSON_FDB), COMMAND, w)) {
      return w.result(List.of());
    }
    List<FdbEntry> out = new ArrayList<>();
    for (JsonElements.Element e : JsonElements.read(content, COMMAND, w)) {
      JsonNode n = e.node();
      Optional<MacAddress> mac = text(n, "mac").flatMap(MacAddress::tryParse);
      Optional<String> dev = text(n, "ifname");
      if (mac.isEmpty() || dev.isEmpty()) {
        w.add(
            e.line(),
            e.column(),
            e.text(),
            "an FDB entry needs a \"mac\" and an \"ifname\";" + " skipped");
        continue;
      }
      String state = text(n, "state").orElse("");
      Optional<FdbEntry.Kind> kind = Fdbs.kind(state);
      if (kind.isEmpty()) {
        w.add(
            e.line(),
            e.column(),
            e.text(),
            "FDB state \"" + state + "\" is unknown; the entry" + " is kept as dynamic");
      }
      Optional<String> dstText = text(n, "dst");
      if (dstText.filter(d -> d.contains(":")).isPresent()) {
        w.add(e.line(), e.column(), e.text(), "an IPv6 VXLAN destination is not modelled; skipped");
        continue;
      }
      Optional<Ipv4Address> dst = dstText.flatMap(Ipv4Address::tryParse);
      boolean self = strings(n, "flags").contains("self");
      Optional<String> master = self ? Optional.empty() : text(n, "master");
      out.add(
          new FdbEntry(
              mac.get(),
              dev.get(),
              master,
              kind.orElse(FdbEntry.Kind.DYNAMIC),
              dst,
              new Origin(w.file(), e.line(), JsonFields.compact(e.text()))));
    }
    return w.result(List.copyOf(out));
  }
}
