package dev.podpath.model.finding;

import dev.podpath.model.snapshot.Snapshot;
import dev.podpath.model.topo.Topology;
import java.util.Objects;

/**
 * What the findings are computed from: the model, where it came from, and kubectl's view.
 *
 * @param provenance a scenario builds its whole world (every namespace is in the model, every
 *     sysctl has its value); a snapshot is what was dumped (other hosts may exist, a sysctl not
 *     dumped is unknown)
 */
public record NetworkFacts(Topology topology, Provenance provenance, Cluster cluster) {

  /** Where the model came from, and so what its silence means. */
  public enum Provenance {
    /** A scenario script: the model is the whole world. */
    SCENARIO,
    /** Node dumps: the model is what was dumped; what was not is unknown, not absent. */
    SNAPSHOT
  }

  public NetworkFacts {
    Objects.requireNonNull(topology, "topology");
    Objects.requireNonNull(provenance, "provenance");
    Objects.requireNonNull(cluster, "cluster");
  }

  /** A scenario's network (at one moment of the script). */
  public static NetworkFacts scenario(Topology topology) {
    return new NetworkFacts(topology, Provenance.SCENARIO, Cluster.NONE);
  }

  /** A snapshot's network, with kubectl's nodes, pods, Services and endpoints. */
  public static NetworkFacts snapshot(Snapshot s) {
    return new NetworkFacts(
        s.topology(),
        Provenance.SNAPSHOT,
        new Cluster(s.nodes(), s.pods(), s.services(), s.endpoints()));
  }

  /** Whether every host of the network is in the model (a scenario). */
  public boolean closedWorld() {
    return provenance == Provenance.SCENARIO;
  }
}
