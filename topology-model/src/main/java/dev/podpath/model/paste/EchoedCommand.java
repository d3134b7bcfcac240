package dev.podpath.model.paste;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A command as it was typed after a prompt, taken apart: {@code sudo} and {@code time} dropped, the
 * namespace it ran in ({@code ip netns exec NS}, {@code ip -n NS}, {@code kubectl exec POD --},
 * {@code docker exec CTR}, {@code nsenter -t PID -n}) and what its output was piped through ({@code
 * | grep 10.244}). Package-private.
 *
 * @param text the command as typed
 * @param argv the command itself, unwrapped
 * @param in where it ran, when not on the host the prompt shows
 * @param filters what the output was piped through ({@code grep 10.244}), in order
 */
record EchoedCommand(String text, List<String> argv, Optional<Namespace> in, List<String> filters) {

  EchoedCommand {
    Objects.requireNonNull(text, "text");
    argv = List.copyOf(argv);
    Objects.requireNonNull(in, "in");
    filters = List.copyOf(filters);
  }

  /** Where a command ran instead of the host's own namespace. */
  record Namespace(Kind kind, String name) {
    enum Kind {
      /** {@code kubectl exec POD}: the pod's namespace, on the node kubectl lists it on. */
      POD,
      /** {@code docker exec CTR}, {@code crictl exec CTR}: a container on the prompt's host. */
      CONTAINER,
      /**
       * {@code ip netns exec NS}, {@code ip -n NS}, {@code nsenter}: a namespace of the prompt's
       * host.
       */
      NETNS
    }
  }

  private static final Set<String> SHELLS =
      Set.of(
          "sh",
          "bash",
          "ash",
          "zsh",
          "dash",
          "/bin/sh",
          "/bin/bash",
          "/bin/ash",
          "/bin/zsh",
          "/usr/bin/bash",
          "/usr/bin/sh");

  /** Pipes that keep every line: the output is whole. */
  private static final Set<String> WHOLE =
      Set.of("cat", "less", "more", "column", "sort", "tee", "expand");

  /** The program, or empty for an empty command. */
  Optional<String> program() {
    return argv.isEmpty() ? Optional.empty() : Optional.of(argv.get(0));
  }

  /**
   * Whether it starts an interactive shell ({@code kubectl exec -it POD -- sh}, {@code docker exec
   * -it CTR bash}).
   */
  boolean entersShell() {
    return in.isPresent() && (argv.isEmpty() || SHELLS.contains(argv.get(0)) && argv.size() == 1);
  }

  /** The pipes that drop lines ({@code grep}, {@code head}), as typed. */
  List<String> lineFilters() {
    return filters.stream().filter(f -> !WHOLE.contains(f.split("\\s+")[0])).toList();
  }

  static EchoedCommand parse(String text) {
    List<List<String>> pipeline = pipeline(text);
    List<String> argv = new ArrayList<>(pipeline.isEmpty() ? List.of() : pipeline.get(0));
    List<String> filters = new ArrayList<>();
    for (int i = 1; i < pipeline.size(); i++) {
      filters.add(String.join(" ", pipeline.get(i)));
    }
    Optional<Namespace> in = Optional.empty();
    for (int guard = 0; guard < 8; guard++) {
      argv = unprefixed(argv);
      Optional<Unwrapped> u = unwrap(argv);
      if (u.isEmpty()) {
        break;
      }
      in = Optional.of(u.get().in());
      argv = new ArrayList<>(u.get().argv());
    }
    argv = unprefixed(argv);
    return new EchoedCommand(text, argv, in, filters);
  }

  private record Unwrapped(Namespace in, List<String> argv) {}

  /**
   * {@code sudo -E}, {@code time}, {@code env X=1}, {@code k3s kubectl}: the command after them.
   */
  private static List<String> unprefixed(List<String> argv) {
    List<String> a = new ArrayList<>(argv);
    while (!a.isEmpty()) {
      String w = a.get(0);
      if (w.equals("sudo") || w.equals("doas")) {
        a.remove(0);
        while (!a.isEmpty() && a.get(0).startsWith("-")) {
          String o = a.remove(0);
          if ((o.equals("-u") || o.equals("-g")) && !a.isEmpty()) {
            a.remove(0);
          }
        }
      } else if (w.equals("time")
          || w.equals("env")
          || w.equals("command")
          || w.equals("exec")
          || w.matches("[A-Za-z_][A-Za-z0-9_]*=.*")) {
        a.remove(0);
      } else if ((w.equals("k3s") || w.equals("microk8s") || w.equals("rke2"))
          && a.size() > 1
          && a.get(1).equals("kubectl")) {
        a.remove(0);
      } else if (w.equals("microk8s.kubectl")
          || w.equals("oc")
          || w.endsWith("/kubectl")
          || w.endsWith("/kubectl.sh")) {
        a.set(0, "kubectl");
      } else if (w.startsWith("/") && w.lastIndexOf('/') > 0 && !a.isEmpty() && isProgramPath(w)) {
        a.set(0, w.substring(w.lastIndexOf('/') + 1));
      } else {
        break;
      }
    }
    return a;
  }

  private static boolean isProgramPath(String w) {
    return w.matches("/(usr/)?(s?bin|local/s?bin)/[A-Za-z0-9._-]+");
  }

