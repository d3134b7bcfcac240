package dev.podpath.model.kube;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One port of a Service ({@code spec.ports[]}, or one item of the {@code PORT(S)} column).
 *
 * <pre>{@code
 * 443/TCP            port 443, TCP
 * 80:31674/TCP       port 80, node port 31674
 * {"name":"dns","port":53,"protocol":"UDP","targetPort":53}
 * }</pre>
 *
 * @param name the port's name ({@code https}, {@code dns-tcp}); JSON only, and only when named
 * @param protocol {@code TCP}, {@code UDP} or {@code SCTP}, upper case
 * @param port the port on the ClusterIP
 * @param targetPort the pod port, a number or a container port's name (JSON only)
 * @param nodePort the node port of a NodePort or LoadBalancer Service
 */
public record ServicePort(
    Optional<String> name,
    String protocol,
    int port,
    Optional<String> targetPort,
    OptionalInt nodePort) {

  public ServicePort {
    Objects.requireNonNull(name, "name");
    protocol = Objects.requireNonNull(protocol, "protocol").toUpperCase(Locale.ROOT);
    Objects.requireNonNull(targetPort, "targetPort");
    Objects.requireNonNull(nodePort, "nodePort");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port out of range: " + port);
    }
  }

  /**
   * As kubectl prints it in PORT(S), with the name in front when there is one: {@code https
   * 443/TCP}.
   */
  @Override
  public String toString() {
    return name.map(n -> n + " ").orElse("")
        + port
        + (nodePort.isPresent() ? ":" + nodePort.getAsInt() : "")
        + "/"
        + protocol;
  }
}
