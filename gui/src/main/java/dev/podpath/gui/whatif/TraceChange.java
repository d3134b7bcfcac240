package dev.podpath.gui.whatif;

import dev.podpath.model.topo.NetnsName;
import dev.podpath.trace.Hop;
import dev.podpath.trace.PacketTrace;
import dev.podpath.trace.Trace;
import dev.podpath.trace.render.Verdicts;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What an edit changed in a trace: the verdict and the request's (and reply's) fate before and
 * after, and where the paths part. Read from the two traces only; the words are {@link Verdicts}'.
 *
 * @param before the trace before the edit
 * @param after the same probe traced after it
 */
public record TraceChange(Trace before, Trace after) {

  public TraceChange {
    Objects.requireNonNull(before, "before");
    Objects.requireNonNull(after, "after");
  }

  /** {@return whether the verdict (REACHABLE, NOT REACHABLE, UNKNOWN) differs} */
  public boolean verdictChanged() {
    return !Verdicts.result(before).equals(Verdicts.result(after));
  }

  /** {@return the hops (namespaces) both requests visited before their paths part} */
  public List<NetnsName> commonHops() {
    return common(hops(before.request()), hops(after.request()));
  }

  /** {@return the lines the what-if panel shows: before, after, where the paths part} */
  public List<String> lines() {
    List<String> out = new ArrayList<>();
    out.add("before: " + verdict(before));
    out.add("after:  " + verdict(after));
    List<NetnsName> a = hops(before.request());
    List<NetnsName> b = hops(after.request());
    if (a.equals(b)) {
      out.add("request path: the same " + a.size() + " hops");
    } else {
      List<NetnsName> same = common(a, b);
      out.add(
          "request path: "
              + (same.isEmpty() ? "differs from the first hop" : "the same up to " + last(same))
              + "; then "
              + describe(a.subList(same.size(), a.size()))
              + " before, "
              + describe(b.subList(same.size(), b.size()))
              + " after");
    }
    Optional<String> rb = before.response().map(Verdicts::of);
    Optional<String> ra = after.response().map(Verdicts::of);
    if (!rb.equals(ra)) {
      out.add("reply: " + rb.orElse("none") + " before, " + ra.orElse("none") + " after");
    }
    return List.copyOf(out);
  }

  private static String verdict(Trace t) {
    return Verdicts.result(t) + " (" + Verdicts.of(t.request()) + ")";
  }

  private static List<NetnsName> hops(PacketTrace p) {
    return p.hops().stream().map(Hop::netns).toList();
  }

  private static List<NetnsName> common(List<NetnsName> a, List<NetnsName> b) {
    int k = 0;
    while (k < a.size() && k < b.size() && a.get(k).equals(b.get(k))) {
      k++;
    }
    return a.subList(0, k);
  }

  private static String last(List<NetnsName> l) {
    return l.get(l.size() - 1).toString();
  }

  private static String describe(List<NetnsName> rest) {
    if (rest.isEmpty()) {
      return "nothing more";
    }
    List<String> s = rest.stream().map(NetnsName::toString).toList();
    return String.join(" > ", s);
  }
}
