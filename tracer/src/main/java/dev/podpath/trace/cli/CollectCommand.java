package dev.podpath.trace.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "collect",
    mixinStandardHelpOptions = true,
    description = {
      "Dump this node's network state into a snapshot folder (docs/snapshot.md): the node itself, every",
      "named namespace (/run/netns) and every other namespace a process is in (/proc/PID/ns/net, once",
      "each), with ip -j -d link, ip -j addr, ip -j route show table all, ip -j rule, ip -j neigh,",
      "bridge -j fdb, iptables-save -c, ipset save, sysctl -a (net.* only), ip netns list-id and ss -ltun,",
      "and in ps.txt the command line of each process of that namespace (as ps -eo pid,args).",
      "It only reads. Run it as root. collect/podpath-collect.sh does the same without Java.",
      "",
      "Example:",
      "  podpath collect /tmp/snap && podpath lint /tmp/snap"
    })
final class CollectCommand implements Callable<Integer> {

  private static final Pattern NET_LINK = Pattern.compile("^net:\\[(\\d+)\\]$");

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "OUTDIR", description = "the snapshot folder to write into (NODE/ is made in it)")
  Path out;

  @Option(names = "--node", paramLabel = "NAME", description = "the node's folder name (default: the host name)")
  Optional<String> node;

  @Option(names = "--no-containers", description = "skip the namespaces found through /proc (only the node and /run/netns)")
  boolean noContainers;

  private final List<String> log = new ArrayList<>();

  /** One command of a namespace's dump: the file, and the command line. */
  private record Dump(String file, List<String> command, boolean netOnly) {}

  private static final List<Dump> DUMPS = List.of(
      new Dump("ip-link.json", List.of("ip", "-j", "-d", "link", "show"), false),
      new Dump("ip-addr.json", List.of("ip", "-j", "addr", "show"), false),
      new Dump("ip-route.json", List.of("ip", "-j", "route", "show", "table", "all"), false),
      new Dump("ip-rule.json", List.of("ip", "-j", "rule", "show"), false),
      new Dump("ip-neigh.json", List.of("ip", "-j", "neigh", "show"), false),
      new Dump("bridge-fdb.json", List.of("bridge", "-j", "fdb", "show"), false),
      new Dump("iptables-save.txt", List.of("iptables-save", "-c"), false),
      new Dump("ipset-save.txt", List.of("ipset", "save"), false),
      new Dump("sysctl.txt", List.of("sysctl", "-a"), true),
      new Dump("ip-netns-list-id.txt", List.of("ip", "netns", "list-id"), false),
      new Dump("ss-ltun.txt", List.of("ss", "-ltun"), false));

  @Override
  public Integer call() throws IOException {
    if (which("ip").isEmpty()) {
      throw new UserError("collect needs ip (iproute2), which is not installed here");
    }
    String name = node.orElseGet(CollectCommand::hostname);
    if (name.isEmpty() || name.contains("/") || name.startsWith(".")) {
      throw new UserError("--node " + name + ": not a usable folder name");
    }
    Path base = out.resolve(name);
    try {
      Files.createDirectories(base);
    } catch (IOException e) {
      throw new UserError("cannot create " + base + ": " + e.getMessage());
    }
    Set<String> seen = new LinkedHashSet<>();
    Map<String, Path> dirOf = new HashMap<>();
    inode(Path.of("/proc/self/ns/net")).ifPresent(ino -> {
      seen.add(ino);
      dirOf.put(ino, base);
    });
    dump(base, List.of());
    Path runNetns = Path.of("/run/netns");
    if (Files.isDirectory(runNetns)) {
      for (Path p : list(runNetns)) {
        Optional<String> ino = fileInode(p);
        if (ino.isEmpty() || !seen.add(ino.get())) {
          continue;
        }
        String ns = p.getFileName().toString();
        dirOf.put(ino.get(), base.resolve("netns").resolve(ns));
        dump(base.resolve("netns").resolve(ns), List.of("ip", "netns", "exec", ns));
      }
    }
    if (!noContainers && which("nsenter").isPresent()) {
      for (Path p : list(Path.of("/proc"))) {
        String pid = p.getFileName().toString();
        if (!pid.matches("\\d+")) {
          continue;
        }
        Path nsLink = p.resolve("ns").resolve("net");
        Optional<String> ino = inode(nsLink);
        if (ino.isEmpty() || !seen.add(ino.get())) {
          continue;
        }
        dirOf.put(ino.get(), base.resolve("netns").resolve("pid-" + pid));
        dump(base.resolve("netns").resolve("pid-" + pid), List.of("nsenter", "--net=" + nsLink));
      }
    }
    processes(dirOf);
    if (!log.isEmpty()) {
      Files.write(base.resolve("collect.log"), log, StandardCharsets.UTF_8);
    }
    PrintWriter err = spec.commandLine().getErr();
    err.println("podpath collect: wrote " + base + (log.isEmpty() ? "" : " (some commands failed: see " + base.resolve("collect.log") + ")"));
    err.flush();
    return 0;
  }

  /**
   * ps.txt: the command line of every process, in the folder of its network namespace (what holds
   * a TUN device shows nowhere else); kernel threads (no command line) and this JVM are left out.
   * The same lines as collect/podpath-collect.sh writes.
   */
  private static void processes(Map<String, Path> dirOf) throws IOException {
    long self = ProcessHandle.current().pid();
    Map<Path, List<String>> lines = new LinkedHashMap<>();
    for (Path p : list(Path.of("/proc"))) {
      String pid = p.getFileName().toString();
      if (!pid.matches("\\d+") || pid.equals(String.valueOf(self))) {
        continue;
      }
      Optional<Path> dir = inode(p.resolve("ns").resolve("net")).map(dirOf::get);
      if (dir.isEmpty()) {
        continue;
      }
      String args;
      try {
        args = new String(Files.readAllBytes(p.resolve("cmdline")), StandardCharsets.UTF_8)
            .replaceAll("[\\x00\\n\\t]", " ").replaceAll(" +$", "");
      } catch (IOException | SecurityException e) {
        continue;
      }
      if (!args.isEmpty()) {
        lines.computeIfAbsent(dir.get(), d -> new ArrayList<>(List.of("    PID COMMAND")))
            .add(String.format("%7s %s", pid, args));
      }
    }
    for (Map.Entry<Path, List<String>> e : lines.entrySet()) {
      Files.write(e.getKey().resolve("ps.txt"), e.getValue(), StandardCharsets.UTF_8);
    }
  }

  private void dump(Path dir, List<String> runner) throws IOException {
    Files.createDirectories(dir);
    for (Dump d : DUMPS) {
      if (which(d.command().get(0)).isEmpty()) {
        continue;
      }
      List<String> cmd = new ArrayList<>(runner);
      cmd.addAll(d.command());
      Optional<String> text = run(cmd, dir);
      if (text.isEmpty()) {
        continue;
      }
      String t = text.get();
      if (d.netOnly()) {
        StringBuilder sb = new StringBuilder();
        t.lines().filter(l -> l.startsWith("net.")).forEach(l -> sb.append(l).append('\n'));
        t = sb.toString();
      }
      if (!t.isEmpty()) {
        Files.writeString(dir.resolve(d.file()), t, StandardCharsets.UTF_8);
      }
    }
  }

  private Optional<String> run(List<String> cmd, Path dir) {
    try {
      Path errFile = Files.createTempFile("podpath-collect", ".err");
      try {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(errFile.toFile());
        Process p = pb.start();
        p.getOutputStream().close();
        byte[] outBytes = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
          p.destroyForcibly();
          log.add(dir + ": " + String.join(" ", cmd) + ": timed out");
          return Optional.empty();
        }
        String err = Files.readString(errFile);
        if (!err.isBlank()) {
          log.add(dir + ": " + String.join(" ", cmd) + ": " + err.strip());
        }
        if (p.exitValue() != 0) {
          log.add(dir + ": " + String.join(" ", cmd) + ": exit status " + p.exitValue());
          return Optional.empty();
        }
        return Optional.of(new String(outBytes, StandardCharsets.UTF_8));
      } finally {
        Files.deleteIfExists(errFile);
      }
    } catch (IOException e) {
      log.add(dir + ": " + String.join(" ", cmd) + ": " + e.getMessage());
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  private static Optional<String> inode(Path nsLink) {
    try {
      Matcher m = NET_LINK.matcher(Files.readSymbolicLink(nsLink).toString());
      return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      return Optional.empty();
    }
  }

  private static Optional<String> fileInode(Path p) {
    try {
      Object ino = Files.getAttribute(p, "unix:ino");
      return Optional.of(String.valueOf(ino));
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException | SecurityException e) {
      return Optional.empty();
    }
  }

  private static List<Path> list(Path dir) {
    try (Stream<Path> s = Files.list(dir)) {
      return s.sorted().toList();
    } catch (IOException e) {
      return List.of();
    }
  }

  private static Optional<Path> which(String tool) {
    String path = System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
    for (String d : path.split(":")) {
      Path p = Path.of(d.isEmpty() ? "." : d, tool);
      if (Files.isExecutable(p)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  private static String hostname() {
    try {
      return Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
    } catch (IOException e) {
      return "node";
    }
  }
}
