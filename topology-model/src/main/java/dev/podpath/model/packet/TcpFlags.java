package dev.podpath.model.packet;

/**
 * The flags of a TCP header: the bits of its flags byte, as the kernel and iptables' {@code
 * --tcp-flags} see them ({@code FIN} 0x01, {@code SYN} 0x02, {@code RST} 0x04, {@code PSH} 0x08,
 * {@code ACK} 0x10, {@code URG} 0x20). Decisions ask for bits ({@link #has}, {@link #isSyn}); the
 * text ({@code S}, {@code SA}, {@code RA}, {@code FA}: one letter per flag, in bit order) is only
 * how a packet is written down, and {@link #parse} reads it back.
 *
 * <pre>{@code
 * TcpFlags.SYN_ACK.has(TcpFlags.ACK)   // true
 * TcpFlags.SYN_ACK.toString()          // "SA"
 * TcpFlags.parse("RA")                 // TcpFlags.RST_ACK
 * }</pre>
 *
 * @param bits the flag bits (only the six of {@link #ALL})
 */
public record TcpFlags(int bits) {

  public static final int FIN = 0x01;
  public static final int SYN = 0x02;
  public static final int RST = 0x04;
  public static final int PSH = 0x08;
  public static final int ACK = 0x10;
  public static final int URG = 0x20;
  public static final int ALL = 0x3F;

  /** The letters, bit 0 first. */
  private static final String LETTERS = "FSRPAU";

  /** A connect's first segment. */
  public static final TcpFlags SYN_ONLY = new TcpFlags(SYN);

  /** A listener's answer to a SYN. */
  public static final TcpFlags SYN_ACK = new TcpFlags(SYN | ACK);

  /** An acknowledgement without data. */
  public static final TcpFlags ACK_ONLY = new TcpFlags(ACK);

  /** A close: FIN with the ACK of what came before. */
  public static final TcpFlags FIN_ACK = new TcpFlags(FIN | ACK);

  /** A reset answering a segment that carried an ACK (no ACK of its own). */
  public static final TcpFlags RST_ONLY = new TcpFlags(RST);

  /** A reset answering a SYN (or a REJECT {@code --reject-with tcp-reset}): it acknowledges it. */
  public static final TcpFlags RST_ACK = new TcpFlags(RST | ACK);

  public TcpFlags {
    if ((bits & ~ALL) != 0) {
      throw new IllegalArgumentException("not TCP flag bits: 0x" + Integer.toHexString(bits));
    }
  }

  /** Whether every bit of {@code flags} is set. */
  public boolean has(int flags) {
    return (bits & flags) == flags;
  }

  /** A connection request: SYN without ACK. */
  public boolean isSyn() {
    return has(SYN) && !has(ACK);
  }

  /** The answer to a connection request: SYN and ACK. */
  public boolean isSynAck() {
    return has(SYN | ACK);
  }

  /** A reset (RST set, whatever else). */
  public boolean isReset() {
    return has(RST);
  }

  /** A close (FIN set). */
  public boolean isFin() {
    return has(FIN);
  }

  /**
   * Reads the letters {@link #toString()} writes ({@code S}, {@code SA}, {@code RA}, in any order).
   *
   * @throws IllegalArgumentException on a letter that is no TCP flag, or none at all
   */
  public static TcpFlags parse(String letters) {
    if (letters.isEmpty()) {
      throw new IllegalArgumentException("no TCP flags");
    }
    int b = 0;
    for (char ch : letters.toCharArray()) {
      int k = LETTERS.indexOf(ch);
      if (k < 0) {
        throw new IllegalArgumentException("not a TCP flag: '" + ch + "' in \"" + letters + "\"");
      }
      b |= 1 << k;
    }
    return new TcpFlags(b);
  }

  /** One letter per flag set, in bit order: {@code S}, {@code SA}, {@code RA}, {@code FA}. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    for (int k = 0; k < LETTERS.length(); k++) {
      if ((bits & (1 << k)) != 0) {
        sb.append(LETTERS.charAt(k));
      }
    }
    return sb.toString();
  }
}
