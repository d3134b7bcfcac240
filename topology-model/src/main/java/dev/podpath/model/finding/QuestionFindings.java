package dev.podpath.model.finding;

import static java.util.stream.Collectors.joining;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.addr.Prefix;
import dev.podpath.model.kube.KubeNode;
import dev.podpath.model.netfilter.Chain;
import dev.podpath.model.netfilter.Hook;
import dev.podpath.model.netfilter.Match;
import dev.podpath.model.netfilter.NetfilterTable;
import dev.podpath.model.netfilter.Protocols;
import dev.podpath.model.netfilter.Rule;
import dev.podpath.model.netfilter.Ruleset;
import dev.podpath.model.origin.Origin;
import dev.podpath.model.topo.Netns;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the posted dumps say about packets podpath cannot trace, because their source is in no dump
 * (a paste that stops at one node or one chain): for each dumped node such packets would cross, the
 * hook they meet there (filter INPUT when the destination is an address of the node, FORWARD
 * otherwise) and the sysctl that governs forwarding, each read from the model: a chain that drops
 * or rejects the whole class of packets ({@link RuleWalk}), forwarding switched off in the values
 * that were posted. Only for snapshots (a scenario holds every host, so a source in none is a wrong
 * name), and only from facts with a line: nothing is concluded from a default or an assumption.
 *
 * <pre>{@code
 * QuestionFindings.of(facts, new Question(Optional.of(pod), dst, OptionalInt.of(6), OptionalInt.of(443)))
 *   // [error chain-drops-these-packets: node: filter FORWARD of node drops tcp from 10.244.1.5 ...]
 * }</pre>
 */
public final class QuestionFindings {

  private QuestionFindings() {}

  /**
   * The packets asked about: the first packet of a new connection (or an echo request).
   *
   * @param src the source address, empty when the source is a name no dump has
   * @param dst the destination address as filter sees it; for a Service, its endpoint when kubectl
   *     lists exactly one, else empty (any)
   * @param proto the IP protocol number, empty for any
   * @param dport the destination port, empty for none or any
   * @param dnatted whether the packets were DNATed before filter (to a Service's endpoint)
   */
  public record Question(
      Optional<Ipv4Address> src,
      Optional<Ipv4Address> dst,
      OptionalInt proto,
      OptionalInt dport,
      boolean dnatted) {
    public Question {
      Objects.requireNonNull(src, "src");
      Objects.requireNonNull(dst, "dst");
      Objects.requireNonNull(proto, "proto");
      Objects.requireNonNull(dport, "dport");
    }
  }

  /** The findings of the dumped nodes that bear on {@code q}, in the namespaces' order. */
  public static List<Finding> of(NetworkFacts facts, Question q) {
    if (facts.closedWorld()) {
      return List.of();
    }
    Shell shell = new Shell(facts);
    List<Finding> out = new ArrayList<>();
    for (Netns ns : facts.topology().netnsList()) {
      if (q.src().map(ns::ownsAddress).orElse(false)) {
        continue;
      }
      boolean local = q.dst().map(ns::ownsAddress).orElse(false);
      if (!local) {
        forwardingOff(ns, q, shell).ifPresent(out::add);
      }
      chainDrops(facts, ns, local ? Hook.INPUT : Hook.FORWARD, q, shell).ifPresent(out::add);
      kubeProxyRejects(ns, q).ifPresent(out::add);
    }
    return out;
  }

