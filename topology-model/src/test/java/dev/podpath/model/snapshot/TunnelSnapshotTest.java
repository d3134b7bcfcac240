package dev.podpath.model.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.addr.MacAddress;
import dev.podpath.model.addr.Prefix;
import dev.podpath.model.bridge.FdbEntry;
import dev.podpath.model.topo.DeviceRef;
import dev.podpath.model.topo.LinkKind;
import dev.podpath.model.topo.NetDevice;
import dev.podpath.model.topo.Topology;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Given a node's dumps with VXLAN and TUN devices (the real output of make-tunnel-fixtures.sh),
 * when assembled, then the model's tunnel devices, and behind a TUN device the program {@code
 * ps.txt} shows holding it.
 */
final class TunnelSnapshotTest {

  @TempDir Path dir;

  private void fixture(String resource, String to) throws IOException {
    Path p = dir.resolve(to);
    Files.createDirectories(p.getParent());
    try (InputStream in = getClass().getResourceAsStream("/dev/podpath/model/dump/" + resource)) {
      Files.write(p, in.readAllBytes());
    }
  }

  private void write(String rel, String content) throws IOException {
    Path p = dir.resolve(rel);
    Files.createDirectories(p.getParent());
    Files.writeString(p, content);
  }

  private static NetDevice dev(Topology t, String name) {
    return t.device(DeviceRef.of("node1", name))
        .orElseThrow(() -> new AssertionError("no " + name));
  }

