package dev.podpath.model.script;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.addr.Prefix;
import dev.podpath.model.build.DeviceBuilder;
import dev.podpath.model.build.Devinet;
import dev.podpath.model.build.InetAddr;
import dev.podpath.model.build.KernelError;
import dev.podpath.model.build.NetDevices;
import dev.podpath.model.errno.Errno;
import dev.podpath.model.topo.IfAddress;
import java.util.List;
import java.util.Optional;

/**
 * net-tools' {@code ifconfig DEV [ADDR[/LEN]] [netmask M] [broadcast B] [up|down] [mtu N] [hw ether
 * MAC]} with the kernel's ioctl semantics ({@code devinet_ioctl}): {@code SIOCSIFADDR} replaces the
 * device's first address (a classful mask until {@code netmask} says otherwise) and ifconfig then
 * brings the device up; {@code SIOCSIFNETMASK} and {@code SIOCSIFBRDADDR} change the first address.
 * Without arguments, or with only a device, it shows.
 */
final class Ifconfig {

  private Ifconfig() {}

  static void run(Exec ex, List<String> argv) {
    Args a = new Args(argv.subList(1, argv.size()));
    while (a.hasNext()
        && a.peek().startsWith("-")
        && (a.peek().equals("-a") || a.peek().equals("-s") || a.peek().equals("-v"))) {
      a.next();
    }
    if (!a.hasNext()) {
      return;
    }
    String dev = a.next();
    DeviceBuilder d =
        ex.ns()
            .device(dev)
            .orElseThrow(
                () ->
                    new CommandError(
                        dev + ": ERROR while getting interface flags: No such device"));
    if (!a.hasNext()) {
      return;
    }
    String request = "SIOCSIFFLAGS";
    try {
      while (a.hasNext()) {
        String k = a.next();
        switch (k) {
          case "up":
            request = "SIOCSIFFLAGS";
            NetDevices.setUp(ex.ns(), d, true, ex.origin());
            break;
          case "down":
            request = "SIOCSIFFLAGS";
            NetDevices.setUp(ex.ns(), d, false, ex.origin());
            break;
          case "netmask":
            {
              request = "SIOCSIFNETMASK";
              String v = a.value();
              Ipv4Address m =
                  Ipv4Address.tryParse(v).orElseThrow(() -> new CommandError(v + ": Unknown host"));
              int len = Prefix.lengthOfNetmask(m).orElseThrow(() -> KernelError.of(Errno.EINVAL));
              setNetmask(ex, d, len);
              break;
            }
          case "broadcast":
            {
              request = "SIOCSIFBRDADDR";
              String v = a.value();
              Ipv4Address b =
                  Ipv4Address.tryParse(v).orElseThrow(() -> new CommandError(v + ": Unknown host"));
              InetAddr first = first(d);
              replace(
                  ex,
                  d,
                  first,
                  new IfAddress(
                      first.local(),
                      first.prefixLength(),
                      first.ifa().peer(),
                      Optional.of(b),
                      first.ifa().scope(),
                      ex.origin()));
              break;
            }
          case "mtu":
            request = "SIOCSIFMTU";
            IpLink.setMtu(ex.ns(), d, (int) Args.u32(a.value(), "Invalid \"mtu\" value"));
            break;
          case "hw":
            {
              request = "SIOCSIFHWADDR";
              String cls = a.value();
              if (!cls.equals("ether")) {
                throw new CommandError("hw " + cls + ": hardware class not supported by podpath");
              }
              NetDevices.setMac(ex.ns(), d, Args.lladdr(a.value()));
              break;
            }
          case "arp":
          case "-arp":
          case "promisc":
          case "-promisc":
          case "allmulti":
          case "-allmulti":
          case "multicast":
          case "-broadcast":
            if (k.equals("-arp")) {
              ex.notModelled(
                  "arp off (NOARP) is not modelled: podpath still resolves neighbours on "
                      + d.name());
            }
            break;
          case "txqueuelen":
          case "metric":
            a.value();
            break;
          case "pointopoint":
          case "dstaddr":
          case "-pointopoint":
            if (!k.startsWith("-")) {
              a.value();
            }
            ex.notModelled("ifconfig " + k + " is not modelled: use ip addr add ... peer ...");
            break;
          case "add":
          case "del":
            a.value();
            ex.notModelled("IPv6 is not modelled: podpath ignores this command");
            break;
          default:
            request = "SIOCSIFADDR";
            setAddress(ex, d, k);
        }
      }
    } catch (KernelError e) {
      throw CommandError.ioctl(request, e);
    }
    ex.changed();
  }

