package dev.podpath.model.dump;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.addr.MacAddress;
import dev.podpath.model.neigh.NeighEntry;
import dev.podpath.model.neigh.NudState;
import dev.podpath.model.origin.Origin;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the text of {@code ip neigh show} (and {@code ip neigh show proxy}, and busybox {@code ip
 * neigh}, which adds {@code ref N used a/b/c probes N}): {@code ADDR dev DEV [lladdr MAC] [router]
 * [proxy] STATE}. IPv6 neighbours are skipped.
 *
 * <pre>{@code
 * 10.10.1.51 dev cni0 lladdr 02:00:00:00:00:51 STALE
 * 10.10.1.77 dev cni0 proxy
 * }</pre>
 */
public final class IpNeighTextParser {

  static final String COMMAND = "ip neigh show";

  private static final Set<String> IGNORED_WITH_VALUE =
      Set.of("ref", "used", "probes", "protocol", "proto", "nhid", "vni", "vlan");
  private static final Set<String> IGNORED_FLAGS =
      Set.of("router", "extern_learn", "offload", "managed", "use", "self", "master", "sticky");

  private IpNeighTextParser() {}

  public static ParseResult<List<NeighEntry>> parse(String file, String content) {
    Warnings w = new Warnings(file);
    if (!Inputs.usable(content, COMMAND, w)
        || !Inputs.isExpected(content, Set.of(DumpFormat.IP_NEIGH_TEXT), COMMAND, w)) {
      return w.result(List.of());
    }
    List<NeighEntry> out = new ArrayList<>();
    for (TextLine line : TextLine.split(content)) {
      if (!line.isBlank()) {
        read(line, w).ifPresent(out::add);
      }
    }
    return w.result(List.copyOf(out));
  }

  private static Optional<NeighEntry> read(TextLine line, Warnings w) {
    TokenCursor c = new TokenCursor(line.tokens());
    Token first = c.next();
    boolean proxy = false;
    if (first.is("proxy") && c.hasNext()) {
      proxy = true;
      first = c.next();
    }
    if (first.text().contains(":")) {
      return Optional.empty();
    }
    Optional<Ipv4Address> addr = Ipv4Address.tryParse(first.text());
    if (addr.isEmpty()) {
      w.add(line, first, "\"" + first + "\" is not an IPv4 address; the line is skipped");
      return Optional.empty();
    }
    Optional<String> dev = Optional.empty();
    Optional<MacAddress> mac = Optional.empty();
    List<String> states = new ArrayList<>();
    while (c.hasNext()) {
      Token k = c.next();
      switch (k.text()) {
        case "dev" -> dev = c.value().map(Token::text);
        case "lladdr" -> {
          Optional<Token> v = c.value();
          mac = v.flatMap(t -> MacAddress.tryParse(t.text()));
          if (mac.isEmpty()) {
            w.add(
                line,
                v.orElse(k),
                "lladdr \""
                    + v.map(Token::text).orElse("")
                    + "\" is not a"
                    + " MAC address; the entry is kept without it");
          }
        }
        case "proxy" -> proxy = true;
        default -> {
          if (NudState.parse(k.text()).isPresent() && k.text().equals(k.text().toUpperCase())) {
            states.add(k.text());
          } else if (IGNORED_WITH_VALUE.contains(k.text())) {
            c.value();
          } else if (!IGNORED_FLAGS.contains(k.text())) {
            w.add(line, k, "unknown keyword \"" + k + "\"; ignored");
          }
        }
      }
    }
    return Neighs.entry(
        addr.get(),
        dev,
        mac,
        states,
        proxy,
        new Origin(w.file(), line.number(), line.text().strip()),
        () ->
            w.add(
                line,
                1,
                "neighbour "
                    + addr.get()
                    + " has no \"dev\" (was the dump filtered"
                    + " with `dev X`?); skipped"));
  }
}
