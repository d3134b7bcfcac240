package dev.podpath.trace.diff;

import dev.podpath.trace.matrix.MatrixEndpoint;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Pods of BEFORE and AFTER that are one workload under another name or address. kubectl has no
 * owner in the tables a snapshot keeps, so the owner is read from the name as the controllers make
 * it: a Deployment's pod {@code OWNER-HASH-XXXXX} (the pod template's hash, then five random
 * characters), a DaemonSet's, ReplicaSet's or Job's {@code OWNER-XXXXX}, both from Kubernetes'
 * alphabet without vowels ({@code bcdfghjklmnpqrstvwxz2456789}). A StatefulSet's pod and a static
 * pod keep their names, and match by name.
 */
final class Workloads {

  private static final String ALPHABET = "[bcdfghjklmnpqrstvwxz2456789]";
  private static final Pattern DEPLOYMENT =
      Pattern.compile("(.+)-" + ALPHABET + "{6,10}-" + ALPHABET + "{5}");
  private static final Pattern GENERATED = Pattern.compile("(.+)-" + ALPHABET + "{5}");

  private Workloads() {}

  /**
   * {@return AFTER's name of each pod BEFORE has under another name: the pods only one side has,
   * grouped by owner and paired in the order of their names} Each pairing, and each pod both have
   * under one name but another address, is added to {@code recreated}.
   */
  static Map<String, String> match(
      List<MatrixEndpoint> before, List<MatrixEndpoint> after, List<Recreated> recreated) {
    Map<String, MatrixEndpoint> b = pods(before);
    Map<String, MatrixEndpoint> a = pods(after);
    Map<String, List<MatrixEndpoint>> goneByOwner = new TreeMap<>();
    Map<String, List<MatrixEndpoint>> newByOwner = new TreeMap<>();
    for (MatrixEndpoint e : b.values()) {
      MatrixEndpoint same = a.get(e.label());
      if (same != null) {
        if (!same.address().equals(e.address())) {
          recreated.add(
              new Recreated(
                  e.label(), e.label(), e.address(), same.address(), Optional.empty(), 1));
        }
      } else {
        owner(e.label())
            .ifPresent(o -> goneByOwner.computeIfAbsent(o, k -> new ArrayList<>()).add(e));
      }
    }
    for (MatrixEndpoint e : a.values()) {
      if (!b.containsKey(e.label())) {
        owner(e.label())
            .ifPresent(o -> newByOwner.computeIfAbsent(o, k -> new ArrayList<>()).add(e));
      }
    }
    Map<String, String> renamed = new LinkedHashMap<>();
    for (Map.Entry<String, List<MatrixEndpoint>> g : goneByOwner.entrySet()) {
      List<MatrixEndpoint> gone = sorted(g.getValue());
      List<MatrixEndpoint> made = sorted(newByOwner.getOrDefault(g.getKey(), List.of()));
      int n = Math.min(gone.size(), made.size());
      for (int i = 0; i < n; i++) {
        MatrixEndpoint was = gone.get(i);
        MatrixEndpoint is = made.get(i);
        renamed.put(was.label(), is.label());
        recreated.add(
            new Recreated(
                was.label(), is.label(), was.address(), is.address(), Optional.of(g.getKey()), n));
      }
    }
    return renamed;
  }

  /**
   * {@return the owner a pod's name ({@code namespace/name}) says it was made by, as {@code
   * namespace/owner}; empty for a name no controller makes with a random suffix}
   */
  static Optional<String> owner(String label) {
    int slash = label.indexOf('/');
    String name = label.substring(slash + 1);
    for (Pattern p : List.of(DEPLOYMENT, GENERATED)) {
      Matcher m = p.matcher(name);
      if (m.matches()) {
        return Optional.of(label.substring(0, slash + 1) + m.group(1));
      }
    }
    return Optional.empty();
  }

  private static Map<String, MatrixEndpoint> pods(List<MatrixEndpoint> endpoints) {
    Map<String, MatrixEndpoint> out = new LinkedHashMap<>();
    for (MatrixEndpoint e : endpoints) {
      if (e.kind() == MatrixEndpoint.Kind.POD) {
        out.putIfAbsent(e.label(), e);
      }
    }
    return out;
  }

  private static List<MatrixEndpoint> sorted(List<MatrixEndpoint> l) {
    List<MatrixEndpoint> out = new ArrayList<>(l);
    out.sort(java.util.Comparator.comparing(MatrixEndpoint::label));
    return out;
  }
}
