package dev.podpath.model.finding;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.neigh.NeighEntry;
import dev.podpath.model.topo.DeviceRef;
import dev.podpath.model.topo.NetDevice;
import dev.podpath.model.topo.Netns;
import java.util.Optional;

/**
 * Who answers an ARP request for an address on an L2 segment, as {@code arp_process} decides: a
 * namespace that has the address (on the receiving device, or on another one while arp_ignore is
 * 0), or one that proxies it (proxy_arp or an {@code ip neigh add proxy} entry, forwarding on, and
 * a route to the address through another device).
 */
final class ArpReply {

  private ArpReply() {}

  /** The answer to "who-has target" on a segment. */
  sealed interface Answer {}

  /** {@code station} answers. */
  record Answered(DeviceRef station) implements Answer {}

  /** Nobody on the segment answers. */
  record Nobody() implements Answer {}

  /** The model cannot tell (part of the segment is not modelled, or a sysctl is not known). */
  record Unknown(String why) implements Answer {}

  static Answer on(Survey survey, L2Segment segment, Ipv4Address target) {
    NetworkFacts facts = survey.facts();
    if (segment.open()) {
      return new Unknown("part of the segment of " + segment.start() + " is outside the model");
    }
    for (Netns o : survey.owners(target)) {
      for (NetDevice d : o.deviceList()) {
        DeviceRef ref = new DeviceRef(o.name(), d.name());
        if (d.up()
            && d.addresses().stream().anyMatch(a -> a.address().equals(target))
            && segment.stations().contains(ref)) {
          return new Answered(ref);
        }
      }
    }
    SysctlFacts sysctls = new SysctlFacts(facts);
    Optional<String> maybe = Optional.empty();
    for (DeviceRef ref : segment.stations()) {
      Netns ns = facts.topology().require(ref.netns());
      NetDevice d = ns.device(ref.name()).orElseThrow();
      if (!d.up()) {
        continue;
      }
      if (d.addresses().stream().anyMatch(a -> a.address().equals(target))) {
        return new Answered(ref);
      }
      boolean local =
          ns.ownsAddress(target) || Fib.output(ns, target) instanceof Fib.Hit h && h.local();
      if (local) {
        Optional<Integer> ignore = sysctls.arpIgnore(ns, d.name());
        if (ignore.isEmpty() || ignore.get() == 0) {
          return new Answered(ref);
        }
        continue;
      }
      Fib.Result route = Fib.lookup(ns, target, Optional.empty(), d.name());
      boolean elsewhere = route instanceof Fib.Hit h && h.forwards() && !h.route().uses(d.name());
      if (!elsewhere) {
        if (route instanceof Fib.Unknown u) {
          maybe = Optional.of(u.why());
        }
        continue;
      }
      boolean pneigh =
          ns.neighbours().stream()
              .anyMatch(n -> n.proxy() && n.address().equals(target) && n.dev().equals(d.name()));
      Optional<Boolean> proxyArp = sysctls.proxyArp(ns, d.name());
      Optional<Boolean> forwarding = sysctls.forwarding(ns, d.name());
      if (forwarding.isPresent() && !forwarding.get()) {
        continue;
      }
      if (pneigh || proxyArp.orElse(false)) {
        if (forwarding.isEmpty()) {
          maybe = Optional.of("forwarding on " + ref + " is not known");
          continue;
        }
        return new Answered(ref);
      }
      if (proxyArp.isEmpty()) {
        maybe = Optional.of("proxy_arp on " + ref + " is not known");
      }
    }
    return maybe.<Answer>map(Unknown::new).orElseGet(Nobody::new);
  }

  /** A valid neighbour entry {@code ns} holds for {@code address} on {@code dev}, if any. */
  static Optional<NeighEntry> neighbour(Netns ns, String dev, Ipv4Address address) {
    return ns.neighbours().stream()
        .filter(
            n ->
                !n.proxy()
                    && n.dev().equals(dev)
                    && n.address().equals(address)
                    && n.state().isValid()
                    && n.lladdr().isPresent())
        .findFirst();
  }
}
