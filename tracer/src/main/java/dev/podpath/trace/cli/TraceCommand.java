package dev.podpath.trace.cli;

import dev.podpath.trace.Branches;
import dev.podpath.trace.Probe;
import dev.podpath.trace.Trace;
import dev.podpath.trace.api.InputException;
import dev.podpath.trace.api.Network;
import dev.podpath.trace.api.TracePlan;
import dev.podpath.trace.api.TraceRequest;
import dev.podpath.trace.api.TraceResult;
import dev.podpath.trace.api.Untraced;
import dev.podpath.trace.diagnosis.Diagnosis;
import dev.podpath.trace.render.Annotations;
import dev.podpath.trace.render.BranchJson;
import dev.podpath.trace.render.BranchText;
import dev.podpath.trace.render.BriefLine;
import dev.podpath.trace.render.DiagnosisText;
import dev.podpath.trace.render.JsonRenderer;
import dev.podpath.trace.render.TextRenderer;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "trace",
    mixinStandardHelpOptions = true,
    description = {
      "Trace one packet from a namespace to an address, hop by hop, and the reply's way back.",
      "",
      "Example:",
      "  podpath trace samples/flannel-host-gw.sh --from busybox-jpnb6 --to 10.10.2.4",
      "  podpath trace samples/snapshots/seed-flannel-host-gw --assume-cni-pods \\",
      "      --from 10.10.1.6 --to default/busybox-8647b8666c-pg7ps",
      "  podpath trace samples/kube-proxy.sh --from p1 --to 10.96.0.10 \\",
      "      --proto tcp --all-branches",
      "  podpath trace samples/snapshots/kube-proxy-after --assume-cni-pods \\",
      "      --from kube-system/coredns-857d9ff4c9-7m27z --to default/kubernetes",
      "  podpath trace samples/missing-route.sh --from ns1 --to 10.1.2.2 \\",
      "      --apply samples/changes/missing-route-back.sh",
      "  podpath trace samples/missing-route.sh --from ns1 --to 10.1.2.2 --brief",
      "",
      "Where rules choose at random (iptables' -m statistic, nft's numgen random: kube-proxy's",
      "endpoint choice), the trace makes a repeatable pseudo-random choice and says which;",
      "--endpoint forces one, --all-branches traces each with its probability.",
      "",
      "A multipath (ECMP) route's next hop is the kernel's choice, by a hash of the flow with a key",
      "drawn once per boot: the trace follows the first and says so (--nexthop N picks another);",
      "--brief and -q answer through each next hop (\"ECMP  a -> 10.2.0.2  next hop 1 REACHABLE,",
      "next hop 2 NOT REACHABLE\"), exit status 0 only when every next hop gets there."
    })
final class TraceCommand implements Callable<Integer> {

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @picocli.CommandLine.Mixin ProbeTarget target;

  @picocli.CommandLine.Mixin VerdictOutput show;

  @Option(
      names = "--proto",
      paramLabel = "icmp|udp|tcp",
      description = "protocol (default: icmp; to a Service, the protocol of its port)")
  String proto;

  @Option(
      names = "--sport",
      defaultValue = "40000",
      description = "source port for udp/tcp (default: ${DEFAULT-VALUE})")
  int sport;

  @Option(
      names = "--dport",
      description = "destination port for udp/tcp (default: 80; to a Service, its port)")
  Integer dport;

  @Option(
      names = "--ttl",
      defaultValue = "64",
      description = "initial TTL (default: ${DEFAULT-VALUE})")
  int ttl;

  @Option(
      names = "--endpoint",
      paramLabel = "IP[:PORT]|CHAIN|CHAIN#N",
      description =
          "where -m statistic rules choose, take this branch: an endpoint (the chains that DNAT to it),"
              + " a chain (KUBE-SEP-...) or a rule (CHAIN#N); repeatable")
  java.util.List<String> endpoints = new java.util.ArrayList<>();

  @Option(
      names = "--all-branches",
      description =
          "trace every branch -m statistic rules, nft numgen verdict maps and multipath (ECMP) routes can take, with its probability")
  boolean allBranches;

  @Option(
      names = "--nexthop",
      paramLabel = "N",
      description =
          "multipath (ECMP) routes take their N-th next hop, from 1 as ip route lists them (default: the"
              + " first, and the trace says the kernel's hash may pick another)")
  Integer nexthop;

  @Option(
      names = "--size",
      paramLabel = "BYTES",
      description =
          "payload bytes after the ICMP/UDP/TCP header, as ping -s (default: 56 for icmp, 0 otherwise)")
  Integer size;

  @Option(
      names = "--no-df",
      description = "send without the DF flag (ping -M dont); DF is set by default, as ping does")
  boolean noDf;

  @Option(
      names = "--write-fixes",
      paramLabel = "FILE",
      description =
          "write the diagnosis's fixes to FILE as a changes file: one command per line, each after"
              + " a '# why:' comment and the culprit's file:line, in a scenario script's syntax"
              + " (written whole or not at all)")
  java.nio.file.Path writeFixes;

  @Option(
      names = {"-o", "--output"},
      defaultValue = "text",
      paramLabel = "text|json",
      description = "output format (default: ${DEFAULT-VALUE})")
  String output;

  @Option(
      names = "--pcap",
      paramLabel = "FILE.pcapng",
      description =
          "also write every frame of the trace, as it was on each device, to FILE as pcap-ng for"
              + " Wireshark or tshark (docs/pcap.md)")
  java.nio.file.Path pcap;

