package dev.podpath.trace.matrix;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.topo.NetnsName;
import java.util.Objects;
import java.util.Optional;

/**
 * A row or a column of a {@link Matrix}: what {@code podpath trace} takes as {@code --from} or
 * {@code --to}, and what the selectors match it by.
 *
 * <pre>{@code
 * new MatrixEndpoint("ns1", Kind.NAMESPACE, Optional.empty(), Optional.of(NetnsName.of("ns1")), Optional.empty());
 * new MatrixEndpoint("10.0.2.2", Kind.ADDRESS, Optional.of(ip), Optional.of(NetnsName.of("ns2")), Optional.empty());
 * }</pre>
 *
 * @param label the name given to {@code trace} ({@code --from}/{@code --to}): a namespace, an
 *     address, a pod or Service as {@code namespace/name}
 * @param kind what it is
 * @param address its address, when it has one (a Service's ClusterIP)
 * @param netns the namespace it is, or owns the address (none for a Service or a pod not modelled)
 * @param node the node a pod runs on, or the node a node's namespace is
 */
public record MatrixEndpoint(
    String label,
    Kind kind,
    Optional<Ipv4Address> address,
    Optional<NetnsName> netns,
    Optional<String> node) {

  /** What a row or column is. */
  public enum Kind {
    /** A namespace of a scenario, or of a snapshot that is no pod's. */
    NAMESPACE,
    /** An address of a namespace. */
    ADDRESS,
    /** A pod kubectl listed, as {@code namespace/name}. */
    POD,
    /** A Service with a ClusterIP, as {@code namespace/name}. */
    SERVICE
  }

  public MatrixEndpoint {
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(netns, "netns");
    Objects.requireNonNull(node, "node");
  }
}
