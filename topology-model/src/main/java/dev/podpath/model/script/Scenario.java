package dev.podpath.model.script;

import dev.podpath.model.topo.Topology;
import java.util.List;
import java.util.Objects;

/**
 * A scenario script, interpreted: the network it builds (and, for each probe, the network as it
 * stood when the probe ran), the probes it asks, and notes about lines that were accepted without
 * an effect on the datapath (show commands, sysctls that do not matter) or that set something
 * podpath does not model.
 */
public record Scenario(
    String file,
    Topology topology,
    List<ProbeSpec> probes,
    List<Topology> probeTopologies,
    List<Note> notes,
    List<KernelStep> kernelSteps) {

  public Scenario {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(topology, "topology");
    probes = List.copyOf(probes);
    probeTopologies = List.copyOf(probeTopologies);
    notes = List.copyOf(notes);
    kernelSteps = List.copyOf(kernelSteps);
    if (probeTopologies.size() != probes.size()) {
      throw new IllegalArgumentException(
          probes.size() + " probes but " + probeTopologies.size() + " probe topologies");
    }
  }

  /** A scenario built otherwise than from a script: nothing for a kernel to run. */
  public Scenario(
      String file,
      Topology topology,
      List<ProbeSpec> probes,
      List<Topology> probeTopologies,
      List<Note> notes) {
    this(file, topology, probes, probeTopologies, notes, List.of());
  }

  /** A scenario whose probes all run against its final network. */
  public Scenario(String file, Topology topology, List<ProbeSpec> probes, List<Note> notes) {
    this(file, topology, probes, java.util.Collections.nCopies(probes.size(), topology), notes);
  }

  /**
   * The same scenario (probes, notes, kernel steps) with every probe answered on {@code other}: a
   * deliberately broken model, in the tests that check that verify catches it.
   */
  public Scenario withTopology(Topology other) {
    return new Scenario(
        file,
        other,
        probes,
        java.util.Collections.nCopies(probes.size(), other),
        notes,
        kernelSteps);
  }

  /**
   * The network as it stood when probe {@code index} ran: a script may change the network between
   * its probes (set a device down, add a route), and the kernel answers each probe with the network
   * of that moment.
   */
  public Topology topologyAt(int index) {
    return probeTopologies.get(index);
  }

  /** A remark about one line of the script. */
  public record Note(Severity severity, dev.podpath.model.origin.Origin origin, String message) {
    @Override
    public String toString() {
      return origin.location()
          + ": "
          + severity.name().toLowerCase(java.util.Locale.ROOT)
          + ": "
          + message
          + "\n    "
          + origin.text();
    }
  }

  /** How much a note matters. */
  public enum Severity {
    /** Accepted; no effect on the datapath (a show command, an irrelevant sysctl). */
    INFO,
    /**
     * Accepted, but it changes something podpath does not model: traces may differ from the kernel.
     */
    NOT_MODELLED
  }
}
