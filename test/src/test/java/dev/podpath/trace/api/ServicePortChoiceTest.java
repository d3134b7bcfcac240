package dev.podpath.trace.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.kube.KubeService;
import dev.podpath.model.kube.ServicePort;
import dev.podpath.model.origin.Origin;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/**
 * Which protocol and port a probe to a Service gets: asked, given, the only one, or the first
 * (said). In the test module, in the API's package: the tracer module has no tests of its own.
 */
final class ServicePortChoiceTest {

  private static ServicePort port(String name, String proto, int port) {
    return new ServicePort(
        Optional.ofNullable(name), proto, port, Optional.empty(), OptionalInt.empty());
  }

  private static KubeService service(ServicePort... ports) {
    return new KubeService(
        Optional.of("kube-system"),
        "kube-dns",
        "ClusterIP",
        Optional.of(Ipv4Address.parse("10.2.0.10")),
        false,
        List.of(ports),
        List.of(),
        List.of(),
        Map.of(),
        new Origin("kubectl-get-services.json", 40, "Service x"));
  }

  private static final KubeService DNS =
      service(port("dns", "UDP", 53), port("dns-tcp", "TCP", 53), port("metrics", "TCP", 9153));
  private static final KubeService API = service(port("https", "TCP", 443));

  @Test
  void onlyPort_nothingGiven_isThatPort_withoutAssumption() {
    ServicePortChoice c =
        ServicePortChoice.choose(API, List.of(), Optional.empty(), Optional.empty());
    assertThat(c.protocol()).isEqualTo("tcp");
    assertThat(c.dport()).isEqualTo(443);
    assertThat(c.assumptions()).isEmpty();
    assertThat(c.warnings()).isEmpty();
  }

  @Test
  void severalPorts_nothingGiven_isTheFirst_saidAsAnAssumption() {
    ServicePortChoice c =
        ServicePortChoice.choose(DNS, List.of(), Optional.empty(), Optional.empty());
    assertThat(c.protocol() + " " + c.dport()).isEqualTo("udp 53");
    assertThat(c.assumptions())
        .singleElement()
        .asString()
        .contains("the first port of kube-system/kube-dns that fits, dns 53/UDP")
        .contains("kubectl-get-services.json:40")
        .contains("--to kube-system/kube-dns:PORT");
  }

  @Test
  void protoGiven_picksTheFirstPortOfThatProtocol() {
    ServicePortChoice c =
        ServicePortChoice.choose(DNS, List.of(), Optional.of("tcp"), Optional.empty());
    assertThat(c.port()).contains(DNS.ports().get(1));
    assertThat(c.assumptions()).singleElement().asString().contains("dns-tcp 53/TCP");
  }

  @Test
  void dportGiven_picksItsProtocol() {
    ServicePortChoice c =
        ServicePortChoice.choose(DNS, List.of(), Optional.empty(), Optional.of(9153));
    assertThat(c.protocol() + " " + c.dport()).isEqualTo("tcp 9153");
    assertThat(c.assumptions()).isEmpty();
  }

  @Test
  void askedByName_isThatPort() {
    ServicePortChoice c =
        ServicePortChoice.choose(DNS, DNS.port("dns-tcp"), Optional.empty(), Optional.empty());
    assertThat(c.protocol() + " " + c.dport()).isEqualTo("tcp 53");
    assertThat(c.assumptions()).isEmpty();
  }

  @Test
  void askedByAmbiguousNumber_isTheFirst_saidAsAnAssumption_orNarrowedByProto() {
    ServicePortChoice c =
        ServicePortChoice.choose(DNS, DNS.port("53"), Optional.empty(), Optional.empty());
    assertThat(c.protocol()).isEqualTo("udp");
    assertThat(c.assumptions()).singleElement().asString().contains("that fits --to, dns 53/UDP");
    ServicePortChoice t =
        ServicePortChoice.choose(DNS, DNS.port("53"), Optional.of("tcp"), Optional.empty());
    assertThat(t.protocol()).isEqualTo("tcp");
    assertThat(t.assumptions()).isEmpty();
  }

  @Test
  void askedPortContradictedByDport_isAUserError() {
    assertThatThrownBy(
            () -> ServicePortChoice.choose(DNS, DNS.port("dns"), Optional.empty(), Optional.of(80)))
        .isInstanceOf(InputException.class)
        .hasMessageContaining("names port dns 53/UDP, but --proto/--dport ask for");
  }

  @Test
  void givenPortNotOfTheService_isAWarning_notAnError() {
    ServicePortChoice c =
        ServicePortChoice.choose(API, List.of(), Optional.of("tcp"), Optional.of(8080));
    assertThat(c.protocol() + " " + c.dport()).isEqualTo("tcp 8080");
    assertThat(c.port()).isEmpty();
    assertThat(c.warnings())
        .singleElement()
        .asString()
        .startsWith("8080/TCP is not a port of kube-system/kube-dns (its ports: https 443/TCP")
        .contains("kube-proxy has no rule for it");
  }

  @Test
  void icmpGiven_isAWarning() {
    ServicePortChoice c =
        ServicePortChoice.choose(API, List.of(), Optional.of("icmp"), Optional.empty());
    assertThat(c.protocol()).isEqualTo("icmp");
    assertThat(c.warnings())
        .singleElement()
        .asString()
        .contains("kube-proxy DNATs only the Service's ports");
  }

  @Test
  void noPorts_usesTheDefaults_saidAsAnAssumption() {
    ServicePortChoice c =
        ServicePortChoice.choose(service(), List.of(), Optional.empty(), Optional.empty());
    assertThat(c.protocol()).isEqualTo("icmp");
    assertThat(c.assumptions()).singleElement().asString().contains("lists no ports");
  }

  @Test
  void sctpPort_isNotModelled_aUserError() {
    assertThatThrownBy(
            () ->
                ServicePortChoice.choose(
                    service(port("s", "SCTP", 9)), List.of(), Optional.empty(), Optional.empty()))
        .isInstanceOf(InputException.class)
        .hasMessageContaining("SCTP, which podpath does not model");
  }
}