  @ParameterizedTest
  @ValueSource(strings = {"ip-d-link.json", "ip-d-link.txt"})
  void vxlanDevice_fromTheLinkDump_withItsFdbEntries(String linkDump) throws Exception {
    fixture(
        "tunnels-6.1.0/" + linkDump,
        "node1/ip-link." + (linkDump.endsWith(".json") ? "json" : "txt"));
    fixture("tunnels-6.1.0/bridge-fdb.json", "node1/bridge-fdb.json");
    Snapshot s = Snapshot.load(dir, Snapshot.Options.DEFAULTS);
    assertThat(s.warnings()).isEmpty();
    Topology t = s.topology();
    NetDevice flannel = dev(t, "flannel.1");
    assertThat(flannel.kind())
        .isEqualTo(
            new LinkKind.Vxlan(
                1,
                Optional.of(Ipv4Address.parse("192.168.1.10")),
                Optional.empty(),
                Optional.of("eth0"),
                8472,
                /* learning= */ false,
                /* ttl= */ 0,
                /* ttlInherit= */ false));
    assertThat(flannel.mac()).isEqualTo(MacAddress.parse("0e:f1:00:00:00:17"));
    assertThat(flannel.mtu()).isEqualTo(1450);
    assertThat(dev(t, "vx2").kind())
        .isInstanceOfSatisfying(LinkKind.Vxlan.class, v -> assertThat(v.ttlInherit()).isTrue());
    assertThat(t.netns(dev.podpath.model.topo.NetnsName.of("node1")).orElseThrow().fdb())
        .filteredOn(e -> e.dev().equals("vx0"))
        .extracting(FdbEntry::mac, FdbEntry::dst)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                MacAddress.ZERO, Optional.of(Ipv4Address.parse("192.168.1.20"))));
    assertThat(dev(t, "tap0").kind()).isEqualTo(new LinkKind.NotModelled("tap"));
  }

  @Test
  void vxlanDevice_withoutAnFdbDump_hasItsFdbUnknown() throws Exception {
    fixture("tunnels-6.1.0/ip-d-link.json", "node1/ip-link.json");
    Snapshot s = Snapshot.load(dir, Snapshot.Options.DEFAULTS);
    assertThat(dev(s.topology(), "flannel.1").kind())
        .isInstanceOfSatisfying(
            LinkKind.Vxlan.class,
            v ->
                assertThat(v.fdbUnknown())
                    .contains(
                        "the FDB of flannel.1 was not dumped (bridge fdb show): where it"
                            + " sends this frame is not known"));
    write("node1/bridge-fdb.json", "[]");
    assertThat(dev(Snapshot.load(dir, Snapshot.Options.DEFAULTS).topology(), "flannel.1").kind())
        .isInstanceOfSatisfying(LinkKind.Vxlan.class, v -> assertThat(v.fdbUnknown()).isEmpty());
  }

  @Test
  void tunDevice_heldByARunningFlanneldUdp_isModelledWithItsLeases() throws Exception {
    fixture("tunnels-6.1.0/ip-d-link.json", "node1/ip-link.json");
    write(
        "node1/ps.txt",
        """
            PID COMMAND
              1 /sbin/init
            412 /usr/bin/python3.11 /opt/flannel/flanneld-udp.py --tun flannel0 --port 8286 10.10.2.0/24=192.168.2.15 10.10.3.0/24=192.168.2.17
        """);
    Snapshot s = Snapshot.load(dir, Snapshot.Options.DEFAULTS);
    assertThat(s.warnings()).isEmpty();
    assertThat(s.assumptions()).noneMatch(a -> a.text().contains("flannel0"));
    NetDevice flannel0 = dev(s.topology(), "flannel0");
    assertThat(flannel0.mac()).isEqualTo(MacAddress.ZERO);
    assertThat(flannel0.kind())
        .isInstanceOfSatisfying(
            LinkKind.Tun.class,
            tun -> {
              assertThat(tun.holderUnknown()).isEmpty();
              LinkKind.FlanneldUdp relay = tun.flanneld().orElseThrow();
              assertThat(relay.port()).isEqualTo(8286);
              assertThat(relay.leases())
                  .containsExactly(
                      new LinkKind.Lease(
                          Prefix.parse("10.10.2.0/24"), Ipv4Address.parse("192.168.2.15")),
                      new LinkKind.Lease(
                          Prefix.parse("10.10.3.0/24"), Ipv4Address.parse("192.168.2.17")));
              assertThat(relay.origin().location()).isEqualTo("node1/ps.txt:3");
            });
  }

  @Test
  void tunDevice_withoutPsTxt_hasItsReaderUnknown() throws Exception {
    fixture("tunnels-6.1.0/ip-d-link.json", "node1/ip-link.json");
    NetDevice flannel0 = dev(Snapshot.load(dir, Snapshot.Options.DEFAULTS).topology(), "flannel0");
    assertThat(flannel0.kind())
        .isEqualTo(
            new LinkKind.Tun(
                Optional.empty(),
                Optional.of("the program holding flannel0 was not captured (no ps.txt)")));
  }

  @Test
  void tunDevice_psTxtWithoutAModelledProgram_hasItsReaderUnknown() throws Exception {
    fixture("tunnels-6.1.0/ip-d-link.json", "node1/ip-link.json");
    write(
        "node1/ps.txt",
        "    PID COMMAND\n    77 /opt/bin/flanneld --ip-masq --kube-subnet-mgr\n"
            + "    78 python3 flanneld-udp.py --tun other0 10.10.2.0/24=192.168.2.15\n");
    Snapshot s = Snapshot.load(dir, Snapshot.Options.DEFAULTS);
    assertThat(s.warnings()).isEmpty();
    assertThat(dev(s.topology(), "flannel0").kind())
        .isInstanceOfSatisfying(
            LinkKind.Tun.class,
            tun -> {
              assertThat(tun.flanneld()).isEmpty();
              assertThat(tun.holderUnknown())
                  .hasValueSatisfying(
                      w ->
                          assertThat(w)
                              .isEqualTo(
                                  "no process in ps.txt is a program podpath models holding flannel0 (flanneld-udp.py --tun flannel0)"));
            });
  }

  @Test
  void psTxt_flanneldWithArgumentsItRejects_isAWarningOnItsLine() throws Exception {
    fixture("tunnels-6.1.0/ip-d-link.json", "node1/ip-link.json");
    write(
        "node1/ps.txt",
        "    PID COMMAND\n    78 python3 flanneld-udp.py --port 99999 10.10.2.0/24=192.168.2.15\n"
            + "oops\n");
    Snapshot s = Snapshot.load(dir, Snapshot.Options.DEFAULTS);
    assertThat(s.warnings())
        .extracting(w -> w.location() + " " + w.message())
        .containsExactlyInAnyOrder(
            "node1/ps.txt:2:1 flanneld-udp.py: Error: argument \"99999\" is wrong: invalid port; the process is not"
                + " modelled",
            "node1/ps.txt:3:1 not \"PID COMMAND...\" (the output of `ps -eo pid,args`); skipped");
    assertThat(((LinkKind.Tun) dev(s.topology(), "flannel0").kind()).flanneld()).isEmpty();
  }

  @Test
  void psTxt_isNotAnUnknownFile() throws Exception {
    write("node1/ps.txt", "    PID COMMAND\n      1 /sbin/init\n");
    write(
        "node1/ip-link.json",
        "[{\"ifindex\":1,\"ifname\":\"lo\",\"link_type\":\"loopback\",\"flags\":[\"UP\"]}]");
    assertThat(Snapshot.load(dir, Snapshot.Options.DEFAULTS).warnings()).isEmpty();
    assertThat(List.of(SnapshotFiles.PROCESSES)).containsExactly(List.of("ps.txt"));
  }

  private static final String NODES =
      """
      {"apiVersion": "v1", "kind": "List", "items": [
        {"metadata": {"name": "node1", "annotations": {
           "flannel.alpha.coreos.com/backend-type": "udp", "flannel.alpha.coreos.com/public-ip": "192.168.1.10"}},
         "spec": {"podCIDR": "10.10.1.0/24"},
         "status": {"addresses": [{"type": "InternalIP", "address": "192.168.1.10"}]}},
        {"metadata": {"name": "node2", "annotations": {
           "flannel.alpha.coreos.com/backend-type": "udp", "flannel.alpha.coreos.com/public-ip": "192.168.1.20"}},
         "spec": {"podCIDR": "10.10.2.0/24"},
         "status": {"addresses": [{"type": "InternalIP", "address": "192.168.1.20"}]}},
        {"metadata": {"name": "node3", "annotations": {
           "flannel.alpha.coreos.com/backend-type": "vxlan", "flannel.alpha.coreos.com/public-ip": "192.168.1.30"}},
         "spec": {"podCIDR": "10.10.3.0/24"}}
      ]}
      """;

  @Test
  void tunDevice_onANodeAnnotatedUdp_isFlanneldWithTheAnnotatedLeases_anAssumption()
      throws Exception {
    fixture("tunnels-6.1.0/ip-d-link.json", "node1/ip-link.json");
    write("kubectl-get-nodes.json", NODES);
    Snapshot s = Snapshot.load(dir, Snapshot.Options.DEFAULTS);
    assertThat(s.warnings()).isEmpty();
    LinkKind.Tun tun = (LinkKind.Tun) dev(s.topology(), "flannel0").kind();
    assertThat(tun.flanneld())
        .hasValueSatisfying(
            r -> {
              assertThat(r.port()).isEqualTo(8285);
              assertThat(r.leases())
                  .containsExactly(
                      new LinkKind.Lease(
                          Prefix.parse("10.10.2.0/24"), Ipv4Address.parse("192.168.1.20")));
              assertThat(r.origin().location()).isEqualTo("kubectl-get-nodes.json:2");
            });
    assertThat(s.assumptions())
        .filteredOn(a -> a.text().startsWith("flannel0"))
        .singleElement()
        .hasToString(
            "node1: assumed: flannel0 is held by flanneld with the UDP backend (kubectl-get-nodes.json:2:"
                + " Node node1 has flannel.alpha.coreos.com/backend-type: udp), relaying on UDP port 8285 (flannel's"
                + " default; the net-conf was not collected) with the leases the other nodes' podCIDR and"
                + " flannel.alpha.coreos.com/public-ip annotations give: 10.10.2.0/24 -> 192.168.1.20");
  }

  @Test
  void tunDevice_psTxtEvidence_winsOverTheAnnotations() throws Exception {
    fixture("tunnels-6.1.0/ip-d-link.json", "node1/ip-link.json");
    write("kubectl-get-nodes.json", NODES);
    write(
        "node1/ps.txt",
        "    PID COMMAND\n    78 python3 flanneld-udp.py --tun flannel0 10.10.9.0/24=192.168.1.99\n");
    Snapshot s = Snapshot.load(dir, Snapshot.Options.DEFAULTS);
    LinkKind.Tun tun = (LinkKind.Tun) dev(s.topology(), "flannel0").kind();
    assertThat(tun.flanneld().orElseThrow().origin().location()).isEqualTo("node1/ps.txt:2");
    assertThat(s.assumptions()).noneMatch(a -> a.text().startsWith("flannel0"));
  }
}
