package dev.podpath.trace.render;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.netfilter.NetfilterTable;
import dev.podpath.model.packet.Ipv4Packet;
import dev.podpath.model.packet.L4;
import dev.podpath.sim.outcome.Step;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What a trace's output says beyond the trace itself, from the snapshot it ran on: the Service
 * {@code --to} named, what was assumed to make the probe (the port picked), and which pod and
 * Service each endpoint address belongs to, so that a DNAT to one is named.
 *
 * <pre>{@code
 * iptables nat PREROUTING: ... DNAT: dst 10.2.0.10:53 -> 10.1.0.67:53 ...
 *          10.1.0.67:53 is pod kube-system/coredns-857d9ff4c9-7m27z, an endpoint of kube-system/kube-dns ...
 * }</pre>
 *
 * @param service the Service the destination came from
 * @param assumptions what was assumed to make the probe, one sentence each
 * @param warnings what the user asked that the Service does not have (a port kube-proxy has no rule
 *     for): the trace shows what then happens
 * @param endpoints {@code IP:PORT/PROTOCOL}, {@code IP:PORT} or {@code IP} to what it is ({@code
 *     pod ns/name, an endpoint of ns/svc (file:line)})
 */
public record Annotations(
    Optional<ServiceDestination> service,
    List<String> assumptions,
    List<String> warnings,
    Map<String, String> endpoints) {

  public static final Annotations NONE =
      new Annotations(Optional.empty(), List.of(), List.of(), Map.of());

  public Annotations {
    Objects.requireNonNull(service, "service");
    assumptions = List.copyOf(assumptions);
    warnings = List.copyOf(warnings);
    endpoints = Map.copyOf(endpoints);
  }

  /**
   * The Service a destination was named by.
   *
   * @param name {@code namespace/name}
   * @param clusterIp its ClusterIP, the probe's destination
   * @param portName the port's name, when it has one
   * @param protocol {@code TCP}/{@code UDP} of the port picked, when one was
   * @param port the port picked, when one was
   * @param origin where kubectl listed it ({@code kubectl-get-services.json:12})
   */
  public record ServiceDestination(
      String name,
      Ipv4Address clusterIp,
      Optional<String> portName,
      Optional<String> protocol,
      OptionalInt port,
      String origin) {

    public ServiceDestination {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(clusterIp, "clusterIp");
      Objects.requireNonNull(portName, "portName");
      Objects.requireNonNull(protocol, "protocol");
      Objects.requireNonNull(port, "port");
      Objects.requireNonNull(origin, "origin");
    }

    /** {@code Service default/kubernetes: ClusterIP 10.2.0.1, port https 443/TCP (file:line)}. */
    public String describe() {
      return "Service "
          + name
          + ": ClusterIP "
          + clusterIp
          + (port.isPresent()
              ? ", port "
                  + portName.map(n -> n + " ").orElse("")
                  + port.getAsInt()
                  + "/"
                  + protocol.orElse("")
              : "")
          + " ("
          + origin
          + ")";
    }
  }

  /**
   * For a nat-table step that changed the destination (a DNAT), the address it now goes to and what
   * it is, when the snapshot says.
   */
  public Optional<Endpoint> endpointOf(Step step) {
    if (endpoints.isEmpty()
        || !(step instanceof Step.Netfilter n)
        || n.table() != NetfilterTable.NAT
        || n.before().dst().equals(n.after().dst()) && port(n.before()).equals(port(n.after()))) {
      return Optional.empty();
    }
    Ipv4Packet after = n.after();
    OptionalInt port = port(after);
    String withPort = after.dst() + (port.isPresent() ? ":" + port.getAsInt() : "");
    String proto =
        after.l4() instanceof L4.Tcp ? "/TCP" : after.l4() instanceof L4.Udp ? "/UDP" : "";
    String what = proto.isEmpty() ? null : endpoints.get(withPort + proto);
    if (what == null) {
      what = endpoints.get(withPort);
    }
    if (what == null) {
      what = endpoints.get(after.dst().toString());
    }
    return what == null ? Optional.empty() : Optional.of(new Endpoint(withPort, what));
  }

  /**
   * An address a DNAT sent the packet to, and what it is.
   *
   * @param address {@code IP:PORT}
   * @param what {@code pod kube-system/coredns-..., an endpoint of kube-system/kube-dns
   *     (file:line)}
   */
  public record Endpoint(String address, String what) {

    /** {@code 10.1.0.67:53 is pod ..., an endpoint of ...}. */
    public String describe() {
      return address + " is " + what;
    }
  }

  private static OptionalInt port(Ipv4Packet p) {
    if (p.l4() instanceof L4.Tcp t) {
      return OptionalInt.of(t.dport());
    }
    if (p.l4() instanceof L4.Udp u) {
      return OptionalInt.of(u.dport());
    }
    return OptionalInt.empty();
  }
}
