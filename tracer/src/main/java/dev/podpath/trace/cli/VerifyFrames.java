package dev.podpath.trace.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.podpath.trace.verify.PcapComparison;
import java.io.PrintWriter;
import java.nio.file.Path;

/**
 * {@code verify --pcap}'s part of the report: for each ping and connect, device by device, whether
 * the kernel's frames and podpath's agree, or the first frame at which they part.
 */
final class VerifyFrames {

  private VerifyFrames() {}

  /** The files both sides are written to, in {@code dir}, for a scenario {@code NAME.sh}. */
  record Files(Path podpath, Path kernel) {
    static Files of(Path dir, String scenario) {
      String name = Path.of(scenario).getFileName().toString().replaceFirst("\\.sh$", "");
      return new Files(dir.resolve(name + ".podpath.pcapng"), dir.resolve(name + ".kernel.pcapng"));
    }
  }

  static long differingDevices(PcapComparison c) {
    return c.probes().stream().flatMap(p -> p.devices().stream()).filter(d -> !d.agree()).count();
  }

  static void text(PrintWriter out, PcapComparison c, Files files) {
    out.println("  frames (kernel: " + files.kernel() + ", podpath: " + files.podpath() + ")");
    for (PcapComparison.ProbeFrames p : c.probes()) {
      long agree = p.devices().stream().filter(PcapComparison.DeviceFrames::agree).count();
      out.printf(
          "    probe %d  %s: %s%n",
          p.index(),
          p.probe().origin().text().strip(),
          p.devices().isEmpty()
              ? "no frames on either side"
              : agree == p.devices().size()
                  ? "the same frames on all " + p.devices().size() + " devices"
                  : agree + " of " + p.devices().size() + " devices agree");
      p.notes().forEach(n -> out.println("      note: " + n));
      for (PcapComparison.DeviceFrames d : p.devices()) {
        if (d.agree()) {
          out.printf("      agree   %s  %s%n", d.device(), frames(d.kernel().size()));
          continue;
        }
        int at = d.firstDifference();
        out.printf(
            "      DIFFER  %s  frame %d (the kernel has %s, podpath %s)%n",
            d.device(), at, frames(d.kernel().size()), frames(d.podpath().size()));
        out.println("                kernel:  " + d.kernelFrame(at));
        out.println("                podpath: " + d.podpathFrame(at));
      }
    }
  }

  static void json(ObjectNode n, PcapComparison c, Files files) {
    ObjectNode pcap = n.putObject("pcap");
    pcap.put("kernelFile", files.kernel().toString());
    pcap.put("podpathFile", files.podpath().toString());
    ArrayNode probes = pcap.putArray("probes");
    for (PcapComparison.ProbeFrames p : c.probes()) {
      ObjectNode pn = probes.addObject();
      pn.put("index", p.index());
      pn.put("command", p.probe().origin().text().strip());
      pn.put("agree", p.agree());
      p.notes().forEach(pn.putArray("notes")::add);
      ArrayNode devices = pn.putArray("devices");
      for (PcapComparison.DeviceFrames d : p.devices()) {
        ObjectNode dn = devices.addObject();
        dn.put("device", d.device());
        dn.put("agree", d.agree());
        dn.put("kernelFrames", d.kernel().size());
        dn.put("podpathFrames", d.podpath().size());
        if (!d.agree()) {
          int at = d.firstDifference();
          dn.put("firstDifference", at);
          dn.put("kernel", d.kernelFrame(at));
          dn.put("podpath", d.podpathFrame(at));
        }
      }
    }
  }

  private static String frames(int n) {
    return n == 1 ? "1 frame" : n + " frames";
  }
}
