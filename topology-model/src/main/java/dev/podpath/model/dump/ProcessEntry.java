package dev.podpath.model.dump;

import dev.podpath.model.origin.Origin;
import java.util.List;
import java.util.Objects;

/**
 * One running process of a namespace ({@code ps.txt}): its PID and command line, split on spaces as
 * {@code ps -eo pid,args} prints it.
 *
 * <pre>{@code
 * 412 python3 flanneld-udp.py --tun flannel0 --port 8285 10.10.2.0/24=192.168.2.15
 * -> pid 412, argv [python3, flanneld-udp.py, --tun, flannel0, ...]
 * }</pre>
 *
 * @param pid the process id, as the collector saw it
 * @param argv the command line (never empty)
 * @param origin the line of {@code ps.txt}
 */
public record ProcessEntry(int pid, List<String> argv, Origin origin) {
  public ProcessEntry {
    argv = List.copyOf(argv);
    if (argv.isEmpty()) {
      throw new IllegalArgumentException("a process without a command line");
    }
    Objects.requireNonNull(origin, "origin");
  }
}
