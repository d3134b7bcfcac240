package dev.podpath.trace;

import dev.podpath.model.topo.Topology;
import dev.podpath.sim.engine.Scheduler;
import dev.podpath.sim.net.SimConfig;
import dev.podpath.sim.net.Simulation;

/**
 * Several probes in one continuous world, as a script's probes run one after another on a real
 * host: ARP caches and bridge FDBs learned by one probe are there for the next.
 *
 * <pre>{@code
 * Session s = new Session(topology, SimConfig.defaults());
 * Trace first = s.trace(probeA);
 * Trace second = s.trace(probeB);   // sees the neighbour entries probeA created
 * }</pre>
 */
public final class Session {

  private final Simulation sim;

  public Session(Topology topology, SimConfig config) {
    this.sim = new Simulation(topology, config);
  }

  /** Sends the probe, lets the world run until it is quiet, and returns the probe's trace. */
  public Trace trace(Probe probe) {
    return trace(probe, 1);
  }

  Trace trace(Probe probe, int seq) {
    long id = sim.send(Tracer.localSend(probe, seq));
    Scheduler.StopReason stop = sim.run();
    return Tracer.assemble(sim, probe, id, stop);
  }

  public Simulation simulation() {
    return sim;
  }
}
