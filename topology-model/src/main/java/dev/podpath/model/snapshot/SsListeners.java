package dev.podpath.model.snapshot;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.dump.DumpWarning;
import dev.podpath.model.dump.ParseResult;
import dev.podpath.model.origin.Origin;
import dev.podpath.model.topo.ListeningSocket;
import dev.podpath.model.topo.Sockets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads iproute2's {@code ss} listings of listening sockets: the namespace's listening TCP and
 * bound UDP sockets, so that a replayed connect finds the servers that were there and a probe to a
 * port nobody listens on gets the kernel's answer (a RST, an ICMP port unreachable).
 *
 * <p>Two layouts: with the {@code Netid} column ({@code ss -ltun}, {@code ss -tulpn}: several
 * protocols), and without it ({@code ss -ltnp}, {@code ss -lunp}: one protocol, told by the state,
 * {@code LISTEN} for TCP and {@code UNCONN} for UDP). Which protocols the file lists completely is
 * told by {@code # ss ARGS} lines (podpath import writes the pasted command so); without one, a
 * file with the Netid column lists both (the collectors' {@code ss -ltun}), one without lists the
 * protocols its rows show. Rows of other states ({@code ss -a}'s {@code ESTAB}...) and other socket
 * types ({@code u_str}, {@code nl}) are passed over. A socket on {@code *}, {@code 0.0.0.0}, {@code
 * [::]} or {@code ::} takes any local IPv4 address (an IPv6 wildcard socket is dual-stack unless
 * {@code bindv6only} is set); one on another IPv6 address takes no IPv4 traffic and is left out;
 * the process column ({@code -p}) is not needed.
 *
 * <pre>{@code
 * # ss -ltnp
 * State  Recv-Q Send-Q Local Address:Port Peer Address:PortProcess
 * LISTEN 0      1          127.0.0.1:6443      0.0.0.0:*    users:(("nc",pid=13399,fd=3))
 * }</pre>
 */
final class SsListeners {

  private static final Pattern ROW =
      Pattern.compile(
          "^(?:(tcp|udp|[a-z_0-9]+)\\s+)?([A-Z][A-Z0-9-]*)\\s+\\d+\\s+\\d+\\s+(\\S+):(\\d{1,5}|\\*)"
              + "\\s+\\S+(\\s.*)?$");
  private static final Pattern COMMAND = Pattern.compile("^#\\s*(?:sudo\\s+)?ss(\\s.*)?$");
  private static final Set<String> STATES =
      Set.of(
          "ESTAB",
          "SYN-SENT",
          "SYN-RECV",
          "FIN-WAIT-1",
          "FIN-WAIT-2",
          "TIME-WAIT",
          "CLOSE-WAIT",
          "LAST-ACK",
          "CLOSING",
          "CLOSED",
          "UNKNOWN");

  private SsListeners() {}

  static ParseResult<Sockets> parse(String file, String content) {
    List<ListeningSocket> out = new ArrayList<>();
    List<DumpWarning> w = new ArrayList<>();
    Set<Integer> commanded = new LinkedHashSet<>();
    boolean command = false;
    boolean netid = false;
    Set<Integer> shown = new LinkedHashSet<>();
    String[] lines = content.split("\r\n|\r|\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      String t = line.strip();
      Matcher c = COMMAND.matcher(t);
      if (c.matches()) {
        command = true;
        commanded.addAll(protocolsOf(c.group(1) == null ? "" : c.group(1)));
        continue;
      }
      if (t.isEmpty() || t.startsWith("#")) {
        continue;
      }
      if (t.startsWith("Netid")) {
        netid = true;
        continue;
      }
      if (t.startsWith("State")) {
        continue;
      }
      Matcher m = ROW.matcher(t);
      if (!m.matches()) {
        w.add(
            new DumpWarning(
                file,
                i + 1,
                1,
                line,
                "not a row of `ss` (Netid State Recv-Q Send-Q Local:Port Peer:Port);"
                    + " skipped"));
        continue;
      }
      String state = m.group(2);
      int protocol;
      if (m.group(1) != null) {
        netid = true;
        if (!m.group(1).equals("tcp") && !m.group(1).equals("udp")) {
          continue; // unix, netlink, raw, ...: not TCP/UDP
        }
        protocol = m.group(1).equals("tcp") ? ListeningSocket.TCP : ListeningSocket.UDP;
        if (protocol == ListeningSocket.TCP && !state.equals("LISTEN")
            || protocol == ListeningSocket.UDP && !state.equals("UNCONN")) {
          continue; // a connection, not a listener
        }
      } else if (state.equals("LISTEN")) {
        protocol = ListeningSocket.TCP;
      } else if (state.equals("UNCONN")) {
        protocol = ListeningSocket.UDP;
      } else if (STATES.contains(state)) {
        continue;
      } else {
        w.add(
            new DumpWarning(
                file, i + 1, 1, line, "\"" + state + "\" is no socket state `ss` prints; skipped"));
        continue;
      }
      shown.add(protocol);
      if (m.group(4).equals("*")) {
        continue; // a UDP socket bound to no port yet
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
      if (local.equals("*")
          || local.equals("0.0.0.0")
          || local.equals("[::]")
          || local.equals("::")) {
        address = Optional.empty();
      } else if (local.startsWith("[::ffff:") && local.endsWith("]")) {
        address = Ipv4Address.tryParse(local.substring(8, local.length() - 1));
        if (address.isEmpty()) {
          continue;
        }
      } else if (local.startsWith("::ffff:")) {
        address = Ipv4Address.tryParse(local.substring(7));
        if (address.isEmpty()) {
          continue;
        }
      } else if (local.startsWith("[") || local.contains(":")) {
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
      out.add(new ListeningSocket(protocol, address, port, new Origin(file, i + 1, line)));
    }
    Set<Integer> known;
    if (command) {
      known = commanded;
    } else if (netid) {
      known = Set.of(ListeningSocket.TCP, ListeningSocket.UDP);
    } else {
      known = shown;
    }
    List<ListeningSocket> listed = out.stream().filter(s -> known.contains(s.protocol())).toList();
    return ParseResult.of(new Sockets(known, listed), w);
  }

  /**
   * The protocols whose listening sockets {@code ss ARGS} lists completely: TCP for {@code -t}, UDP
   * for {@code -u}, both without a type; none unless it lists listening sockets ({@code -l}, {@code
   * -a}), and none when a filter ({@code sport = :80}) or a pipe ({@code | grep}) may have left
   * some out.
   */
  static Set<Integer> protocolsOf(String args) {
    if (args.contains("|")) {
      return Set.of();
    }
    boolean listening = false;
    boolean tcp = false;
    boolean udp = false;
    boolean other = false;
    for (String a : args.strip().split("\\s+")) {
      if (a.startsWith("--")) {
        switch (a) {
          case "--listening", "--all" -> listening = true;
          case "--tcp" -> tcp = true;
          case "--udp" -> udp = true;
          case "--unix", "--raw", "--sctp", "--dccp", "--packet", "--vsock", "--xdp", "--mptcp" ->
              other = true;
          default -> {
            // options that change columns or filters
          }
        }
      } else if (a.startsWith("-") && !a.startsWith("-A") && !a.startsWith("-f")) {
        listening |= a.indexOf('l') > 0 || a.indexOf('a') > 0;
        tcp |= a.indexOf('t') > 0;
        udp |= a.indexOf('u') > 0;
        other |= a.matches("-[^-]*[xwdSM0].*");
      } else if (a.matches("(?:tcp|udp)(?:,(?:tcp|udp))*")) {
        tcp |= a.contains("tcp"); // -A tcp,udp
        udp |= a.contains("udp");
      } else if (!a.isEmpty() && !a.matches("inet|4")) {
        return Set.of(); // a filter: the sockets it leaves out are unknown
      }
    }
    if (!listening) {
      return Set.of();
    }
    if (!tcp && !udp && !other) {
      return Set.of(ListeningSocket.TCP, ListeningSocket.UDP);
    }
    Set<Integer> p = new LinkedHashSet<>();
    if (tcp) {
      p.add(ListeningSocket.TCP);
    }
    if (udp) {
      p.add(ListeningSocket.UDP);
    }
    return p;
  }
}