  /** {@code SIOCSIFADDR} (and {@code SIOCSIFNETMASK} for {@code ADDR/LEN}), then up. */
  private static void setAddress(Exec ex, DeviceBuilder d, String text) {
    int slash = text.indexOf('/');
    Ipv4Address addr =
        Ipv4Address.tryParse(slash < 0 ? text : text.substring(0, slash))
            .orElseThrow(() -> new CommandError(text + ": Unknown host"));
    Optional<Integer> len = Optional.empty();
    if (slash >= 0) {
      String l = text.substring(slash + 1);
      if (!l.matches("[0-9]{1,2}") || Integer.parseInt(l) > 32) {
        throw new CommandError(text + ": Unknown host");
      }
      len = Optional.of(Integer.parseInt(l));
    }
    Optional<InetAddr> first = d.addrs().stream().findFirst();
    if (addr.isAny()) {
      if (first.isPresent()) {
        Devinet.delete(ex.ns(), d, first.get(), ex.origin());
      }
      return;
    }
    int abc = classfulLength(addr);
    if (abc < 0) {
      throw KernelError.of(Errno.EINVAL);
    }
    int plen = abc;
    Optional<Ipv4Address> brd =
        plen < 31 && !d.isLoopback()
            ? Optional.of(Prefix.of(addr, plen).broadcast())
            : Optional.empty();
    IfAddress ifa =
        new IfAddress(addr, plen, Optional.empty(), brd, Devinet.defaultScope(addr), ex.origin());
    if (first.isPresent()) {
      Devinet.delete(ex.ns(), d, first.get(), ex.origin());
    }
    Devinet.add(ex.ns(), d, ifa, 0, false, ex.origin());
    if (len.isPresent()) {
      setNetmask(ex, d, len.get());
    }
    NetDevices.setUp(ex.ns(), d, true, ex.origin());
  }

  /** {@code SIOCSIFNETMASK}: the broadcast follows if it was the old subnet's. */
  private static void setNetmask(Exec ex, DeviceBuilder d, int len) {
    InetAddr first = first(d);
    if (first.prefixLength() == len) {
      return;
    }
    Optional<Ipv4Address> brd = first.ifa().broadcast();
    if (brd.equals(Optional.of(Prefix.of(first.local(), first.prefixLength()).broadcast()))
        && len < 31) {
      brd = Optional.of(Prefix.of(first.local(), len).broadcast());
    }
    replace(
        ex,
        d,
        first,
        new IfAddress(
            first.local(), len, first.ifa().peer(), brd, first.ifa().scope(), ex.origin()));
  }

  private static InetAddr first(DeviceBuilder d) {
    return d.addrs().stream().findFirst().orElseThrow(() -> KernelError.of(Errno.EADDRNOTAVAIL));
  }

  private static void replace(Exec ex, DeviceBuilder d, InetAddr old, IfAddress ifa) {
    Devinet.delete(ex.ns(), d, old, ex.origin());
    Devinet.add(ex.ns(), d, ifa, old.metric(), old.noPrefixRoute(), ex.origin());
  }

  /** {@code inet_abc_len}: 8, 16 or 24 for class A, B, C; 0 for 0.0.0.0; -1 otherwise. */
  static int classfulLength(Ipv4Address a) {
    int first = a.bits() >>> 24;
    if (a.isAny()) {
      return 0;
    }
    if (first < 128) {
      return 8;
    }
    if (first < 192) {
      return 16;
    }
    return first < 224 ? 24 : -1;
  }
}
