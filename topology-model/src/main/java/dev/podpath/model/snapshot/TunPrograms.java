package dev.podpath.model.snapshot;

import dev.podpath.model.dump.DumpWarning;
import dev.podpath.model.dump.ProcessEntry;
import dev.podpath.model.script.FlanneldUdpCommand;
import dev.podpath.model.topo.LinkKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The user-space programs behind a namespace's TUN devices, from the processes {@code ps.txt}
 * lists. No network dump shows what a program reading a TUN device does with its packets, so
 * podpath models only a program it knows, recognised from its command line exactly as the scenario
 * interpreter recognises it: {@code samples/flanneld-udp.py} (flannel's UDP backend), read by
 * {@link FlanneldUdpCommand}. A TUN device whose program was not captured, or is not one of these,
 * is kept with its reader unknown: what is routed into it leaves the model as not modelled.
 * Package-private.
 *
 * <pre>{@code
 * ps.txt:  412 python3 flanneld-udp.py --tun flannel0 --port 8285 10.10.2.0/24=192.168.2.15
 *   -> flannel0 is held by flanneld (UDP 8285, lease 10.10.2.0/24 -> 192.168.2.15)  [ps.txt:2]
 * }</pre>
 */
final class TunPrograms {

  private TunPrograms() {}

  /**
   * The modelled programs among {@code processes}; a command line they cannot read is a warning.
   */
  static List<FlanneldUdpCommand.Invocation> read(
      List<ProcessEntry> processes, List<DumpWarning> warnings) {
    List<FlanneldUdpCommand.Invocation> out = new ArrayList<>();
    for (ProcessEntry p : processes) {
      if (!FlanneldUdpCommand.matches(p.argv())) {
        continue;
      }
      try {
        out.add(FlanneldUdpCommand.read(p.argv(), p.origin()));
      } catch (IllegalArgumentException e) {
        warnings.add(
            new DumpWarning(
                p.origin().file(),
                p.origin().line(),
                1,
                p.origin().text(),
                e.getMessage() + "; the process is not modelled"));
      }
    }
    return out;
  }

  /**
   * The kind of a TUN device {@code dev} of a namespace: held by the program of {@code programs}
   * that names it, else with its reader unknown (saying whether {@code ps.txt} was collected).
   */
  static LinkKind.Tun kind(String dev, Optional<List<FlanneldUdpCommand.Invocation>> programs) {
    Optional<LinkKind.FlanneldUdp> relay =
        programs.orElse(List.of()).stream()
            .filter(i -> i.tun().equals(dev))
            .map(FlanneldUdpCommand.Invocation::relay)
            .findFirst();
    if (relay.isPresent()) {
      return new LinkKind.Tun(relay);
    }
    String why =
        programs.isEmpty()
            ? "the program holding " + dev + " was not captured (no ps.txt)"
            : "no process in ps.txt is a program podpath models holding "
                + dev
                + " ("
                + FlanneldUdpCommand.PROGRAM
                + " --tun "
                + dev
                + ")";
    return new LinkKind.Tun(Optional.empty(), Optional.of(why));
  }
}
