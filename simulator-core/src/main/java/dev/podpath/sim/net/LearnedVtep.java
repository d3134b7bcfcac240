package dev.podpath.sim.net;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.addr.MacAddress;
import dev.podpath.model.topo.DeviceRef;

/**
 * A remote MAC a VXLAN device learned during a run, with the VTEP it came from ({@code bridge fdb
 * show dev vx0}: {@code MAC dst IP self}).
 */
public record LearnedVtep(DeviceRef dev, MacAddress mac, Ipv4Address dst) {}
