package dev.podpath.model.script;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.build.KernelError;
import dev.podpath.model.script.Probes.Option;
import dev.podpath.model.topo.ListeningSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code nc} (netcat-openbsd, the one Debian and Ubuntu install as {@code nc}): with {@code -l} a
 * server started in the background, which makes a port of the namespace open; otherwise a TCP
 * connect, or with {@code -u} one UDP datagram, which is a probe ({@link ProbeSpec.Connect}).
 *
 * <pre>{@code
 * ip netns exec pod-a nc -lk 8080 &          # a listening socket, tcp 0.0.0.0:8080
 * ip netns exec client nc -zv -w1 10.96.0.10 80
 * ip netns exec client nc -u -zv -w1 10.96.0.10 53
 * }</pre>
 */
final class Netcat {

  /** netcat-openbsd's options that take a value. */
  private static final String WITH_VALUE = "IiMmOPpqsTVWwXx";

  private Netcat() {}

  static void run(Exec ex, List<String> argv) {
    boolean listen = false;
    boolean keep = false;
    boolean udp = false;
    boolean verbose = false;
    boolean numeric = false;
    Optional<Long> wait = Optional.empty();
    Optional<Ipv4Address> source = Optional.empty();
    Optional<Integer> sourcePort = Optional.empty();
    List<String> positional = new ArrayList<>();
    for (Object o : Probes.getopt("nc", argv.subList(1, argv.size()), WITH_VALUE, List.of())) {
      if (o instanceof String s) {
        positional.add(s);
        continue;
      }
      Option opt = (Option) o;
      switch (opt.name()) {
        case "-l" -> listen = true;
        case "-k" -> keep = true;
        case "-u" -> udp = true;
        case "-v" -> verbose = true;
        case "-n" -> numeric = true;
        case "-z", "-4", "-N", "-d", "-D" -> {}
        case "-w" -> wait = Optional.of(Probes.seconds("nc", opt.value()));
        case "-s" -> source = Optional.of(address(opt.value()));
        case "-p" -> sourcePort = Optional.of(Probes.number("nc", opt.value(), 1, 65535));
        case "-6" -> {
          ex.notModelled("IPv6 is not modelled: podpath ignores this nc");
          return;
        }
        case "-U" ->
            throw new CommandError(
                "nc -U: Unix-domain sockets are not network traffic; podpath does not model them");
        case "-h" -> {
          return;
        }
        default ->
            throw new CommandError(
                "nc "
                    + opt.name()
                    + ": option not modelled by podpath"
                    + " (it models nc [-l [-k]] [-u] [-z] [-v] [-n] [-w SECS] [-s ADDR] [-p PORT])");
      }
    }
    if (listen) {
      listen(ex, positional, source, sourcePort, keep, udp);
    } else {
      connect(ex, positional, source, sourcePort, wait, verbose, numeric, udp);
    }
  }

  private static void listen(
      Exec ex,
      List<String> positional,
      Optional<Ipv4Address> bind,
      Optional<Integer> portOption,
      boolean keep,
      boolean udp) {
    if (!ex.runner().inBackground()) {
      throw new CommandError(
          "nc -l waits for connections forever: start the server in the background"
              + " (end the line with &)");
    }
    Optional<Ipv4Address> address = bind;
    String portText;
    if (positional.size() == 2) {
      address = Optional.of(address(positional.get(0)));
      portText = positional.get(1);
    } else if (positional.size() == 1) {
      portText = positional.get(0);
    } else if (positional.isEmpty() && portOption.isPresent()) {
      portText = String.valueOf(portOption.get());
    } else {
      throw new CommandError("nc: missing port number");
    }
    int port = port(portText);
    int proto = udp ? ListeningSocket.UDP : ListeningSocket.TCP;
    try {
      ex.ns().listen(new ListeningSocket(proto, address, port, ex.origin()));
    } catch (KernelError e) {
      throw CommandError.program("nc", e);
    }
    if (udp && !keep) {
      // kernel-checked (6.18, netcat-openbsd 1.219): after its first datagram nc -u -l connects
      // its socket to that peer; a datagram from another port then draws a port unreachable
      ex.notModelled(
          "nc -u -l without -k answers only its first peer (it connects its socket to it, and a"
              + " later datagram from another port gets port unreachable); podpath keeps the"
              + " port open for every later probe (use -k for a server that stays)");
    }
    if (!keep && !udp) {
      ex.notModelled(
          "nc -l without -k serves one connection and exits; podpath keeps the port open"
              + " for every later probe (use -k for a server that stays)");
    }
    ex.changed();
  }

  private static void connect(
      Exec ex,
      List<String> positional,
      Optional<Ipv4Address> source,
      Optional<Integer> sourcePort,
      Optional<Long> wait,
      boolean verbose,
      boolean numeric,
      boolean udp) {
    if (positional.size() < 2) {
      throw new CommandError(
          "nc: missing " + (positional.isEmpty() ? "destination" : "port number"));
    }
    if (positional.size() > 2) {
      throw new CommandError(
          "nc: podpath probes one port at a time (got "
              + String.join(" ", positional.subList(1, positional.size()))
              + ")");
    }
    if (ex.runner().inBackground()) {
      throw new CommandError(
          "nc: a probe in the background has no answer to compare; run it in the foreground");
    }
    Ipv4Address dst = Probes.destination(ex, "nc", positional.get(0));
    if (dst == null) {
      return;
    }
    int port = port(positional.get(1));
    if (source.isPresent() && !ex.ns().ownsAddress(source.get())) {
      throw new CommandError("nc: bind failed: Cannot assign requested address");
    }
    ex.world()
        .probe(
            new ProbeSpec.Connect(
                ex.ns().name(),
                dst,
                port,
                source,
                sourcePort,
                wait,
                verbose,
                numeric,
                udp,
                ex.origin()));
  }

  private static Ipv4Address address(String text) {
    return Ipv4Address.tryParse(text)
        .orElseThrow(
            () ->
                new CommandError(
                    "nc: getaddrinfo for host \""
                        + text
                        + "\" port: Name or service not known"
                        + " (podpath resolves no names: use an IPv4 address)"));
  }

  private static int port(String text) {
    if (text.contains("-")) {
      throw new CommandError("nc: port range " + text + ": podpath probes one port at a time");
    }
    try {
      int p = Integer.parseInt(text);
      if (p < 1 || p > 65535) {
        throw new NumberFormatException();
      }
      return p;
    } catch (NumberFormatException e) {
      throw new CommandError("nc: port number invalid: " + text);
    }
  }
}