  /**
   * kube-proxy's REJECT of a Service that has no endpoints, matching the question's packets (their
   * protocol and port; the ClusterIP, or a NodePort on an address of the node): kube-proxy jumps to
   * the chains that hold it for new connections (KUBE-EXTERNAL-SERVICES from INPUT and FORWARD,
   * KUBE-SERVICES from FORWARD and OUTPUT), so every such packet is rejected. A NodePort rule
   * ({@code -m addrtype --dst-type LOCAL}) on a node none of whose addresses was posted holds on
   * the condition, said, that the destination is one of them.
   */
  private static Optional<Finding> kubeProxyRejects(Netns ns, Question q) {
    Ruleset rules = ns.netfilter();
    if (!rules.isKnown() || q.dnatted()) {
      return Optional.empty();
    }
    boolean noAddress =
        ns.deviceList().stream().flatMap(d -> d.addresses().stream()).noneMatch(Gateways::global);
    Prefix src = q.src().map(a -> Prefix.of(a, 32)).orElse(Prefix.DEFAULT);
    Prefix dst = q.dst().map(a -> Prefix.of(a, 32)).orElse(Prefix.DEFAULT);
    Optional<Boolean> local = q.dst().map(a -> ns.ownsAddress(a) || noAddress);
    RuleWalk.Packets packets =
        new RuleWalk.Packets(
            src,
            dst,
            q.proto(),
            q.dport(),
            Optional.empty(),
            Optional.empty(),
            false,
            local,
            java.util.OptionalLong.empty());
    for (Chain c : rules.chains(NetfilterTable.FILTER)) {
      for (Rule r : c.rules()) {
        Optional<String> service = ServiceEndpointsCheck.service(r);
        if (service.isEmpty() || RuleWalk.match(r, packets) != RuleWalk.Tri.YES) {
          continue;
        }
        boolean nodePort = r.matches().stream().anyMatch(m -> m instanceof Match.AddrType);
        String name = service.get();
        String svc = name.indexOf(':') < 0 ? name : name.substring(0, name.indexOf(':'));
        int slash = svc.indexOf('/');
        String namespace = svc.substring(0, slash);
        String serviceName = svc.substring(slash + 1);
        String condition =
            nodePort && noAddress && q.dst().isPresent()
                ? " (if "
                    + q.dst().get()
                    + " is an address of "
                    + ns.name()
                    + ": none of its addresses was posted)"
                : "";
        return Optional.of(
            new Finding(
                Code.SERVICE_WITHOUT_ENDPOINTS,
                Severity.ERROR,
                ns.name().toString(),
                "if "
                    + describe(q)
                    + " reach "
                    + ns.name()
                    + condition
                    + ", kube-proxy's rule in "
                    + c.name()
                    + " rejects them: it says "
                    + name
                    + " has no endpoints, and kube-proxy jumps to "
                    + c.name()
                    + " for new connections (KUBE-EXTERNAL-SERVICES from INPUT and FORWARD,"
                    + " KUBE-SERVICES from FORWARD and OUTPUT), so the client"
                    + " gets the REJECT (\"Connection refused\" for tcp), whatever listens on"
                    + (nodePort ? " that port of the node" : " the Service's address")
                    + ".",
                List.of(Evidence.of(ns.name(), "filter " + r.text(), r.origin())),
                List.of(
                    new Fix(
                        "kubectl -n " + namespace + " describe endpoints " + serviceName,
                        "shows why "
                            + svc
                            + " has no ready pod (none matches its selector, or none is"
                            + " ready); kube-proxy replaces the REJECT with its DNAT as soon as"
                            + " one is"),
                    new Fix(
                        "kubectl -n " + namespace + " delete service " + serviceName,
                        "or, when nothing should serve it, deletes the Service: kube-proxy then"
                            + " removes its rules"
                            + (nodePort
                                ? ", and the port is the host process's again (a host process"
                                    + " belongs outside the NodePort range, 30000-32767 by"
                                    + " default)"
                                : "")))));
      }
    }
    return Optional.empty();
  }

  /** {@code net.ipv4.ip_forward = 0} (or conf.all.forwarding) as posted, on a node to forward. */
  private static Optional<Finding> forwardingOff(Netns ns, Question q, Shell shell) {
    for (String key : List.of("net.ipv4.ip_forward", "net.ipv4.conf.all.forwarding")) {
      Optional<String> v = ns.sysctls().get(key);
      Optional<Origin> line = ns.sysctls().origin(key);
      if (v.isEmpty() || line.isEmpty() || !v.get().strip().equals("0")) {
        continue;
      }
      return Optional.of(
          new Finding(
              Code.FORWARDING_OFF,
              Severity.ERROR,
              ns.name().toString(),
              ns.name()
                  + " would forward "
                  + describe(q)
                  + " (neither address is its own), but "
                  + key
                  + " = 0: the kernel drops packets to forward without an ICMP error, so the"
                  + " sender's packets vanish (a timeout).",
              List.of(Evidence.of(ns.name(), key + " = 0", line.get())),
              List.of(
                  new Fix(
                      shell.exec(ns.name(), "sysctl -w net.ipv4.ip_forward=1"),
                      "turns forwarding on for every device (conf.all and each conf.DEV); keep it"
                          + " across reboots with net.ipv4.ip_forward = 1 in /etc/sysctl.d/ (a"
                          + " `sysctl -p` of a file that says 0 switches it off again; Docker and"
                          + " kubelet set it to 1 only when they start)"))));
    }
    return Optional.empty();
  }

