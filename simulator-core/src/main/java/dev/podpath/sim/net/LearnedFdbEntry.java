package dev.podpath.sim.net;

import dev.podpath.model.addr.MacAddress;
import dev.podpath.model.topo.DeviceRef;

/** A MAC a bridge learned on a port during a run ({@code bridge fdb show}, not permanent). */
public record LearnedFdbEntry(DeviceRef bridge, String port, MacAddress mac) {}
