package dev.podpath.model.dump;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.kube.KubeEndpoints;
import dev.podpath.model.kube.KubeService;
import dev.podpath.model.kube.ServicePort;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * kubectl get services / endpoints / endpointslices: the wide tables and JSON of several versions.
 */
final class KubectlServicesAndEndpointsTest {

  private static List<KubeService> services(String fixture) {
    ParseResult<List<KubeService>> r = KubectlServicesParser.parse(fixture, Fixtures.read(fixture));
    assertThat(r.warnings()).isEmpty();
    return r.value();
  }

  private static KubeService named(List<KubeService> all, String qualified) {
    return all.stream().filter(s -> s.qualifiedName().equals(qualified)).findFirst().orElseThrow();
  }

  @Test
  void servicesWide_realTable_portsNodePortsPendingAndKindPrefix() {
    List<KubeService> all = services("kubectl/get-services-A-wide.txt");
    assertThat(all)
        .extracting(KubeService::qualifiedName)
        .containsExactly(
            "default/kubernetes",
            "ingress-nginx/ingress-nginx-controller",
            "ingress-nginx/ingress-nginx-controller-admission",
            "jenkins/jenkins",
            "jenkins/jenkins-agent",
            "kube-system/kube-dns");
    KubeService lb = named(all, "ingress-nginx/ingress-nginx-controller");
    assertThat(lb.type()).isEqualTo("LoadBalancer");
    assertThat(lb.externalIps()).isEmpty();
    assertThat(lb.ports())
        .extracting(ServicePort::toString)
        .containsExactly("80:31674/TCP", "443:31306/TCP");
    assertThat(lb.selector()).containsEntry("app.kubernetes.io/component", "controller").hasSize(3);
    KubeService dns = named(all, "kube-system/kube-dns");
    assertThat(dns.clusterIp()).contains(Ipv4Address.parse("10.2.0.10"));
    assertThat(dns.ports())
        .extracting(p -> p.port() + "/" + p.protocol())
        .containsExactly("53/UDP", "53/TCP", "9153/TCP");
    assertThat(named(all, "default/kubernetes").selector()).isEmpty();
  }

  @Test
  void servicesWide_128_headlessExternalNameExternalIpsAndPending() {
    List<KubeService> all = services("kubectl/get-services-A-wide-1.28.txt");
    KubeService headless = named(all, "default/web-headless");
    assertThat(headless.headless()).isTrue();
    assertThat(headless.clusterIp()).isEmpty();
    KubeService db = named(all, "default/db");
    assertThat(db.type()).isEqualTo("ExternalName");
    assertThat(db.clusterIp()).isEmpty();
    assertThat(db.headless()).isFalse();
    assertThat(db.ports()).isEmpty();
    assertThat(named(all, "default/web").externalIps())
        .containsExactly(Ipv4Address.parse("203.0.113.10"), Ipv4Address.parse("203.0.113.11"));
    assertThat(named(all, "monitoring/pending-lb").externalIps()).isEmpty();
    assertThat(named(all, "monitoring/grafana").ports().get(0).nodePort())
        .isEqualTo(OptionalInt.of(31300));
  }

