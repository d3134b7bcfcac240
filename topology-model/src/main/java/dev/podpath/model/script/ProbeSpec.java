package dev.podpath.model.script;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.origin.Origin;
import dev.podpath.model.topo.NetnsName;
import java.util.Objects;
import java.util.Optional;

/**
 * A question a scenario asks: the {@code ping}, {@code traceroute} and {@code ip route get}
 * commands in its script, with the namespace they run in.
 */
public sealed interface ProbeSpec {

  NetnsName netns();

  Ipv4Address destination();

  Origin origin();

  /**
   * {@code ping [-c N] [-t TTL] [-s SIZE] [-M do|dont|want] [-I ADDR|DEV] DEST}.
   *
   * @param source {@code -I}: a source address or device name, as given
   * @param waitMillis how long ping waits for an answer ({@code -W}; 10 s without it)
   */
  /** ping's wait for an answer when {@code -W} is not given (its linger time). */
  long PING_DEFAULT_WAIT_MILLIS = 10_000;

  /** traceroute's wait for an answer when {@code -w} is not given. */
  long TRACEROUTE_DEFAULT_WAIT_MILLIS = 5_000;

  record Ping(
      NetnsName netns,
      Ipv4Address destination,
      int count,
      Optional<Integer> ttl,
      int payloadSize,
      boolean dontFragment,
      Optional<String> source,
      long waitMillis,
      Origin origin)
      implements ProbeSpec {
    public Ping {
      Objects.requireNonNull(netns, "netns");
      Objects.requireNonNull(destination, "destination");
      Objects.requireNonNull(ttl, "ttl");
      Objects.requireNonNull(source, "source");
      Objects.requireNonNull(origin, "origin");
    }
  }

  /**
   * {@code traceroute [-n] [-I|-T|-U|-M METHOD] [-p PORT] [-q N] [-w WAIT] [-m MAXTTL] DEST}.
   *
   * @param method how it probes ({@code -I}, {@code -T}, {@code -U}, {@code -M}; UDP to 33434 and
   *     up without them)
   * @param port {@code -p}, if given (otherwise the method's own)
   * @param queries probes per hop ({@code -q}, 1 to 10; 3 without it)
   * @param waitMillis how long each probe waits for an answer ({@code -w}; 5 s without it)
   * @param source the source address given with {@code -s}, if any
   */
  record Traceroute(
      NetnsName netns,
      Ipv4Address destination,
      TracerouteMethod method,
      Optional<Integer> port,
      int maxTtl,
      int queries,
      long waitMillis,
      Optional<Ipv4Address> source,
      Origin origin)
      implements ProbeSpec {
    public Traceroute {
      Objects.requireNonNull(netns, "netns");
      Objects.requireNonNull(destination, "destination");
      Objects.requireNonNull(method, "method");
      Objects.requireNonNull(port, "port");
      Objects.requireNonNull(source, "source");
      Objects.requireNonNull(origin, "origin");
      if (queries < 1 || queries > TRACEROUTE_MAX_QUERIES) {
        throw new IllegalArgumentException("queries out of range: " + queries);
      }
    }

    /** {@code udp} (the default method and {@code -U}), {@code icmp} or {@code tcp}. */
    public String protocol() {
      return method.protocol();
    }
  }

  /** traceroute's probes per hop without {@code -q}. */
  int TRACEROUTE_DEFAULT_QUERIES = 3;

  /** The most probes per hop traceroute sends ({@code no more than 10 probes per hop}). */
  int TRACEROUTE_MAX_QUERIES = 10;

  /**
   * {@code nc [-z] [-v] [-w SECS] [-s SRC] [-p SPORT] DEST PORT}: a TCP connect, as netcat-openbsd
   * makes it. The answer is its {@code -v} line: {@code Connection to DEST PORT port [tcp/NAME]
   * succeeded!}, or {@code nc: connect to DEST port PORT (tcp) failed: ERROR} / {@code timed out}.
   *
   * @param port the destination port
   * @param source the bound source address ({@code -s}), if any
   * @param sourcePort the bound source port ({@code -p}), if any
   * @param waitMillis the connect timeout ({@code -w}); empty for the kernel's own SYN retries
   * @param verbose {@code -v}: nc prints what happened (without it, it prints nothing)
   * @param numeric {@code -n}: nc names no service ({@code [tcp/*]})
   * @param udp {@code -u}: one UDP datagram instead of a connect. netcat-openbsd 1.219 sends one
   *     byte on a connected UDP socket and waits ({@code -w}, 3 s without it) for an error; with
   *     {@code -v} it prints {@code Connection to DEST PORT port [udp/NAME] succeeded!} when none
   *     came, and nothing (exit status 1) when a hard ICMP error came back (port unreachable)
   */
  record Connect(
      NetnsName netns,
      Ipv4Address destination,
      int port,
      Optional<Ipv4Address> source,
      Optional<Integer> sourcePort,
      Optional<Long> waitMillis,
      boolean verbose,
      boolean numeric,
      boolean udp,
      Origin origin)
      implements ProbeSpec {
    public Connect {
      Objects.requireNonNull(netns, "netns");
      Objects.requireNonNull(destination, "destination");
      Objects.requireNonNull(source, "source");
      Objects.requireNonNull(sourcePort, "sourcePort");
      Objects.requireNonNull(waitMillis, "waitMillis");
      Objects.requireNonNull(origin, "origin");
    }
  }

  /** {@code ip route get DEST [from SRC] [iif DEV] [oif DEV] [mark M]}. */
  record RouteGet(
      NetnsName netns,
      Ipv4Address destination,
      Optional<Ipv4Address> from,
      Optional<String> iif,
      Optional<String> oif,
      Optional<Long> mark,
      Origin origin)
      implements ProbeSpec {}
}