  /**
   * The filter chain of {@code hook} dropping the whole class of packets: first with the devices
   * unknown; when a rule naming a device leaves that undecided, for packets in on (and out of)
   * devices no rule of the filter table names, which the explanation then says.
   */
  private static Optional<Finding> chainDrops(
      NetworkFacts facts, Netns ns, Hook hook, Question q, Shell shell) {
    Ruleset rules = ns.netfilter();
    if (!rules.isKnown() || rules.builtin(NetfilterTable.FILTER, hook).isEmpty()) {
      return Optional.empty();
    }
    Prefix src = q.src().map(a -> Prefix.of(a, 32)).orElse(Prefix.DEFAULT);
    Prefix dst = q.dst().map(a -> Prefix.of(a, 32)).orElse(Prefix.DEFAULT);
    RuleWalk.Packets packets =
        new RuleWalk.Packets(
                src, dst, q.proto(), q.dport(), Optional.empty(), Optional.empty(), q.dnatted())
            .in(ns);
    RuleWalk.Verdict v = RuleWalk.walk(rules, NetfilterTable.FILTER, hook, packets);
    Set<String> named = namedDevices(rules);
    List<String> conditions = new ArrayList<>();
    if (v instanceof RuleWalk.Undecided && !named.isEmpty()) {
      Optional<String> none = Optional.of("");
      RuleWalk.Packets unnamed =
          new RuleWalk.Packets(
                  src,
                  dst,
                  q.proto(),
                  q.dport(),
                  none,
                  hook == Hook.FORWARD ? none : Optional.empty(),
                  q.dnatted())
              .in(ns);
      RuleWalk.Verdict w = RuleWalk.walk(rules, NetfilterTable.FILTER, hook, unnamed);
      packets = unnamed;
      v = w;
      conditions.add(
          "when they come in on"
              + (hook == Hook.FORWARD ? " and leave by" : "")
              + " devices that no rule of its filter table names (the rules name only "
              + String.join(", ", named)
              + ")");
    }
    Set<String> unposted = unpostedChains(rules);
    boolean elided = elided(rules);
    if (v instanceof RuleWalk.Undecided && (!unposted.isEmpty() || elided)) {
      v = RuleWalk.walk(rules, NetfilterTable.FILTER, hook, packets, true);
      if (!unposted.isEmpty()) {
        conditions.add(
            "unless the chains its rules jump to that were not posted ("
                + String.join(", ", unposted)
                + ") accept them");
      }
      if (elided) {
        conditions.add(
            "unless the rows its listing did not show in full (rules left out with `...`, a row"
                + " cut short) accept them");
      }
    }
    if (!(v instanceof RuleWalk.Dropped d)) {
      return Optional.empty();
    }
    String condition = conditions.isEmpty() ? "" : " " + String.join(", and ", conditions);
    Evidence culprit = Drops.evidence(ns, d);
    if (culprit.origin().isEmpty()) {
      return Optional.empty();
    }
    List<Evidence> evidence = new ArrayList<>();
    for (Rule r : d.before()) {
      evidence.add(Evidence.of(ns.name(), "filter " + r.text(), r.origin()));
    }
    evidence.add(culprit);
    String before = d.before().isEmpty() ? "" : endsEarlier(d.before()) + ", and ";
    return Optional.of(
        new Finding(
            Code.CHAIN_DROPS_THESE_PACKETS,
            conditions.stream().anyMatch(c -> c.startsWith("unless"))
                ? Severity.WARNING
                : Severity.ERROR,
            ns.name().toString(),
            "if "
                + describe(q)
                + " cross "
                + ns.name()
                + ", filter "
                + hook
                + " drops them"
                + condition
                + ": "
                + before
                + Drops.what(d)
                + " is reached "
                + (d.before().isEmpty() ? "" : "by the rest ")
                + "and no rule before it accepts them, so "
                + Drops.seen(d)
                + (d.before().isEmpty() ? "" : " (or the earlier rule's answer)")
                + ".",
            evidence,
            fixes(facts, ns, hook, d, q, named, shell)));
  }

  /**
   * {@code `-A FORWARD ... -j REJECT` ends those of them it matches (which ones is not known:
   * ...)}.
   */
  private static String endsEarlier(List<Rule> rules) {
    boolean cut = rules.stream().anyMatch(RuleWalk::cutShort);
    return rules.stream().map(r -> "`" + r.text() + "`").collect(joining(" and "))
        + (rules.size() == 1 ? " ends those of them it matches" : " end those of them they match")
        + " (which ones is not known: "
        + (cut ? "the listing cut the row short" : "the rule tests what the question does not say")
        + ")";
  }

