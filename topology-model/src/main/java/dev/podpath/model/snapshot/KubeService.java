package dev.podpath.model.snapshot;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.dump.DumpWarning;
import dev.podpath.model.dump.ParseResult;
import dev.podpath.model.topo.Origin;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A Service as {@code kubectl get services -A -o wide} shows it: enough to name it on the command
 * line ({@code --to default/kubernetes}); what happens to its packets is kube-proxy's iptables
 * rules' business.
 *
 * <pre>{@code
 * NAMESPACE   NAME         TYPE        CLUSTER-IP   EXTERNAL-IP   PORT(S)   AGE   SELECTOR
 * default     kubernetes   ClusterIP   10.2.0.1     <none>        443/TCP   7d    <none>
 * }</pre>
 *
 * @param namespace the namespace, when the table shows it ({@code -A})
 * @param clusterIp the ClusterIP, absent for headless services ({@code None})
 * @param ports the PORT(S) column as printed ({@code 443/TCP}, {@code 80:31674/TCP})
 */
public record KubeService(Optional<String> namespace, String name, Optional<Ipv4Address> clusterIp, String ports,
    Origin origin) {

  public KubeService {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(clusterIp, "clusterIp");
    Objects.requireNonNull(ports, "ports");
    Objects.requireNonNull(origin, "origin");
  }

  static ParseResult<List<KubeService>> parse(String file, String content) {
    List<KubeService> out = new ArrayList<>();
    List<DumpWarning> w = new ArrayList<>();
    String[] lines = content.split("\r?\n|\r", -1);
    int header = -1;
    List<Integer> starts = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      if (line.isBlank()) {
        continue;
      }
      if (header < 0) {
        if (!line.matches("^(NAMESPACE\\s+)?NAME\\s+TYPE\\s+CLUSTER-IP\\s.*")) {
          w.add(new DumpWarning(file, i + 1, 1, line, "not the header of `kubectl get services -o wide`"
              + " (NAMESPACE NAME TYPE CLUSTER-IP ...); skipped"));
          continue;
        }
        header = i;
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\S+").matcher(line);
        while (m.find()) {
          starts.add(m.start());
          names.add(m.group());
        }
        continue;
      }
      String[] f = line.strip().split("\\s+");
      int ns = names.indexOf("NAMESPACE");
      int off = ns >= 0 ? 1 : 0;
      if (f.length < names.size() - 1 || f.length < 3 + off) {
        w.add(new DumpWarning(file, i + 1, 1, line, "a row with " + f.length + " columns under a header of "
            + names.size() + "; skipped"));
        continue;
      }
      String name = f[off];
      if (name.startsWith("service/")) {
        name = name.substring("service/".length());
      }
      Optional<Ipv4Address> ip = Ipv4Address.tryParse(f[2 + off]);
      int portsCol = names.indexOf("PORT(S)");
      String ports = portsCol >= 0 && portsCol < f.length ? f[portsCol] : "";
      out.add(new KubeService(ns >= 0 ? Optional.of(f[0]) : Optional.empty(), name, ip, ports,
          new Origin(file, i + 1, line)));
    }
    if (header < 0 && w.isEmpty()) {
      w.add(DumpWarning.ofFile(file, "the file is empty: run `kubectl get services -A -o wide` again"));
    }
    return ParseResult.of(out, w);
  }

  /** {@code namespace/name}, or the name alone when the namespace is unknown. */
  public String qualifiedName() {
    return namespace.map(n -> n + "/" + name).orElse(name);
  }
}
