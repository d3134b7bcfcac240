package dev.podpath.model.netfilter;

import dev.podpath.model.addr.Prefix;
import dev.podpath.model.origin.Origin;
import java.util.List;
import java.util.Objects;

/**
 * An ipset set ({@code ipset create NAME TYPE}), matched by {@code -m set --match-set NAME src}.
 * Its type names the dimensions of each member: {@code hash:ip} (one address), {@code hash:net} (a
 * prefix), {@code hash:ip,port} (an address and a protocol:port), ...
 *
 * <pre>{@code
 * create KUBE-CLUSTER-IP hash:ip,port ...
 * add KUBE-CLUSTER-IP 10.96.0.10,udp:53     Member("10.96.0.10,udp:53", [Net(10.96.0.10/32), Port(17, 53)])
 * }</pre>
 */
public record IpSet(String name, String type, List<Member> members, Origin origin) {

  public IpSet {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    members = List.copyOf(members);
    Objects.requireNonNull(origin, "origin");
  }

  /** The dimensions of the type: {@code hash:ip,port} gives {@code [ip, port]}. */
  public List<String> dimensions() {
    int colon = type.indexOf(':');
    return List.of(type.substring(colon + 1).split(","));
  }

  /**
   * One member: its text as {@code ipset save} prints it, and its parsed elements (one per
   * dimension).
   */
  public record Member(String text, List<Element> elements) {
    public Member {
      Objects.requireNonNull(text, "text");
      elements = List.copyOf(elements);
    }

    @Override
    public String toString() {
      return text;
    }
  }

  /** One dimension of a member. */
  public sealed interface Element {
    /** An address (a /32) or a network ({@code ip}, {@code net}). */
    record Net(Prefix prefix) implements Element {}

    /** A protocol and port ({@code port}: {@code tcp:80}; ICMP types are kept as type<<8|code). */
    record Port(int protocol, int port) implements Element {}

    /** A device name ({@code iface}). */
    record Iface(String name) implements Element {}

    /** A packet mark ({@code mark}). */
    record Mark(long mark) implements Element {}

    /**
     * A dimension podpath does not model (a MAC address, a set name of {@code list:set}), kept as
     * text.
     */
    record Raw(String text) implements Element {}
  }
}
