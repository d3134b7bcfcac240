package dev.podpath.model.dump;

import com.fasterxml.jackson.databind.JsonNode;
import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.kube.KubePod;
import dev.podpath.model.origin.Origin;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads {@code kubectl get pods -o wide}, its {@code -A} form with a {@code NAMESPACE} column, and
 * {@code kubectl get pods [-A] -o json}: namespace, name, pod IP ({@code <none>} while pending),
 * node, and (JSON only) whether the pod uses the host's network.
 *
 * <pre>{@code
 * NAME                       READY   STATUS    RESTARTS   AGE   IP          NODE      NOMINATED NODE
 * busybox-8647b8666c-jpnb6   1/1     Running   0          21m   10.10.1.6   worker1   <none>
 * }</pre>
 */
public final class KubectlPodsParser {

  static final String COMMAND = "kubectl get pods -A -o wide";

  private KubectlPodsParser() {}

  private static final KubectlListing<KubePod> LISTING =
      new KubectlListing<>(
          COMMAND,
          Set.of(DumpFormat.KUBECTL_PODS_WIDE, DumpFormat.KUBECTL_PODS_JSON),
          "Pod",
          "kubectl get pods -o json",
          List.of("NAME", "IP", "NODE"),
          "NAME ... IP NODE ...",
          true,
          List.of("NODE"),
          KubectlPodsParser::json,
          KubectlPodsParser::row);

  public static ParseResult<List<KubePod>> parse(String file, String content) {
    return LISTING.parse(file, content);
  }

  private static Optional<KubePod> row(
      String file, TextLine line, Map<String, Token> r, Warnings w) {
    Optional<Ipv4Address> ip = Optional.empty();
    Optional<String> ipText = KubectlTable.value(r, "IP");
    if (ipText.isPresent() && !ipText.get().contains(":")) {
      ip = Ipv4Address.tryParse(ipText.get());
      if (ip.isEmpty()) {
        w.add(
            line,
            r.get("IP"),
            "IP \"" + ipText.get() + "\" is not an IPv4 address; the pod" + " is kept without one");
      }
    }
    return Optional.of(
        new KubePod(
            KubectlTable.value(r, "NAMESPACE"),
            r.get("NAME").text(),
            ip,
            KubectlTable.value(r, "NODE"),
            Optional.empty(),
            new Origin(file, line.number(), line.text().strip())));
  }

  private static Optional<KubePod> json(JsonElements.Element e, Warnings w) {
    JsonNode n = e.node();
    JsonNode meta = n.get("metadata");
    Optional<String> name = meta == null ? Optional.empty() : JsonFields.text(meta, "name");
    if (name.isEmpty()) {
      w.add(e.line(), e.column(), "", "a Pod without metadata.name; skipped");
      return Optional.empty();
    }
    JsonNode spec = n.get("spec");
    JsonNode status = n.get("status");
    Optional<Ipv4Address> ip = Optional.empty();
    if (status != null) {
      List<String> ips = new ArrayList<>();
      JsonFields.text(status, "podIP").ifPresent(ips::add);
      JsonNode podIps = status.get("podIPs");
      if (podIps != null && podIps.isArray()) {
        podIps.forEach(p -> JsonFields.text(p, "ip").ifPresent(ips::add));
      }
      ip = ips.stream().map(Ipv4Address::tryParse).flatMap(Optional::stream).findFirst();
    }
    return Optional.of(
        new KubePod(
            JsonFields.text(meta, "namespace"),
            name.get(),
            ip,
            spec == null ? Optional.empty() : JsonFields.text(spec, "nodeName"),
            spec == null
                ? Optional.empty()
                : JsonFields.bool(spec, "hostNetwork").or(() -> Optional.of(false)),
            new Origin(
                w.file(),
                e.line(),
                "Pod "
                    + JsonFields.text(meta, "namespace").map(s -> s + "/").orElse("")
                    + name.get())));
  }
}
