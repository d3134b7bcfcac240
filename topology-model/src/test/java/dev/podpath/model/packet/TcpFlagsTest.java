package dev.podpath.model.packet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.podpath.model.netfilter.Match;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** TCP flags are bits; their letters are only how a packet is written down. */
final class TcpFlagsTest {

  @ParameterizedTest
  @ValueSource(strings = {"S", "SA", "A", "FA", "R", "RA", "FSRPAU"})
  void letters_roundTrip(String letters) {
    assertThat(TcpFlags.parse(letters).toString()).isEqualTo(letters);
  }

  @Test
  void letters_areWrittenInBitOrder_whateverOrderTheyWereRead() {
    assertThat(TcpFlags.parse("AS")).isEqualTo(TcpFlags.SYN_ACK);
    assertThat(TcpFlags.SYN_ACK).hasToString("SA");
    assertThat(TcpFlags.RST_ACK).hasToString("RA");
    assertThat(TcpFlags.FIN_ACK).hasToString("FA");
  }

  @Test
  void decisions_askForBits() {
    assertThat(TcpFlags.SYN_ONLY.isSyn()).isTrue();
    assertThat(TcpFlags.SYN_ACK.isSyn()).isFalse();
    assertThat(TcpFlags.SYN_ACK.isSynAck()).isTrue();
    assertThat(TcpFlags.RST_ACK.isReset()).isTrue();
    assertThat(TcpFlags.RST_ACK.isSynAck()).isFalse();
    assertThat(TcpFlags.FIN_ACK.isFin()).isTrue();
    assertThat(TcpFlags.FIN_ACK.has(TcpFlags.ACK)).isTrue();
    assertThat(TcpFlags.ACK_ONLY.isFin()).isFalse();
  }

  @Test
  void anIptablesFlagsMatch_comparesTheSameBits() {
    Match.Tcp.Flags synOnly = Match.Tcp.Flags.SYN_ONLY;
    assertThat(synOnly.matches(TcpFlags.SYN_ONLY)).isTrue();
    assertThat(synOnly.matches(TcpFlags.SYN_ACK)).isFalse();
    assertThat(synOnly.matches(new TcpFlags(TcpFlags.SYN | TcpFlags.PSH))).isTrue();
  }

  @Test
  void parse_refusesWhatIsNoFlag() {
    assertThatThrownBy(() -> TcpFlags.parse("SX"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'X'");
    assertThatThrownBy(() -> TcpFlags.parse("")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new TcpFlags(0x40)).isInstanceOf(IllegalArgumentException.class);
  }
}
