package dev.podpath.model.dump;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.addr.Prefix;
import dev.podpath.model.origin.Origin;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Reads flannel's {@code /run/flannel/subnet.env}: {@code FLANNEL_NETWORK}, {@code FLANNEL_SUBNET}
 * (the node's pod subnet written as its gateway address and length), {@code FLANNEL_MTU} and {@code
 * FLANNEL_IPMASQ}. IPv6 keys ({@code FLANNEL_IPV6_*}) are skipped; other lines are warnings.
 */
public final class SubnetEnvParser {

  static final String COMMAND = "cat /run/flannel/subnet.env";

  private SubnetEnvParser() {}

  public static ParseResult<FlannelSubnetEnv> parse(String file, String content) {
    Warnings w = new Warnings(file);
    if (!Inputs.usable(content, COMMAND, w)
        || !Inputs.isExpected(content, Set.of(DumpFormat.FLANNEL_SUBNET_ENV), COMMAND, w)) {
      return w.result(FlannelSubnetEnv.empty());
    }
    Optional<Prefix> network = Optional.empty();
    Optional<Prefix> subnet = Optional.empty();
    Optional<Ipv4Address> gateway = Optional.empty();
    OptionalInt mtu = OptionalInt.empty();
    Optional<Boolean> masq = Optional.empty();
    Optional<Origin> subnetLine = Optional.empty();
    for (TextLine line : TextLine.split(content)) {
      String t = line.text().strip();
      if (t.isEmpty() || t.startsWith("#")) {
        continue;
      }
      if (t.startsWith("export ")) {
        t = t.substring(7).strip();
      }
      int eq = t.indexOf('=');
      if (eq <= 0) {
        w.add(line, 1, "not a KEY=VALUE line; skipped");
        continue;
      }
      String key = t.substring(0, eq);
      String value = t.substring(eq + 1).replace("\"", "");
      int col = line.text().indexOf('=') + 2;
      switch (key) {
        case "FLANNEL_NETWORK" -> {
          network = Prefix.tryParse(value);
          if (network.isEmpty()) {
            w.add(line, col, "FLANNEL_NETWORK \"" + value + "\" is not an IPv4 prefix; ignored");
          }
        }
        case "FLANNEL_SUBNET" -> {
          String[] p = value.split("/", 2);
          Optional<Ipv4Address> a = Ipv4Address.tryParse(p[0]);
          Optional<Integer> len = Optional.empty();
          if (p.length == 2 && p[1].matches("\\d{1,2}") && Integer.parseInt(p[1]) <= 32) {
            len = Optional.of(Integer.parseInt(p[1]));
          }
          if (a.isEmpty() || len.isEmpty()) {
            w.add(line, col, "FLANNEL_SUBNET \"" + value + "\" is not ADDRESS/LENGTH; ignored");
          } else {
            gateway = a;
            subnet = Optional.of(Prefix.of(a.get(), len.get()));
            subnetLine = Optional.of(new Origin(w.file(), line.number(), line.text().strip()));
          }
        }
        case "FLANNEL_MTU" -> {
          if (value.matches("\\d{1,6}") && Integer.parseInt(value) > 0) {
            mtu = OptionalInt.of(Integer.parseInt(value));
          } else {
            w.add(line, col, "FLANNEL_MTU \"" + value + "\" is not a positive number; ignored");
          }
        }
        case "FLANNEL_IPMASQ" -> {
          if (value.equals("true") || value.equals("false")) {
            masq = Optional.of(value.equals("true"));
          } else {
            w.add(line, col, "FLANNEL_IPMASQ \"" + value + "\" is not true or false; ignored");
          }
        }
        default -> {
          if (!key.startsWith("FLANNEL_IPV6_") && !key.startsWith("FLANNEL_")) {
            w.add(line, 1, "\"" + key + "\" is not a flannel subnet.env key; ignored");
          }
        }
      }
    }
    return w.result(new FlannelSubnetEnv(network, subnet, gateway, mtu, masq, subnetLine));
  }
}
