package dev.podpath.model.topo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

final class LinkKindTypeTest {

  @ParameterizedTest
  @CsvSource({
    "veth, VETH",
    "bridge, BRIDGE",
    "vxlan, VXLAN",
    "ipip, IPIP",
    "tun, TUN",
    "loopback, LOOPBACK",
    "macvlan, NOT_MODELLED",
    "wireguard, WIREGUARD"
  })
  void ofIpLink_namesTheKind(String kind, LinkKind.Type type) {
    assertThat(LinkKind.Type.ofIpLink(kind)).contains(type);
  }

  @Test
  void ofIpLink_noKind_isEmpty() {
    assertThat(LinkKind.Type.ofIpLink("")).isEmpty();
  }

  @Test
  void everyNamedType_roundTripsThroughItsIpLinkName() {
    Arrays.stream(LinkKind.Type.values())
        .filter(t -> !t.ipLinkName().isEmpty())
        .forEach(t -> assertThat(LinkKind.Type.ofIpLink(t.ipLinkName())).contains(t));
  }

  @Test
  void everyVariant_hasItsOwnType() {
    assertThat(new LinkKind.Loopback().kindType()).isEqualTo(LinkKind.Type.LOOPBACK);
    assertThat(LinkKind.Bridge.defaults().kindType()).isEqualTo(LinkKind.Type.BRIDGE);
    assertThat(new LinkKind.Ethernet().kindType()).isEqualTo(LinkKind.Type.ETHERNET);
    assertThat(new LinkKind.Tun(Optional.empty()).kindType()).isEqualTo(LinkKind.Type.TUN);
    assertThat(new LinkKind.NotModelled("macvlan").kindType())
        .isEqualTo(LinkKind.Type.NOT_MODELLED);
    assertThat(LinkKind.class.getPermittedSubclasses())
        .as("a new kind needs its Type")
        .hasSize(LinkKind.Type.values().length);
  }
}
