package dev.podpath.trace.graph;

import dev.podpath.model.topo.DeviceRef;
import dev.podpath.sim.outcome.Step;
import java.util.Optional;

/**
 * The device a {@link Step} happened on, where it names one: the device a frame arrived on or left
 * through, the bridge that decided, the tunnel end that wrapped or unwrapped, the output device of
 * a route. Steps of the namespace as a whole (a netfilter hook, a drop) name none.
 */
public final class StepDevices {

  private StepDevices() {}

  /** The device of {@code s}, if the step names one. */
  public static Optional<DeviceRef> of(Step s) {
    if (s instanceof Step.Received r) {
      return Optional.of(r.dev());
    } else if (s instanceof Step.Transmitted t) {
      return Optional.of(t.dev());
    } else if (s instanceof Step.RouteSelected r) {
      return r.outDev().map(d -> new DeviceRef(r.netns(), d));
    } else if (s instanceof Step.LocalDelivery d) {
      return Optional.of(new DeviceRef(d.netns(), d.dev()));
    } else if (s instanceof Step.Forwarded f) {
      return Optional.of(new DeviceRef(f.netns(), f.out()));
    } else if (s instanceof Step.NeighbourUsed n) {
      return Optional.of(n.dev());
    } else if (s instanceof Step.NeighbourResolved n) {
      return Optional.of(n.dev());
    } else if (s instanceof Step.ArpRequest a) {
      return Optional.of(a.dev());
    } else if (s instanceof Step.ArpReply a) {
      return Optional.of(a.dev());
    } else if (s instanceof Step.ArpIgnored a) {
      return Optional.of(a.dev());
    } else if (s instanceof Step.BridgeLearned b) {
      return Optional.of(b.bridge());
    } else if (s instanceof Step.BridgeForwarded b) {
      return Optional.of(b.bridge());
    } else if (s instanceof Step.Encapsulated e) {
      return Optional.of(e.dev());
    } else if (s instanceof Step.Decapsulated d) {
      return Optional.of(d.dev());
    } else if (s instanceof Step.UserSpace u) {
      return Optional.of(u.dev());
    } else if (s instanceof Step.Originated
        || s instanceof Step.IcmpSent
        || s instanceof Step.IcmpRateLimited
        || s instanceof Step.Netfilter
        || s instanceof Step.Conntrack
        || s instanceof Step.Dropped
        || s instanceof Step.NotModelled) {
      return Optional.empty();
    }
    throw new AssertionError(s);
  }
}
