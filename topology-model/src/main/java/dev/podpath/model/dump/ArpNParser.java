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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the ARP cache as {@code arp -n} prints it: net-tools' table ({@code Address HWtype
 * HWaddress Flags Mask Iface}) and the BSD-style lines of busybox and {@code arp -an} ({@code ?
 * (10.10.1.5) at fe:d8:c5:a2:c9:08 [ether] on cni0}, {@code PERM}, {@code PUP}).
 *
 * <p>arp shows less than {@code ip neigh}: a complete entry ({@code C}) is read as STALE (valid,
 * reachability unconfirmed), {@code M}/{@code PERM} as PERMANENT, {@code (incomplete)} as
 * INCOMPLETE (FAILED entries look the same), and a published entry ({@code P}/{@code PUP}) as a
 * proxy entry.
 */
public final class ArpNParser {

  static final String COMMAND = "arp -n";

  private static final Pattern BSD =
      Pattern.compile("^\\S+ \\(([^)]*)\\) at (\\S+)(?: \\[(\\S+)\\])?(.*?)\\s+on (\\S+).*$");

  private ArpNParser() {}

  public static ParseResult<List<NeighEntry>> parse(String file, String content) {
    Warnings w = new Warnings(file);
    if (!Inputs.usable(content, COMMAND, w)
        || !Inputs.isExpected(content, Set.of(DumpFormat.ARP_N), COMMAND, w)) {
      return w.result(List.of());
    }
    List<NeighEntry> out = new ArrayList<>();
    boolean header = false;
    for (TextLine line : TextLine.split(content)) {
      if (line.isBlank()) {
        continue;
      }
      String t = line.text();
      if (t.startsWith("Address") && t.contains("HWaddress")) {
        header = true;
        continue;
      }
      if (t.startsWith("Entries:") || t.contains("-- No entry")) {
        continue;
      }
      Matcher m = BSD.matcher(t);
      Optional<NeighEntry> e =
          m.matches() ? bsd(m, line, w) : header ? table(line, w) : Optional.empty();
      if (!m.matches() && !header) {
        w.add(
            line,
            1,
            "neither an \"Address HWtype HWaddress ...\" row nor a \"? (ADDR) at MAC"
                + " on DEV\" line; skipped");
      }
      e.ifPresent(out::add);
    }
    return w.result(List.copyOf(out));
  }

  private static Optional<NeighEntry> bsd(Matcher m, TextLine line, Warnings w) {
    Optional<Ipv4Address> addr = Ipv4Address.tryParse(m.group(1));
    if (addr.isEmpty()) {
      w.add(line, m.start(1) + 1, "\"" + m.group(1) + "\" is not an IPv4 address; skipped");
      return Optional.empty();
    }
    String flags = m.group(4);
    Origin origin = new Origin(w.file(), line.number(), line.text().strip());
    String dev = m.group(5);
    if (flags.contains("PUP") || flags.contains("PUB")) {
      return Optional.of(
          new NeighEntry(addr.get(), dev, Optional.empty(), NudState.NOARP, true, origin));
    }
    if (m.group(2).equals("<incomplete>")) {
      return Optional.of(
          new NeighEntry(addr.get(), dev, Optional.empty(), NudState.INCOMPLETE, false, origin));
    }
    Optional<MacAddress> mac = MacAddress.tryParse(m.group(2));
    if (mac.isEmpty()) {
      w.add(line, m.start(2) + 1, "\"" + m.group(2) + "\" is not a MAC address; skipped");
      return Optional.empty();
    }
    NudState state = flags.contains("PERM") ? NudState.PERMANENT : NudState.STALE;
    return Optional.of(new NeighEntry(addr.get(), dev, mac, state, false, origin));
  }

  private static Optional<NeighEntry> table(TextLine line, Warnings w) {
    List<Token> tokens = line.tokens();
    Token a = tokens.get(0);
    Optional<Ipv4Address> addr = Ipv4Address.tryParse(a.text());
    if (addr.isEmpty()) {
      w.add(line, a, "\"" + a + "\" is not an IPv4 address (was `arp` run without -n?); skipped");
      return Optional.empty();
    }
    Token dev = tokens.get(tokens.size() - 1);
    Origin origin = new Origin(w.file(), line.number(), line.text().strip());
    if (tokens.size() < 3) {
      w.add(line, dev, "too few columns for an arp entry; skipped");
      return Optional.empty();
    }
    if (tokens.get(1).is("(incomplete)")) {
      return Optional.of(
          new NeighEntry(
              addr.get(), dev.text(), Optional.empty(), NudState.INCOMPLETE, false, origin));
    }
    if (tokens.size() < 5) {
      w.add(line, dev, "expected Address HWtype HWaddress Flags [Mask] Iface; skipped");
      return Optional.empty();
    }
    String flags = tokens.get(3).text();
    if (flags.contains("P")) {
      return Optional.of(
          new NeighEntry(addr.get(), dev.text(), Optional.empty(), NudState.NOARP, true, origin));
    }
    Optional<MacAddress> mac = MacAddress.tryParse(tokens.get(2).text());
    if (mac.isEmpty()) {
      w.add(line, tokens.get(2), "\"" + tokens.get(2) + "\" is not a MAC address; skipped");
      return Optional.empty();
    }
    NudState state = flags.contains("M") ? NudState.PERMANENT : NudState.STALE;
    return Optional.of(new NeighEntry(addr.get(), dev.text(), mac, state, false, origin));
  }
}
