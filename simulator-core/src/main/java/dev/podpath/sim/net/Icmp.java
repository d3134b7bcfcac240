package dev.podpath.sim.net;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.packet.Ipv4Packet;
import dev.podpath.model.packet.L4;
import dev.podpath.model.topo.Netns;
import dev.podpath.model.topo.NetnsName;
import dev.podpath.sim.outcome.PacketRole;
import dev.podpath.sim.outcome.Step;
import java.util.Optional;

/**
 * ICMP the stack generates (section 7 of kernel-semantics.md): echo replies, and errors with TOS
 * 0xc0 and TTL 64 from the address the kernel picks: the offending packet's destination when it was
 * for this host (and routed there, not bridged), otherwise the preferred source of the route back
 * to the sender.
 *
 * <p>Errors are rate-limited per destination host as the kernel does ({@link IcmpRateLimit}): the
 * types in {@code net.ipv4.icmp_ratemask} (6168: dest-unreachable except "fragmentation needed",
 * source-quench, time-exceeded, parameter-problem) cost {@code net.ipv4.icmp_ratelimit} ms (1000)
 * each with a burst of 6; errors to the namespace's own addresses (through lo) are not limited.
 */
final class Icmp implements IcmpOutput {

  /** ICMP errors quote at most this much: the reply fits in 576 bytes. */
  static final int MAX_ERROR_LENGTH = 576;

  /** {@code net.ipv4.icmp_ratemask}'s default: types 3, 4, 11 and 12. */
  static final int DEFAULT_RATEMASK = 6168;

  /** {@code net.ipv4.icmp_ratelimit}'s default, in ms. */
  static final int DEFAULT_RATELIMIT_MILLIS = 1000;

  private final Run run;
  private final StackOutput stack;
  private final IcmpRateLimit limits = new IcmpRateLimit();

  /**
   * @param stack how the message leaves: routed from the namespace like any packet it makes
   */
  Icmp(Run run, StackOutput stack) {
    this.run = run;
    this.stack = stack;
  }

  @Override
  public void sendError(
      NetnsName nsName, long offendingId, Ipv4Packet offending, int type, int code, int mtu) {
    send(nsName, offendingId, offending, type, code, mtu, true);
  }

  @Override
  public void sendErrorAboutBridged(
      NetnsName nsName, long offendingId, Ipv4Packet offending, int type, int code) {
    send(nsName, offendingId, offending, type, code, 0, false);
  }

  /**
   * @param localRoute whether the offending packet's route is local when it is for this namespace's
   *     address ({@code RTCF_LOCAL}): then that address is the error's source
   */
  private void send(
      NetnsName nsName,
      long offendingId,
      Ipv4Packet offending,
      int type,
      int code,
      int mtu,
      boolean localRoute) {
    if (offending.l4() instanceof L4.Icmp i && i.isError()) {
      return;
    }
    if (offending.src().isAny()
        || offending.src().isMulticast()
        || offending.src().isLimitedBroadcast()) {
      return;
    }
    Netns ns = run.net().netns(nsName);
    if (!rateAllows(ns, offendingId, offending.src(), type, code)) {
      return;
    }
    Ipv4Address src =
        localRoute && ns.ownsAddress(offending.dst()) ? offending.dst() : Ipv4Address.ANY;
    int len = Math.min(20 + 8 + offending.totalLength(), MAX_ERROR_LENGTH);
    Ipv4Packet err =
        new Ipv4Packet(
            src,
            offending.src(),
            ns.sysctls().defaultTtl(),
            0xc0,
            false,
            len,
            0,
            L4.Icmp.error(type, code, offending, mtu));
    long id = run.log().newPacketId();
    run.log().caused(id, offendingId, PacketRole.ICMP_ERROR);
    run.log()
        .record(
            offendingId, 0, false, new Step.IcmpSent(nsName, err, "about packet " + offendingId));
    stack.sendFromStack(nsName, id, err);
  }

