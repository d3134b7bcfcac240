package dev.podpath.model.dump;

import dev.podpath.model.origin.Origin;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code ethtool-i.txt}: the output of {@code ethtool -i DEV} for several devices, each after
 * the line {@code # ethtool -i DEV} that names it (ethtool's output does not), as {@code podpath
 * import} writes it and as a loop can: {@code for d in $(ls /sys/class/net); do echo "# ethtool -i
 * $d"; ethtool -i $d; done}. ethtool's own error for a device without driver information ({@code
 * Cannot get driver information: Operation not supported}, as for {@code lo}) leaves that device's
 * driver unknown; a {@code key: value} line before any device line, or a line of another shape, is
 * a warning.
 *
 * <pre>{@code
 * # ethtool -i veth1a2b3c4d
 * driver: veth
 * version: 1.0
 * bus-info:
 * }</pre>
 */
public final class EthtoolDriverParser {

  static final String COMMAND = "ethtool -i DEV";

  private static final Pattern DEVICE =
      Pattern.compile("^(?:#|\\$)?\\s*(?:sudo\\s+)?ethtool\\s+(?:-i|--driver)\\s+(\\S+)\\s*$");
  private static final Pattern FIELD = Pattern.compile("^([a-z][a-z-]*):\\s?(.*)$");

  private EthtoolDriverParser() {}

  public static ParseResult<List<DeviceDriver>> parse(String file, String content) {
    Warnings w = new Warnings(file);
    if (!Inputs.usable(content, COMMAND, w)
        || !Inputs.isExpected(content, Set.of(DumpFormat.ETHTOOL_I), COMMAND, w)) {
      return w.result(List.of());
    }
    Map<String, DeviceDriver> out = new LinkedHashMap<>();
    Map<String, String> busInfo = new LinkedHashMap<>();
    String device = null;
    for (TextLine line : TextLine.split(content)) {
      String t = line.text().strip();
      if (t.isEmpty()) {
        continue;
      }
      Matcher d = DEVICE.matcher(t);
      if (d.matches()) {
        device = d.group(1);
        continue;
      }
      if (t.startsWith("Cannot get driver information")
          || t.startsWith("Cannot get device")
          || t.startsWith("No such device")) {
        continue;
      }
      Matcher f = FIELD.matcher(t);
      if (!f.matches()) {
        w.add(line, 1, "not a line of `ethtool -i` (key: value) nor `# ethtool -i DEV`; skipped");
        continue;
      }
      if (device == null) {
        w.add(
            line,
            1,
            "no `# ethtool -i DEV` line before it: whose driver this is is unknown (ethtool's output"
                + " does not name the device); skipped");
        continue;
      }
      if (f.group(1).equals("bus-info") && !f.group(2).isBlank()) {
        busInfo.putIfAbsent(device, f.group(2).strip());
      } else if (f.group(1).equals("driver")) {
        String driver = f.group(2).strip();
        if (driver.isEmpty()) {
          w.add(line, 1, "an empty driver; skipped");
        } else if (out.containsKey(device) && !out.get(device).driver().equals(driver)) {
          w.add(
              line,
              9,
              device
                  + " has driver "
                  + out.get(device).driver()
                  + " at line "
                  + out.get(device).origin().line()
                  + " and "
                  + driver
                  + " here; the first is kept");
        } else {
          out.putIfAbsent(
              device,
              new DeviceDriver(
                  device, driver, Optional.empty(), new Origin(w.file(), line.number(), t)));
        }
      }
    }
    List<DeviceDriver> drivers = new ArrayList<>();
    for (DeviceDriver d : out.values()) {
      drivers.add(
          new DeviceDriver(
              d.device(), d.driver(), Optional.ofNullable(busInfo.get(d.device())), d.origin()));
    }
    return w.result(List.copyOf(drivers));
  }
}
