package dev.podpath.model.dump;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.addr.MacAddress;
import dev.podpath.model.addr.Prefix;
import dev.podpath.model.origin.Origin;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A Docker network as {@code docker network inspect} prints it: its name, id and driver, its IPv4
 * subnets and gateways ({@code IPAM.Config}), the options that name its bridge, and the containers
 * attached to it with their addresses.
 *
 * @param name {@code Name} ({@code bridge} is the default network, on {@code docker0})
 * @param id {@code Id}, 64 hex digits
 * @param driver {@code Driver}: {@code bridge}, {@code host}, {@code overlay}, {@code macvlan}...
 * @param subnets the IPv4 entries of {@code IPAM.Config}
 * @param options {@code Options} ({@code com.docker.network.bridge.name}, ...)
 * @param containers {@code Containers}, with an IPv4 address
 * @param origin the line of the network's {@code "Name"}
 */
public record DockerNetwork(
    String name,
    String id,
    String driver,
    List<Subnet> subnets,
    Map<String, String> options,
    List<Container> containers,
    Origin origin) {

  /** Docker's option naming a bridge network's Linux bridge. */
  public static final String BRIDGE_NAME_OPTION = "com.docker.network.bridge.name";

  /**
   * One IPv4 subnet of the network.
   *
   * @param subnet {@code Subnet}
   * @param gateway {@code Gateway}, when given (Docker takes the subnet's first address otherwise)
   * @param origin the {@code Subnet} line
   */
  public record Subnet(Prefix subnet, Optional<Ipv4Address> gateway, Origin origin) {
    public Subnet {
      Objects.requireNonNull(subnet, "subnet");
      Objects.requireNonNull(gateway, "gateway");
      Objects.requireNonNull(origin, "origin");
    }
  }

  /**
   * A container's endpoint on the network.
   *
   * @param name {@code Name}
   * @param mac {@code MacAddress}, when given
   * @param address {@code IPv4Address}'s address
   * @param prefixLength {@code IPv4Address}'s length
   * @param origin the {@code IPv4Address} line
   */
  public record Container(
      String name, Optional<MacAddress> mac, Ipv4Address address, int prefixLength, Origin origin) {
    public Container {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(mac, "mac");
      Objects.requireNonNull(address, "address");
      Objects.requireNonNull(origin, "origin");
    }
  }

  public DockerNetwork {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(driver, "driver");
    subnets = List.copyOf(subnets);
    options = Map.copyOf(options);
    containers = List.copyOf(containers);
    Objects.requireNonNull(origin, "origin");
  }

  /**
   * The Linux bridge of a {@code bridge} network, as Docker names it: the {@code
   * com.docker.network.bridge.name} option, else {@code docker0} for the default network, else
   * {@code br-} and the id's first 12 digits.
   */
  public String bridgeDevice() {
    String opt = options.get(BRIDGE_NAME_OPTION);
    if (opt != null && !opt.isBlank()) {
      return opt;
    }
    if (name.equals("bridge")) {
      return "docker0";
    }
    return "br-" + id.substring(0, Math.min(12, id.length()));
  }
}
