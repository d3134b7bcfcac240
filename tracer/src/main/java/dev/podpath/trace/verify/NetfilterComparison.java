package dev.podpath.trace.verify;

import dev.podpath.model.netfilter.Chain;
import dev.podpath.model.netfilter.Counters;
import dev.podpath.model.netfilter.NetfilterTable;
import dev.podpath.model.netfilter.Rule;
import dev.podpath.model.netfilter.Ruleset;
import dev.podpath.model.netfilter.parse.IptablesSaveParser;
import dev.podpath.model.netfilter.parse.NetfilterParseException;
import dev.podpath.model.topo.NetnsName;
import dev.podpath.model.topo.Topology;
import dev.podpath.sim.net.Simulation;
import dev.podpath.sim.netfilter.ConntrackEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Compares what netfilter kept on both sides after a scenario: the packet and byte counters of
 * every rule and chain policy ({@code iptables-save -c}) and the conntrack entries ({@code
 * conntrack -L}).
 *
 * <p>Conntrack entries are compared by protocol, both tuples, {@code [UNREPLIED]} and mark. Left
 * out, and said so: timeouts (they tick), and the values the kernel draws at random, which no model
 * can predict: ICMP echo ids (ping picks one per run) and the ports a NAT rule picked ({@code
 * --random-fully}, and MASQUERADE when the port was taken), shown as {@code *}. TCP states are
 * compared too: podpath plays a connect that closes at once ({@code nc -z}) to the end.
 *
 * <p>Not modelled, and put aside with the reason: the IGMP membership reports a kernel sends by
 * itself (a bridge with multicast snooping joins 224.0.0.106 and reports it, 40 bytes to
 * 224.0.0.22, after a random delay; a bridge without an address sends its report to its ports,
 * where the nodes' PREROUTING counts it), and the ACK a server's kernel sends for the client's FIN
 * before its process closes (a race: usually that ACK rides on the server's FIN). IGMP reports show
 * as conntrack entries to 224.0.0.22; a counter higher than podpath's by exactly such packets (no
 * more than two reports per report flow, one ACK per closed connection) is put down to them and
 * said so.
 */
public final class NetfilterComparison {

  private static final Pattern FIELD = Pattern.compile("(src|dst|sport|dport|type|code|id)=(\\S+)");

  private NetfilterComparison() {}

  /** Compares every namespace whose dump has an {@code iptables} or {@code conntrack} section. */
  public static StateComparison.Result compare(
      StateDump kernel, Topology topology, Simulation sim) {
    List<StateComparison.Difference> diffs = new ArrayList<>();
    List<String> ignored = new ArrayList<>();
    int agreed = 0;
    // every bridge (multicast snooping is on by default) joins 224.0.0.106 and reports it, up to
    // twice; the report reaches the hosts on its ports, whose PREROUTING counts it and whose
    // conntrack forgets it (they do not join the group), so it may show nowhere but in counters
    long bridges =
        topology.netnsList().stream()
            .flatMap(n -> n.deviceList().stream())
            .filter(dev.podpath.model.topo.NetDevice::isBridge)
            .count();
    for (Map.Entry<String, StateDump.Namespace> e : kernel.namespaces().entrySet()) {
      NetnsName name = NetnsName.of(e.getKey());
      if (topology.netns(name).isEmpty()) {
        continue;
      }
      StateDump.Namespace ns = e.getValue();
      List<String> kernelConntrack = ns.conntrack().orElse(List.of());
      long igmp = kernelConntrack.stream().filter(NetfilterComparison::isIgmpReport).count();
      if (igmp > 0) {
        ignored.add(
            e.getKey()
                + ": "
                + igmp
                + " IGMP membership report flow(s) the kernel sent by itself (to 224.0.0.22;"
                + " a bridge with multicast snooping joins 224.0.0.106): not modelled, left out of the comparison");
      }
      long tcpClosed =
          kernelConntrack.stream()
              .filter(l -> l.startsWith("tcp") && l.contains(" TIME_WAIT "))
              .count();
      if (ns.iptablesSave().isPresent()) {
        agreed +=
            counters(
                e.getKey(),
                ns.iptablesSave().get(),
                sim.ruleset(name),
                new Allowance(bridges * 2, tcpClosed),
                diffs,
                ignored);
      }
      if (ns.conntrack().isPresent()) {
        agreed +=
            conntrack(
                e.getKey(),
                kernelConntrack.stream().filter(l -> !isIgmpReport(l)).toList(),
                sim.conntrack(name),
                diffs);
      }
    }
    return new StateComparison.Result(diffs, agreed, foldIgmp(ignored));
  }

  /** One line per namespace for the counters the kernel's IGMP reports explain. */
  private static List<String> foldIgmp(List<String> ignored) {
    List<String> out = new ArrayList<>();
    Map<String, Integer> perNs = new TreeMap<>();
    for (String i : ignored) {
      if (i.startsWith(IGMP_COUNTER)) {
        perNs.merge(i.substring(IGMP_COUNTER.length()).split(" ", 2)[0], 1, Integer::sum);
      } else {
        out.add(i);
      }
    }
    perNs.forEach(
        (ns, n) ->
            out.add(
                ns
                    + ": "
                    + n
                    + " counter(s) are higher in the kernel by exactly what podpath"
                    + " does not model: its own IGMP reports (40 bytes each), or a server's ACK of a FIN sent apart from its"
                    + " own FIN (52 bytes, a race with the server process)"));
    return out;
  }

  /** A conntrack entry of an IGMP report ({@code unknown 2 ... dst=224.0.0.22}). */
  public static boolean isIgmpReport(String line) {
    String[] f = line.trim().split("\\s+");
    return f.length > 1 && f[1].equals("2") && line.contains("dst=224.0.0.22");
  }

  private static final String IGMP_COUNTER = "\u0000igmp ";

  /** A TCP segment without data, with the timestamp option. */
  private static final int TCP_SEGMENT_BYTES = 52;

  /** The size of one IGMPv3 report: IP header with the router alert option (24) and 16 bytes. */
  private static final int IGMP_REPORT_BYTES = 40;

  /**
   * What the kernel may have counted that podpath cannot: its own IGMP reports (40 bytes, up to two
   * per bridge of the scenario), and for each TCP connection that closed, the server's ACK of the
   * client's FIN sent apart from its own FIN (52 bytes), which happens when the server process is
   * slower to close than the kernel to answer.
   */
  private record Allowance(long igmpReports, long separateAcks) {}

  private static int counters(
      String ns,
      String dump,
      Ruleset ours,
      Allowance allow,
      List<StateComparison.Difference> diffs,
      List<String> ignored) {
    Ruleset theirs;
    try {
      theirs = IptablesSaveParser.parse(ns + " iptables-save -c", dump);
    } catch (NetfilterParseException e) {
      ignored.add(
          ns
              + ": the kernel's iptables-save could not be read ("
              + e.getMessage()
              + "); counters not compared");
      return 0;
    }
    int agreed = 0;
    for (NetfilterTable table : NetfilterTable.values()) {
      for (Chain k : theirs.chains(table)) {
        Optional<Chain> p = ours.chain(table, k.name());
        if (p.isEmpty()) {
          if (k.builtin() && k.counters().equals(Counters.ZERO) && k.rules().isEmpty()) {
            continue;
          }
          diffs.add(
              new StateComparison.Difference(
                  ns, "iptables", table + " " + k.name(), "has the chain", "does not"));
          continue;
        }
        if (k.builtin()) {
          agreed +=
              same(
                  ns,
                  table + " " + k.name() + " policy " + k.policy().map(Object::toString).orElse(""),
                  k.counters(),
                  p.get().counters(),
                  allow,
                  diffs,
                  ignored);
        }
        for (int i = 0; i < k.rules().size(); i++) {
          Rule kr = k.rules().get(i);
          String key = table + " " + k.name() + " #" + (i + 1) + " " + kr.spec();
          if (i >= p.get().rules().size() || !p.get().rules().get(i).spec().equals(kr.spec())) {
            diffs.add(
                new StateComparison.Difference(
                    ns,
                    "iptables",
                    key,
                    "has this rule here",
                    "has "
                        + (i < p.get().rules().size()
                            ? p.get().rules().get(i).spec()
                            : "no rule")));
            continue;
          }
          agreed +=
              same(
                  ns, key, kr.counters(), p.get().rules().get(i).counters(), allow, diffs, ignored);
        }
      }
    }
    return agreed;
  }

  private static int same(
      String ns,
      String key,
      Counters kernel,
      Counters ours,
      Allowance allow,
      List<StateComparison.Difference> diffs,
      List<String> ignored) {
    if (kernel.equals(ours)) {
      return 1;
    }
    long extra = kernel.packets() - ours.packets();
    long extraBytes = kernel.bytes() - ours.bytes();
    // extra = reports + acks, extraBytes = 40 reports + 52 acks
    long acks =
        (extraBytes - extra * IGMP_REPORT_BYTES) % (TCP_SEGMENT_BYTES - IGMP_REPORT_BYTES) == 0
            ? (extraBytes - extra * IGMP_REPORT_BYTES) / (TCP_SEGMENT_BYTES - IGMP_REPORT_BYTES)
            : -1;
    long reports = extra - acks;
    if (extra > 0
        && acks >= 0
        && reports >= 0
        && acks <= allow.separateAcks()
        && reports <= allow.igmpReports()) {
      ignored.add(IGMP_COUNTER + ns + " " + key);
      return 0;
    }
    diffs.add(new StateComparison.Difference(ns, "counters", key, text(kernel), text(ours)));
    return 0;
  }

  private static String text(Counters c) {
    return c.packets() + " packets " + c.bytes() + " bytes";
  }

  private static int conntrack(
      String ns,
      List<String> kernelLines,
      List<ConntrackEntry> ours,
      List<StateComparison.Difference> diffs) {
    Map<String, Integer> theirs = new TreeMap<>();
    kernelLines.forEach(l -> theirs.merge(normalise(l), 1, Integer::sum));
    Map<String, Integer> mine = new TreeMap<>();
    ours.forEach(c -> mine.merge(normalise(c), 1, Integer::sum));
    int agreed = 0;
    java.util.Set<String> keys = new java.util.TreeSet<>(theirs.keySet());
    keys.addAll(mine.keySet());
    for (String k : keys) {
      int a = theirs.getOrDefault(k, 0);
      int b = mine.getOrDefault(k, 0);
      agreed += Math.min(a, b);
      if (a != b) {
        diffs.add(
            new StateComparison.Difference(
                ns,
                "conntrack",
                k,
                a > b ? "has it" : "(no entry)",
                b > a ? "has it" : "(no entry)"));
      }
    }
    return agreed;
  }

  /**
   * A {@code conntrack -L} line without its timeout and use count, with ICMP ids and NAT-picked
   * ports as {@code *}: {@code tcp TIME_WAIT src=.. dst=.. sport=.. dport=.. | src=.. dst=..
   * sport=.. dport=*}.
   */
  public static String normalise(String line) {
    String[] f = line.trim().split("\\s+");
    String proto = f[0];
    String state = f.length > 3 && f[3].matches("[A-Z_]+") ? f[3] + " " : "";
    List<Map<String, String>> tuples = new ArrayList<>();
    Map<String, String> cur = null;
    List<String> flags = new ArrayList<>();
    String mark = "mark=0";
    for (String w : f) {
      Matcher m = FIELD.matcher(w);
      if (m.matches()) {
        if (m.group(1).equals("src")) {
          cur = new java.util.LinkedHashMap<>();
          tuples.add(cur);
        }
        if (cur != null) {
          cur.put(m.group(1), m.group(2));
        }
      } else if (w.equals("[UNREPLIED]")) {
        flags.add(w);
      } else if (w.startsWith("mark=")) {
        mark = w;
      }
    }
    if (tuples.size() != 2) {
      return line.trim();
    }
    return key(proto, state, tuples.get(0), flags, tuples.get(1), mark);
  }

  /**
   * podpath's own entry in the form {@link #normalise(String)} gives the kernel's line, made from
   * its fields (not from its printed line read back).
   */
  public static String normalise(ConntrackEntry e) {
    String state = e.tcpState().map(s -> s.name() + " ").orElse("");
    List<String> flags = e.unreplied() ? List.of("[UNREPLIED]") : List.of();
    return key(
        e.original().protocolName(),
        state,
        new java.util.LinkedHashMap<>(e.original().fields()),
        flags,
        new java.util.LinkedHashMap<>(e.reply().fields()),
        "mark=" + e.mark());
  }

  /** The comparison key: ICMP ids, and the port a SNAT picked, as {@code *}. */
  private static String key(
      String proto,
      String state,
      Map<String, String> orig,
      List<String> flags,
      Map<String, String> reply,
      String mark) {
    if (orig.containsKey("id")) {
      orig.put("id", "*");
      reply.put("id", "*");
    }
    boolean snat = !reply.get("dst").equals(orig.get("src"));
    if (snat) {
      reply.computeIfPresent("dport", (k, v) -> "*");
    }
    return proto
        + " "
        + state
        + tuple(orig)
        + " "
        + String.join(" ", flags)
        + (flags.isEmpty() ? "" : " ")
        + "| "
        + tuple(reply)
        + " "
        + mark;
  }

  private static String tuple(Map<String, String> t) {
    StringBuilder sb = new StringBuilder();
    t.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : " ").append(k).append('=').append(v));
    return sb.toString();
  }
}
