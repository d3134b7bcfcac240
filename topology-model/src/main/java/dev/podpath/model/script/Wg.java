package dev.podpath.model.script;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.addr.Prefix;
import dev.podpath.model.build.DeviceBuilder;
import dev.podpath.model.build.KernelError;
import dev.podpath.model.build.NetDevices;
import dev.podpath.model.topo.LinkKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * {@code wg} (wireguard-tools 1.0), as far as a scenario configures a WireGuard device with it:
 * {@code wg set DEV [listen-port P] [fwmark M] [private-key FILE] [peer KEY [remove] [endpoint
 * IP:PORT] [persistent-keepalive N|off] [allowed-ips CIDR[,CIDR...]]]...}, and {@code wg show} /
 * {@code showconf} (display). The device itself is not modelled yet (a packet that reaches it ends
 * NOT_MODELLED naming it), so {@code wg set} changes nothing podpath simulates; it is read so that
 * a mistake stops the script as wg would, and so that verify's kernel side can run it.
 *
 * <p>The key file is read only from the scenario's folder (as a restore file) and handed to the
 * kernel side's {@code wg} on its standard input ({@code private-key /proc/self/fd/0}: the VM has
 * no /dev/stdin), never by its path: verify runs only what podpath read. {@code wg genkey > FILE}
 * is a write to a file, which podpath refuses; a scenario brings its key files with it. {@code
 * preshared-key}, {@code setconf} and {@code addconf} are refused as not supported.
 */
final class Wg {

  private Wg() {}

  /** A Curve25519 key in base64, as wg reads and prints it. */
  private static final Pattern KEY = Pattern.compile("[A-Za-z0-9+/]{42}[AEIMQUYcgkosw048]=");

