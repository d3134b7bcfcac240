package dev.podpath.model.dump;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.addr.MacAddress;
import dev.podpath.model.bridge.FdbEntry;
import dev.podpath.model.origin.Origin;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the text of {@code bridge fdb show}: {@code MAC dev DEV [dst IP] [vlan N] [master BR]
 * [self] [permanent|static]}; no state word is a dynamic entry. iproute2 4.19 prints {@code dev dev
 * DEV}, which is read as {@code dev DEV}.
 *
 * <pre>{@code
 * 02:00:00:00:00:aa dev veth-pod5 master cni0 static
 * 6e:5b:0c:61:2a:01 dev flannel.1 dst 192.168.2.17 self permanent
 * }</pre>
 */
public final class BridgeFdbTextParser {

  static final String COMMAND = "bridge fdb show";

  private static final Set<String> IGNORED_WITH_VALUE =
      Set.of("vlan", "port", "vni", "via", "src_vni", "nhid", "used", "updated", "sticky_flags");
  private static final Set<String> IGNORED_FLAGS =
      Set.of(
          "router",
          "extern_learn",
          "offload",
          "sticky",
          "locked",
          "blackhole",
          "use",
          "added_by_user",
          "dynamic");

  private BridgeFdbTextParser() {}

  public static ParseResult<List<FdbEntry>> parse(String file, String content) {
    Warnings w = new Warnings(file);
    if (!Inputs.usable(content, COMMAND, w)
        || !Inputs.isExpected(content, Set.of(DumpFormat.BRIDGE_FDB_TEXT), COMMAND, w)) {
      return w.result(List.of());
    }
    List<FdbEntry> out = new ArrayList<>();
    for (TextLine line : TextLine.split(content)) {
      if (!line.isBlank()) {
        read(line, w).ifPresent(out::add);
      }
    }
    return w.result(List.copyOf(out));
  }

  private static Optional<FdbEntry> read(TextLine line, Warnings w) {
    TokenCursor c = new TokenCursor(line.tokens());
    Token first = c.next();
    Optional<MacAddress> mac = MacAddress.tryParse(first.text());
    if (mac.isEmpty()) {
      w.add(line, first, "\"" + first + "\" is not a MAC address; the line is skipped");
      return Optional.empty();
    }
    Optional<String> dev = Optional.empty();
    Optional<String> master = Optional.empty();
    Optional<Ipv4Address> dst = Optional.empty();
    boolean self = false;
    FdbEntry.Kind kind = FdbEntry.Kind.DYNAMIC;
    while (c.hasNext()) {
      Token k = c.next();
      switch (k.text()) {
        case "dev" -> {
          c.accept("dev");
          dev = c.value().map(Token::text);
        }
        case "master" -> master = c.value().map(Token::text);
        case "dst" -> {
          Optional<Token> v = c.value();
          if (v.isPresent() && v.get().text().contains(":")) {
            w.add(line, v.get(), "an IPv6 VXLAN destination is not modelled; skipped");
            return Optional.empty();
          }
          dst = v.flatMap(t -> Ipv4Address.tryParse(t.text()));
          if (dst.isEmpty()) {
            w.add(line, v.orElse(k), "dst is not an IPv4 address; the entry is skipped");
            return Optional.empty();
          }
        }
        case "permanent", "local", "static", "stale", "noarp" -> kind = Fdbs.kind(k.text()).get();
        default -> {
          if (k.is("self")) {
            self = true;
          } else if (IGNORED_WITH_VALUE.contains(k.text())) {
            c.value();
          } else if (!IGNORED_FLAGS.contains(k.text())) {
            w.add(line, k, "unknown keyword \"" + k + "\"; ignored");
          }
        }
      }
    }
    if (dev.isEmpty()) {
      w.add(
          line,
          1,
          "an FDB entry without \"dev\" (was the dump filtered with `br X` or `dev"
              + " X`?); skipped");
      return Optional.empty();
    }
    return Optional.of(
        new FdbEntry(
            mac.get(),
            dev.get(),
            self ? Optional.empty() : master,
            kind,
            dst,
            new Origin(w.file(), line.number(), line.text().strip())));
  }
}
