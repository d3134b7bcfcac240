package dev.podpath.trace.cli;

import dev.podpath.model.topo.Topology;
import dev.podpath.trace.Trace;
import dev.podpath.trace.render.pcap.TracePcap;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** {@code --pcap FILE}: a trace's frames written as pcap-ng, or a one-line error naming FILE. */
final class PcapFile {

  private PcapFile() {}

  static void write(Path file, Trace trace, Topology topology) {
    write(file, java.util.List.of(trace), topology);
  }

  static void write(Path file, java.util.List<Trace> traces, Topology topology) {
    byte[] bytes = TracePcap.of(traces, topology, Versions.line());
    try {
      Files.write(file, bytes);
    } catch (IOException e) {
      throw new UserError("--pcap " + file + ": cannot write it (" + reason(e) + ")");
    }
  }

  /** {@code bytes} written to {@code file}, or a one-line error naming the option and FILE. */
  static void write(Path file, byte[] bytes, String option) {
    try {
      Files.write(file, bytes);
    } catch (IOException e) {
      throw new UserError(option + " " + file + ": cannot write it (" + reason(e) + ")");
    }
  }

  private static String reason(IOException e) {
    if (e instanceof java.nio.file.NoSuchFileException) {
      return "no such directory";
    }
    if (e instanceof java.nio.file.AccessDeniedException) {
      return "permission denied";
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}
