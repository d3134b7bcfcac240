package dev.podpath.model.addr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

final class AddressesTest {

  @ParameterizedTest
  @ValueSource(strings = {"0.0.0.0", "10.244.0.2", "255.255.255.255", "192.168.2.15"})
  void ipv4_roundTrips(String text) {
    assertThat(Ipv4Address.parse(text).toString()).isEqualTo(text);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "10.1.2",
        "10.1.2.3.4",
        "256.1.1.1",
        "1..2.3",
        "a.b.c.d",
        "10.1.2.3 ",
        "-1.2.3.4",
        "3-"
      })
  void ipv4_rejectsMalformed(String text) {
    assertThat(Ipv4Address.tryParse(text)).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({
    "10.244.0.0/16, 10.244.0.0/16, 10.244.99.1, true",
    "10.244.1.0/24, 10.244.1.0/24, 10.244.2.1, false",
    "default, 0.0.0.0/0, 8.8.8.8, true",
    "10.1.1.1, 10.1.1.1/32, 10.1.1.1, true",
  })
  void prefix_parsesAndContains(String text, String canonical, String addr, boolean contains) {
    Prefix p = Prefix.parse(text);
    assertThat(p.toString()).isEqualTo(canonical);
    assertThat(p.contains(Ipv4Address.parse(addr))).isEqualTo(contains);
  }

  @ParameterizedTest
  @ValueSource(strings = {"10.244.1.7/24", "10.0.0.0/33", "10.0.0.0/", "x/8"})
  void prefix_rejectsHostBitsAndBadLengths(String text) {
    assertThat(Prefix.tryParse(text)).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({"255.255.255.0, 24", "255.255.0.0, 16", "0.0.0.0, 0", "255.255.255.255, 32"})
  void netmask_length(String mask, int len) {
    assertThat(Prefix.lengthOfNetmask(Ipv4Address.parse(mask))).contains(len);
  }

  @ParameterizedTest
  @CsvSource({"EE:EE:EE:EE:EE:EE, ee:ee:ee:ee:ee:ee", "2-42-ac-11-0-2, 02:42:ac:11:00:02"})
  void mac_parsesAndNormalises(String text, String canonical) {
    assertThat(MacAddress.parse(text).toString()).isEqualTo(canonical);
  }

  @ParameterizedTest
  @ValueSource(strings = {"ee:ee:ee:ee:ee", "gg:00:00:00:00:00", "123:00:00:00:00:00"})
  void mac_rejectsMalformed(String text) {
    assertThatThrownBy(() -> MacAddress.parse(text)).isInstanceOf(IllegalArgumentException.class);
  }

  @org.junit.jupiter.api.Test
  void mac_broadcastAndMulticast() {
    assertThat(MacAddress.BROADCAST.isBroadcast()).isTrue();
    assertThat(MacAddress.parse("01:00:5e:00:00:01").isMulticast()).isTrue();
    assertThat(MacAddress.parse("02:42:ac:11:00:02").isMulticast()).isFalse();
  }
}
