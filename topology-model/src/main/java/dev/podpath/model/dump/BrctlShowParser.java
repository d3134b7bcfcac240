package dev.podpath.model.dump;

import dev.podpath.model.addr.MacAddress;
import dev.podpath.model.origin.Origin;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code brctl show} (bridge-utils): a header, then per bridge a line with its name, bridge
 * id, STP and first port, and a line per further port, indented. A line that is neither is a
 * warning; so is a port line before any bridge.
 *
 * <pre>{@code
 * bridge name	bridge id		STP enabled	interfaces
 * cni0		8000.2e053df5ffdc	no		veth1a2b3c4d
 * 							vethdeadbeef
 * docker0		8000.000000000000	no
 * }</pre>
 */
public final class BrctlShowParser {

  static final String COMMAND = "brctl show";

  private static final Pattern HEADER =
      Pattern.compile("^bridge name\\s+bridge id\\s+STP enabled(?:\\s+interfaces)?\\s*$");
  private static final Pattern BRIDGE =
      Pattern.compile(
          "^(\\S+)\\s+([0-9a-fA-F]{4})\\.([0-9a-fA-F]{12})\\s+(yes|no)(?:\\s+(\\S+))?\\s*$");
  private static final Pattern PORT = Pattern.compile("^\\s+(\\S+)\\s*$");

  private BrctlShowParser() {}

  public static ParseResult<List<BrctlBridge>> parse(String file, String content) {
    Warnings w = new Warnings(file);
    if (!Inputs.usable(content, COMMAND, w)
        || !Inputs.isExpected(content, Set.of(DumpFormat.BRCTL_SHOW), COMMAND, w)) {
      return w.result(List.of());
    }
    List<BrctlBridge> out = new ArrayList<>();
    String name = null;
    Optional<MacAddress> address = Optional.empty();
    boolean stp = false;
    List<String> ports = new ArrayList<>();
    Origin origin = null;
    for (TextLine line : TextLine.split(content)) {
      if (line.isBlank() || HEADER.matcher(line.text()).matches()) {
        continue;
      }
      Matcher b = BRIDGE.matcher(line.text());
      if (b.matches()) {
        if (name != null) {
          out.add(new BrctlBridge(name, address, stp, ports, origin));
        }
        name = b.group(1);
        long bits = Long.parseLong(b.group(3), 16);
        address = bits == 0 ? Optional.empty() : Optional.of(new MacAddress(bits));
        stp = b.group(4).equals("yes");
        ports = new ArrayList<>();
        if (b.group(5) != null) {
          ports.add(b.group(5));
        }
        origin = new Origin(w.file(), line.number(), line.text().strip());
        continue;
      }
      Matcher p = PORT.matcher(line.text());
      if (p.matches() && name != null) {
        ports.add(p.group(1));
        continue;
      }
      w.add(
          line,
          1,
          p.matches()
              ? "a port before any bridge line: whose port it is is unknown; skipped"
              : "not a line of `brctl show` (NAME BRIDGE-ID yes|no [PORT], or an indented PORT); skipped");
    }
    if (name != null) {
      out.add(new BrctlBridge(name, address, stp, ports, origin));
    }
    return w.result(List.copyOf(out));
  }
}
