package dev.podpath.sim.netfilter;

import static dev.podpath.sim.netfilter.Scenarios.delivered;
import static dev.podpath.sim.netfilter.Scenarios.dropped;
import static dev.podpath.sim.netfilter.Scenarios.ping;
import static dev.podpath.sim.netfilter.Scenarios.steps;
import static org.assertj.core.api.Assertions.assertThat;

import dev.podpath.model.collect.CollectLog;
import dev.podpath.model.netfilter.Hook;
import dev.podpath.model.netfilter.RulesUnknown;
import dev.podpath.model.netfilter.Ruleset;
import dev.podpath.model.origin.Origin;
import dev.podpath.model.topo.Netns;
import dev.podpath.model.topo.NetnsName;
import dev.podpath.model.topo.Topology;
import dev.podpath.sim.net.SimConfig;
import dev.podpath.sim.net.Simulation;
import dev.podpath.sim.outcome.DropReason;
import dev.podpath.sim.outcome.Step;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A namespace whose rules are not known (a snapshot whose iptables dump failed) stops a packet at
 * the first netfilter hook it meets there, naming why; a namespace known to have no table does
 * nothing, as before.
 */
final class UnknownRulesTest {

  private static final CollectLog.Failure FAILED =
      new CollectLog.Failure(
          "netns/r/iptables-save.txt",
          new CollectLog.Status.Exited(1),
          "ip netns exec r iptables-save -c",
          List.of(
              "iptables-save v1.8.9 (nf_tables): Could not fetch rule set generation id: Permission denied"),
          new Origin(
              "root/collect.log",
              2,
              "netns/r/iptables-save.txt: exit 1: ip netns exec r iptables-save -c"));

  private static Topology withRules(Topology t, String ns, Ruleset rules) {
    Map<NetnsName, Netns> all = new LinkedHashMap<>(t.namespaces());
    Netns n = all.get(NetnsName.of(ns));
    all.put(
        n.name(),
        new Netns(
            n.name(),
            n.devices(),
            n.routing(),
            n.neighbours(),
            n.fdb(),
            n.sysctls(),
            rules,
            n.sockets()));
    return new Topology(all);
  }

  @Test
  void forwardedThroughARouterWhoseRulesAreUnknown_endsNotModelledAtPrerouting_namingTheFailedDump()
      throws Exception {
    Topology t =
        withRules(
            Scenarios.router().topology(),
            "r",
            Ruleset.ofUnknown(new RulesUnknown.NotCollected(FAILED), Map.of()));
    Simulation sim = new Simulation(t, SimConfig.defaults());
    long id = ping(sim, "h", "10.2.0.1");
    DropReason why = dropped(sim, id).orElseThrow();
    assertThat(why)
        .isInstanceOfSatisfying(
            DropReason.NetfilterUnknown.class,
            u -> {
              assertThat(u.netns()).isEqualTo(NetnsName.of("r"));
              assertThat(u.hook()).isEqualTo(Hook.PREROUTING);
            });
    assertThat(why.code()).isEqualTo("NETFILTER_UNKNOWN");
    assertThat(why.explain())
        .isEqualTo(
            "not modelled: netfilter unknown in r (PREROUTING): iptables-save was not"
                + " collected: `ip netns exec r iptables-save -c` failed with exit status 1 (iptables-save v1.8.9 (nf_tables):"
                + " Could not fetch rule set generation id: Permission denied) (root/collect.log:2)");
    assertThat(delivered(sim, id, "s")).isFalse();
    assertThat(steps(sim, id, Step.Forwarded.class)).isEmpty();
  }

  @Test
  void sentFromANamespaceWhoseRulesAreUnknown_endsAtOutput() throws Exception {
    Topology t =
        withRules(
            Scenarios.router().topology(),
            "h",
            Ruleset.ofUnknown(
                new RulesUnknown.NotInFolder("root/netns/h", "root/collect.log"), Map.of()));
    Simulation sim = new Simulation(t, SimConfig.defaults());
    long id = ping(sim, "h", "10.2.0.1");
    assertThat(dropped(sim, id).orElseThrow())
        .isInstanceOfSatisfying(
            DropReason.NetfilterUnknown.class, u -> assertThat(u.hook()).isEqualTo(Hook.OUTPUT));
  }

  @Test
  void aRouterKnownToHaveNoTable_forwardsWithoutAnyNetfilterStep() throws Exception {
    Topology t = withRules(Scenarios.router().topology(), "r", Ruleset.EMPTY);
    Simulation sim = new Simulation(t, SimConfig.defaults());
    long id = ping(sim, "h", "10.2.0.1");
    assertThat(delivered(sim, id, "s")).isTrue();
    assertThat(steps(sim, id, Step.Netfilter.class)).isEmpty();
    assertThat(Netfilter.present(t.namespaces().get(NetnsName.of("r")))).isFalse();
  }
}
