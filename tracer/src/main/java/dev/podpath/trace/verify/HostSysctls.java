package dev.podpath.trace.verify;

import dev.podpath.model.sysctl.Sysctls;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The host's IPv4 {@code conf/all} and {@code conf/default} values, which every namespace the
 * kernel sandbox creates copies ({@code devconf_inherit_init_net=0}). Read, never written.
 */
public final class HostSysctls {

  private HostSysctls() {}

  public static Sysctls read() {
    Map<String, String> values = new HashMap<>();
    for (String scope : new String[] {"all", "default"}) {
      for (String key : Sysctls.CONF_DEFAULTS.keySet()) {
        Path p = Path.of("/proc/sys/net/ipv4/conf", scope, key);
        try {
          values.put("net.ipv4.conf." + scope + "." + key, Files.readString(p).trim());
        } catch (IOException | SecurityException e) {
          // absent on this kernel: the kernel default applies
        }
      }
    }
    return new Sysctls(values);
  }
}
