package dev.podpath.model.nft.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.podpath.model.netfilter.Hook;
import dev.podpath.model.netfilter.NftExpr;
import dev.podpath.model.netfilter.NftKey;
import dev.podpath.model.netfilter.NftSetRef;
import dev.podpath.model.netfilter.Nftables;
import dev.podpath.model.netfilter.Policy;
import dev.podpath.model.origin.Origin;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The nft command language and the form {@code nft list ruleset} prints, read into the model. */
final class NftCommandsTest {

  /**
   * kube-proxy's base rules and one Service as its nftables proxier writes them (the expected
   * ruleset of TestOverallNFTablesRules in kubernetes/kubernetes
   * pkg/proxy/nftables/proxier_test.go, a part of it; the endpoint chain is added before the rule
   * that jumps to it, as the kernel needs within one transaction).
   */
  static final String KUBE_PROXY_BASE =
      """
      add table ip kube-proxy { comment "rules for kube-proxy" ; }
      add set ip kube-proxy cluster-ips { type ipv4_addr ; comment "Active ClusterIPs" ; }
      add set ip kube-proxy nodeport-ips { type ipv4_addr ; comment "IPs that accept NodePort traffic" ; }
      add map ip kube-proxy no-endpoint-nodeports { type inet_proto . inet_service : verdict ; comment "vmap to drop or reject packets to service nodeports with no endpoints" ; }
      add map ip kube-proxy no-endpoint-services { type ipv4_addr . inet_proto . inet_service : verdict ; comment "vmap to drop or reject packets to services with no endpoints" ; }
      add map ip kube-proxy service-ips { type ipv4_addr . inet_proto . inet_service : verdict ; comment "ClusterIP, ExternalIP and LoadBalancer IP traffic" ; }
      add map ip kube-proxy service-nodeports { type inet_proto . inet_service : verdict ; comment "NodePort traffic" ; }
      add chain ip kube-proxy cluster-ips-check
      add chain ip kube-proxy filter-forward { type filter hook forward priority 0 ; }
      add chain ip kube-proxy mark-for-masquerade
      add chain ip kube-proxy masquerading
      add chain ip kube-proxy nat-postrouting { type nat hook postrouting priority 100 ; }
      add chain ip kube-proxy nat-prerouting { type nat hook prerouting priority -100 ; }
      add chain ip kube-proxy reject-chain { comment "helper for @no-endpoint-services / @no-endpoint-nodeports" ; }
      add chain ip kube-proxy services
      add chain ip kube-proxy service-endpoints-check
      add rule ip kube-proxy cluster-ips-check ip daddr @cluster-ips reject comment "Reject traffic to invalid ports of ClusterIPs"
      add rule ip kube-proxy cluster-ips-check ip daddr { 172.30.0.0/16 } drop comment "Drop traffic to unallocated ClusterIPs"
      add rule ip kube-proxy filter-forward ct state new jump service-endpoints-check
      add rule ip kube-proxy mark-for-masquerade mark set mark or 0x4000
      add rule ip kube-proxy masquerading mark and 0x4000 == 0 return
      add rule ip kube-proxy masquerading mark set mark xor 0x4000
      add rule ip kube-proxy masquerading masquerade fully-random
      add rule ip kube-proxy nat-postrouting jump masquerading
      add rule ip kube-proxy nat-prerouting jump services
      add rule ip kube-proxy reject-chain reject
      add rule ip kube-proxy services ip daddr . meta l4proto . th dport vmap @service-ips
      add rule ip kube-proxy services ip daddr @nodeport-ips meta l4proto . th dport vmap @service-nodeports
      add element ip kube-proxy nodeport-ips { 192.168.0.2 }
      add rule ip kube-proxy service-endpoints-check ip daddr . meta l4proto . th dport vmap @no-endpoint-services
      add chain ip kube-proxy service-ULMVA6XW-ns1/svc1/tcp/p80
      add chain ip kube-proxy endpoint-5OJB2KTY-ns1/svc1/tcp/p80__10.180.0.1/80
      add rule ip kube-proxy service-ULMVA6XW-ns1/svc1/tcp/p80 ip daddr 172.30.0.41 ip saddr != 10.0.0.0/8 jump mark-for-masquerade
      add rule ip kube-proxy service-ULMVA6XW-ns1/svc1/tcp/p80 numgen random mod 1 vmap { 0 : goto endpoint-5OJB2KTY-ns1/svc1/tcp/p80__10.180.0.1/80 }
      add rule ip kube-proxy endpoint-5OJB2KTY-ns1/svc1/tcp/p80__10.180.0.1/80 ip saddr 10.180.0.1 jump mark-for-masquerade
      add rule ip kube-proxy endpoint-5OJB2KTY-ns1/svc1/tcp/p80__10.180.0.1/80 meta l4proto tcp dnat to 10.180.0.1:80
      add element ip kube-proxy cluster-ips { 172.30.0.41 }
      add element ip kube-proxy service-ips { 172.30.0.41 . tcp . 80 : goto service-ULMVA6XW-ns1/svc1/tcp/p80 }
      add element ip kube-proxy no-endpoint-services { 1.2.3.4 . tcp . 80 comment "ns2/svc2:p80" : drop }
      """;

  private static List<String> run(NftBuilder b, String text) {
    return NftCommands.run(b, text, line -> new Origin("rules.nft", line, ""));
  }

