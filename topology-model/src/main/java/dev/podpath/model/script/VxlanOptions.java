package dev.podpath.model.script;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.topo.LinkKind;
import java.util.Optional;

/**
 * The arguments after {@code type vxlan}, parsed as iproute2 6.1's {@code vxlan_parse_opt()} does
 * and checked as the kernel's {@code vxlan_newlink()} does (messages from this machine's iproute2
 * 6.1 and kernel 6.18).
 *
 * <pre>{@code
 * ip link add flannel.1 type vxlan id 1 local 192.168.2.16 dev enp0s5 dstport 8472 nolearning
 * }</pre>
 */
final class VxlanOptions {

  /** The kernel's default VXLAN port (not the IANA 4789) when {@code dstport} is not given. */
  static final int LINUX_DEFAULT_PORT = 8472;

  static final int MAX_VNI = 0xFF_FFFF;

  /** What the device was created with; {@code lower} follows renames because it is the device. */
  record Conf(
      int vni,
      Optional<Ipv4Address> local,
      Optional<Ipv4Address> remote,
      Optional<Ipv4Address> group,
      DeviceState lower,
      int dstPort,
      boolean learning,
      int ttl,
      boolean ttlInherit) {
    LinkKind.Vxlan freeze() {
      return new LinkKind.Vxlan(
          vni,
          local,
          group,
          Optional.ofNullable(lower).map(l -> l.name),
          dstPort,
          learning,
          ttl,
          ttlInherit);
    }
  }

  private VxlanOptions() {}

  static Conf parse(Exec ex, Args a) {
    Integer vni = null;
    Ipv4Address local = null;
    Ipv4Address remote = null;
    Ipv4Address group = null;
    DeviceState lower = null;
    Integer port = null;
    boolean learning = true;
    int ttl = 0;
    boolean inherit = false;
    while (a.hasNext()) {
      String k = a.next();
      switch (k) {
        case "id", "vni" -> {
          String v = a.value();
          vni = (int) Args.u32(v, "invalid id");
          if (vni > MAX_VNI) {
            throw CommandError.invarg("invalid id", v);
          }
        }
        case "group" -> {
          String v = a.value();
          group = address(v, "invalid group address");
          if (!group.isMulticast()) {
            throw CommandError.invarg("invalid group address", v);
          }
        }
        case "remote" -> {
          String v = a.value();
          remote = address(v, "invalid remote address");
          if (remote.isMulticast()) {
            throw CommandError.invarg("invalid remote address", v);
          }
        }
        case "local" -> {
          String v = a.value();
          if (!v.equals("any")) {
            local = address(v, "invalid local address");
          }
        }
        case "dev" -> {
          String v = a.value();
          lower = ex.ns().device(v).orElseThrow(() -> CommandError.noDevice(v));
        }
        case "ttl", "hoplimit" -> {
          String v = a.value();
          if (v.equals("inherit")) {
            inherit = true;
          } else if (!v.equals("auto")) {
            long t = Args.u32(v, "invalid TTL");
            if (t > 255) {
              throw CommandError.invarg("TTL must be <= 255", v);
            }
            ttl = (int) t;
          }
        }
        case "dstport" -> {
          String v = a.value();
          port = (int) Args.u32(v, "dstport");
          if (port > 65535) {
            throw CommandError.invarg("dstport", v);
          }
        }
        case "learning" -> learning = true;
        case "nolearning" -> learning = false;
        case "port", "srcport" -> {
          // srcport MIN MAX: the outer source port range (the hash is mapped into it)
          int min = Args.intIn(a.value(), 0, 65535, "min port");
          int max = Args.intIn(a.value(), 0, 65535, "max port");
          ex.notModelled(
              "vxlan srcport "
                  + min
                  + " "
                  + max
                  + ": podpath maps the flow hash into the local port range");
        }
        case "tos", "df", "flowlabel", "ageing", "maxaddress", "label" -> {
          a.value();
          if (!k.equals("ageing") && !k.equals("maxaddress")) {
            ex.info("vxlan " + k + " does not change podpath's datapath");
          }
        }
        case "udpcsum",
            "noudpcsum",
            "udp6zerocsumtx",
            "noudp6zerocsumtx",
            "udp6zerocsumrx",
            "noudp6zerocsumrx",
            "remcsumtx",
            "noremcsumtx",
            "remcsumrx",
            "noremcsumrx",
            "norsc",
            "rsc",
            "noproxy",
            "noproxy_arp",
            "nol2miss",
            "nol3miss",
            "noexternal",
            "novnifilter",
            "nolocalbypass",
            "localbypass" -> {}
        case "proxy",
            "l2miss",
            "l3miss",
            "external",
            "collect_metadata",
            "gbp",
            "gpe",
            "vnifilter" ->
            throw new CommandError("vxlan " + k + " is not modelled by podpath");
        default -> throw new CommandError("vxlan: unknown command \"" + k + "\"?");
      }
    }
    if (vni == null) {
      throw new CommandError("vxlan: missing virtual network identifier");
    }
    if (group != null && remote != null) {
      throw new CommandError("vxlan: both group and remote cannot be specified");
    }
    if (group != null && lower == null) {
      throw new CommandError("vxlan: 'group' requires 'dev' to be specified");
    }
    if (port == null) {
      // iproute2 warns on stderr and the kernel picks its own default; the device is created.
      ex.info(
          "vxlan: destination port not specified; Linux uses its default 8472 (IANA assigned 4789)");
      port = LINUX_DEFAULT_PORT;
    } else if (port == 0) {
      port = LINUX_DEFAULT_PORT;
    }
    if (group != null) {
      ex.notModelled("vxlan group " + group + ": multicast flooding is not modelled");
    }
    return new Conf(
        vni,
        Optional.ofNullable(local),
        Optional.ofNullable(remote),
        Optional.ofNullable(group),
        lower,
        port,
        learning,
        ttl,
        inherit);
  }

  private static Ipv4Address address(String text, String what) {
    return Ipv4Address.tryParse(text).orElseThrow(() -> CommandError.invarg(what, text));
  }
}
