package dev.podpath.model.dump;

import com.fasterxml.jackson.databind.JsonNode;
import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.kube.KubeService;
import dev.podpath.model.kube.ServicePort;
import dev.podpath.model.origin.Origin;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code kubectl get services -A -o wide} (the table: type, CLUSTER-IP with {@code None} for
 * a headless Service, EXTERNAL-IP with {@code <none>}, {@code <pending>} or a list, PORT(S) such as
 * {@code 80:31674/TCP,443:31306/TCP}, SELECTOR) and {@code kubectl get services -A -o json} (also
 * the port names and target ports, {@code spec.clusterIPs} of 1.20 and later next to {@code
 * spec.clusterIP}, the load balancer's ingress addresses).
 *
 * <pre>{@code
 * NAMESPACE     NAME         TYPE        CLUSTER-IP   EXTERNAL-IP   PORT(S)                  AGE   SELECTOR
 * kube-system   kube-dns     ClusterIP   10.2.0.10    <none>        53/UDP,53/TCP,9153/TCP   7d    k8s-app=kube-dns
 * }</pre>
 */
public final class KubectlServicesParser {

  static final String COMMAND = "kubectl get services -A -o wide";

  /** One item of PORT(S): {@code 443/TCP}, {@code 80:31674/TCP}. */
  private static final Pattern PORT = Pattern.compile("(\\d{1,5})(?::(\\d{1,5}))?/([A-Za-z]+)");

  private KubectlServicesParser() {}

  private static final KubectlListing<KubeService> LISTING =
      new KubectlListing<>(
          COMMAND,
          Set.of(DumpFormat.KUBECTL_SERVICES_WIDE, DumpFormat.KUBECTL_SERVICES_JSON),
          "Service",
          "kubectl get services -A -o json",
          List.of("NAME", "CLUSTER-IP", "PORT(S)"),
          "NAME TYPE CLUSTER-IP EXTERNAL-IP PORT(S) ...",
          false,
          List.of("PORT(S)"),
          KubectlServicesParser::json,
          KubectlServicesParser::row);

  public static ParseResult<List<KubeService>> parse(String file, String content) {
    return LISTING.parse(file, content);
  }

  private static Optional<KubeService> row(
      String file, TextLine line, Map<String, Token> r, Warnings w) {
    String name = r.get("NAME").text();
    if (name.startsWith("service/")) {
      name = name.substring("service/".length());
    }
    String clusterIpText = KubectlTable.value(r, "CLUSTER-IP").orElse("");
    boolean headless = clusterIpText.equals("None");
    Optional<Ipv4Address> clusterIp = Optional.empty();
    if (!headless && !clusterIpText.isEmpty()) {
      clusterIp =
          ipv4s(clusterIpText, line, r.get("CLUSTER-IP"), "CLUSTER-IP", w).stream().findFirst();
    }
    String type = KubectlTable.value(r, "TYPE").orElse("");
    // an ExternalName Service shows its DNS name there, not addresses
    List<Ipv4Address> external =
        KubectlTable.value(r, "EXTERNAL-IP")
            .filter(v -> !v.equals("<pending>"))
            .filter(v -> !type.equals("ExternalName"))
            .map(v -> ipv4s(v, line, r.get("EXTERNAL-IP"), "EXTERNAL-IP", w))
            .orElse(List.of());
    List<ServicePort> ports = new ArrayList<>();
    Optional<String> portsText = KubectlTable.value(r, "PORT(S)");
    if (portsText.isPresent()) {
      Token t = r.get("PORT(S)");
      int col = t.column();
      for (String item : portsText.get().split(",", -1)) {
        Matcher m = PORT.matcher(item);
        Optional<ServicePort> p = Optional.empty();
        if (m.matches()) {
          p =
              port(m.group(1))
                  .flatMap(
                      port -> {
                        OptionalInt node = OptionalInt.empty();
                        if (m.group(2) != null) {
                          Optional<Integer> n = port(m.group(2));
                          if (n.isEmpty()) {
                            return Optional.empty();
                          }
                          node = OptionalInt.of(n.get());
                        }
                        return Optional.of(
                            new ServicePort(
                                Optional.empty(), m.group(3), port, Optional.empty(), node));
                      });
        }
        if (p.isPresent()) {
          ports.add(p.get());
        } else {
          w.add(
              line.number(),
              col,
              line.text(),
              "PORT(S) item \""
                  + item
                  + "\" is not PORT[:NODEPORT]/PROTOCOL"
                  + " (443/TCP, 80:31674/TCP); that port is left out");
        }
        col += item.length() + 1;
      }
    }
    Map<String, String> selector = new LinkedHashMap<>();
    KubectlTable.value(r, "SELECTOR")
        .ifPresent(
            s -> {
              for (String kv : s.split(",")) {
                int eq = kv.indexOf('=');
                if (eq > 0) {
                  selector.put(kv.substring(0, eq), kv.substring(eq + 1));
                }
              }
            });
    return Optional.of(
        new KubeService(
            KubectlTable.value(r, "NAMESPACE"),
            name,
            type,
            clusterIp,
            headless,
            ports,
            external,
            List.of(),
            selector,
            new Origin(file, line.number(), line.text().strip())));
  }

  private static Optional<Integer> port(String digits) {
    int p = Integer.parseInt(digits);
    return p <= 65535 ? Optional.of(p) : Optional.empty();
  }

  /**
   * The IPv4 addresses of a comma-separated list; IPv6 ones are left out quietly (not modelled).
   */
  private static List<Ipv4Address> ipv4s(
      String v, TextLine line, Token t, String column, Warnings w) {
    List<Ipv4Address> out = new ArrayList<>();
    for (String s : v.split(",")) {
      if (s.contains(":") || s.isEmpty()) {
        continue;
      }
      Ipv4Address.tryParse(s)
          .ifPresentOrElse(
              out::add,
              () -> w.add(line, t, column + " \"" + s + "\" is not an IPv4 address; ignored"));
    }
    return out;
  }

  private static Optional<KubeService> json(JsonElements.Element e, Warnings w) {
    JsonNode n = e.node();
    JsonNode meta = n.get("metadata");
    Optional<String> name = meta == null ? Optional.empty() : JsonFields.text(meta, "name");
    if (name.isEmpty()) {
      w.add(e.line(), e.column(), "", "a Service without metadata.name; skipped");
      return Optional.empty();
    }
    Optional<String> ns = JsonFields.text(meta, "namespace");
    String qualified = ns.map(s -> s + "/").orElse("") + name.get();
    JsonNode spec = n.get("spec");
    if (spec == null || !spec.isObject()) {
      w.add(e.line(), e.column(), "", "Service " + qualified + " has no spec; skipped");
      return Optional.empty();
    }
    List<String> ips = new ArrayList<>(JsonFields.strings(spec, "clusterIPs"));
    JsonFields.text(spec, "clusterIP").ifPresent(ips::add);
    boolean headless = ips.contains("None");
    Optional<Ipv4Address> clusterIp = Optional.empty();
    for (String ip : ips) {
      if (ip.equals("None") || ip.isEmpty() || ip.contains(":")) {
        continue;
      }
      clusterIp = Ipv4Address.tryParse(ip);
      if (clusterIp.isEmpty()) {
        w.add(
            e.line(),
            e.column(),
            "",
            "Service "
                + qualified
                + ": clusterIP \""
                + ip
                + "\" is not an IPv4 address; the Service is kept without one");
      }
      break;
    }
    List<ServicePort> ports = new ArrayList<>();
    JsonNode ps = spec.get("ports");
    if (ps != null && ps.isArray()) {
      for (JsonNode p : ps) {
        var port = JsonFields.number(p, "port");
        if (port.isEmpty() || port.getAsLong() < 1 || port.getAsLong() > 65535) {
          w.add(
              e.line(),
              e.column(),
              "",
              "Service "
                  + qualified
                  + ": a port without a port number from 1 to"
                  + " 65535; that port is left out");
          continue;
        }
        var node = JsonFields.number(p, "nodePort");
        OptionalInt nodePort =
            node.isPresent() && node.getAsLong() > 0 && node.getAsLong() <= 65535
                ? OptionalInt.of((int) node.getAsLong())
                : OptionalInt.empty();
        ports.add(
            new ServicePort(
                JsonFields.text(p, "name").filter(s -> !s.isEmpty()),
                JsonFields.text(p, "protocol").orElse("TCP"),
                (int) port.getAsLong(),
                JsonFields.text(p, "targetPort"),
                nodePort));
      }
    }
    List<Ipv4Address> external =
        JsonFields.strings(spec, "externalIPs").stream()
            .map(Ipv4Address::tryParse)
            .flatMap(Optional::stream)
            .toList();
    List<Ipv4Address> lb = new ArrayList<>();
    JsonNode ingress = KubectlJson.path(n, "status", "loadBalancer", "ingress");
    if (ingress != null && ingress.isArray()) {
      ingress.forEach(
          i -> JsonFields.text(i, "ip").flatMap(Ipv4Address::tryParse).ifPresent(lb::add));
    }
    Map<String, String> selector = new LinkedHashMap<>();
    JsonNode sel = spec.get("selector");
    if (sel != null && sel.isObject()) {
      sel.fields().forEachRemaining(f -> selector.put(f.getKey(), f.getValue().asText()));
    }
    return Optional.of(
        new KubeService(
            ns,
            name.get(),
            JsonFields.text(spec, "type").orElse("ClusterIP"),
            clusterIp,
            headless,
            ports,
            external,
            lb,
            selector,
            new Origin(w.file(), e.line(), "Service " + qualified)));
  }
}