  @Test
  void kubeProxysRules_areReadWithTheirSetsMapsAndVerdictMaps() {
    NftBuilder b = new NftBuilder();
    List<String> kernel = run(b, KUBE_PROXY_BASE);
    Nftables nft = b.build();
    assertThat(nft.tables()).hasSize(1);
    var t = nft.tables().get(0);
    assertThat(t.sets().get("service-ips").elements()).hasSize(1);
    assertThat(t.sets().get("service-ips").elements().get(0).render())
        .isEqualTo("172.30.0.41 . tcp . 80 : goto service-ULMVA6XW-ns1/svc1/tcp/p80");
    assertThat(nft.baseChains(Hook.PREROUTING)).hasSize(1);
    assertThat(nft.baseChains(Hook.FORWARD).get(0).base().policy()).isEqualTo(Policy.ACCEPT);
    var services = t.chains().get("services").rules().get(0);
    assertThat(services.exprs().get(0)).isInstanceOf(NftExpr.Vmap.class);
    assertThat(((NftExpr.Vmap) services.exprs().get(0)).key()).isInstanceOf(NftKey.Concat.class);
    assertThat(nft.rules()).noneMatch(r -> r.notModelled().isPresent());
    assertThat(t.chains().get("masquerading").rules().get(0).text())
        .isEqualTo("meta mark & 0x00004000 == 0x00000000 return");
    assertThat(kernel).contains("add rule ip kube-proxy nat-prerouting jump services");
    // what podpath renders reads back to the same model
    NftBuilder again = new NftBuilder();
    run(again, String.join("\n", kernel));
    assertThat(again.build().render()).isEqualTo(nft.render());
  }

  /**
   * kube-proxy-listed.nft is what {@code nft list ruleset} (nftables 1.0.6, kernel 6.18) printed
   * after {@code nft -f -} of the commands podpath rendered from {@link #KUBE_PROXY_BASE}: read
   * back, it is the same ruleset.
   */
  @Test
  void theKernelsListing_readsBackToTheSameRuleset() throws Exception {
    NftBuilder fromCommands = new NftBuilder();
    run(fromCommands, KUBE_PROXY_BASE);
    String listed;
    try (var in = NftCommandsTest.class.getResourceAsStream("kube-proxy-listed.nft")) {
      listed = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
    NftBuilder fromListing = new NftBuilder();
    run(fromListing, listed);
    assertThat(fromListing.build().render()).isEqualTo(fromCommands.build().render());
  }

  @Test
  void listRulesetBlocks_areRead() {
    NftBuilder b = new NftBuilder();
    run(
        b,
        """
        table inet fw {
        \tset allowed {
        \t\ttype inet_service
        \t\telements = { 22, 80 }
        \t}

        \tchain input {
        \t\ttype filter hook input priority filter; policy drop;
        \t\tct state established,related accept
        \t\tiifname "lo" accept
        \t\ttcp dport @allowed counter packets 3 bytes 180 accept # handle 4
        \t\ticmp type echo-request accept
        \t\tjump later
        \t}
        \tchain later {
        \t\tip saddr 10.0.0.0/8 tcp dport { 1000-2000, 3000 } reject with tcp reset
        \t}
        }
        """);
    Nftables nft = b.build();
    var input = nft.baseChains(Hook.INPUT).get(0);
    assertThat(input.base().policy()).isEqualTo(Policy.DROP);
    assertThat(input.base().priority()).isZero();
    assertThat(input.chain().rules()).hasSize(5);
    assertThat(input.chain().rules().get(0).origin().line()).isEqualTo(9);
    var m = (NftExpr.Match) input.chain().rules().get(2).exprs().get(0);
    assertThat(m.values()).isEqualTo(new NftSetRef.Named("allowed"));
  }

  @Test
  void aTransaction_failsWhole_atTheLineOfItsFirstRefusal() {
    NftBuilder b = new NftBuilder();
    run(b, "add table ip t\n");
    assertThatThrownBy(
            () -> run(b, "add chain ip t c\nadd rule ip t c jump nowhere\nadd chain ip t d\n"))
        .isInstanceOf(NftError.class)
        .hasMessageContaining("No such file or directory")
        .satisfies(e -> assertThat(((NftError) e).line()).isEqualTo(2));
    assertThat(b.build().tables().get(0).chains()).isEmpty();
    assertThatThrownBy(() -> run(b, "add rule ip t c tcp dport 80 accept\n"))
        .hasMessageContaining("no chain c");
    assertThatThrownBy(() -> run(b, "add chain ip t c\nadd rule ip t c tcp dport 99999 accept\n"))
        .hasMessageContaining("exceeds valid range")
        .satisfies(e -> assertThat(((NftError) e).line()).isEqualTo(2));
    assertThatThrownBy(() -> run(b, "add chain ip t f { type nat hook forward priority 0 ; }"))
        .hasMessageContaining("Operation not supported");
  }

  @Test
  void whatPodpathDoesNotModel_isKeptAtTheRule() {
    NftBuilder b = new NftBuilder();
    run(
        b,
        "add table ip t\nadd chain ip t c\nadd rule ip t c ip6 saddr ::1 accept\n"
            + "add rule ip t c tcp dport 22 limit rate 3/minute accept\n");
    var rules = b.build().tables().get(0).chains().get("c").rules();
    assertThat(rules.get(0).notModelled()).isPresent();
    assertThat(rules.get(1).exprs().get(0)).isInstanceOf(NftExpr.Match.class);
    assertThat(rules.get(1).notModelled().orElseThrow().render())
        .isEqualTo("limit rate 3/minute accept");
  }
}
