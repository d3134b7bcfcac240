package dev.podpath.model.paste;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The header line of a kubectl table whose paste left it out ({@code kubectl get pods -A -o wide |
 * grep node2}): the columns of today's kubectl for that listing, with or without {@code NAMESPACE}
 * as {@code -A} asks. Package-private.
 */
final class KubectlHeaders {

  private KubectlHeaders() {}

  static List<String> withHeader(
      List<String> lines, SnapshotFile file, List<String> argv, List<String> notes) {
    boolean all = argv.contains("-A") || argv.contains("--all-namespaces");
    Optional<String> header =
        switch (file) {
          case KUBECTL_PODS ->
              Optional.of(
                  (all ? "NAMESPACE " : "")
                      + "NAME READY STATUS RESTARTS AGE IP NODE NOMINATED NODE READINESS GATES");
          case KUBECTL_NODES ->
              Optional.of(
                  "NAME STATUS ROLES AGE VERSION INTERNAL-IP EXTERNAL-IP OS-IMAGE KERNEL-VERSION"
                      + " CONTAINER-RUNTIME");
          case KUBECTL_SERVICES ->
              Optional.of(
                  (all ? "NAMESPACE " : "")
                      + "NAME TYPE CLUSTER-IP EXTERNAL-IP PORT(S) AGE"
                      + (argv.contains("wide") || argv.contains("-owide") ? " SELECTOR" : ""));
          case KUBECTL_ENDPOINTS -> Optional.of((all ? "NAMESPACE " : "") + "NAME ENDPOINTS AGE");
          default -> Optional.empty();
        };
    if (header.isEmpty()) {
      return lines;
    }
    List<String> out = new ArrayList<>();
    out.add(header.get());
    out.addAll(lines);
    notes.add(
        "no header line (filtered out): `"
            + header.get()
            + "` added, the columns of kubectl 1.14 and later");
    return out;
  }
}
