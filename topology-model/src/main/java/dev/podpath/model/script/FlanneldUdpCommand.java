package dev.podpath.model.script;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.addr.Prefix;
import dev.podpath.model.build.DeviceBuilder;
import dev.podpath.model.build.KernelError;
import dev.podpath.model.build.NetDevices;
import dev.podpath.model.build.NetnsBuilder;
import dev.podpath.model.origin.Origin;
import dev.podpath.model.topo.LinkKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code [python3] .../flanneld-udp.py [--tun NAME] [--port P] [--for SECONDS] SUBNET=NODE...}: the
 * stand-in for flanneld's UDP backend that ships in samples/. In the kernel it is a real program
 * relaying between a TUN device and a UDP socket; podpath models what it does (see {@link
 * LinkKind.FlanneldUdp}). As the program does (TUNSETIFF), it attaches to the TUN device of that
 * name, creating it if it does not exist.
 */
public final class FlanneldUdpCommand {

  /** The program's file name. */
  public static final String PROGRAM = "flanneld-udp.py";

  /** flanneld's UDP port when {@code --port} is not given. */
  public static final int DEFAULT_PORT = 8285;

  private FlanneldUdpCommand() {}

  /**
   * Whether {@code argv} (a script's command, or a running process's command line as {@code ps}
   * shows it) starts this program, directly or through python3.
   */
  public static boolean matches(List<String> argv) {
    if (argv.isEmpty()) {
      return false;
    }
    if (isProgram(argv.get(0))) {
      return true;
    }
    return isPython(argv.get(0)) && argv.size() > 1 && isProgram(argv.get(1));
  }

  private static boolean isProgram(String word) {
    return word.endsWith("/" + PROGRAM) || word.equals(PROGRAM);
  }

  /**
   * {@code python3}, {@code python}, {@code python3.11}, or one of them by path (as ps shows it).
   */
  private static boolean isPython(String word) {
    return word.substring(word.lastIndexOf('/') + 1).matches("python[0-9.]*");
  }

  /**
   * What a command line of the program says: the TUN device it holds, and the relay it runs.
   *
   * @param tun the TUN device's name ({@code --tun}, default {@code flannel0})
   * @param relay the UDP port and the subnet leases, with {@code origin} as where it was started
   */
  public record Invocation(String tun, LinkKind.FlanneldUdp relay) {
    public Invocation {
      Objects.requireNonNull(tun, "tun");
      Objects.requireNonNull(relay, "relay");
    }
  }

  /**
   * Reads the arguments of this program as the program does; a snapshot reads a running process's
   * command line with it ({@code ps.txt}).
   *
   * @throws IllegalArgumentException with the message the program's argument check gives
   */
  public static Invocation read(List<String> argv, Origin origin) {
    try {
      return invocation(argv, origin);
    } catch (CommandError e) {
      String m = e.getMessage();
      throw new IllegalArgumentException(m.startsWith(PROGRAM) ? m : PROGRAM + ": " + m, e);
    }
  }

  private static Invocation invocation(List<String> argv, Origin origin) {
    int start = isPython(argv.get(0)) ? 2 : 1;
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
    return new Invocation(tun, new LinkKind.FlanneldUdp(port, leases, origin));
  }

  static void run(Exec ex, List<String> argv) {
    Invocation inv = invocation(argv, ex.origin());
    int port = inv.relay().port();
    List<LinkKind.Lease> leases = inv.relay().leases();
    NetnsBuilder ns = ex.ns();
    String name = inv.tun();
    DeviceBuilder d =
        ns.device(name)
            .orElseGet(
                () ->
                    NetDevices.create(
                        ex.world().macs,
                        ns,
                        LinkKind.Type.TUN,
                        LinkKind.Type.TUN.ipLinkName(),
                        new NetDevices.Spec(name, Optional.empty(), Optional.empty()),
                        ex.origin()));
    if (d.kind() != LinkKind.Type.TUN) {
      throw new CommandError(PROGRAM + ": " + name + " is not a TUN device");
    }
    if (d.flanneld().isPresent()) {
      throw new CommandError(
          PROGRAM
              + ": "
              + name
              + " is already held by the flanneld started at "
              + d.flanneld().get().origin().location());
    }
    NetDevices.attachReader(d, inv.relay());
    // flanneld binds its UDP port on every address, as `ss -lun` shows it on a node
    try {
      ns.listen(
          new dev.podpath.model.topo.ListeningSocket(
              dev.podpath.model.topo.ListeningSocket.UDP, Optional.empty(), port, ex.origin()));
    } catch (KernelError e) {
      throw CommandError.program(PROGRAM + ": UDP port " + port, e);
    }
    ex.info(
        "flanneld (UDP backend) is modelled: it relays "
            + name
            + " <-> UDP "
            + port
            + " for "
            + leases.size()
            + " lease"
            + (leases.size() == 1 ? "" : "s"));
    ex.changed();
  }

  private static String value(List<String> argv, int k, String option) {
    if (k >= argv.size()) {
      throw new CommandError(PROGRAM + ": option " + option + " needs a value");
    }
    return argv.get(k);
  }
}
