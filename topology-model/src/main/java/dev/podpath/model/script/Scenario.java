package dev.podpath.model.script;

import dev.podpath.model.topo.Topology;
import java.util.List;
import java.util.Objects;

/**
 * A scenario script, interpreted: the network it builds, the probes it asks, and notes about
 * lines that were accepted without an effect on the datapath (show commands, sysctls that do not
 * matter) or that set something podpath does not model.
 */
public record Scenario(String file, Topology topology, List<ProbeSpec> probes, List<Note> notes) {

  public Scenario {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(topology, "topology");
    probes = List.copyOf(probes);
    notes = List.copyOf(notes);
  }

  /** A remark about one line of the script. */
  public record Note(Severity severity, dev.podpath.model.topo.Origin origin, String message) {
    @Override
    public String toString() {
      return origin.location() + ": " + severity.name().toLowerCase(java.util.Locale.ROOT) + ": "
          + message + "\n    " + origin.text();
    }
  }

  /** How much a note matters. */
  public enum Severity {
    /** Accepted; no effect on the datapath (a show command, an irrelevant sysctl). */
    INFO,
    /** Accepted, but it changes something podpath does not model: traces may differ from the kernel. */
    NOT_MODELLED
  }
}
