package dev.podpath.model.script;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.addr.Prefix;
import dev.podpath.model.topo.LinkKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code [python3] .../flanneld-udp.py [--tun NAME] [--port P] [--for SECONDS] SUBNET=NODE...}:
 * the stand-in for flanneld's UDP backend that ships in samples/. In the kernel it is a real
 * program relaying between a TUN device and a UDP socket; podpath models what it does (see
 * {@link LinkKind.FlanneldUdp}). As the program does (TUNSETIFF), it attaches to the TUN device
 * of that name, creating it if it does not exist.
 */
final class FlanneldUdpCommand {

  static final String PROGRAM = "flanneld-udp.py";
  static final int DEFAULT_PORT = 8285;

  private FlanneldUdpCommand() {}

  /** Whether {@code argv} starts this program (directly or through python3). */
  static boolean matches(List<String> argv) {
    if (argv.isEmpty()) {
      return false;
    }
    String first = argv.get(0);
    if (first.endsWith("/" + PROGRAM) || first.equals(PROGRAM)) {
      return true;
    }
    return (first.equals("python3") || first.equals("python")) && argv.size() > 1
        && (argv.get(1).endsWith("/" + PROGRAM) || argv.get(1).equals(PROGRAM));
  }

  static void run(Exec ex, List<String> argv) {
    int start = argv.get(0).startsWith("python") ? 2 : 1;
    String tun = "flannel0";
    int port = DEFAULT_PORT;
    List<LinkKind.Lease> leases = new ArrayList<>();
    for (int k = start; k < argv.size(); k++) {
      String a = argv.get(k);
      switch (a) {
        case "--tun" -> tun = value(argv, ++k, a);
        case "--port" -> port = Args.intIn(value(argv, ++k, a), 1, 65535, "invalid port");
        case "--for" -> value(argv, ++k, a);
        default -> {
          int eq = a.indexOf('=');
          if (eq < 0) {
            throw new CommandError(PROGRAM + ": expected SUBNET=NODE, got \"" + a + "\"");
          }
          Optional<Prefix> subnet = Prefix.tryParse(a.substring(0, eq));
          Optional<Ipv4Address> node = Ipv4Address.tryParse(a.substring(eq + 1));
          if (subnet.isEmpty() || node.isEmpty()) {
            throw new CommandError(PROGRAM + ": expected SUBNET=NODE, got \"" + a + "\"");
          }
          leases.add(new LinkKind.Lease(subnet.get(), node.get()));
        }
      }
    }
    NetnsState ns = ex.ns();
    String name = tun;
    DeviceState d = ns.device(name).orElseGet(() -> Links.create(ex.world(), ns, DeviceState.Kind.TUN, "tun",
        new Links.Spec(name, Optional.empty(), Optional.empty()), ex.origin()));
    if (d.kind != DeviceState.Kind.TUN) {
      throw new CommandError(PROGRAM + ": " + name + " is not a TUN device");
    }
    if (d.flanneld != null) {
      throw new CommandError(PROGRAM + ": " + name + " is already held by the flanneld started at "
          + d.flanneld.origin().location());
    }
    d.flanneld = new LinkKind.FlanneldUdp(port, leases, ex.origin());
    ex.info("flanneld (UDP backend) is modelled: it relays " + name + " <-> UDP " + port + " for " + leases.size()
        + " lease" + (leases.size() == 1 ? "" : "s"));
    ex.changed();
  }

  private static String value(List<String> argv, int k, String option) {
    if (k >= argv.size()) {
      throw new CommandError(PROGRAM + ": option " + option + " needs a value");
    }
    return argv.get(k);
  }
}
