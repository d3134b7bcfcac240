package dev.podpath.model.script;

import dev.podpath.model.build.NetnsBuilder;

/** {@code ip netns add|delete|list|exec|identify|pids|set|monitor}. */
final class IpNetns {

  private IpNetns() {}

  static void run(Exec ex, Args a) {
    if (!a.hasNext()) {
      return;
    }
    String cmd = a.next();
    if (Keywords.matches(cmd, "list")
        || cmd.equals("list-id")
        || Keywords.matches(cmd, "help")
        || Keywords.matches(cmd, "pids")
        || Keywords.matches(cmd, "identify")
        || Keywords.matches(cmd, "monitor")
        || Keywords.matches(cmd, "show")) {
      a.skipRest();
    } else if (Keywords.matches(cmd, "delete")) {
      if (!a.hasNext()) {
        throw new CommandError("No netns name specified");
      }
      while (a.hasNext()) {
        String name = a.next();
        if (name.equals("-all")) {
          throw new CommandError("ip -all netns delete is not supported by podpath");
        }
        ex.world().deleteNetns(name);
      }
      ex.changed();
    } else if (Keywords.matches(cmd, "add")) {
      if (!a.hasNext()) {
        throw new CommandError("No netns name specified");
      }
      ex.world().addNetns(a.next(), ex.origin());
      ex.changed();
    } else if (Keywords.matches(cmd, "set")) {
      a.skipRest();
      ex.info("netns ids do not matter to podpath");
    } else if (Keywords.matches(cmd, "exec")) {
      if (!a.hasNext()) {
        throw new CommandError("No netns name specified");
      }
      String name = a.next();
      if (!a.hasNext()) {
        throw new CommandError("No command specified");
      }
      NetnsBuilder ns = ex.world().netns(name);
      ex.runner().runCommand(ex.in(ns), a.rest());
    } else {
      throw new CommandError("Command \"" + cmd + "\" is unknown, try \"ip netns help\".");
    }
  }
}
