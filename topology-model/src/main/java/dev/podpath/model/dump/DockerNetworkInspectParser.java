package dev.podpath.model.dump;

import com.fasterxml.jackson.databind.JsonNode;
import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.addr.MacAddress;
import dev.podpath.model.addr.Prefix;
import dev.podpath.model.origin.Origin;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads {@code docker network inspect NETWORK...} (JSON: an array of network objects; several
 * arrays one after the other are all read): each network's name, id, driver, IPv4 subnets and
 * gateways, options and containers. IPv6 subnets and addresses are left out (not modelled); a
 * container without an IPv4 address, or with one that is not an address, is left out with a
 * warning.
 *
 * <pre>{@code
 * [{"Name": "bridge", "Id": "e8c2...", "Driver": "bridge",
 *   "IPAM": {"Config": [{"Subnet": "172.17.0.0/16", "Gateway": "172.17.0.1"}]},
 *   "Containers": {"3d3a...": {"Name": "web", "MacAddress": "02:42:ac:11:00:02",
 *                              "IPv4Address": "172.17.0.2/16"}}, ...}]
 * }</pre>
 */
public final class DockerNetworkInspectParser {

  static final String COMMAND = "docker network inspect";

  private DockerNetworkInspectParser() {}

  public static ParseResult<List<DockerNetwork>> parse(String file, String content) {
    Warnings w = new Warnings(file);
    if (!Inputs.usable(content, COMMAND, w)
        || !Inputs.isExpected(content, Set.of(DumpFormat.DOCKER_NETWORK_INSPECT), COMMAND, w)) {
      return w.result(List.of());
    }
    List<DockerNetwork> out = new ArrayList<>();
    for (JsonElements.Element e : JsonElements.read(content, COMMAND, w)) {
      read(file, e, w).ifPresent(out::add);
    }
    return w.result(List.copyOf(out));
  }

  private static Optional<DockerNetwork> read(String file, JsonElements.Element e, Warnings w) {
    JsonNode n = e.node();
    Optional<String> name = JsonFields.text(n, "Name");
    Optional<String> id = JsonFields.text(n, "Id");
    if (name.isEmpty() || id.isEmpty()) {
      w.add(
          e.line(),
          e.column(),
          JsonFields.compact(e.text()),
          "a network without \"Name\" or \"Id\"; skipped");
      return Optional.empty();
    }
    String driver = JsonFields.text(n, "Driver").orElse("");
    List<DockerNetwork.Subnet> subnets = new ArrayList<>();
    JsonNode config = n.path("IPAM").path("Config");
    if (config.isArray()) {
      for (JsonNode c : config) {
        Optional<String> s = JsonFields.text(c, "Subnet");
        if (s.isEmpty() || s.get().contains(":")) {
          continue; // IPv6: not modelled
        }
        Origin o = at(file, e, "\"Subnet\"", s.get());
        Optional<Prefix> p = cidr(s.get()).map(a -> Prefix.of(a.address(), a.length()));
        if (p.isEmpty()) {
          w.add(o.line(), 1, o.text(), "\"" + s.get() + "\" is not an IPv4 subnet; skipped");
          continue;
        }
        Optional<Ipv4Address> gw = JsonFields.text(c, "Gateway").flatMap(Ipv4Address::tryParse);
        subnets.add(new DockerNetwork.Subnet(p.get(), gw, o));
      }
    }
    Map<String, String> options = new LinkedHashMap<>();
    JsonNode opts = n.path("Options");
    if (opts.isObject()) {
      opts.fields()
          .forEachRemaining(
              f -> {
                if (f.getValue().isTextual()) {
                  options.put(f.getKey(), f.getValue().asText());
                }
              });
    }
    List<DockerNetwork.Container> containers = new ArrayList<>();
    JsonNode cs = n.path("Containers");
    if (cs.isObject()) {
      cs.fields()
          .forEachRemaining(
              f -> {
                JsonNode c = f.getValue();
                String cname = JsonFields.text(c, "Name").orElse(f.getKey());
                Optional<String> v4 = JsonFields.text(c, "IPv4Address").filter(x -> !x.isEmpty());
                if (v4.isEmpty()) {
                  return;
                }
                Origin o = at(file, e, "\"IPv4Address\"", v4.get());
                Optional<Cidr> a = cidr(v4.get());
                if (a.isEmpty()) {
                  w.add(
                      o.line(),
                      1,
                      o.text(),
                      "container "
                          + cname
                          + ": \""
                          + v4.get()
                          + "\" is not an IPv4 address; skipped");
                  return;
                }
                containers.add(
                    new DockerNetwork.Container(
                        cname,
                        JsonFields.text(c, "MacAddress").flatMap(MacAddress::tryParse),
                        a.get().address(),
                        a.get().length(),
                        o));
              });
    }
    return Optional.of(
        new DockerNetwork(
            name.get(),
            id.get(),
            driver,
            subnets,
            options,
            containers,
            at(file, e, "\"Name\"", name.get())));
  }

  private record Cidr(Ipv4Address address, int length) {}

  /** {@code 172.17.0.2/16}: an address and a length (Docker prints host bits in a subnet too). */
  private static Optional<Cidr> cidr(String s) {
    int slash = s.indexOf('/');
    if (slash < 0) {
      return Optional.empty();
    }
    String len = s.substring(slash + 1);
    if (!len.matches("\\d{1,2}") || Integer.parseInt(len) > 32) {
      return Optional.empty();
    }
    return Ipv4Address.tryParse(s.substring(0, slash)).map(a -> new Cidr(a, Integer.parseInt(len)));
  }

  /** The line of the element's text where {@code key} is given {@code value}. */
  private static Origin at(String file, JsonElements.Element e, String key, String value) {
    String t = e.text();
    int i = t.indexOf(key);
    while (i >= 0) {
      int v = t.indexOf('"' + value + '"', i);
      int eol = t.indexOf('\n', i);
      if (v >= 0 && (eol < 0 || v < eol)) {
        break;
      }
      i = t.indexOf(key, i + 1);
    }
    if (i < 0) {
      return new Origin(file, e.line(), JsonFields.compact(t));
    }
    int line = e.line() + (int) t.substring(0, i).chars().filter(c -> c == '\n').count();
    int start = t.lastIndexOf('\n', i) + 1;
    int end = t.indexOf('\n', i);
    return new Origin(file, line, t.substring(start, end < 0 ? t.length() : end).strip());
  }
}