  private static Optional<Unwrapped> unwrap(List<String> a) {
    if (a.isEmpty()) {
      return Optional.empty();
    }
    String p = a.get(0);
    if (p.equals("ip") && a.size() >= 4 && a.get(1).equals("netns") && a.get(2).equals("exec")) {
      return Optional.of(
          new Unwrapped(new Namespace(Namespace.Kind.NETNS, a.get(3)), a.subList(4, a.size())));
    }
    if (p.equals("ip")) {
      for (int i = 1; i + 1 < a.size() && a.get(i).startsWith("-"); i++) {
        if (a.get(i).equals("-n") || a.get(i).equals("-netns") || a.get(i).equals("--netns")) {
          List<String> rest = new ArrayList<>(a);
          String ns = rest.get(i + 1);
          rest.remove(i + 1);
          rest.remove(i);
          return Optional.of(new Unwrapped(new Namespace(Namespace.Kind.NETNS, ns), rest));
        }
      }
      return Optional.empty();
    }
    if (p.equals("kubectl") && a.size() >= 3 && a.get(1).equals("exec")) {
      return execTarget(
          a.subList(2, a.size()),
          Namespace.Kind.POD,
          Set.of(
              "-n",
              "--namespace",
              "-c",
              "--container",
              "--context",
              "--kubeconfig",
              "--pod-running-timeout"));
    }
    if ((p.equals("docker") || p.equals("crictl") || p.equals("nerdctl") || p.equals("podman"))
        && a.size() >= 3
        && a.get(1).equals("exec")) {
      return execTarget(
          a.subList(2, a.size()),
          Namespace.Kind.CONTAINER,
          Set.of("-u", "--user", "-w", "--workdir", "-e", "--env", "--env-file"));
    }
    if (p.equals("nsenter")) {
      String target = null;
      int i = 1;
      boolean net = false;
      for (; i < a.size(); i++) {
        String o = a.get(i);
        if (o.equals("--")) {
          i++;
          break;
        }
        if (!o.startsWith("-")) {
          break;
        }
        if ((o.equals("-t") || o.equals("--target")) && i + 1 < a.size()) {
          target = "pid-" + a.get(++i);
        } else if (o.startsWith("--net=")) {
          net = true;
          String path = o.substring("--net=".length());
          target =
              path.matches("/proc/\\d+/ns/net")
                  ? "pid-" + path.split("/")[2]
                  : path.substring(path.lastIndexOf('/') + 1);
        } else if (o.equals("-n") || o.equals("--net") || o.matches("-[a-zA-Z]*n[a-zA-Z]*")) {
          net = true;
          if (o.matches("-[a-zA-Z]*t") && i + 1 < a.size()) {
            target = "pid-" + a.get(++i);
          }
        }
      }
      if (net && target != null) {
        return Optional.of(
            new Unwrapped(new Namespace(Namespace.Kind.NETNS, target), a.subList(i, a.size())));
      }
    }
    return Optional.empty();
  }

  /** {@code [-it] TARGET [options] [--] COMMAND...} of kubectl exec and docker exec. */
  private static Optional<Unwrapped> execTarget(
      List<String> a, Namespace.Kind kind, Set<String> withValue) {
    String target = null;
    int i = 0;
    for (; i < a.size(); i++) {
      String o = a.get(i);
      if (o.equals("--")) {
        i++;
        break;
      }
      if (o.startsWith("-")) {
        if (withValue.contains(o) && i + 1 < a.size()) {
          i++;
        }
        continue;
      }
      if (target == null) {
        target = o;
        continue;
      }
      break;
    }
    if (target == null) {
      return Optional.empty();
    }
    if (target.startsWith("pod/") || target.startsWith("pods/")) {
      target = target.substring(target.indexOf('/') + 1);
    }
    return Optional.of(
        new Unwrapped(new Namespace(kind, target), a.subList(Math.min(i, a.size()), a.size())));
  }

  /** Splits on pipes, words on white space, quotes kept together; redirections dropped. */
  private static List<List<String>> pipeline(String text) {
    List<List<String>> out = new ArrayList<>();
    List<String> cur = new ArrayList<>();
    StringBuilder w = new StringBuilder();
    boolean inWord = false;
    char quote = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        } else {
          w.append(c);
        }
        continue;
      }
      if (c == '\'' || c == '"') {
        quote = c;
        inWord = true;
        continue;
      }
      if (Character.isWhitespace(c) || c == '|' || c == ';' || c == '&') {
        if (inWord) {
          cur.add(w.toString());
          w.setLength(0);
          inWord = false;
        }
        if (c == '|'
            || c == ';'
            || c == '&' && i + 1 < text.length() && text.charAt(i + 1) == '&') {
          if (c == ';' || c == '&') {
            // a second command: only the first one's output is read
            break;
          }
          if (i + 1 < text.length() && text.charAt(i + 1) == '|') {
            break;
          }
          out.add(dropRedirections(cur));
          cur = new ArrayList<>();
        }
        continue;
      }
      w.append(c);
      inWord = true;
    }
    if (inWord) {
      cur.add(w.toString());
    }
    out.add(dropRedirections(cur));
    return out;
  }

  private static List<String> dropRedirections(List<String> words) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < words.size(); i++) {
      String w = words.get(i);
      if (w.matches("\\d?>>?&?\\d*") || w.matches("\\d?>>?.+") || w.equals("<")) {
        if (w.matches("\\d?>>?") && i + 1 < words.size()) {
          i++;
        }
        continue;
      }
      out.add(w);
    }
    return out;
  }
}
