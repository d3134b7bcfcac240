package dev.podpath.model.script;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.build.DeviceBuilder;
import dev.podpath.model.build.VxlanConf;
import dev.podpath.model.iproute2.VxlanGrammar;
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

  private VxlanOptions() {}

  static VxlanConf parse(Exec ex, Args a) {
    Integer vni = null;
    Ipv4Address local = null;
    Ipv4Address remote = null;
    Ipv4Address group = null;
    DeviceBuilder lower = null;
    Integer port = null;
    boolean learning = true;
    int ttl = 0;
    boolean inherit = false;
    while (a.hasNext()) {
      String k = a.next();
      VxlanGrammar.Word word =
          VxlanGrammar.word(k)
              .orElseThrow(() -> new CommandError("vxlan: unknown command \"" + k + "\"?"));
      switch (word) {
        case ID -> {
          String v = a.value();
          vni = (int) Args.u32(v, "invalid id");
          if (vni > VxlanGrammar.MAX_VNI) {
            throw CommandError.invarg("invalid id", v);
          }
        }
        case GROUP -> {
          String v = a.value();
          group = address(v, "invalid group address");
          if (!group.isMulticast()) {
            throw CommandError.invarg("invalid group address", v);
          }
        }
        case REMOTE -> {
          String v = a.value();
          remote = address(v, "invalid remote address");
          if (remote.isMulticast()) {
            throw CommandError.invarg("invalid remote address", v);
          }
        }
        case LOCAL -> {
          String v = a.value();
          if (!v.equals("any")) {
            local = address(v, "invalid local address");
          }
        }
        case DEV -> {
          String v = a.value();
          lower = ex.ns().device(v).orElseThrow(() -> CommandError.noDevice(v));
        }
        case TTL -> {
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
        case DSTPORT -> {
          String v = a.value();
          port = (int) Args.u32(v, "dstport");
          if (port > 65535) {
            throw CommandError.invarg("dstport", v);
          }
        }
        case LEARNING -> learning = true;
        case NOLEARNING -> learning = false;
        case SRCPORT -> {
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
        case IGNORED_WITH_VALUE -> {
          a.value();
          if (!k.equals("ageing") && !k.startsWith("maxaddr")) {
            ex.info("vxlan " + k + " does not change podpath's datapath");
          }
        }
        case IGNORED_FLAG -> {}
        case NOT_MODELLED_FLAG ->
            throw new CommandError("vxlan " + k + " is not modelled by podpath");
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
      port = VxlanGrammar.LINUX_DEFAULT_PORT;
    } else if (port == 0) {
      port = VxlanGrammar.LINUX_DEFAULT_PORT;
    }
    if (group != null) {
      ex.notModelled("vxlan group " + group + ": multicast flooding is not modelled");
    }
    return new VxlanConf(
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
