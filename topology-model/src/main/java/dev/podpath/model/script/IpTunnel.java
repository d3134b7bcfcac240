package dev.podpath.model.script;

/**
 * {@code ip tunnel add NAME mode ipip|gre|... [remote R] [local L] ...} and {@code ip tuntap add
 * [dev] NAME mode tun|tap}: the devices are kept as not modelled (a later issue simulates
 * them); their options are accepted loosely.
 */
final class IpTunnel {

  private IpTunnel() {}

  static void run(Exec ex, String object, Args a) {
    if (!a.hasNext()) {
      return;
    }
    String cmd = a.next();
    if (IpCommand.isShow(cmd) || Keywords.matches(cmd, "help") || Keywords.matches(cmd, "prl")
        || Keywords.matches(cmd, "6rd")) {
      a.skipRest();
      return;
    }
    boolean tuntap = object.equals("tuntap") || object.equals("tap");
    String name = null;
    String mode = null;
    while (a.hasNext()) {
      String k = a.next();
      if (k.equals("mode")) {
        mode = a.value();
      } else if (k.equals("dev") || k.equals("name")) {
        name = a.value();
      } else if (!tuntap && (k.equals("remote") || k.equals("local") || k.equals("ttl")
          || k.equals("tos") || k.equals("key") || k.equals("ikey") || k.equals("okey")
          || k.equals("link") || k.equals("encaplimit") || k.equals("flowlabel")
          || k.equals("dscp") || k.equals("hoplimit") || k.equals("tclass") || k.equals("6rd-prefix"))) {
        a.value();
      } else if (tuntap && (k.equals("user") || k.equals("group"))) {
        a.value();
      } else if (k.contains("=") || k.startsWith("no") || k.equals("pmtudisc") || k.equals("csum")
          || k.equals("seq") || k.equals("multi_queue") || k.equals("one_queue") || k.equals("pi")
          || k.equals("vnet_hdr") || k.equals("numqueues") || k.equals("iseq") || k.equals("oseq")) {
        continue;
      } else if (name == null) {
        name = k;
      } else {
        throw new CommandError("Error: either \"dev\" is duplicate, or \"" + k + "\" is a garbage.");
      }
    }
    if (name == null) {
      throw new CommandError("Not enough information: \"dev\" argument is required.");
    }
    if (Keywords.matches(cmd, "delete")) {
      Links.delete(ex.ns().require(name));
    } else if (Keywords.matches(cmd, "add")) {
      String type = mode == null ? (tuntap ? "tun" : "ipip") : mode;
      Links.create(ex.world(), ex.ns(), DeviceState.Kind.OTHER, type, Links.Spec.named(name), ex.origin());
      ex.notModelled("link type " + type + " is not modelled yet: podpath keeps " + name
          + " but does not simulate it");
    } else if (Keywords.matches(cmd, "change")) {
      ex.ns().require(name);
      ex.notModelled("tunnel parameters are not modelled yet");
    } else {
      throw new CommandError("Command \"" + cmd + "\" is unknown, try \"ip " + object + " help\".");
    }
    ex.changed();
  }
}