  private static final Pattern CIDR =
      Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}(/\\d{1,2})?|[0-9a-fA-F:]*:[0-9a-fA-F:.]*(/\\d+)?");

  static void run(Exec ex, List<String> argv) {
    if (argv.size() < 2) {
      // `wg` alone is `wg show`: a display
      return;
    }
    switch (argv.get(1)) {
      case "show", "showconf", "genkey", "genpsk", "pubkey", "--help", "-h", "help" -> {}
      case "set" -> set(ex, argv);
      case "setconf", "addconf", "syncconf" ->
          throw new CommandError(
              "wg "
                  + argv.get(1)
                  + ": not supported by podpath (give the settings with wg set DEV ...,"
                  + " the private key as a file of the scenario's folder)");
      default ->
          throw new CommandError(
              "Invalid subcommand: `" + argv.get(1) + "'\nUsage: wg <cmd> [<args>]");
    }
  }

  private static void set(Exec ex, List<String> argv) {
    if (argv.size() < 3) {
      throw new CommandError("Usage: wg set <interface> [listen-port <port>] ...");
    }
    String dev = argv.get(2);
    DeviceBuilder d = ex.ns().device(dev).orElse(null);
    if (d == null || d.wireguard().isEmpty()) {
      throw new CommandError(
          "Unable to modify interface: "
              + (d == null ? "No such device" : "Operation not supported")
              + " ("
              + dev
              + " is not a WireGuard device)");
    }
    LinkKind.WireGuard was = d.wireguard().get();
    Optional<String> publicKey = was.publicKey();
    int listenPort = was.listenPort();
    List<LinkKind.WgPeer> peers = new ArrayList<>(was.peers());
    List<String> kernel = new ArrayList<>(argv.subList(0, 3));
    String keyText = null;
    // the peer being set: its index in peers, or -1 when removed or ignored
    int current = -1;
    boolean inPeer = false;
    for (int i = 3; i < argv.size(); i++) {
      String w = argv.get(i);
      switch (w) {
        case "listen-port" -> {
          String v = value(argv, ++i, w);
          listenPort = number(v, w, 65535);
          kernel.add(w);
          kernel.add(Integer.toString(listenPort));
        }
        case "fwmark" -> {
          String v = value(argv, ++i, w);
          if (!v.equals("off") && !v.matches("(0x[0-9a-fA-F]{1,8}|\\d{1,10})")) {
            throw new CommandError("Mark is neither hex nor decimal: `" + v + "'");
          }
          if (!v.equals("off") && !v.matches("0+|0x0+")) {
            ex.notModelled(
                "wg set "
                    + dev
                    + " fwmark "
                    + v
                    + ": the mark of the device's own UDP packets is not modelled (they leave"
                    + " unmarked in podpath)");
          }
          kernel.add(w);
          kernel.add(v);
        }
        case "private-key" -> {
          if (inPeer) {
            throw new CommandError("Invalid argument: private-key after peer");
          }
          String file = value(argv, ++i, w);
          String text = Iptables.read(ex, file).strip();
          if (!KEY.matcher(text).matches()) {
            throw new CommandError("Key is not the correct length or format: `" + file + "'");
          }
          keyText = text + "\n";
          publicKey = Optional.of(WgKeys.publicKey(text));
          // wg_set_device: a peer whose key is the device's own public key is removed
          String own = publicKey.get();
          peers.removeIf(p -> p.publicKey().equals(own));
          kernel.add(w);
          kernel.add("/proc/self/fd/0");
        }
        case "peer" -> {
          String key = value(argv, ++i, w);
          if (!KEY.matcher(key).matches()) {
            throw new CommandError("Key is not the correct length or format: `" + key + "'");
          }
          inPeer = true;
          current = -1;
          // set_peer: the device's own public key as a peer is ignored without an error
          if (publicKey.filter(key::equals).isEmpty()) {
            for (int p = 0; p < peers.size(); p++) {
              if (peers.get(p).publicKey().equals(key)) {
                current = p;
              }
            }
            if (current < 0) {
              peers.add(new LinkKind.WgPeer(key, Optional.empty(), 0, List.of()));
              current = peers.size() - 1;
            }
          }
          kernel.add(w);
          kernel.add(key);
        }
        case "remove" -> {
          peerOnly(inPeer, w);
          if (current >= 0) {
            peers.remove(current);
            current = -1;
          }
          kernel.add(w);
        }
        case "endpoint" -> {
          peerOnly(inPeer, w);
          String v = value(argv, ++i, w);
          int colon = v.lastIndexOf(':');
          if (colon < 1
              || !v.substring(0, colon).matches("\\d{1,3}(\\.\\d{1,3}){3}")
              || number(v.substring(colon + 1), w, 65535) < 1) {
            throw new CommandError(
                "Unable to parse endpoint `" + v + "' (podpath reads IPv4:PORT endpoints)");
          }
          Ipv4Address addr =
              Ipv4Address.tryParse(v.substring(0, colon))
                  .orElseThrow(() -> new CommandError("Unable to parse endpoint `" + v + "'"));
          int port = Integer.parseInt(v.substring(colon + 1));
          if (current >= 0) {
            LinkKind.WgPeer p = peers.get(current);
            peers.set(
                current,
                new LinkKind.WgPeer(p.publicKey(), Optional.of(addr), port, p.allowedIps()));
          }
          kernel.add(w);
          kernel.add(v);
        }
        case "persistent-keepalive" -> {
          peerOnly(inPeer, w);
          String v = value(argv, ++i, w);
          if (!v.equals("off")) {
            if (number(v, w, 65535) > 0) {
              ex.notModelled(
                  "wg set "
                      + dev
                      + " persistent-keepalive "
                      + v
                      + ": the keepalives sent every "
                      + v
                      + " s are not modelled (podpath's underlay sees no packet between probes)");
            }
          }
          kernel.add(w);
          kernel.add(v);
        }
        case "allowed-ips" -> {
          peerOnly(inPeer, w);
          String v = value(argv, ++i, w);
          List<Prefix> ips = new ArrayList<>();
          for (String c : v.split(",", -1)) {
            String t = c.strip();
            if (t.isEmpty() && v.isBlank()) {
              continue;
            }
            if (!CIDR.matcher(t).matches()) {
              throw new CommandError("Unable to parse IP address: `" + c + "'");
            }
            if (t.contains(":")) {
              ex.notModelled("allowed-ips " + t + ": IPv6 is not modelled (the prefix is ignored)");
              continue;
            }
            ips.add(allowedIp(t));
          }
          if (current >= 0) {
            // an allowed-ip belongs to one peer: inserting it takes it from any other
            // (wg_allowedips_insert_v4); wg set replaces the peer's list
            // (WGPEER_F_REPLACE_ALLOWEDIPS)
            for (int p = 0; p < peers.size(); p++) {
              if (p != current) {
                LinkKind.WgPeer o = peers.get(p);
                List<Prefix> kept = o.allowedIps().stream().filter(a -> !ips.contains(a)).toList();
                peers.set(
                    p, new LinkKind.WgPeer(o.publicKey(), o.endpoint(), o.endpointPort(), kept));
              }
            }
            LinkKind.WgPeer p = peers.get(current);
            peers.set(
                current,
                new LinkKind.WgPeer(
                    p.publicKey(),
                    p.endpoint(),
                    p.endpointPort(),
                    ips.stream().distinct().toList()));
          }
          kernel.add(w);
          kernel.add(v);
        }
        case "preshared-key" ->
            throw new CommandError(
                "wg set ... preshared-key: not supported by podpath (verify hands wg one key file,"
                    + " the private key, on its standard input)");
        default -> throw new CommandError("Invalid argument: " + w);
      }
    }
    try {
      NetDevices.configureWireGuard(d, new LinkKind.WireGuard(publicKey, listenPort, peers));
    } catch (KernelError e) {
      // the only refusal here: another up WireGuard device listens on the port (EADDRINUSE)
      throw new CommandError(
          "Unable to modify interface: Address already in use (listen-port " + listenPort + ")");
    }
    ex.world().kernelSteps.replaceArgv(kernel);
    if (keyText != null) {
      ex.world().kernelSteps.stdin(keyText);
    }
  }

  /** An allowed-ip as the kernel keeps it: the host bits cleared ({@code wg_allowedips_insert}). */
  private static Prefix allowedIp(String text) {
    int slash = text.indexOf('/');
    Ipv4Address a =
        Ipv4Address.tryParse(slash < 0 ? text : text.substring(0, slash))
            .orElseThrow(() -> new CommandError("Unable to parse IP address: `" + text + "'"));
    int length = slash < 0 ? 32 : Integer.parseInt(text.substring(slash + 1));
    if (length > 32) {
      throw new CommandError("Unable to parse IP address: `" + text + "'");
    }
    return Prefix.of(a, length);
  }

  private static void peerOnly(boolean inPeer, String w) {
    if (!inPeer) {
      throw new CommandError("Invalid argument: " + w + " before peer");
    }
  }

  private static String value(List<String> argv, int i, String option) {
    if (i >= argv.size()) {
      throw new CommandError("Invalid argument: " + option + " needs a value");
    }
    return argv.get(i);
  }

  private static int number(String v, String option, int max) {
    if (!v.matches("\\d{1,5}") || Integer.parseInt(v) > max) {
      throw new CommandError("Invalid " + option + ": `" + v + "'");
    }
    return Integer.parseInt(v);
  }
}
