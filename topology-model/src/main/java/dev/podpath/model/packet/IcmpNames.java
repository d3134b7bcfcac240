package dev.podpath.model.packet;

/** Names of ICMP types and codes, as tcpdump and ping print them. */
public final class IcmpNames {
  private IcmpNames() {}

  /** tcpdump's wording: {@code echo request}, {@code net 10.9.0.1 unreachable}, ... */
  public static String describe(L4.Icmp icmp) {
    String target = icmp.quoted().map(q -> q.dst().toString()).orElse("?");
    switch (icmp.type()) {
      case L4.Icmp.ECHO_REPLY:
        return "echo reply, id " + icmp.id() + ", seq " + icmp.seq();
      case L4.Icmp.ECHO_REQUEST:
        return "echo request, id " + icmp.id() + ", seq " + icmp.seq();
      case L4.Icmp.TIME_EXCEEDED:
        return icmp.code() == 0 ? "time exceeded in-transit" : "ip reassembly time exceeded";
      case L4.Icmp.DEST_UNREACH:
        switch (icmp.code()) {
          case L4.Icmp.NET_UNREACH:
            return "net " + target + " unreachable";
          case L4.Icmp.HOST_UNREACH:
            return "host " + target + " unreachable";
          case 2:
            return target + " protocol unreachable";
          case L4.Icmp.PORT_UNREACH:
            return target + " port unreachable";
          case L4.Icmp.FRAG_NEEDED:
            return target + " unreachable - need to frag (mtu " + icmp.mtu() + ")";
          case 9:
            return "net " + target + " unreachable - admin prohibited";
          case 10:
            return "host " + target + " unreachable - admin prohibited";
          case L4.Icmp.ADMIN_PROHIBITED:
            return "host " + target + " unreachable - admin prohibited filter";
          default:
            return target + " unreachable, code " + icmp.code();
        }
      case L4.Icmp.REDIRECT:
        return "redirect " + target + " to host " + icmp.gateway();
      default:
        return "type " + icmp.type() + " code " + icmp.code();
    }
  }

  /** What {@code ping} prints for an ICMP error: {@code Destination Host Unreachable}, ... */
  public static String pingText(int type, int code, int mtu) {
    if (type == L4.Icmp.TIME_EXCEEDED) {
      return "Time to live exceeded";
    }
    if (type == L4.Icmp.REDIRECT && code == L4.Icmp.REDIRECT_HOST) {
      return "Redirect Host(New nexthop: " + new dev.podpath.model.addr.Ipv4Address(mtu) + ")";
    }
    if (type != L4.Icmp.DEST_UNREACH) {
      return "ICMP type " + type + " code " + code;
    }
    switch (code) {
      case 0:
        return "Destination Net Unreachable";
      case 1:
        return "Destination Host Unreachable";
      case 2:
        return "Destination Protocol Unreachable";
      case 3:
        return "Destination Port Unreachable";
      case 4:
        return "Frag needed and DF set (mtu = " + mtu + ")";
      case 9:
        return "Destination Net Prohibited";
      case 10:
        return "Destination Host Prohibited";
      case 13:
        return "Packet filtered";
      default:
        return "Dest Unreachable, Bad Code: " + code;
    }
  }

  /** The traceroute mark for an ICMP unreachable code: {@code !N}, {@code !H}, {@code !X}, ... */
  public static String tracerouteMark(int code) {
    switch (code) {
      case 0:
        return "!N";
      case 1:
        return "!H";
      case 2:
        return "!P";
      case 3:
        return "";
      case 4:
        return "!F";
      case 9:
      case 10:
      case 13:
        return "!X";
      default:
        return "!<" + code + ">";
    }
  }
}
