package dev.podpath.model.packet;

import dev.podpath.model.addr.Ipv4Address;
import java.util.Objects;
import java.util.Optional;

/** The transport header of an {@link Ipv4Packet}. */
public sealed interface L4 {

  /** The IP protocol number. */
  int protocol();

  /** {@code icmp}, {@code tcp} or {@code udp}. */
  String protocolName();

  /**
   * An ICMP message. Echo messages carry {@code id}/{@code seq}; errors carry the offending
   * packet's header in {@code quoted} and, for "fragmentation needed", the next-hop {@code mtu}.
   */
  record Icmp(int type, int code, int id, int seq, Optional<Ipv4Packet> quoted, int mtu)
      implements L4 {
    public static final int ECHO_REPLY = 0;
    public static final int DEST_UNREACH = 3;
    public static final int REDIRECT = 5;
    public static final int ECHO_REQUEST = 8;
    public static final int TIME_EXCEEDED = 11;

    public static final int NET_UNREACH = 0;
    public static final int HOST_UNREACH = 1;
    public static final int PORT_UNREACH = 3;
    public static final int FRAG_NEEDED = 4;
    public static final int ADMIN_PROHIBITED = 13;

    /** The redirect's code for a host route: the only one Linux sends. */
    public static final int REDIRECT_HOST = 1;

    public Icmp {
      Objects.requireNonNull(quoted, "quoted");
    }

    public static Icmp echoRequest(int id, int seq) {
      return new Icmp(ECHO_REQUEST, 0, id, seq, Optional.empty(), 0);
    }

    public static Icmp error(int type, int code, Ipv4Packet offending, int mtu) {
      return new Icmp(type, code, 0, 0, Optional.of(offending), mtu);
    }

    /**
     * A redirect ({@code ip_rt_send_redirect}): the router tells the sender of {@code offending} to
     * reach its destination through {@code gateway}, which the header's second word carries (the
     * word {@link #mtu} holds for a "fragmentation needed").
     */
    public static Icmp redirect(Ipv4Packet offending, Ipv4Address gateway) {
      return new Icmp(REDIRECT, REDIRECT_HOST, 0, 0, Optional.of(offending), gateway.bits());
    }

    /** A redirect's new next hop: the header's second word. */
    public Ipv4Address gateway() {
      return new Ipv4Address(mtu);
    }

    public boolean isError() {
      return type == DEST_UNREACH || type == TIME_EXCEEDED || type == 4 || type == 5 || type == 12;
    }

    @Override
    public int protocol() {
      return 1;
    }

    @Override
    public String protocolName() {
      return "icmp";
    }

    /** A description in tcpdump's words, e.g. {@code ICMP host 10.40.2.1 unreachable}. */
    @Override
    public String toString() {
      return "ICMP " + IcmpNames.describe(this);
    }
  }

  /**
   * A UDP header; {@code payload} is what podpath follows inside (a VXLAN frame, flannel's packet),
   * empty for ordinary datagrams.
   */
  record Udp(int sport, int dport, Optional<UdpPayload> payload) implements L4 {
    /** The UDP header. */
    public static final int HEADER_BYTES = 8;

    public Udp {
      Objects.requireNonNull(payload, "payload");
    }

    /** An ordinary datagram. */
    public Udp(int sport, int dport) {
      this(sport, dport, Optional.empty());
    }

    /** The same datagram with other ports (NAT), keeping what it carries. */
    public Udp withPorts(int newSport, int newDport) {
      return new Udp(newSport, newDport, payload);
    }

    @Override
    public int protocol() {
      return 17;
    }

    @Override
    public String protocolName() {
      return "udp";
    }

    @Override
    public String toString() {
      return "UDP " + sport + " > " + dport + payload.map(p -> ", " + p).orElse("");
    }
  }

  /**
   * IP in IP (protocol 4): the whole header is the inner packet's (RFC 2003).
   *
   * <pre>{@code
   * 192.168.50.11 > 192.168.50.12: 10.244.0.2 > 10.244.1.2: ICMP echo request (ipip-proto-4)
   * }</pre>
   */
  record Ipip(Ipv4Packet inner) implements L4 {
    public Ipip {
      Objects.requireNonNull(inner, "inner");
    }

    @Override
    public int protocol() {
      return 4;
    }

    @Override
    public String protocolName() {
      return "ipip";
    }

    @Override
    public String toString() {
      return "IPIP";
    }
  }

  /** A TCP header with its flags ({@link TcpFlags}: {@code S}, {@code SA}, {@code RA}, ...). */
  record Tcp(int sport, int dport, TcpFlags flags) implements L4 {
    public Tcp {
      Objects.requireNonNull(flags, "flags");
    }

    /** A connection request: SYN without ACK. */
    public boolean isSyn() {
      return flags.isSyn();
    }

    @Override
    public int protocol() {
      return 6;
    }

    @Override
    public String protocolName() {
      return "tcp";
    }

    @Override
    public String toString() {
      return "TCP " + sport + " > " + dport + " [" + flags + "]";
    }
  }
}
