package dev.podpath.model.snapshot;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.dump.DumpWarning;
import dev.podpath.model.dump.ParseResult;
import dev.podpath.model.origin.Origin;
import dev.podpath.model.topo.ListeningSocket;
import dev.podpath.model.topo.Sockets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code ss -ltun} (iproute2's ss, with or without its header): the namespace's listening TCP
 * and bound UDP sockets, so that a replayed connect finds the servers that were there. A socket on
 * {@code *}, {@code 0.0.0.0} or {@code [::]} takes any local IPv4 address (an IPv6 wildcard socket
 * is dual-stack unless {@code bindv6only} is set); one on another IPv6 address takes no IPv4
 * traffic and is left out.
 *
 * <pre>{@code
 * Netid State  Recv-Q Send-Q Local Address:Port Peer Address:Port Process
 * tcp   LISTEN 0      1            0.0.0.0:8080      0.0.0.0:*
 * }</pre>
 */
final class SsListeners {

  private static final Pattern ROW =
      Pattern.compile(
          "^(tcp|udp)\\s+(LISTEN|UNCONN)\\s+\\d+\\s+\\d+\\s+(\\S+):(\\d{1,5})\\s+\\S+(\\s.*)?$");

  private SsListeners() {}

  static ParseResult<Sockets> parse(String file, String content) {
    List<ListeningSocket> out = new ArrayList<>();
    List<DumpWarning> w = new ArrayList<>();
    String[] lines = content.split("\r\n|\r|\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      if (line.isBlank() || line.startsWith("Netid") || line.startsWith("State")) {
        continue;
      }
      Matcher m = ROW.matcher(line.strip());
      if (!m.matches()) {
        w.add(
            new DumpWarning(
                file,
                i + 1,
                1,
                line,
                "not a row of `ss -ltun` (Netid State Recv-Q Send-Q"
                    + " Local:Port Peer:Port); skipped"));
        continue;
      }
      int port = Integer.parseInt(m.group(4));
      if (port < 1 || port > 65535) {
        w.add(
            new DumpWarning(
                file,
                i + 1,
                line.indexOf(m.group(4)) + 1,
                line,
                "port " + port + " is out of range;" + " skipped"));
        continue;
      }
      String local = m.group(3);
      int pct = local.indexOf('%');
      if (pct > 0) {
        local = local.substring(0, pct);
      }
      Optional<Ipv4Address> address;
      if (local.equals("*") || local.equals("0.0.0.0") || local.equals("[::]")) {
        address = Optional.empty();
      } else if (local.startsWith("[::ffff:") && local.endsWith("]")) {
        address = Ipv4Address.tryParse(local.substring(8, local.length() - 1));
        if (address.isEmpty()) {
          continue;
        }
      } else if (local.startsWith("[")) {
        continue;
      } else {
        address = Ipv4Address.tryParse(local);
        if (address.isEmpty()) {
          w.add(
              new DumpWarning(
                  file,
                  i + 1,
                  line.indexOf(local) + 1,
                  line,
                  "\"" + local + "\" is not an address;" + " skipped"));
          continue;
        }
      }
      out.add(
          new ListeningSocket(
              m.group(1).equals("tcp") ? ListeningSocket.TCP : ListeningSocket.UDP,
              address,
              port,
              new Origin(file, i + 1, line)));
    }
    return ParseResult.of(new Sockets(true, out), w);
  }
}
