package dev.podpath.model.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podpath.model.dump.DumpWarning;
import dev.podpath.model.dump.KubectlEndpointSlicesParser;
import dev.podpath.model.dump.KubectlEndpointsParser;
import dev.podpath.model.kube.KubeEndpoints;
import dev.podpath.model.netfilter.Ruleset;
import dev.podpath.model.netfilter.parse.IptablesSaveParser;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** kube-proxy's rules on a node against the Services' endpoints: the stale-kube-proxy case. */
final class KubeProxyCheckTest {

  /**
   * kube-proxy's rules for kube-dns (dns, dns-tcp) with endpoints 10.1.0.64 and 10.1.0.67, and one
   * REJECT.
   */
  private static final String RULES =
      String.join(
          "\n",
          "*filter",
          ":KUBE-SERVICES - [0:0]",
          "-A KUBE-SERVICES -d 10.2.142.214/32 -p tcp -m comment --comment \"ingress-nginx/admission:https-webhook has no endpoints\" -m tcp --dport 443 -j REJECT --reject-with icmp-port-unreachable",
          "COMMIT",
          "*nat",
          ":KUBE-SEP-A - [0:0]",
          ":KUBE-SEP-B - [0:0]",
          ":KUBE-SEP-C - [0:0]",
          ":KUBE-SEP-D - [0:0]",
          "-A KUBE-SEP-A -s 10.1.0.64/32 -m comment --comment \"kube-system/kube-dns:dns\" -j KUBE-MARK-MASQ",
          "-A KUBE-SEP-A -p udp -m comment --comment \"kube-system/kube-dns:dns\" -m udp -j DNAT --to-destination 10.1.0.64:53",
          "-A KUBE-SEP-B -p udp -m comment --comment \"kube-system/kube-dns:dns\" -m udp -j DNAT --to-destination 10.1.0.67:53",
          "-A KUBE-SEP-C -p tcp -m comment --comment \"kube-system/kube-dns:dns-tcp\" -m tcp -j DNAT --to-destination 10.1.0.64:53",
          "-A KUBE-SEP-D -p tcp -m comment --comment \"kube-system/kube-dns:dns-tcp\" -m tcp -j DNAT --to-destination 10.1.0.67:53",
          ":KUBE-MARK-MASQ - [0:0]",
          "COMMIT",
          "");

  private static Map<String, Ruleset> node() throws Exception {
    return Map.of("worker1", IptablesSaveParser.parse("worker1/iptables-save.txt", RULES));
  }

  private static List<KubeEndpoints> slices(String... endpoints) {
    StringBuilder eps = new StringBuilder();
    for (String e : endpoints) {
      String[] ipReady = e.split(" ");
      eps.append(eps.length() == 0 ? "" : ",")
          .append("{\"addresses\":[\"")
          .append(ipReady[0])
          .append("\"],\"conditions\":{\"ready\":")
          .append(ipReady.length > 1 ? ipReady[1] : "true")
          .append("}}");
    }
    String json =
        "{\"apiVersion\":\"v1\",\"items\":[{\"addressType\":\"IPv4\",\"apiVersion\":\"discovery.k8s.io/v1\","
            + "\"endpoints\":["
            + eps
            + "],\"kind\":\"EndpointSlice\",\"metadata\":{\"labels\":{\"kubernetes.io/service-name\":"
            + "\"kube-dns\"},\"name\":\"kube-dns-x\",\"namespace\":\"kube-system\"},\"ports\":[{\"name\":\"dns\",\"port\":53,"
            + "\"protocol\":\"UDP\"},{\"name\":\"dns-tcp\",\"port\":53,\"protocol\":\"TCP\"}]},"
            + "{\"addressType\":\"IPv4\",\"apiVersion\":\"discovery.k8s.io/v1\",\"endpoints\":[{\"addresses\":[\"10.1.0.66\"]}],"
            + "\"kind\":\"EndpointSlice\",\"metadata\":{\"labels\":{\"kubernetes.io/service-name\":\"admission\"},"
            + "\"name\":\"admission-x\",\"namespace\":\"ingress-nginx\"},\"ports\":[{\"name\":\"https-webhook\",\"port\":8443,"
            + "\"protocol\":\"TCP\"}]}],\"kind\":\"List\"}";
    var r = KubectlEndpointSlicesParser.parse("kubectl-get-endpointslices.json", json);
    assertThat(r.warnings()).isEmpty();
    return r.value();
  }

  @Test
  void rulesMatchTheReadyEndpoints_noProblemButTheStaleReject() throws Exception {
    List<DumpWarning> w = KubeProxyCheck.check(node(), slices("10.1.0.64", "10.1.0.67"));
    assertThat(w)
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.location()).isEqualTo("worker1/iptables-save.txt:3:1");
              assertThat(p.message())
                  .startsWith(
                      "kube-proxy's rule on worker1 REJECTs ingress-nginx/admission:https-webhook as"
                          + " having no endpoints, but kubectl-get-endpointslices.json:1 lists ready endpoint 10.1.0.66:8443");
              assertThat(p.text()).contains("has no endpoints");
            });
  }

  @Test
  void aNotReadyEndpointStillDnatedTo_isAProblemPerServicePort() throws Exception {
    List<DumpWarning> w = KubeProxyCheck.check(node(), slices("10.1.0.64", "10.1.0.67 false"));
    assertThat(w)
        .filteredOn(p -> p.message().contains("kube-dns"))
        .extracting(DumpWarning::location)
        .containsExactly("worker1/iptables-save.txt:11:1", "worker1/iptables-save.txt:13:1");
    assertThat(w)
        .filteredOn(p -> p.message().contains("kube-dns:dns DNAT"))
        .singleElement()
        .satisfies(
            p ->
                assertThat(p.message())
                    .contains(
                        "DNAT to 10.1.0.64:53, 10.1.0.67:53, but kubectl-get-endpointslices.json:1"
                            + " lists ready endpoint 10.1.0.64:53: DNATed to 10.1.0.67:53, which is not a ready endpoint"));
  }

  @Test
  void noEndpointsDumped_orAServiceTheRulesDoNotName_isNotChecked() throws Exception {
    assertThat(KubeProxyCheck.check(node(), List.of())).isEmpty();
    assertThat(KubeProxyCheck.check(Map.of(), slices("10.1.0.70"))).isEmpty();
  }

  @Test
  void textTable_cutShort_checksOnlyWhatItLists() throws Exception {
    String table =
        String.join(
            "\n",
            "NAMESPACE     NAME                 ENDPOINTS                                            AGE",
            "kube-system   endpoints/kube-dns   10.1.0.64:53,10.1.0.67:53,10.1.0.64:53 + 3 more...   7d22h");
    List<KubeEndpoints> eps =
        KubectlEndpointsParser.parse("kubectl-get-endpoints.txt", table).value();
    assertThat(KubeProxyCheck.check(node(), eps)).isEmpty();
    String moved = table.replace("10.1.0.67:53,", "10.1.0.99:53,");
    List<DumpWarning> w =
        KubeProxyCheck.check(
            node(), KubectlEndpointsParser.parse("kubectl-get-endpoints.txt", moved).value());
    assertThat(w)
        .singleElement()
        .satisfies(
            p ->
                assertThat(p.message())
                    .contains(
                        "for kube-system/kube-dns DNAT to 10.1.0.64:53, 10.1.0.67:53, but kubectl-get-endpoints.txt:2 lists"
                            + " ready endpoints 10.1.0.64:53, 10.1.0.99:53 (kubectl's table shows only the first): not DNATed to 10.1.0.99:53;")
                    .doesNotContain("which is not a ready endpoint"));
  }
}
