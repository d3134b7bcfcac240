package dev.podpath.trace.api;

import dev.podpath.model.kube.KubeService;
import dev.podpath.model.kube.ServicePort;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The protocol and port of a probe to a Service: the port {@code --to ns/name:PORT} asked for, else
 * what {@code --proto}/{@code --dport} say, else the Service's only port, else its first (said as
 * an assumption). A {@code --proto}/{@code --dport} that is not a port of the Service is a warning,
 * not an error: kube-proxy has no rule for it, and the trace shows what happens.
 *
 * @param protocol {@code icmp}, {@code tcp} or {@code udp}
 * @param dport the destination port (meaningless for icmp)
 * @param port the Service port the probe goes to, when it goes to one
 * @param assumptions what was picked without the user saying so
 * @param warnings what the user asked that the Service does not offer
 */
record ServicePortChoice(
    String protocol,
    int dport,
    Optional<ServicePort> port,
    List<String> assumptions,
    List<String> warnings) {

  static final String DEFAULT_PROTOCOL = "icmp";
  static final int DEFAULT_DPORT = 80;

  /**
   * @param asked the ports {@code --to ns/name:PORT} named (two for {@code kube-dns:53}: UDP and
   *     TCP); empty when it named none
   * @param proto {@code --proto}, when given
   * @param dport {@code --dport}, when given
   */
  static ServicePortChoice choose(
      KubeService s, List<ServicePort> asked, Optional<String> proto, Optional<Integer> dport) {
    List<String> assumed = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    String name = s.qualifiedName();
    List<ServicePort> candidates =
        (asked.isEmpty() ? s.ports() : asked)
            .stream()
                .filter(
                    p ->
                        proto.isEmpty()
                            || proto.get().equals(p.protocol().toLowerCase(Locale.ROOT)))
                .filter(p -> dport.isEmpty() || dport.get() == p.port())
                .toList();
    if (proto.isPresent() && proto.get().equals("icmp")) {
      warnings.add(
          "ICMP to the ClusterIP of "
              + name
              + ": kube-proxy DNATs only the Service's ports ("
              + Resolver.ports(s)
              + "), so no rule of it matches an echo request");
      return new ServicePortChoice(
          "icmp", dport.orElse(DEFAULT_DPORT), Optional.empty(), assumed, warnings);
    }
    if (candidates.isEmpty() && !asked.isEmpty()) {
      throw new InputException(
          InputException.Input.PORT,
          InputException.Problem.CONFLICT,
          name,
          "--to "
              + name
              + " names port "
              + asked.stream()
                  .map(ServicePort::toString)
                  .collect(java.util.stream.Collectors.joining(" or "))
              + ", but --proto/--dport ask for "
              + proto.orElse("any protocol")
              + " "
              + dport.map(String::valueOf).orElse("")
              + "; give one or the other");
    }
    if (candidates.isEmpty()) {
      String p = proto.orElse(DEFAULT_PROTOCOL);
      int d = dport.orElse(DEFAULT_DPORT);
      if (s.ports().isEmpty()) {
        assumed.add(
            name
                + " lists no ports ("
                + s.origin().location()
                + "); the probe is "
                + describe(p, d)
                + " as --proto/--dport say (or their defaults)");
      } else {
        warnings.add(
            describe(p, d)
                + " is not a port of "
                + name
                + " (its ports: "
                + Resolver.ports(s)
                + ", "
                + s.origin().location()
                + "): kube-proxy has no rule for it; the trace shows what happens to it");
      }
      return new ServicePortChoice(p, d, Optional.empty(), assumed, warnings);
    }
    ServicePort p = candidates.get(0);
    if (candidates.size() > 1) {
      assumed.add(
          "the first port of "
              + name
              + " that fits"
              + (proto.isPresent() || dport.isPresent()
                  ? " --proto/--dport"
                  : asked.isEmpty() ? "" : " --to")
              + ", "
              + p
              + ", of "
              + Resolver.ports(s)
              + " ("
              + s.origin().location()
              + "); pick another with --to "
              + name
              + ":PORT or :PORTNAME");
    }
    return new ServicePortChoice(protocolOf(p), p.port(), Optional.of(p), assumed, warnings);
  }

  private static String protocolOf(ServicePort p) {
    String pr = p.protocol().toLowerCase(Locale.ROOT);
    if (!pr.equals("tcp") && !pr.equals("udp")) {
      throw new InputException(
          InputException.Input.PORT,
          InputException.Problem.OUT_OF_RANGE,
          p.toString(),
          "the Service port "
              + p
              + " is "
              + p.protocol()
              + ", which podpath does not model;"
              + " give --proto tcp or udp and --dport");
    }
    return pr;
  }

  private static String describe(String proto, int dport) {
    return proto.equals("icmp") ? "ICMP" : dport + "/" + proto.toUpperCase(Locale.ROOT);
  }
}
