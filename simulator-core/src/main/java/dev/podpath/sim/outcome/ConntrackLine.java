package dev.podpath.sim.outcome;

/**
 * A connection as it stood when a {@link Step.Conntrack} was recorded, whose {@code conntrack -L}
 * line is composed only when a renderer asks for it ({@code sim.netfilter.ConntrackEntry}, an
 * immutable value: the line is the same whenever it is asked). Recording the typed entry instead of
 * its text keeps the rendering out of the simulation (issue 16: it was a tenth of a warm trace's
 * bytes).
 */
public interface ConntrackLine {

  /** The line {@code conntrack -L} prints for this connection. */
  String line();
}
