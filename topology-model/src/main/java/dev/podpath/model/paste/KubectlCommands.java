package dev.podpath.model.paste;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code kubectl get nodes|pods|svc|endpoints [-A] -o wide|json} and its combined form ({@code
 * kubectl get pod,svc,endpoints -A -o wide}, whose tables {@link PasteSplitter} cuts apart by their
 * headers); {@code kubectl describe} and YAML are not read. Package-private.
 */
final class KubectlCommands {

  private KubectlCommands() {}

  /** The listings a snapshot holds, by the names and short names kubectl takes. */
  enum Listing {
    NODES(SnapshotFile.KUBECTL_NODES, SnapshotFile.KUBECTL_NODES_JSON, true),
    PODS(SnapshotFile.KUBECTL_PODS, SnapshotFile.KUBECTL_PODS_JSON, true),
    SERVICES(SnapshotFile.KUBECTL_SERVICES, SnapshotFile.KUBECTL_SERVICES_JSON, false),
    ENDPOINTS(SnapshotFile.KUBECTL_ENDPOINTS, SnapshotFile.KUBECTL_ENDPOINTS_JSON, false),
    ENDPOINTSLICES(null, SnapshotFile.KUBECTL_ENDPOINTSLICES_JSON, false);

    final SnapshotFile table;
    final SnapshotFile json;
    final boolean needsWide;

    Listing(SnapshotFile table, SnapshotFile json, boolean needsWide) {
      this.table = table;
      this.json = json;
      this.needsWide = needsWide;
    }

    static Optional<Listing> of(String type) {
      String t = type.toLowerCase(java.util.Locale.ROOT);
      int dot = t.indexOf('.');
      if (dot > 0) {
        t = t.substring(0, dot);
      }
      return switch (t) {
        case "no", "node", "nodes" -> Optional.of(NODES);
        case "po", "pod", "pods" -> Optional.of(PODS);
        case "svc", "service", "services" -> Optional.of(SERVICES);
        case "ep", "endpoint", "endpoints" -> Optional.of(ENDPOINTS);
        case "endpointslice", "endpointslices" -> Optional.of(ENDPOINTSLICES);
        default -> Optional.empty();
      };
    }
  }

  static Recognition recognise(List<String> args) {
    if (args.isEmpty()) {
      return new Recognition.NotADump("kubectl");
    }
    String verb = args.get(0);
    if (verb.equals("describe")) {
      Optional<String> kind =
          args.stream()
              .skip(1)
              .filter(a -> !a.startsWith("-"))
              .findFirst()
              .map(a -> a.contains("/") ? a.substring(0, a.indexOf('/')) : a);
      if (kind.flatMap(Listing::of).filter(l -> l == Listing.NODES).isPresent()) {
        return new Recognition.Dump(SnapshotFile.KUBECTL_DESCRIBE_NODES);
      }
      return new Recognition.NotRead(
          "`kubectl describe "
              + kind.orElse("")
              + "` is not read (podpath reads `kubectl"
              + " describe nodes`, and pods, Services and endpoints from `kubectl get ... -o wide` or `-o json`)");
    }
    if (!verb.equals("get")) {
      return new Recognition.NotADump("kubectl " + verb);
    }
    Optional<String> output = Optional.empty();
    List<String> types = new ArrayList<>();
    List<String> rest = args.subList(1, args.size());
    for (int i = 0; i < rest.size(); i++) {
      String o = rest.get(i);
      if (o.equals("-o") || o.equals("--output")) {
        output = i + 1 < rest.size() ? Optional.of(rest.get(++i)) : output;
      } else if (o.startsWith("-o") && o.length() > 2 && !o.startsWith("--")) {
        output = Optional.of(o.substring(2).replaceFirst("^=", ""));
      } else if (o.startsWith("--output=")) {
        output = Optional.of(o.substring("--output=".length()));
      } else if (Set.of("-n", "--namespace", "-l", "--selector", "--context", "-L", "--sort-by")
          .contains(o)) {
        i++;
      } else if (!o.startsWith("-") && types.isEmpty()) {
        types.addAll(List.of(o.split(",")));
      }
    }
    Set<Listing> listings = new LinkedHashSet<>();
    for (String t : types) {
      if (t.equals("all")) {
        listings.add(Listing.PODS);
        listings.add(Listing.SERVICES);
        continue;
      }
      String base = t.contains("/") ? t.substring(0, t.indexOf('/')) : t;
      Listing.of(base).ifPresent(listings::add);
    }
    if (listings.isEmpty()) {
      return new Recognition.NotADump("kubectl get " + String.join(",", types));
    }
    String out = output.orElse("");
    if (out.equals("json")) {
      if (listings.size() > 1) {
        return new Recognition.NotRead(
            "JSON of several kinds in one list: get each kind on its own (`kubectl get"
                + " pods -A -o json`)");
      }
      return new Recognition.Dump(listings.iterator().next().json);
    }
    if (!out.isEmpty() && !out.equals("wide")) {
      return new Recognition.NotRead(
          "`-o " + out + "` is not read: podpath reads `-o wide` tables and `-o json`");
    }
    Listing first = listings.iterator().next();
    if (first.table == null) {
      return new Recognition.NotRead("EndpointSlices are read from `-o json` only");
    }
    if (!out.equals("wide") && listings.stream().anyMatch(l -> l.needsWide)) {
      return new Recognition.NotRead(
          "without `-o wide` kubectl's table has no IP and NODE columns: paste `kubectl get "
              + String.join(",", types)
              + " -A -o wide` instead");
    }
    return new Recognition.Dump(first.table);
  }
}