  /**
   * {@code ip_error()}'s own charge for a forwarded packet that met no route, or an unreachable or
   * prohibit route, before {@link #sendError} charges again: 1 s of the sender's bucket, a burst of
   * 5. Returns whether the error may go on to {@code icmp_send()}; records why not.
   */
  @Override
  public boolean routeErrorAllowed(
      NetnsName nsName, long offendingId, Ipv4Packet offending, int code) {
    if (limits.take(
        nsName,
        offending.src(),
        run.clock().now(),
        IcmpRateLimit.ROUTE_ERROR_COST,
        IcmpRateLimit.ROUTE_ERROR_BURST)) {
      return true;
    }
    run.log()
        .record(
            offendingId,
            0,
            false,
            new Step.IcmpRateLimited(
                nsName,
                offending.src(),
                L4.Icmp.DEST_UNREACH,
                code,
                Step.IcmpLimit.ROUTE_ERROR,
                IcmpRateLimit.ROUTE_ERROR_COST / SimConfig.MILLIS));
    return false;
  }

  /**
   * {@code icmpv4_xrlim_allow}: the error's type is limited, and the destination's bucket has a
   * token.
   */
  private boolean rateAllows(Netns ns, long offendingId, Ipv4Address to, int type, int code) {
    int mask = ns.sysctls().intValue("net.ipv4.icmp_ratemask", DEFAULT_RATEMASK);
    boolean limited =
        type <= 31
            && (mask & (1 << type)) != 0
            && !(type == L4.Icmp.DEST_UNREACH && code == L4.Icmp.FRAG_NEEDED);
    if (!limited || ns.ownsAddress(to) || to.isLoopback()) {
      return true;
    }
    long cost =
        Math.max(0, ns.sysctls().intValue("net.ipv4.icmp_ratelimit", DEFAULT_RATELIMIT_MILLIS))
            * SimConfig.MILLIS;
    if (limits.take(ns.name(), to, run.clock().now(), cost, IcmpRateLimit.BURST_FACTOR * cost)) {
      return true;
    }
    run.log()
        .record(
            offendingId,
            0,
            false,
            new Step.IcmpRateLimited(
                ns.name(), to, type, code, Step.IcmpLimit.ICMP_RATELIMIT, cost / SimConfig.MILLIS));
    return false;
  }

  /**
   * The redirect itself (type 5, code 1: host) is not in {@code icmp_ratemask}: only {@link
   * IcmpRateLimit#redirect}'s count and load limit it. When they allow it, it leaves as {@code
   * icmp_send} sends any error (TOS 0xc0, the offending packet quoted up to 576 bytes, from the
   * route back's source), through OUTPUT and POSTROUTING (kernel-checked: test resources
   * random/redirect-arp-fails.sh, a mangle OUTPUT counter). What the sender does with it: {@link
   * Redirects}.
   */
  @Override
  public boolean redirect(
      NetnsName nsName, long offendingId, Ipv4Packet offending, Ipv4Address gateway) {
    if (!limits.redirect(nsName, offending.src(), run.clock().now())) {
      return false;
    }
    Netns ns = run.net().netns(nsName);
    int len = Math.min(20 + 8 + offending.totalLength(), MAX_ERROR_LENGTH);
    Ipv4Packet redirect =
        new Ipv4Packet(
            Ipv4Address.ANY,
            offending.src(),
            ns.sysctls().defaultTtl(),
            0xc0,
            false,
            len,
            0,
            L4.Icmp.redirect(offending, gateway));
    long id = run.log().newPacketId();
    run.log().caused(id, offendingId, PacketRole.ICMP_REDIRECT);
    run.log()
        .record(
            offendingId,
            0,
            false,
            new Step.IcmpSent(nsName, redirect, "about packet " + offendingId));
    stack.sendFromStack(nsName, id, redirect);
    return true;
  }

  @Override
  public void echoReply(NetnsName nsName, long requestId, Ipv4Packet request) {
    L4.Icmp req = (L4.Icmp) request.l4();
    Netns ns = run.net().netns(nsName);
    Ipv4Packet reply =
        new Ipv4Packet(
            request.dst(),
            request.src(),
            ns.sysctls().defaultTtl(),
            0,
            false,
            request.totalLength(),
            0,
            new L4.Icmp(L4.Icmp.ECHO_REPLY, 0, req.id(), req.seq(), Optional.empty(), 0));
    long id = run.log().newPacketId();
    run.log().caused(id, requestId, PacketRole.ECHO_REPLY);
    stack.sendFromStack(nsName, id, reply);
  }
}
