package dev.podpath.sim.netfilter;

import static dev.podpath.sim.netfilter.Scenarios.dropped;
import static dev.podpath.sim.netfilter.Scenarios.ping;
import static dev.podpath.sim.netfilter.Scenarios.steps;
import static org.assertj.core.api.Assertions.assertThat;

import dev.podpath.sim.net.Simulation;
import dev.podpath.sim.outcome.DropReason;
import dev.podpath.sim.outcome.Step;
import org.junit.jupiter.api.Test;

/**
 * The order of nft base chains and iptables' tables at one hook (NftWalk's chains as Netfilter runs
 * them), each case from a kernel run on router r (h 10.1.0.1 -> s 10.2.0.1, nft 1.0.6, iptables
 * 1.8.9 nf_tables, kernel 6.18): by priority, and at equal priorities the chain added last first
 * (nf_hook_entries_grow inserts a new hook before those of its priority).
 */
final class NftHookOrderTest {

  private static final String NFT = "ip netns exec r nft ";

  /**
   * Kernel: chains A then B at forward priority 0, each {@code icmp type echo-request counter
   * drop}: B's counter is 1, A's 0.
   */
  @Test
  void atEqualPriorities_theChainAddedLast_runsFirst() throws Exception {
    Simulation sim =
        Scenarios.router()
            .add(
                NFT + "add table ip t",
                NFT + "add chain ip t A '{ type filter hook forward priority 0; policy accept; }'",
                NFT + "add chain ip t B '{ type filter hook forward priority 0; policy accept; }'",
                NFT + "add rule ip t A icmp type echo-request counter drop",
                NFT + "add rule ip t B icmp type echo-request counter drop")
            .simulation();
    long id = ping(sim, "h", "10.2.0.1");
    assertThat(dropped(sim, id))
        .get()
        .isInstanceOfSatisfying(
            DropReason.NftRuleDrop.class, d -> assertThat(d.chain()).isEqualTo("B"));
    assertThat(steps(sim, id, Step.Nftables.class))
        .extracting(Step.Nftables::chain)
        .containsExactly("B");
  }

  /**
   * Kernel: a chain at forward priority -160 sets mark 1, iptables' mangle FORWARD (-150) turns
   * mark 1 into 2, a chain at -155 counts mark 1 and one at -140 counts mark 2 (both 1 packet; the
   * -140 chain's {@code meta mark 1} rule 0): the chains and the table interleave by priority.
   */
  @Test
  void nftChainsAndIptablesTables_interleaveByPriority() throws Exception {
    Simulation sim =
        Scenarios.router()
            .add(
                NFT + "add table ip t",
                NFT
                    + "add chain ip t early '{ type filter hook forward priority -160; policy"
                    + " accept; }'",
                NFT
                    + "add chain ip t mid '{ type filter hook forward priority -155; policy accept;"
                    + " }'",
                NFT
                    + "add chain ip t late '{ type filter hook forward priority -140; policy"
                    + " accept; }'",
                NFT + "add rule ip t early icmp type echo-request meta mark set 1",
                NFT + "add rule ip t mid meta mark 1 counter",
                NFT + "add rule ip t late meta mark 2 counter drop",
                "ip netns exec r iptables -t mangle -A FORWARD -m mark --mark 1 -j MARK"
                    + " --set-mark 2")
            .simulation();
    long id = ping(sim, "h", "10.2.0.1");
    assertThat(dropped(sim, id))
        .get()
        .isInstanceOfSatisfying(
            DropReason.NftRuleDrop.class, d -> assertThat(d.chain()).isEqualTo("late"));
    assertThat(steps(sim, id))
        .filteredOn(
            s ->
                s instanceof Step.Nftables
                    || s instanceof Step.Netfilter nf
                        && nf.table() == dev.podpath.model.netfilter.NetfilterTable.MANGLE
                        && nf.hook() == dev.podpath.model.netfilter.Hook.FORWARD)
        .extracting(s -> s instanceof Step.Nftables n ? n.chain() : "iptables mangle")
        .containsExactly("early", "mid", "iptables mangle", "late");
  }
}
