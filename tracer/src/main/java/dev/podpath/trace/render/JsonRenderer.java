package dev.podpath.trace.render;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.addr.MacAddress;
import dev.podpath.model.addr.Prefix;
import dev.podpath.model.bridge.FdbEntry;
import dev.podpath.model.neigh.NeighEntry;
import dev.podpath.model.origin.Origin;
import dev.podpath.model.route.Route;
import dev.podpath.model.route.RoutingRule;
import dev.podpath.model.topo.DeviceRef;
import dev.podpath.model.topo.NetnsName;
import dev.podpath.sim.outcome.ConntrackLine;
import dev.podpath.sim.outcome.DropReason;
import dev.podpath.sim.outcome.Step;
import dev.podpath.sim.outcome.TraceEvent;
import dev.podpath.trace.Hop;
import dev.podpath.trace.PacketTrace;
import dev.podpath.trace.Probe;
import dev.podpath.trace.Trace;
import dev.podpath.trace.diagnosis.Diagnosis;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A trace as JSON. The shape is documented in {@code docs/trace-json.md}: {@code disposition},
 * {@code reason} (with {@code code} and {@code explain}), {@code hops} with {@code netns}, {@code
 * in}, {@code out} and {@code steps}, each step with its {@code kind}; then the {@code response} in
 * the same shape.
 */
public final class JsonRenderer {

  /** Bumped whenever a field is renamed or removed. */
  public static final int FORMAT_VERSION = 1;

  private static final ObjectMapper MAPPER = mapper();

  private JsonRenderer() {}

  public static String render(Trace t, String source) {
    return render(t, source, Annotations.NONE);
  }

