package dev.podpath.trace.verify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the kernel's wires carried while a scenario's probes ran ({@code verify --pcap}): the
 * sandbox ran Wireshark's {@code dumpcap} in every namespace around each probe its plan captures
 * ({@link KernelPlan#capturing}) and printed the files after {@code ### podpath-captured}, as
 * {@link CollectedFiles} are: {@code probe-P/NS.pcapng}, {@code probe-P/NS.links.json} (the
 * namespace's {@code ip -j link} as the capture started: which device has which MAC) and {@code
 * probe-P/NS.dumpcap.log} (what dumpcap said). Paths are checked as {@link CollectedFiles}'; no
 * file is written anywhere.
 *
 * @param probes by probe number (1-based), the namespaces captured in it
 */
public record KernelCaptures(Map<Integer, Map<String, Namespace>> probes) {

  /** The line the captures follow in a transcript. */
  public static final String MARKER = "### podpath-captured";

  private static final Pattern FILE =
      Pattern.compile("probe-(\\d+)/(.+)\\.(pcapng|links\\.json|dumpcap\\.log)");

  /**
   * One namespace's capture during one probe.
   *
   * @param pcap dumpcap's file (empty when dumpcap wrote none)
   * @param macs each MAC of the namespace's devices (lower case) to the device's name
   * @param log what dumpcap printed on its standard error
   */
  public record Namespace(byte[] pcap, Map<String, String> macs, String log) {
    public Namespace {
      pcap = pcap.clone();
      macs = Map.copyOf(macs);
    }

    @Override
    public byte[] pcap() {
      return pcap.clone();
    }
  }

  public KernelCaptures {
    Map<Integer, Map<String, Namespace>> copy = new TreeMap<>();
    probes.forEach((k, v) -> copy.put(k, java.util.Collections.unmodifiableMap(new TreeMap<>(v))));
    probes = java.util.Collections.unmodifiableMap(copy);
  }

  /** Whether the transcript has a capture section at all. */
  public static boolean in(String transcript) {
    return transcript.lines().anyMatch(l -> l.startsWith(MARKER));
  }

  /** The captures of {@code transcript}; empty when it has none. */
  public static KernelCaptures parse(String transcript) throws IOException {
    CollectedFiles files = CollectedFiles.parse(transcript, MARKER);
    Map<Integer, Map<String, byte[]>> pcaps = new TreeMap<>();
    Map<Integer, Map<String, String>> links = new TreeMap<>();
    Map<Integer, Map<String, String>> logs = new TreeMap<>();
    for (Map.Entry<String, byte[]> e : files.files().entrySet()) {
      Matcher m = FILE.matcher(e.getKey());
      if (!m.matches() || m.group(2).contains("/")) {
        throw new IOException(
            "the kernel's captures hold a file podpath did not ask for: "
                + KernelPlan.printable(e.getKey()));
      }
      int probe = Integer.parseInt(m.group(1));
      String ns = m.group(2);
      switch (m.group(3)) {
        case "pcapng" -> pcaps.computeIfAbsent(probe, k -> new TreeMap<>()).put(ns, e.getValue());
        case "links.json" ->
            links
                .computeIfAbsent(probe, k -> new TreeMap<>())
                .put(ns, new String(e.getValue(), StandardCharsets.UTF_8));
        default ->
            logs.computeIfAbsent(probe, k -> new TreeMap<>())
                .put(ns, new String(e.getValue(), StandardCharsets.UTF_8).strip());
      }
    }
    Map<Integer, Map<String, Namespace>> out = new TreeMap<>();
    ObjectMapper om = new ObjectMapper();
    java.util.Set<Integer> all = new java.util.TreeSet<>(links.keySet());
    all.addAll(pcaps.keySet());
    for (int probe : all) {
      java.util.Set<String> names = new java.util.TreeSet<>();
      names.addAll(links.getOrDefault(probe, Map.of()).keySet());
      names.addAll(pcaps.getOrDefault(probe, Map.of()).keySet());
      Map<String, Namespace> byNs = new LinkedHashMap<>();
      for (String ns : names) {
        byNs.put(
            ns,
            new Namespace(
                pcaps.getOrDefault(probe, Map.of()).getOrDefault(ns, new byte[0]),
                macs(om, links.getOrDefault(probe, Map.of()).getOrDefault(ns, "")),
                logs.getOrDefault(probe, Map.of()).getOrDefault(ns, "")));
      }
      out.put(probe, byNs);
    }
    return new KernelCaptures(out);
  }

  private static Map<String, String> macs(ObjectMapper om, String json) throws IOException {
    Map<String, String> out = new LinkedHashMap<>();
    if (json.isBlank()) {
      return out;
    }
    JsonNode links = om.readTree(json);
    for (JsonNode l : links) {
      String mac = l.path("address").asText("");
      String name = l.path("ifname").asText("");
      if (!mac.isEmpty() && !name.isEmpty() && !l.path("link_type").asText("").equals("loopback")) {
        out.merge(mac.toLowerCase(Locale.ROOT), name, (a, b) -> a + "," + b);
      }
    }
    return out;
  }
}
