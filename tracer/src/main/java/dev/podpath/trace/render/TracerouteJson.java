package dev.podpath.trace.render;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.podpath.sim.outcome.Disposition;
import dev.podpath.trace.PacketTrace;
import dev.podpath.trace.Trace;
import dev.podpath.trace.Traceroute;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code podpath traceroute -o json}: the hops as traceroute prints them, and for each probe what
 * answered (its address as it arrived, the kind of answer, the namespace that sent it and from
 * which address) or why nothing did. The shape is documented in {@code docs/trace-json.md}.
 */
public final class TracerouteJson {

  private TracerouteJson() {}

  public static String render(Traceroute.Result r, String source) {
    try {
      return JsonRenderer.mapperInUse().writeValueAsString(tree(r, source)) + "\n";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static ObjectNode tree(Traceroute.Result r, String source) {
    ObjectNode root = JsonRenderer.mapperInUse().createObjectNode();
    root.put("format", JsonRenderer.FORMAT_VERSION);
    root.put("source", source);
    Traceroute.Request q = r.request();
    ObjectNode req = root.putObject("traceroute");
    req.put("from", q.from().value());
    req.put("to", q.dst().toString());
    q.src().ifPresent(s -> req.put("src", s.toString()));
    req.put("method", q.method().name().toLowerCase(Locale.ROOT));
    req.put("protocol", q.method().protocol());
    req.put("port", q.port());
    req.put("maxHops", q.maxTtl());
    req.put("queries", q.queries());
    req.put("waitNs", q.waitNanos());
    root.put("header", TracerouteLines.header(r.request()));
    root.put("result", r.reached() ? "REACHABLE" : unknown(r) ? "UNKNOWN" : "NOT_REACHABLE");
    ArrayNode hops = root.putArray("hops");
    for (Traceroute.Line l : r.lines()) {
      ObjectNode hop = hops.addObject();
      hop.put("ttl", l.ttl());
      hop.put("line", TracerouteLines.line(l));
      ArrayNode probes = hop.putArray("probes");
      l.queries().forEach(x -> probes.add(query(x)));
    }
    r.localError().ifPresent(e -> root.put("localError", e.explain()));
    if (r.sendRefused()) {
      root.put("localError", dev.podpath.trace.Traceroute.SEND_REFUSED);
    }
    ArrayNode nm = root.putArray("notModelled");
    r.lines().stream()
        .flatMap(l -> l.queries().stream())
        .flatMap(x -> x.trace().notModelled().stream())
        .distinct()
        .forEach(nm::add);
    return root;
  }

  private static ObjectNode query(Traceroute.Query x) {
    ObjectNode n = JsonRenderer.mapperInUse().createObjectNode();
    Trace t = x.trace();
    if (x.answer().isPresent()) {
      Traceroute.Answer a = x.answer().get();
      n.put("address", a.address().toString());
      putOrNull(n, "mark", TracerouteLines.mark(a));
      ObjectNode an = n.putObject("answer");
      an.put("kind", a.kind().name());
      putOrNull(an, "by", a.by().map(b -> b.value()));
      an.put("sentFrom", a.sentFrom().toString());
      an.put("delayNs", a.delayNanos());
      n.putNull("noAnswer");
    } else {
      n.putNull("address");
      n.putNull("mark");
      n.putNull("answer");
      ObjectNode why = n.putObject("noAnswer");
      why.put("why", x.silence().orElseThrow().name());
      t.responseDelayNanos().ifPresent(d -> why.put("delayNs", d));
    }
    n.put("ttl", t.probe().ttl());
    n.set("request", packet(t.request()));
    if (t.response().isPresent()) {
      n.set("response", packet(t.response().get()));
    } else {
      n.putNull("response");
    }
    return n;
  }

  /** A packet's fate without its hops ({@code podpath trace --ttl N} shows them). */
  private static ObjectNode packet(PacketTrace p) {
    ObjectNode n = JsonRenderer.mapperInUse().createObjectNode();
    n.put("role", PacketRoles.text(p.role()));
    n.put("disposition", p.disposition().name());
    if (p.reason().isPresent()) {
      n.set("reason", JsonRenderer.reason(p.reason().get()));
    } else {
      n.putNull("reason");
    }
    putOrNull(n, "endedIn", p.endedIn().map(e -> e.value()));
    return n;
  }

  private static void putOrNull(ObjectNode n, String field, Optional<String> value) {
    if (value.isPresent()) {
      n.put(field, value.get());
    } else {
      n.putNull(field);
    }
  }

  /** A probe that left the model or met what it does not model: the answer cannot be known. */
  private static boolean unknown(Traceroute.Result r) {
    return r.lines().stream()
        .flatMap(l -> l.queries().stream())
        .map(Traceroute.Query::trace)
        .flatMap(
            t ->
                t
                    .response()
                    .map(x -> List.of(t.request(), x))
                    .orElse(List.of(t.request()))
                    .stream())
        .anyMatch(
            p ->
                p.disposition() == Disposition.EXITED_MODEL
                    || p.disposition() == Disposition.NOT_MODELLED);
  }
}
