package dev.podpath.model.dump;

import com.fasterxml.jackson.databind.JsonNode;
import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.kube.KubeEndpoints;
import dev.podpath.model.origin.Origin;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Reads {@code kubectl get endpointslices -A -o json} ({@code discovery.k8s.io/v1}, and {@code
 * v1beta1} of Kubernetes 1.17 to 1.20): per slice, the Service it belongs to (the {@code
 * kubernetes.io/service-name} label), its ports, and per endpoint the first address (the one
 * kube-proxy uses), whether it is ready ({@code conditions.ready}; not given means ready), the pod
 * ({@code targetRef}) and node ({@code nodeName}, or v1beta1's {@code
 * topology["kubernetes.io/hostname"]}). Slices of {@code addressType} IPv6 are left out (IPv6 is
 * not modelled), FQDN ones with a warning.
 */
public final class KubectlEndpointSlicesParser {

  static final String COMMAND = "kubectl get endpointslices -A -o json";

  static final String SERVICE_NAME_LABEL = "kubernetes.io/service-name";

  private KubectlEndpointSlicesParser() {}

  public static ParseResult<List<KubeEndpoints>> parse(String file, String content) {
    Warnings w = new Warnings(file);
    if (!Inputs.usable(content, COMMAND, w)
        || !Inputs.isExpected(
            content, Set.of(DumpFormat.KUBECTL_ENDPOINTSLICES_JSON), COMMAND, w)) {
      return w.result(List.of());
    }
    if (!content.stripLeading().startsWith("{")) {
      w.ofFile(
          "not JSON: `"
              + COMMAND
              + "` prints a JSON object (kubectl has no wide table of slices"
              + " with their addresses); nothing was read");
      return w.result(List.of());
    }
    List<KubeEndpoints> out = new ArrayList<>();
    for (JsonElements.Element e : KubectlJson.items(content, "EndpointSlice", COMMAND, w)) {
      slice(e, w).ifPresent(out::add);
    }
    return w.result(List.copyOf(out));
  }

  private static Optional<KubeEndpoints> slice(JsonElements.Element e, Warnings w) {
    JsonNode n = e.node();
    JsonNode meta = n.get("metadata");
    Optional<String> name = meta == null ? Optional.empty() : JsonFields.text(meta, "name");
    if (name.isEmpty()) {
      w.add(e.line(), e.column(), "", "an EndpointSlice without metadata.name; skipped");
      return Optional.empty();
    }
    Optional<String> ns = JsonFields.text(meta, "namespace");
    String qualified = ns.map(s -> s + "/").orElse("") + name.get();
    JsonNode labels = meta.get("labels");
    Optional<String> service =
        labels == null || !labels.isObject()
            ? Optional.empty()
            : JsonFields.text(labels, SERVICE_NAME_LABEL);
    if (service.isEmpty()) {
      w.add(
          e.line(),
          e.column(),
          "",
          "EndpointSlice "
              + qualified
              + " has no "
              + SERVICE_NAME_LABEL
              + " label: it belongs to no Service; skipped");
      return Optional.empty();
    }
    String type = JsonFields.text(n, "addressType").orElse("IPv4");
    if (type.equals("IPv6")) {
      return Optional.empty();
    }
    if (!type.equals("IPv4")) {
      w.add(
          e.line(),
          e.column(),
          "",
          "EndpointSlice "
              + qualified
              + " has addressType "
              + type
              + ", which kube-proxy does not use and podpath does not model; skipped");
      return Optional.empty();
    }
    List<KubectlEndpointsParser.Port> ports = new ArrayList<>();
    JsonNode ps = n.get("ports");
    if (ps != null && ps.isArray()) {
      for (JsonNode p : ps) {
        var port = JsonFields.number(p, "port");
        if (port.isPresent() && (port.getAsLong() < 0 || port.getAsLong() > 65535)) {
          w.add(
              e.line(),
              e.column(),
              "",
              "EndpointSlice "
                  + qualified
                  + ": port "
                  + port.getAsLong()
                  + " is out of range; left out");
          continue;
        }
        ports.add(
            new KubectlEndpointsParser.Port(
                port.isPresent() ? OptionalInt.of((int) port.getAsLong()) : OptionalInt.empty(),
                JsonFields.text(p, "name").filter(s -> !s.isEmpty()),
                JsonFields.text(p, "protocol").or(() -> Optional.of("TCP"))));
      }
    }
    if (ports.isEmpty()) {
      ports.add(
          new KubectlEndpointsParser.Port(OptionalInt.empty(), Optional.empty(), Optional.empty()));
    }
    List<KubeEndpoints.Endpoint> eps = new ArrayList<>();
    JsonNode endpoints = n.get("endpoints");
    if (endpoints != null && endpoints.isArray()) {
      for (JsonNode ep : endpoints) {
        List<String> addrs = JsonFields.strings(ep, "addresses");
        if (addrs.isEmpty()) {
          w.add(
              e.line(),
              e.column(),
              "",
              "EndpointSlice " + qualified + ": an endpoint without addresses;" + " left out");
          continue;
        }
        Optional<Ipv4Address> ip = Ipv4Address.tryParse(addrs.get(0));
        if (ip.isEmpty()) {
          w.add(
              e.line(),
              e.column(),
              "",
              "EndpointSlice "
                  + qualified
                  + ": \""
                  + addrs.get(0)
                  + "\" is not an IPv4 address; left out");
          continue;
        }
        JsonNode cond = ep.get("conditions");
        boolean ready =
            cond == null || !cond.isObject() || JsonFields.bool(cond, "ready").orElse(true);
        Optional<String> node = JsonFields.text(ep, "nodeName");
        JsonNode topo = ep.get("topology");
        if (node.isEmpty() && topo != null && topo.isObject()) {
          node = JsonFields.text(topo, "kubernetes.io/hostname");
        }
        Optional<String> pod = KubectlEndpointsParser.pod(ep.get("targetRef"));
        for (KubectlEndpointsParser.Port p : ports) {
          eps.add(
              new KubeEndpoints.Endpoint(
                  ip.get(), p.port(), p.name(), p.protocol(), ready, pod, node));
        }
      }
    }
    return Optional.of(
        new KubeEndpoints(
            ns,
            service.get(),
            eps,
            false,
            new Origin(w.file(), e.line(), "EndpointSlice " + qualified)));
  }
}