  @Test
  void servicesJson_118_withoutClusterIps() {
    List<KubeService> all = services("kubectl/get-services-A-1.18.json");
    KubeService api = named(all, "default/kubernetes");
    assertThat(api.clusterIp()).contains(Ipv4Address.parse("10.96.0.1"));
    assertThat(api.ports())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.name()).contains("https");
              assertThat(p.port()).isEqualTo(443);
              assertThat(p.targetPort()).contains("6443");
            });
    assertThat(named(all, "kube-system/kube-dns").port("dns-tcp"))
        .extracting(ServicePort::protocol)
        .containsExactly("TCP");
    assertThat(named(all, "kube-system/kube-dns").port("53")).hasSize(2);
    KubeService headless = named(all, "default/web-headless");
    assertThat(headless.headless()).isTrue();
    assertThat(headless.ports().get(0).targetPort()).contains("http");
  }

  @Test
  void servicesJson_128_clusterIpsDualStackLoadBalancerAndExternalName() {
    List<KubeService> all = services("kubectl/get-services-A-1.28.json");
    KubeService dual = named(all, "default/dual");
    assertThat(dual.clusterIp())
        .as("the IPv4 one of clusterIPs")
        .contains(Ipv4Address.parse("10.2.9.42"));
    assertThat(dual.ports().get(0).name()).isEmpty();
    KubeService lb = named(all, "ingress-nginx/ingress-nginx-controller");
    assertThat(lb.loadBalancerIps()).containsExactly(Ipv4Address.parse("203.0.113.20"));
    assertThat(lb.externalIps()).containsExactly(Ipv4Address.parse("192.168.1.50"));
    assertThat(lb.ports())
        .extracting(ServicePort::toString)
        .containsExactly("http 80:31674/TCP", "https 443:31306/TCP");
    KubeService db = named(all, "default/db");
    assertThat(db.type()).isEqualTo("ExternalName");
    assertThat(db.clusterIp()).isEmpty();
    assertThat(db.origin().location())
        .isEqualTo("kubectl/get-services-A-1.28.json:" + db.origin().line());
  }

  @Test
  void servicesWide_badPortAndAddress_warnWithLineAndColumn() {
    String text =
        String.join(
            "\n",
            "NAMESPACE   NAME   TYPE        CLUSTER-IP   EXTERNAL-IP   PORT(S)               AGE",
            "default     a      ClusterIP   10.0.0.300   <none>        80/TCP,99999/TCP      1d",
            "default     b      ClusterIP   10.0.0.2     <none>        http/TCP              1d");
    ParseResult<List<KubeService>> r = KubectlServicesParser.parse("svc.txt", text);
    assertThat(r.value()).hasSize(2);
    assertThat(r.value().get(0).clusterIp()).isEmpty();
    assertThat(r.value().get(0).ports()).extracting(ServicePort::port).containsExactly(80);
    assertThat(r.warnings())
        .extracting(w -> w.line() + ":" + w.column())
        .containsExactly("2:32", "2:66", "3:59");
    assertThat(r.warnings().get(1).message()).contains("99999/TCP");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "kubectl/get-pods-A-wide.txt",
        "kubectl/get-endpoints-A.json",
        "kubectl/get-nodes.json"
      })
  void services_otherCommandsOutput_isOneWholeFileWarning(String fixture) {
    ParseResult<List<KubeService>> r = KubectlServicesParser.parse(fixture, Fixtures.read(fixture));
    assertThat(r.value()).isEmpty();
    assertThat(r.warnings())
        .singleElement()
        .satisfies(
            w -> {
              assertThat(w.line()).isZero();
              assertThat(w.message()).contains("not of `kubectl get services -A -o wide`");
            });
  }

  @Test
  void endpointsWide_realTable_truncatedListAndEmptyCells() {
    ParseResult<List<KubeEndpoints>> r =
        KubectlEndpointsParser.parse("e.txt", Fixtures.read("kubectl/get-endpoints-A-wide.txt"));
    assertThat(r.warnings()).isEmpty();
    Map<String, KubeEndpoints> by = new java.util.LinkedHashMap<>();
    r.value().forEach(e -> by.put(e.qualifiedName(), e));
    assertThat(by.get("default/kubernetes").endpoints())
        .extracting(KubeEndpoints.Endpoint::address)
        .containsExactly("192.168.1.5:6443");
    KubeEndpoints dns = by.get("kube-system/kube-dns");
    assertThat(dns.truncated()).isTrue();
    assertThat(dns.endpoints())
        .extracting(KubeEndpoints.Endpoint::address)
        .containsExactly("10.1.0.64:53", "10.1.0.67:53", "10.1.0.64:53");
    assertThat(dns.endpoints()).allMatch(KubeEndpoints.Endpoint::ready);
    assertThat(by.get("kube-system/cluster.local-nfs-subdir-external-provisioner").endpoints())
        .isEmpty();
    assertThat(by.get("ingress-nginx/ingress-nginx-controller").endpoints())
        .extracting(KubeEndpoints.Endpoint::address)
        .containsExactly("10.1.0.66:443", "10.1.0.66:80");
  }

  @Test
  void endpointsWide_notReady_blankCellsHaveNoEndpoints() {
    ParseResult<List<KubeEndpoints>> r =
        KubectlEndpointsParser.parse(
            "e.txt", Fixtures.read("kubectl/get-endpoints-A-wide-not-ready.txt"));
    assertThat(r.warnings()).isEmpty();
    assertThat(r.value()).hasSize(7);
    assertThat(r.value())
        .filteredOn(e -> e.service().equals("kube-dns"))
        .singleElement()
        .satisfies(e -> assertThat(e.endpoints()).isEmpty());
  }

  @Test
  void endpointsWide_collapsedSpacing_truncatedAndEmptyCellsStillRead() {
    String text =
        String.join(
            "\n",
            "NAMESPACE NAME ENDPOINTS AGE",
            "default endpoints/kubernetes 192.168.1.5:6443 7d22h",
            "kube-system endpoints/kube-dns 10.1.0.64:53,10.1.0.67:53,10.1.0.64:53 + 3 more... 7d22h",
            "jenkins endpoints/jenkins 4d14h");
    ParseResult<List<KubeEndpoints>> r = KubectlEndpointsParser.parse("e.txt", text);
    assertThat(r.warnings()).isEmpty();
    assertThat(r.value()).extracting(KubeEndpoints::truncated).containsExactly(false, true, false);
    assertThat(r.value().get(1).endpoints()).hasSize(3);
    assertThat(r.value().get(2).endpoints()).isEmpty();
  }

  @Test
  void endpointsJson_notReadyAddressesTargetRefsAndPortNames() {
    ParseResult<List<KubeEndpoints>> r =
        KubectlEndpointsParser.parse("e.json", Fixtures.read("kubectl/get-endpoints-A.json"));
    assertThat(r.warnings()).isEmpty();
    assertThat(r.value())
        .extracting(KubeEndpoints::qualifiedName)
        .containsExactly(
            "default/kubernetes",
            "kube-system/kube-dns",
            "kube-system/cluster.local-nfs-subdir-external-provisioner");
    KubeEndpoints api = r.value().get(0);
    assertThat(api.endpoints())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.address()).isEqualTo("192.168.1.5:6443");
              assertThat(e.portName()).contains("https");
              assertThat(e.pod()).isEmpty();
              assertThat(e.ready()).isTrue();
            });
    KubeEndpoints dns = r.value().get(1);
    assertThat(dns.ready()).isEmpty();
    assertThat(dns.endpoints()).hasSize(6);
    assertThat(dns.endpoints().get(0).pod()).contains("kube-system/coredns-5b8bf7b657-rqndm");
    assertThat(dns.endpoints().get(0).node()).contains("master-01");
    assertThat(dns.endpoints())
        .extracting(e -> e.portName().orElseThrow() + "/" + e.protocol().orElseThrow())
        .contains("dns/UDP", "dns-tcp/TCP", "metrics/TCP");
    assertThat(r.value().get(2).endpoints()).isEmpty();
  }

  @Test
  void endpointSlicesV1_readyConditionTargetRefAndServiceLabel() {
    ParseResult<List<KubeEndpoints>> r =
        KubectlEndpointSlicesParser.parse(
            "s.json", Fixtures.read("kubectl/get-endpointslices-A.json"));
    assertThat(r.warnings()).isEmpty();
    assertThat(r.value())
        .extracting(KubeEndpoints::qualifiedName)
        .containsExactly("default/kubernetes", "kube-system/kube-dns");
    KubeEndpoints dns = r.value().get(1);
    assertThat(dns.ready()).hasSize(6);
    assertThat(dns.endpoints())
        .filteredOn(e -> e.portName().equals(Optional.of("dns")))
        .extracting(e -> e.address() + " " + e.pod().orElseThrow())
        .containsExactly(
            "10.1.0.64:53 kube-system/coredns-857d9ff4c9-wwczd",
            "10.1.0.67:53 kube-system/coredns-857d9ff4c9-7m27z");
  }

  @Test
  void endpointSlicesV1beta1_topologyNodeNotReadyAndFqdnSliceSkippedWithWarning() {
    ParseResult<List<KubeEndpoints>> r =
        KubectlEndpointSlicesParser.parse(
            "s.json", Fixtures.read("kubectl/get-endpointslices-A-v1beta1.json"));
    assertThat(r.value())
        .extracting(KubeEndpoints::qualifiedName)
        .containsExactly("kube-system/kube-dns");
    assertThat(r.value().get(0).endpoints())
        .filteredOn(e -> e.ip().equals(Ipv4Address.parse("10.244.1.4")))
        .allSatisfy(
            e -> {
              assertThat(e.ready()).isFalse();
              assertThat(e.node()).contains("worker1");
            });
    assertThat(r.warnings())
        .singleElement()
        .satisfies(
            w -> {
              assertThat(w.message()).contains("addressType FQDN");
              assertThat(w.line()).isGreaterThan(1);
            });
  }

  @Test
  void endpointSlices_sliceWithoutServiceLabel_isSkippedNamingIt() {
    String json =
        "{\"apiVersion\":\"v1\",\"items\":[{\"addressType\":\"IPv4\",\"apiVersion\":\"discovery.k8s.io/v1\","
            + "\"endpoints\":[{\"addresses\":[\"10.0.0.5\"]}],\"kind\":\"EndpointSlice\",\"metadata\":{\"name\":\"mine\","
            + "\"namespace\":\"default\"},\"ports\":[{\"port\":80}]}],\"kind\":\"List\"}";
    ParseResult<List<KubeEndpoints>> r = KubectlEndpointSlicesParser.parse("s.json", json);
    assertThat(r.value()).isEmpty();
    assertThat(r.warnings())
        .singleElement()
        .satisfies(
            w ->
                assertThat(w.message())
                    .contains("default/mine")
                    .contains("kubernetes.io/service-name"));
  }

  @Test
  void detection_tellsTheKubectlListsApart() {
    assertThat(DumpFormat.sniff(Fixtures.read("kubectl/get-endpoints-A.json")))
        .contains(DumpFormat.KUBECTL_ENDPOINTS_JSON);
    assertThat(DumpFormat.sniff(Fixtures.read("kubectl/get-endpointslices-A.json")))
        .contains(DumpFormat.KUBECTL_ENDPOINTSLICES_JSON);
    assertThat(DumpFormat.sniff(Fixtures.read("kubectl/get-services-A-1.18.json")))
        .contains(DumpFormat.KUBECTL_SERVICES_JSON);
    assertThat(DumpFormat.sniff(Fixtures.read("kubectl/get-services-A-wide.txt")))
        .contains(DumpFormat.KUBECTL_SERVICES_WIDE);
    assertThat(DumpFormat.sniff(Fixtures.read("kubectl/get-endpoints-A-wide.txt")))
        .contains(DumpFormat.KUBECTL_ENDPOINTS_WIDE);
    assertThat(DumpFormat.sniff(Fixtures.read("kubectl/get-pods-A.json")))
        .contains(DumpFormat.KUBECTL_PODS_JSON);
    assertThat(DumpFormat.claimedBy("kubectl-get-endpointslices.json"))
        .contains(DumpFormat.KUBECTL_ENDPOINTSLICES_JSON);
    assertThat(DumpFormat.claimedBy("kubectl-get-services.txt"))
        .contains(DumpFormat.KUBECTL_SERVICES_WIDE);
  }
}
