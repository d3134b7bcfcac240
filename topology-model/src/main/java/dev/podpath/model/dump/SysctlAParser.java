package dev.podpath.model.dump;

import dev.podpath.model.origin.Origin;
import dev.podpath.model.sysctl.Sysctls;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code sysctl -a} ({@code key = value} lines) into {@link Sysctls}, keeping the keys
 * podpath reads or records: {@code net.ipv4.ip_forward}, {@code net.ipv4.ip_default_ttl}, {@code
 * net.ipv4.conf.DEV.*} for the per-device keys of {@link Sysctls#CONF_DEFAULTS}, {@code
 * net.ipv4.neigh.DEV.*}, {@code net.ipv4.fib_multipath_*}, {@code net.ipv4.icmp_*} and {@code
 * net.bridge.*}. Other keys are dropped without a word; a line that is not {@code key = value} is a
 * warning, and so is a key given again with another value (the later value is used). sysctl writes
 * a device name's dots as slashes ({@code net.ipv4.conf.flannel/1.rp_filter}); the key is stored
 * with the dots back ({@code net.ipv4.conf.flannel.1.rp_filter}), as {@link Sysctls#conf} looks it
 * up. Lines that sysctl itself printed to stderr ({@code sysctl: permission denied on key ...}) are
 * skipped.
 */
public final class SysctlAParser {

  static final String COMMAND = "sysctl -a";

  private static final Pattern LINE = Pattern.compile("^([A-Za-z0-9_.\\-/:@+]+)\\s*=\\s?(.*)$");
  private static final Set<String> EXTRA_CONF = Set.of("promote_secondaries");

  private SysctlAParser() {}

  public static ParseResult<Sysctls> parse(String file, String content) {
    Warnings w = new Warnings(file);
    if (!Inputs.usable(content, COMMAND, w)
        || !Inputs.isExpected(content, Set.of(DumpFormat.SYSCTL_A), COMMAND, w)) {
      return w.result(Sysctls.kernelDefaults());
    }
    Map<String, String> values = new LinkedHashMap<>();
    Map<String, TextLine> givenAt = new LinkedHashMap<>();
    Map<String, Origin> origins = new LinkedHashMap<>();
    for (TextLine line : TextLine.split(content)) {
      if (line.isBlank() || line.text().startsWith("sysctl: ")) {
        continue;
      }
      Matcher m = LINE.matcher(line.text());
      if (!m.matches()) {
        int colon = line.text().indexOf(": ");
        w.add(
            line,
            1,
            colon > 0 && !line.text().contains("=")
                ? "\"key: value\" is the BSD/macOS sysctl format, not Linux `sysctl -a`; skipped"
                : "not a \"key = value\" line; skipped");
        continue;
      }
      String key = kept(m.group(1));
      if (key != null) {
        String value = m.group(2).strip();
        String earlier = values.put(key, value);
        origins.put(key, new Origin(w.file(), line.number(), line.text().strip()));
        TextLine first = givenAt.put(key, line);
        if (earlier != null && !earlier.equals(value)) {
          w.add(
              line,
              1,
              key
                  + " is given again with another value (line "
                  + first.number()
                  + " says "
                  + earlier
                  + "): the later value, "
                  + value
                  + ", is used; a paste of the values before and after a change holds two"
                  + " states of the node, and only one can be traced");
        }
      }
    }
    return w.result(new Sysctls(values, origins));
  }

  /** The key as stored, or null when podpath does not use it. */
  private static String kept(String key) {
    if (key.equals("net.ipv4.ip_forward")
        || key.equals("net.ipv4.ip_default_ttl")
        || key.startsWith("net.ipv4.fib_multipath_")
        || key.startsWith("net.ipv4.icmp_")
        || key.startsWith("net.bridge.")) {
      return key;
    }
    for (String prefix : new String[] {"net.ipv4.conf.", "net.ipv4.neigh."}) {
      if (key.startsWith(prefix)) {
        String rest = key.substring(prefix.length());
        int dot = rest.lastIndexOf('.');
        if (dot <= 0) {
          return null;
        }
        String dev = rest.substring(0, dot).replace('/', '.');
        String leaf = rest.substring(dot + 1);
        if (prefix.equals("net.ipv4.neigh.")
            || Sysctls.CONF_DEFAULTS.containsKey(leaf)
            || EXTRA_CONF.contains(leaf)) {
          return prefix + dev + "." + leaf;
        }
        return null;
      }
    }
    return null;
  }
}
