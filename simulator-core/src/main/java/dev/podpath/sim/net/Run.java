package dev.podpath.sim.net;

import java.util.Objects;

/**
 * What every subsystem of one run shares: its clock, its step log, the network as it stands, and
 * the run's knobs. A unit test builds one over a hand-made topology; {@link Simulation} builds one
 * over its event queue.
 */
record Run(Clock clock, StepLog log, Network net, SimConfig config) {
  Run {
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(log, "log");
    Objects.requireNonNull(net, "net");
    Objects.requireNonNull(config, "config");
  }
}