  /**
   * As {@link #render(Trace, String)}, with {@code service}, {@code assumptions} and each DNAT
   * step's {@code endpoint}.
   */
  public static String render(Trace t, String source, Annotations notes) {
    try {
      return MAPPER.writeValueAsString(tree(t, source, notes)) + "\n";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * As {@link #render(Trace, String, Annotations)}, with the {@code diagnosis} of a failed trace
   * (docs/trace-json.md).
   */
  public static String render(
      Trace t, String source, Annotations notes, java.util.Optional<Diagnosis> diagnosis) {
    ObjectNode root = tree(t, source, notes);
    diagnosis.ifPresent(d -> root.set("diagnosis", DiagnosisJson.tree(d, f -> f)));
    try {
      return MAPPER.writeValueAsString(root) + "\n";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static ObjectNode tree(Trace t, String source) {
    return tree(t, source, Annotations.NONE);
  }

  /**
   * The JSON tree; with notes, also {@code service} and {@code assumptions}, and an {@code
   * endpoint} on DNAT steps.
   */
  public static ObjectNode tree(Trace t, String source, Annotations notes) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("format", FORMAT_VERSION);
    root.put("source", source);
    Probe p = t.probe();
    ObjectNode probe = root.putObject("probe");
    probe.put("from", p.from().value());
    probe.put("to", p.dst().toString());
    p.src().ifPresent(s -> probe.put("src", s.toString()));
    probe.put("protocol", p.protocol().name().toLowerCase(java.util.Locale.ROOT));
    if (p.protocol() != Probe.Protocol.ICMP) {
      probe.put("sport", p.sport());
      probe.put("dport", p.dport());
    }
    probe.put("ttl", p.ttl());
    probe.put("payloadBytes", p.payloadBytes());
    probe.put("dontFragment", p.dontFragment());
    notes
        .service()
        .ifPresent(
            sv -> {
              ObjectNode n = root.putObject("service");
              n.put("name", sv.name());
              n.put("clusterIP", sv.clusterIp().toString());
              sv.portName().ifPresent(x -> n.put("portName", x));
              sv.protocol().ifPresent(x -> n.put("protocol", x));
              if (sv.port().isPresent()) {
                n.put("port", sv.port().getAsInt());
              }
              n.put("origin", sv.origin());
            });
    if (!notes.assumptions().isEmpty()) {
      ArrayNode as = root.putArray("assumptions");
      notes.assumptions().forEach(as::add);
    }
    if (!notes.warnings().isEmpty()) {
      ArrayNode ws = root.putArray("warnings");
      notes.warnings().forEach(ws::add);
    }
    boolean unknown =
        unknown(t.request().disposition())
            || t.response().filter(r -> unknown(r.disposition())).isPresent();
    root.put("result", unknown ? "UNKNOWN" : t.succeeded() ? "REACHABLE" : "NOT_REACHABLE");
    fill(root, t.request(), notes);
    t.localError().ifPresent(e -> root.put("localError", e.explain()));
    t.response().ifPresent(r -> fill(root.putObject("response"), r, notes));
    if (p.protocol() == Probe.Protocol.ICMP) {
      root.put("ping", PingLine.of(t));
    }
    ArrayNode nm = root.putArray("notModelled");
    t.notModelled().forEach(nm::add);
    return root;
  }

  private static void fill(ObjectNode node, PacketTrace p, Annotations notes) {
    node.put("role", PacketRoles.text(p.role()));
    p.packet().ifPresent(pk -> node.set("packet", MAPPER.valueToTree(pk)));
    node.put("disposition", p.disposition().name());
    if (p.reason().isPresent()) {
      node.set("reason", reason(p.reason().get()));
    } else {
      node.putNull("reason");
    }
    p.endedIn().ifPresent(n -> node.put("endedIn", n.value()));
    ArrayNode hops = node.putArray("hops");
    for (Hop h : p.hops()) {
      ObjectNode hop = hops.addObject();
      hop.put("netns", h.netns().value());
      if (h.in().isPresent()) {
        hop.put("in", h.in().get());
      } else {
        hop.putNull("in");
      }
      if (h.out().isPresent()) {
        hop.put("out", h.out().get());
      } else {
        hop.putNull("out");
      }
      ArrayNode steps = hop.putArray("steps");
      h.steps()
          .forEach(
              e -> {
                ObjectNode st = step(e);
                notes
                    .endpointOf(e.step())
                    .ifPresent(
                        ep -> {
                          ObjectNode en = st.putObject("endpoint");
                          en.put("address", ep.address());
                          en.put("is", ep.what());
                        });
                steps.add(st);
              });
      ArrayNode arp = hop.putArray("arp");
      h.arp().forEach(e -> arp.add(step(e)));
      ArrayNode branches = hop.putArray("branches");
      for (Hop.Branch b : h.branches()) {
        ArrayNode steps2 = branches.addArray();
        b.steps().forEach(e -> steps2.add(step(e)));
      }
    }
  }

  static ObjectNode step(TraceEvent e) {
    Step s = e.step();
    ObjectNode n = MAPPER.createObjectNode();
    n.put("kind", s.kind());
    n.put("netns", s.netns().value());
    n.put("timeNs", e.timeNanos());
    n.put("text", StepText.describe(s));
    ObjectNode detail = MAPPER.valueToTree(s);
    detail.remove("netns");
    if (s instanceof Step.Dropped d) {
      detail.set("reason", reason(d.reason()));
    } else if (s instanceof Step.Encapsulated x) {
      // recorded typed (EncapBasis), written as before: the words, last
      detail.remove("basis");
      detail.put("why", EncapText.why(x));
    }
    n.setAll(detail);
    return n;
  }

  /**
   * The mapper every JSON output of podpath shares (addresses as text, routes and rules with their
   * origin).
   */
  static ObjectMapper mapperInUse() {
    return MAPPER;
  }

  static ObjectNode reason(DropReason r) {
    ObjectNode n = MAPPER.createObjectNode();
    n.put("code", r.code());
    n.put("explain", r.explain());
    n.setAll((ObjectNode) MAPPER.valueToTree(r));
    return n;
  }

  private static ObjectMapper mapper() {
    SimpleModule m = new SimpleModule("podpath");
    for (Class<?> c :
        new Class<?>[] {
          Ipv4Address.class,
          MacAddress.class,
          Prefix.class,
          NetnsName.class,
          DeviceRef.class,
          dev.podpath.model.packet.TcpFlags.class
        }) {
      m.addSerializer(c, ToStringSerializer.instance);
    }
    // a conntrack step's entry, recorded typed, is written as its conntrack -L line
    m.addSerializer(
        ConntrackLine.class,
        new JsonSerializer<>() {
          @Override
          public void serialize(ConntrackLine c, JsonGenerator g, SerializerProvider sp)
              throws IOException {
            g.writeString(c.line());
          }
        });
    m.addSerializer(
        Route.class,
        new JsonSerializer<>() {
          @Override
          public void serialize(Route r, JsonGenerator g, SerializerProvider sp)
              throws IOException {
            g.writeStartObject();
            g.writeStringField("text", r.toString());
            g.writeStringField("type", r.type().keyword());
            g.writeStringField("destination", r.destination().toString());
            g.writeNumberField("table", r.table());
            g.writeNumberField("metric", r.metric());
            g.writeStringField("origin", r.origin().location());
            g.writeEndObject();
          }
        });
    m.addSerializer(
        RoutingRule.class,
        new JsonSerializer<>() {
          @Override
          public void serialize(RoutingRule r, JsonGenerator g, SerializerProvider sp)
              throws IOException {
            g.writeStartObject();
            g.writeStringField("text", r.toString().replace('\t', ' '));
            g.writeNumberField("priority", r.priority());
            g.writeStringField("origin", r.origin().location());
            g.writeEndObject();
          }
        });
    m.addSerializer(
        Origin.class,
        new JsonSerializer<>() {
          @Override
          public void serialize(Origin o, JsonGenerator g, SerializerProvider sp)
              throws IOException {
            g.writeString(o.location());
          }
        });
    m.addSerializer(
        dev.podpath.model.collect.CollectLog.Status.class,
        new JsonSerializer<>() {
          @Override
          public void serialize(
              dev.podpath.model.collect.CollectLog.Status st,
              JsonGenerator g,
              SerializerProvider sp)
              throws IOException {
            g.writeString(st.text());
          }
        });
    m.addSerializer(
        dev.podpath.model.netfilter.RulesUnknown.class,
        new JsonSerializer<>() {
          @Override
          public void serialize(
              dev.podpath.model.netfilter.RulesUnknown u, JsonGenerator g, SerializerProvider sp)
              throws IOException {
            g.writeStartObject();
            if (u instanceof dev.podpath.model.netfilter.RulesUnknown.NotCollected n) {
              g.writeStringField("kind", "NOT_COLLECTED");
              sp.defaultSerializeField("failure", n.failure(), g);
            } else if (u instanceof dev.podpath.model.netfilter.RulesUnknown.SetsNotCollected n) {
              g.writeStringField("kind", "SETS_NOT_COLLECTED");
              sp.defaultSerializeField("sets", n.sets(), g);
              sp.defaultSerializeField("failure", n.failure(), g);
            } else if (u instanceof dev.podpath.model.netfilter.RulesUnknown.NotInFolder n) {
              g.writeStringField("kind", "NOT_IN_FOLDER");
              g.writeStringField("dir", n.dir());
              g.writeStringField("log", n.log());
            } else {
              throw new AssertionError(u);
            }
            g.writeStringField("explain", u.explain());
            g.writeEndObject();
          }
        });
    m.addSerializer(NeighEntry.class, toText());
    m.addSerializer(
        dev.podpath.model.netfilter.Rule.class,
        new JsonSerializer<>() {
          @Override
          public void serialize(
              dev.podpath.model.netfilter.Rule r, JsonGenerator g, SerializerProvider sp)
              throws IOException {
            g.writeStartObject();
            g.writeStringField("text", r.text());
            g.writeStringField("origin", r.origin().location());
            g.writeEndObject();
          }
        });
    m.addSerializer(
        dev.podpath.model.netfilter.NftRule.class,
        new JsonSerializer<>() {
          @Override
          public void serialize(
              dev.podpath.model.netfilter.NftRule r, JsonGenerator g, SerializerProvider sp)
              throws IOException {
            g.writeStartObject();
            g.writeStringField("text", r.text());
            g.writeStringField("origin", r.origin().location());
            g.writeEndObject();
          }
        });
    m.addSerializer(dev.podpath.model.netfilter.NetfilterTable.class, toText());
    m.addSerializer(
        FdbEntry.class,
        new JsonSerializer<>() {
          @Override
          public void serialize(FdbEntry e, JsonGenerator g, SerializerProvider sp)
              throws IOException {
            g.writeStartObject();
            g.writeStringField("text", e.toString());
            g.writeStringField("origin", e.origin().location());
            g.writeEndObject();
          }
        });
    ObjectMapper om = new ObjectMapper();
    om.addMixIn(dev.podpath.model.packet.L4.Udp.class, OmitAbsent.class);
    om.registerModule(new Jdk8Module());
    om.registerModule(m);
    om.enable(SerializationFeature.INDENT_OUTPUT);
    om.disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
    return om;
  }

  /** Leaves out a UDP header's {@code payload} when it carries none (the format before tunnels). */
  @com.fasterxml.jackson.annotation.JsonInclude(
      com.fasterxml.jackson.annotation.JsonInclude.Include.NON_ABSENT)
  private abstract static class OmitAbsent {}

  private static <T> JsonSerializer<T> toText() {
    return new JsonSerializer<>() {
      @Override
      public void serialize(T v, JsonGenerator g, SerializerProvider sp) throws IOException {
        g.writeString(v.toString());
      }
    };
  }

  /** The model cannot tell: the packet left it, or met what it does not model. */
  private static boolean unknown(dev.podpath.sim.outcome.Disposition d) {
    return d == dev.podpath.sim.outcome.Disposition.EXITED_MODEL
        || d == dev.podpath.sim.outcome.Disposition.NOT_MODELLED;
  }
}
