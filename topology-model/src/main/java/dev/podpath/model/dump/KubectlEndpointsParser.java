package dev.podpath.model.dump;

import com.fasterxml.jackson.databind.JsonNode;
import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.kube.KubeEndpoints;
import dev.podpath.model.origin.Origin;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code kubectl get endpoints -A [-o wide]} and {@code kubectl get endpoints -A -o json}.
 *
 * <p>The table lists only ready addresses, as {@code IP:PORT} pairs, at most three of them ({@code
 * + 3 more...}: {@link KubeEndpoints#truncated}); {@code <none>} is an Endpoints object without
 * subsets, an empty cell one whose addresses are all not ready. The JSON has every address ({@code
 * subsets[].addresses} ready, {@code notReadyAddresses} not), the pod behind it ({@code targetRef})
 * and the port names.
 *
 * <pre>{@code
 * NAMESPACE     NAME                  ENDPOINTS                   AGE
 * default       endpoints/kubernetes  192.168.1.5:6443            7d22h
 * kube-system   endpoints/kube-dns    10.1.0.64:53,10.1.0.67:53   7d22h
 * }</pre>
 */
public final class KubectlEndpointsParser {

  static final String COMMAND = "kubectl get endpoints -A -o wide";

  private static final Pattern MORE = Pattern.compile("\\s*\\+\\s*(\\d+) more\\.\\.\\.\\s*$");
  private static final Pattern AGE = Pattern.compile("(\\d+[smhdy])+");
  private static final Pattern IP_PORT = Pattern.compile("(\\d{1,3}(?:\\.\\d{1,3}){3}):(\\d{1,5})");

  private KubectlEndpointsParser() {}

  private static final KubectlListing<KubeEndpoints> LISTING =
      new KubectlListing<>(
          COMMAND,
          Set.of(DumpFormat.KUBECTL_ENDPOINTS_WIDE, DumpFormat.KUBECTL_ENDPOINTS_JSON),
          "Endpoints",
          "kubectl get endpoints -A -o json",
          List.of("NAME", "ENDPOINTS"),
          "NAME ENDPOINTS AGE",
          false,
          List.of(),
          KubectlEndpointsParser::json,
          (file, line, r, w) -> Optional.of(row(file, line, r, w)));

  public static ParseResult<List<KubeEndpoints>> parse(String file, String content) {
    return LISTING.parse(file, content);
  }

  private static KubeEndpoints row(String file, TextLine line, Map<String, Token> r, Warnings w) {
    String name = r.get("NAME").text();
    if (name.startsWith("endpoints/")) {
      name = name.substring("endpoints/".length());
    }
    List<KubeEndpoints.Endpoint> eps = new ArrayList<>();
    // spacing collapsed (a copy from a web page): "+ 3 more..." is split over columns, and an
    // empty cell moves AGE under ENDPOINTS
    boolean truncated = MORE.matcher(line.text().replaceAll("\\s+\\S+$", "")).find();
    Token cell = r.get("ENDPOINTS");
    Optional<String> text = KubectlTable.value(r, "ENDPOINTS");
    if (text.isPresent() && !r.containsKey("AGE") && AGE.matcher(text.get()).matches()) {
      text = Optional.empty();
    }
    if (text.isPresent()) {
      String v = text.get();
      Matcher more = MORE.matcher(v);
      if (more.find()) {
        truncated = true;
        v = v.substring(0, more.start());
      }
      int col = cell.column();
      for (String item : v.split(",", -1)) {
        Matcher m = IP_PORT.matcher(item);
        Optional<Ipv4Address> ip =
            m.matches() ? Ipv4Address.tryParse(m.group(1)) : Optional.empty();
        int port = m.matches() ? Integer.parseInt(m.group(2)) : -1;
        if (ip.isPresent() && port <= 65535) {
          eps.add(
              new KubeEndpoints.Endpoint(
                  ip.get(),
                  OptionalInt.of(port),
                  Optional.empty(),
                  Optional.empty(),
                  true,
                  Optional.empty(),
                  Optional.empty()));
        } else if (!item.startsWith("[") && !item.isBlank()) {
          w.add(
              line.number(),
              col,
              line.text(),
              "ENDPOINTS item \"" + item + "\" is not IP:PORT; left out");
        }
        col += item.length() + 1;
      }
    }
    return new KubeEndpoints(
        KubectlTable.value(r, "NAMESPACE"),
        name,
        eps,
        truncated,
        new Origin(file, line.number(), line.text().strip()));
  }

  private static Optional<KubeEndpoints> json(JsonElements.Element e, Warnings w) {
    JsonNode n = e.node();
    JsonNode meta = n.get("metadata");
    Optional<String> name = meta == null ? Optional.empty() : JsonFields.text(meta, "name");
    if (name.isEmpty()) {
      w.add(e.line(), e.column(), "", "an Endpoints object without metadata.name; skipped");
      return Optional.empty();
    }
    Optional<String> ns = JsonFields.text(meta, "namespace");
    String qualified = ns.map(s -> s + "/").orElse("") + name.get();
    List<KubeEndpoints.Endpoint> eps = new ArrayList<>();
    JsonNode subsets = n.get("subsets");
    if (subsets != null && subsets.isArray()) {
      for (JsonNode subset : subsets) {
        List<Port> ports = new ArrayList<>();
        JsonNode ps = subset.get("ports");
        if (ps != null && ps.isArray()) {
          for (JsonNode p : ps) {
            var port = JsonFields.number(p, "port");
            if (port.isEmpty() || port.getAsLong() < 0 || port.getAsLong() > 65535) {
              w.add(
                  e.line(),
                  e.column(),
                  "",
                  "Endpoints "
                      + qualified
                      + ": a port without a port number from"
                      + " 0 to 65535; left out");
              continue;
            }
            ports.add(
                new Port(
                    OptionalInt.of((int) port.getAsLong()),
                    JsonFields.text(p, "name").filter(s -> !s.isEmpty()),
                    JsonFields.text(p, "protocol").or(() -> Optional.of("TCP"))));
          }
        }
        if (ports.isEmpty()) {
          ports.add(new Port(OptionalInt.empty(), Optional.empty(), Optional.empty()));
        }
        addresses(subset.get("addresses"), true, ports, qualified, e, w, eps);
        addresses(subset.get("notReadyAddresses"), false, ports, qualified, e, w, eps);
      }
    }
    return Optional.of(
        new KubeEndpoints(
            ns, name.get(), eps, false, new Origin(w.file(), e.line(), "Endpoints " + qualified)));
  }

  /** A port of a subset or a slice. Package-private. */
  record Port(OptionalInt port, Optional<String> name, Optional<String> protocol) {}

  private static void addresses(
      JsonNode list,
      boolean ready,
      List<Port> ports,
      String qualified,
      JsonElements.Element e,
      Warnings w,
      List<KubeEndpoints.Endpoint> out) {
    if (list == null || !list.isArray()) {
      return;
    }
    for (JsonNode a : list) {
      Optional<String> ipText = JsonFields.text(a, "ip");
      if (ipText.isEmpty() || ipText.get().contains(":")) {
        continue;
      }
      Optional<Ipv4Address> ip = Ipv4Address.tryParse(ipText.get());
      if (ip.isEmpty()) {
        w.add(
            e.line(),
            e.column(),
            "",
            "Endpoints "
                + qualified
                + ": \""
                + ipText.get()
                + "\" is not an IPv4 address; left out");
        continue;
      }
      Optional<String> pod = pod(a.get("targetRef"));
      Optional<String> node = JsonFields.text(a, "nodeName");
      for (Port p : ports) {
        out.add(
            new KubeEndpoints.Endpoint(
                ip.get(), p.port(), p.name(), p.protocol(), ready, pod, node));
      }
    }
  }

  /** {@code namespace/name} of a targetRef of kind Pod. */
  static Optional<String> pod(JsonNode ref) {
    if (ref == null
        || !ref.isObject()
        || !JsonFields.text(ref, "kind").orElse("Pod").equals("Pod")) {
      return Optional.empty();
    }
    Optional<String> name = JsonFields.text(ref, "name");
    return name.map(nm -> JsonFields.text(ref, "namespace").map(s -> s + "/").orElse("") + nm);
  }
}
