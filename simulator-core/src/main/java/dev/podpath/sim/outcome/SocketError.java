package dev.podpath.sim.outcome;

import dev.podpath.model.errno.Errno;
import dev.podpath.model.route.RouteType;
import java.util.Objects;

/**
 * What a local program's system call returned instead of sending: no packet left. Decided once,
 * where the stack refuses; {@link #explain()} is the line the program prints for it (after its own
 * name, as in {@code ping: connect: Network is unreachable}).
 *
 * <pre>{@code
 * new SocketError.Unroutable(Errno.ENETUNREACH).explain()   // "connect: Network is unreachable"
 * }</pre>
 */
public sealed interface SocketError {

  /** The errno the system call returned. */
  Errno errno();

  /** The program's message for it. */
  String explain();

  /**
   * The route lookup of {@code connect()} failed: no route ({@code ENETUNREACH}), or the errno of
   * the route or rule that refused (unreachable {@code EHOSTUNREACH}, prohibit {@code EACCES},
   * blackhole {@code EINVAL}).
   */
  record Unroutable(Errno errno) implements SocketError {
    public Unroutable {
      Objects.requireNonNull(errno, "errno");
    }

    public String explain() {
      return "connect: " + errno.text();
    }
  }

  /** {@code bind()} to an address the namespace does not have ({@code ping -I ADDR}). */
  record AddressNotAvailable() implements SocketError {
    public Errno errno() {
      return Errno.EADDRNOTAVAIL;
    }

    public String explain() {
      return "bind: " + errno().text();
    }
  }

  /**
   * A packet with DF set, larger than what the socket knows fits (the device MTU, or a path MTU it
   * learned): {@code EMSGSIZE}, and ping says so with the MTU.
   */
  record MessageTooLong(int mtu) implements SocketError {
    public Errno errno() {
      return Errno.EMSGSIZE;
    }

    public String explain() {
      return "local error: message too long, mtu=" + mtu;
    }
  }

  /**
   * A socket sending to an address whose route is of a type podpath does not send to (broadcast,
   * multicast, ...): not modelled, said instead of guessed ({@code EACCES} is what the kernel gives
   * a socket without {@code SO_BROADCAST}).
   */
  record NotModelled(RouteType routeType) implements SocketError {
    public NotModelled {
      Objects.requireNonNull(routeType, "routeType");
    }

    public Errno errno() {
      return Errno.EACCES;
    }

    public String explain() {
      return "sending to a " + routeType.keyword() + " address is not modelled";
    }
  }
}
