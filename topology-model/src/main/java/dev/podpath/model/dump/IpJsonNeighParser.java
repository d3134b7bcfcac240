package dev.podpath.model.dump;

import static dev.podpath.model.dump.JsonFields.strings;
import static dev.podpath.model.dump.JsonFields.text;

import com.fasterxml.jackson.databind.JsonNode;
import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.addr.MacAddress;
import dev.podpath.model.neigh.NeighEntry;
import dev.podpath.model.origin.Origin;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads {@code ip -j neigh show} (and {@code ip -j neigh show proxy}): address ({@code dst}),
 * device, {@code lladdr}, the NUD state ({@code "state":["REACHABLE"]}) and proxy entries ({@code
 * "proxy":null}). IPv6 neighbours are skipped.
 *
 * <pre>{@code
 * {"dst":"192.168.2.1","dev":"enp0s5","lladdr":"06:6b:15:92:8c:3f","state":["REACHABLE"]}
 * }</pre>
 */
public final class IpJsonNeighParser {

  static final String COMMAND = "ip -j neigh show";

  private IpJsonNeighParser() {}

  public static ParseResult<List<NeighEntry>> parse(String file, String content) {
    Warnings w = new Warnings(file);
    if (!Inputs.usable(content, COMMAND, w)
        || !Inputs.isExpected(content, Set.of(DumpFormat.IP_JSON_NEIGH), COMMAND, w)) {
      return w.result(List.of());
    }
    List<NeighEntry> out = new ArrayList<>();
    for (JsonElements.Element e : JsonElements.read(content, COMMAND, w)) {
      JsonNode n = e.node();
      Optional<String> dst = text(n, "dst");
      if (dst.isPresent() && dst.get().contains(":")) {
        continue;
      }
      Optional<Ipv4Address> addr = dst.flatMap(Ipv4Address::tryParse);
      if (addr.isEmpty()) {
        w.add(e.line(), e.column(), e.text(), "a neighbour without an IPv4 \"dst\"; skipped");
        continue;
      }
      Optional<MacAddress> mac = text(n, "lladdr").flatMap(MacAddress::tryParse);
      if (mac.isEmpty() && text(n, "lladdr").isPresent()) {
        w.add(
            e.line(),
            e.column(),
            e.text(),
            "lladdr "
                + text(n, "lladdr").get()
                + " is not a MAC address; the entry is kept without it");
      }
      Neighs.entry(
              addr.get(),
              text(n, "dev"),
              mac,
              strings(n, "state"),
              n.has("proxy"),
              new Origin(w.file(), e.line(), JsonFields.compact(e.text())),
              () ->
                  w.add(
                      e.line(),
                      e.column(),
                      e.text(),
                      "neighbour "
                          + addr.get()
                          + " has no"
                          + " \"dev\" (was the dump filtered with `dev X`?); skipped"))
          .ifPresent(out::add);
    }
    return w.result(List.copyOf(out));
  }
}
