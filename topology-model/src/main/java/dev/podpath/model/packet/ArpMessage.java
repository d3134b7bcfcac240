package dev.podpath.model.packet;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.addr.MacAddress;

/**
 * An ARP request or reply.
 *
 * <pre>{@code
 * Request who-has 10.244.0.3 tell 10.244.0.2
 * Reply 10.244.0.3 is-at ea:fb:aa:29:fe:5b
 * }</pre>
 */
public record ArpMessage(
    Op op, MacAddress senderMac, Ipv4Address senderIp, MacAddress targetMac, Ipv4Address targetIp)
    implements FramePayload {

  /** ARP operation. */
  public enum Op {
    REQUEST,
    REPLY
  }

  public static ArpMessage request(MacAddress senderMac, Ipv4Address senderIp, Ipv4Address target) {
    return new ArpMessage(Op.REQUEST, senderMac, senderIp, MacAddress.ZERO, target);
  }

  @Override
  public int length() {
    return 28;
  }

  @Override
  public String toString() {
    return op == Op.REQUEST
        ? "ARP Request who-has " + targetIp + " tell " + senderIp
        : "ARP Reply " + senderIp + " is-at " + senderMac;
  }
}