  private static List<Fix> fixes(
      NetworkFacts facts,
      Netns ns,
      Hook hook,
      RuleWalk.Dropped d,
      Question q,
      Set<String> named,
      Shell shell) {
    List<Fix> out = new ArrayList<>();
    String chain = hook.toString();
    String accept = "iptables -I " + chain + match(facts, q) + " -j ACCEPT";
    if (d.rule().isPresent()) {
      Rule r = d.rule().get();
      if (d.chain().equals(chain) && r.text().startsWith("-A " + chain + " ")) {
        out.add(
            new Fix(
                shell.exec(ns.name(), "iptables -D" + r.text().substring(2)),
                "deletes the rule that ends these packets (a host firewall's catch-all, firewalld's"
                    + " or the distribution's default, that a reload put before the rules of"
                    + " Kubernetes, Docker or the CNI)"));
      }
      out.add(
          new Fix(
              shell.exec(ns.name(), accept),
              "accepts these packets before "
                  + Drops.what(d)
                  + " (-I puts the rule first; on a firewalld host, add the pods' device or"
                  + " network to the trusted zone instead, so a reload keeps it)"));
      return out;
    }
    out.add(
        new Fix(
            shell.exec(ns.name(), accept), "accepts these packets before the chain's policy DROP"));
    if (hook == Hook.FORWARD && kubernetesNode(rules(ns)) && !named.contains("cni0")) {
      out.add(
          new Fix(
              shell.execAll(
                  ns.name(),
                  "iptables -I FORWARD -i cni0 -j ACCEPT",
                  "iptables -I FORWARD -o cni0 -j ACCEPT"),
              "accepts the pods' traffic by their bridge, as flannel >= 0.10 does in FLANNEL-FWD;"
                  + " kube-proxy's chains are in this table, so this is a Kubernetes node, and"
                  + " cni0 is the bridge of flannel and of the CNI bridge plugin (no dump shows"
                  + " the pods' device: name the one their veths are ports of)"));
    }
    out.add(
        new Fix(
            shell.exec(ns.name(), "iptables -P " + chain + " ACCEPT"),
            "takes back the policy DROP (Docker >= 1.13 sets FORWARD's policy to DROP and opens"
                + " only its own bridges): every packet not dropped by a rule is then accepted"));
    return out;
  }

  private static Ruleset rules(Netns ns) {
    return ns.netfilter();
  }

  /** Whether kube-proxy's chains are in the filter table. */
  private static boolean kubernetesNode(Ruleset rules) {
    return rules.chains(NetfilterTable.FILTER).stream()
        .map(Chain::name)
        .anyMatch(n -> n.equals("KUBE-FORWARD") || n.equals("KUBE-SERVICES"));
  }

  /** {@code -s 10.244.0.0/16 -p tcp --dport 443}: the source's pod CIDR where kubectl has it. */
  private static String match(NetworkFacts facts, Question q) {
    StringBuilder sb = new StringBuilder();
    q.src()
        .ifPresent(
            a ->
                sb.append(" -s ")
                    .append(
                        facts.cluster().nodes().stream()
                            .map(KubeNode::podCidrs)
                            .flatMap(List::stream)
                            .filter(p -> p.contains(a))
                            .findFirst()
                            .map(Prefix::toString)
                            .orElse(a.toString())));
    q.dst().ifPresent(d -> sb.append(" -d ").append(d));
    if (q.proto().isPresent()) {
      sb.append(" -p ").append(Protocols.name(q.proto().getAsInt()));
      if (q.dport().isPresent()) {
        sb.append(" --dport ").append(q.dport().getAsInt());
      }
    }
    return sb.toString();
  }

  /**
   * The targets of the filter table's rules that read as jumps to chains the dump does not hold.
   */
  private static Set<String> unpostedChains(Ruleset rules) {
    Set<String> out = new TreeSet<>();
    for (Chain c : rules.chains(NetfilterTable.FILTER)) {
      for (Rule r : c.rules()) {
        if (RuleWalk.unknownJump(r.target())) {
          out.add(((dev.podpath.model.netfilter.Target.NotModelled) r.target()).name());
        }
      }
    }
    return out;
  }

  /** Whether a chain of the filter table holds the place of rules a paste left out. */
  private static boolean elided(Ruleset rules) {
    return rules.chains(NetfilterTable.FILTER).stream()
        .flatMap(c -> c.rules().stream())
        .anyMatch(RuleWalk::standsForUnknownRules);
  }

  /** The devices the filter table's rules name with {@code -i} or {@code -o}. */
  private static Set<String> namedDevices(Ruleset rules) {
    Set<String> out = new TreeSet<>();
    for (Chain c : rules.chains(NetfilterTable.FILTER)) {
      for (Rule r : c.rules()) {
        for (Match m : r.matches()) {
          if (m instanceof Match.InInterface i) {
            out.add(i.name());
          } else if (m instanceof Match.OutInterface o) {
            out.add(o.name());
          }
        }
      }
    }
    return out;
  }

  /** {@code tcp from 10.244.1.5 to 10.96.0.1 port 443}. */
  private static String describe(Question q) {
    StringBuilder sb = new StringBuilder();
    sb.append(q.proto().isPresent() ? Protocols.name(q.proto().getAsInt()) : "packets");
    sb.append(" from ").append(q.src().map(Ipv4Address::toString).orElse("elsewhere"));
    sb.append(" to ").append(q.dst().map(Ipv4Address::toString).orElse("a Service's endpoint"));
    q.dport().ifPresent(p -> sb.append(" port ").append(p));
    if (q.dnatted()) {
      sb.append(" (DNATed by kube-proxy before filter)");
    }
    return sb.toString();
  }
}
