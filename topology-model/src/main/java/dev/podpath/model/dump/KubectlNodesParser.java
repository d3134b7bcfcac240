package dev.podpath.model.dump;

import com.fasterxml.jackson.databind.JsonNode;
import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.addr.Prefix;
import dev.podpath.model.kube.KubeNode;
import dev.podpath.model.origin.Origin;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads {@code kubectl get nodes -o wide} (the table: {@code NAME}, {@code INTERNAL-IP}, {@code
 * EXTERNAL-IP}) and {@code kubectl get nodes -o json} (also the pod CIDRs, {@code
 * spec.podCIDRs}/{@code spec.podCIDR}).
 *
 * <pre>{@code
 * NAME      STATUS   ROLES                  AGE   VERSION   INTERNAL-IP    EXTERNAL-IP   ...
 * worker1   Ready    <none>                 13d   v1.23.3   192.168.2.16   <none>        ...
 * }</pre>
 */
public final class KubectlNodesParser {

  static final String COMMAND = "kubectl get nodes -o wide";

  private KubectlNodesParser() {}

  private static final KubectlListing<KubeNode> LISTING =
      new KubectlListing<>(
          COMMAND,
          Set.of(DumpFormat.KUBECTL_NODES_WIDE, DumpFormat.KUBECTL_NODES_JSON),
          "Node",
          "kubectl get nodes -o json",
          List.of("NAME", "INTERNAL-IP"),
          "NAME ... INTERNAL-IP ...",
          true,
          List.of(),
          KubectlNodesParser::json,
          KubectlNodesParser::row);

  public static ParseResult<List<KubeNode>> parse(String file, String content) {
    return LISTING.parse(file, content);
  }

  private static Optional<KubeNode> row(
      String file, TextLine line, Map<String, Token> r, Warnings w) {
    return Optional.of(
        new KubeNode(
            r.get("NAME").text(),
            ip(r, "INTERNAL-IP", line, w),
            ip(r, "EXTERNAL-IP", line, w),
            List.of(),
            new Origin(file, line.number(), line.text().strip())));
  }

  private static Optional<Ipv4Address> ip(
      Map<String, Token> r, String column, TextLine line, Warnings w) {
    Optional<String> v = KubectlTable.value(r, column);
    if (v.isEmpty() || v.get().contains(":")) {
      return Optional.empty();
    }
    String first = v.get().split(",")[0];
    Optional<Ipv4Address> a = Ipv4Address.tryParse(first);
    if (a.isEmpty()) {
      w.add(line, r.get(column), column + " \"" + v.get() + "\" is not an IPv4 address; ignored");
    }
    return a;
  }

  private static Optional<KubeNode> json(JsonElements.Element e, Warnings w) {
    JsonNode n = e.node();
    Optional<String> name =
        Optional.ofNullable(KubectlJson.path(n, "metadata", "name")).map(JsonNode::asText);
    if (name.isEmpty()) {
      w.add(e.line(), e.column(), "", "a Node without metadata.name; skipped");
      return Optional.empty();
    }
    Optional<Ipv4Address> internal = Optional.empty();
    Optional<Ipv4Address> external = Optional.empty();
    JsonNode addrs = KubectlJson.path(n, "status", "addresses");
    if (addrs != null && addrs.isArray()) {
      for (JsonNode a : addrs) {
        Optional<Ipv4Address> ip = JsonFields.text(a, "address").flatMap(Ipv4Address::tryParse);
        String type = JsonFields.text(a, "type").orElse("");
        if (type.equals("InternalIP") && internal.isEmpty()) {
          internal = ip;
        } else if (type.equals("ExternalIP") && external.isEmpty()) {
          external = ip;
        }
      }
    }
    Set<String> cidrs = new LinkedHashSet<>();
    JsonNode spec = n.get("spec");
    if (spec != null) {
      JsonFields.text(spec, "podCIDR").ifPresent(cidrs::add);
      cidrs.addAll(JsonFields.strings(spec, "podCIDRs"));
    }
    List<Prefix> podCidrs = new ArrayList<>();
    for (String c : cidrs) {
      if (c.contains(":")) {
        continue;
      }
      Prefix.tryParse(c)
          .ifPresentOrElse(
              podCidrs::add,
              () ->
                  w.add(
                      e.line(),
                      e.column(),
                      "",
                      "node "
                          + name.get()
                          + ": pod CIDR \""
                          + c
                          + "\" is not an IPv4 prefix; ignored"));
    }
    Map<String, String> annotations = new LinkedHashMap<>();
    JsonNode ann = KubectlJson.path(n, "metadata", "annotations");
    if (ann != null && ann.isObject()) {
      ann.fields()
          .forEachRemaining(
              f -> {
                if (f.getValue().isTextual()) {
                  annotations.put(f.getKey(), f.getValue().asText());
                }
              });
    }
    return Optional.of(
        new KubeNode(
            name.get(),
            internal,
            external,
            podCidrs,
            annotations,
            new Origin(w.file(), e.line(), "Node " + name.get())));
  }
}