  @Override
  public Integer call() {
    if (pcap != null && allBranches) {
      throw new UserError(
          "--pcap writes one trace: drop --all-branches, or pick a branch with --endpoint");
    }
    if (!output.equals("text") && !output.equals("json")) {
      throw new UserError("-o " + output + ": expected text or json");
    }
    show.check(output);
    if (proto != null && !proto.equals("icmp") && !proto.equals("udp") && !proto.equals("tcp")) {
      throw new UserError("--proto " + proto + ": expected icmp, udp or tcp");
    }
    TraceRequest.Builder request =
        TraceRequest.builder(target.from, target.to)
            .sport(sport)
            .ttl(ttl)
            .dontFragment(!noDf)
            .endpoints(endpoints)
            .allBranches(allBranches);
    if (nexthop != null) {
      request.nexthop(nexthop);
    }
    if (proto != null) {
      request.protocol(Probe.Protocol.valueOf(proto.toUpperCase(Locale.ROOT)));
    }
    if (dport != null) {
      request.dport(dport);
    }
    if (size != null) {
      request.payloadBytes(size);
    }
    TraceRequest built = request.build();
    WriteFixes.checkTarget(writeFixes);
    PrintWriter err = show.notes(spec);
    PrintWriter out = show.out(spec);
    Network network = target.load(err);
    TracePlan plan;
    try {
      plan = network.plan(built);
    } catch (InputException e) {
      // a paste that stops at one node: no trace, but what was posted may show the cause
      Optional<Untraced> u = network.untraced(built, e).filter(x -> !x.bearing().isEmpty());
      if (u.isEmpty() || show.quiet || show.brief || allBranches) {
        throw e;
      }
      String prefix = target.scenario + "/";
      if (output.equals("json")) {
        out.print(UntracedOutput.json(u.get(), built, target.scenario.toString(), prefix));
      } else {
        UntracedOutput.text(u.get(), prefix).forEach(out::println);
      }
      out.flush();
      return 1;
    }
    if (plan.annotations().service().isPresent()) {
      plan.assumptions().forEach(a -> err.println("podpath: assumed: " + a));
      plan.warnings().forEach(a -> err.println("podpath: warning: " + a));
      err.flush();
    }
    TraceResult result = network.trace(plan);
    if (writeFixes != null) {
      writeFixes(network, built, result, err);
    }
    if (pcap != null) {
      PcapFile.write(pcap, result.trace(), network.topology());
    }
    if ((show.quiet || show.brief) && !allBranches) {
      // the kernel's per-boot hash picks a multipath route's next hop: each is answered
      List<Branches.Branch> hops = network.nextHops(plan);
      if (show.brief) {
        out.println(BriefLine.ofNextHops(hops));
        out.flush();
      }
      return hops.stream().allMatch(b -> b.trace().succeeded()) ? 0 : 1;
    }
    if (show.quiet) {
      return result.succeeded() ? 0 : 1;
    }
    if (allBranches) {
      branches(network, result, out);
    } else {
      String source = target.scenario.toString();
      Optional<Diagnosis> why = network.diagnose(result.trace());
      if (output.equals("json")) {
        out.print(JsonRenderer.render(result.trace(), source, result.annotations(), why));
      } else {
        out.print(TextRenderer.render(result.trace(), source, result.annotations()));
        why.ifPresent(d -> DiagnosisText.lines(d, f -> f).forEach(out::println));
      }
      out.flush();
    }
    return result.succeeded() ? 0 : 1;
  }

  /** Every branch the statistic rules allow, each traced. */
  private void branches(Network network, TraceResult result, PrintWriter out) {
    String source = target.scenario.toString();
    Annotations notes = result.annotations();
    List<Branches.Branch> all = result.branches();
    if (show.brief) {
      all.forEach(b -> out.println(BriefLine.of(b.trace()) + "  (" + BranchText.summary(b) + ")"));
      if (result.branchesCut()) {
        out.println("(stopped at " + Network.MAX_BRANCHES + " branches)");
      }
      out.flush();
      return;
    }
    // the lint findings behind the diagnoses are computed once, and only when a branch failed
    java.util.function.Function<Trace, Optional<Diagnosis>> why =
        all.stream().allMatch(b -> b.trace().succeeded())
            ? t -> Optional.empty()
            : network.diagnoser();
    if (output.equals("json")) {
      out.print(BranchJson.render(all, source, notes, why));
    } else {
      int k = 0;
      for (Branches.Branch b : all) {
        k++;
        out.println(BranchText.heading(k, all.size(), b));
        out.print(TextRenderer.render(b.trace(), source, notes));
        why.apply(b.trace()).ifPresent(d -> DiagnosisText.lines(d, f -> f).forEach(out::println));
        out.println();
      }
      if (result.branchesCut()) {
        out.println("(stopped at " + Network.MAX_BRANCHES + " branches)");
      }
    }
    out.flush();
  }

  /** The fixes of the trace's diagnosis (of every failed branch's, with all branches). */
  private void writeFixes(
      Network network, TraceRequest request, TraceResult result, PrintWriter err) {
    String command =
        "podpath trace "
            + target.scenario
            + " --from "
            + target.from
            + " --to "
            + target.to
            + (proto == null ? "" : " --proto " + proto)
            + (proto == null || proto.equals("icmp") ? "" : " --sport " + sport)
            + (dport == null ? "" : " --dport " + dport)
            + (allBranches ? " --all-branches" : "");
    WriteFixes.trace(writeFixes, command, network, request, result, err);
  }
}
