package dev.podpath.sim.engine;

/**
 * The handle of a scheduled event; {@code seq} also breaks ties between events at the same time.
 */
public record EventId(long seq) {}
