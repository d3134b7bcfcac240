package dev.podpath.model.dump;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.addr.Prefix;
import dev.podpath.model.origin.Origin;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What flannel wrote to {@code /run/flannel/subnet.env} on one node.
 *
 * <pre>{@code
 * FLANNEL_NETWORK=10.10.0.0/16     -> network 10.10.0.0/16 (the whole cluster's pod network)
 * FLANNEL_SUBNET=10.10.1.1/24      -> subnet 10.10.1.0/24, gateway 10.10.1.1 (cni0's address)
 * FLANNEL_MTU=1450                 -> mtu 1450
 * FLANNEL_IPMASQ=true              -> ipMasq true
 * }</pre>
 *
 * @param subnetLine where {@code FLANNEL_SUBNET} was read: what podpath builds from it (cni0's
 *     address and its connected route, when no device dump shows them) cites this line
 */
public record FlannelSubnetEnv(
    Optional<Prefix> network,
    Optional<Prefix> subnet,
    Optional<Ipv4Address> gateway,
    OptionalInt mtu,
    Optional<Boolean> ipMasq,
    Optional<Origin> subnetLine) {

  public FlannelSubnetEnv {
    Objects.requireNonNull(network, "network");
    Objects.requireNonNull(subnet, "subnet");
    Objects.requireNonNull(gateway, "gateway");
    Objects.requireNonNull(mtu, "mtu");
    Objects.requireNonNull(ipMasq, "ipMasq");
    Objects.requireNonNull(subnetLine, "subnetLine");
  }

  public static FlannelSubnetEnv empty() {
    return new FlannelSubnetEnv(
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        OptionalInt.empty(),
        Optional.empty(),
        Optional.empty());
  }
}
