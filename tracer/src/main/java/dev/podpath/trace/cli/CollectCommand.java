package dev.podpath.trace.cli;

import dev.podpath.model.collect.CollectLog;
import dev.podpath.model.snapshot.SnapshotFolders;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
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
      "bridge -j fdb (their text forms where -j fails), iptables-save -c (kept when empty: no table),",
      "ipset save, nft list ruleset, sysctl -a (net.* only), ip netns list-id, ss -ltun and, where",
      "conntrack-tools is installed, conntrack -L; in ps.txt the command line of each process of that",
      "namespace (as ps -eo pid,args); for the node, where docker answers, docker network inspect of",
      "every network (docker-network-inspect.json). It only reads. Run it as root.",
      "NODE/collect.log gets a header and one entry per command that failed or was not found (the file,",
      "not found or exit N, the command, its first error lines): podpath lint reports each as a gap, and",
      "a namespace whose iptables-save failed has its netfilter unknown (a trace there ends NOT_MODELLED).",
      "OUTDIR must be new or empty: one holding a snapshot is refused unless --force, which clears it",
      "first; one holding anything else is refused and nothing is deleted. Exit status 2 when refused.",
      "collect/podpath-collect.sh does the same without Java.",
      "",
      "With --kubectl, every node of a cluster instead, from any machine with kubectl: the plugin",
      "collect/kubectl-podpath runs the node collector on each node through 'kubectl debug node/NAME'",
      "(a small public image, host network and PID, chroot to the node), brings each node's folder",
      "back, adds the cluster's kubectl files, prints a line per node and a summary of what failed",
      "(docs/snapshot.md, section A whole cluster with kubectl: RBAC and image). As 'kubectl podpath",
      "collect' it needs no Java.",
      "",
      "Examples:",
      "  podpath collect /tmp/snap && podpath lint /tmp/snap",
      "  podpath collect --kubectl --context prod --nodes pool=workers /tmp/snap"
    })
final class CollectCommand implements Callable<Integer> {

  private static final Pattern NET_LINK = Pattern.compile("^net:\\[(\\d+)\\]$");

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(
      index = "0",
      paramLabel = "OUTDIR",
      description = "the snapshot folder to write into (NODE/ is made in it)")
  Path out;

  @Option(
      names = "--node",
      paramLabel = "NAME",
      description = "the node's folder name (default: the host name)")
  Optional<String> node;

  @Option(
      names = "--no-containers",
      description = "skip the namespaces found through /proc (only the node and /run/netns)")
  boolean noContainers;

  @Option(
      names = "--force",
      description =
          "clear OUTDIR first when it holds a snapshot (only then: a folder holding"
              + " anything else is refused)")
  boolean force;

  @Option(
      names = "--kubectl",
      description = "collect every node of the cluster through kubectl debug (see above)")
  boolean kubectl;

  @Option(
      names = "--context",
      paramLabel = "CONTEXT",
      description = "--kubectl: the kubeconfig context (default: kubectl's current one)")
  Optional<String> context = Optional.empty();

  @Option(
      names = "--nodes",
      paramLabel = "SELECTOR",
      description = "--kubectl: only the nodes with these labels (kubectl get nodes -l SELECTOR)")
  Optional<String> nodes = Optional.empty();

  @Option(
      names = "--image",
      paramLabel = "IMAGE",
      description =
          "--kubectl: the debugging pod's image (default: busybox:1.36; it needs sh alone)")
  Optional<String> image = Optional.empty();

  /**
   * Runs the kubectl plugin (collect/kubectl-podpath, beside the launcher: PODPATH_HOME) with this
   * command's options; its lines go to this process's standard error as it prints them.
   */
  private int viaKubectl() throws IOException {
    if (node.isPresent() || noContainers) {
      throw new UserError("--node and --no-containers are the node collector's, not --kubectl's");
    }
    String home = System.getenv("PODPATH_HOME");
    Path plugin = home == null ? null : Path.of(home, "collect", "kubectl-podpath");
    if (plugin == null || !Files.isReadable(plugin)) {
      throw new UserError(
          "--kubectl runs collect/kubectl-podpath, which the podpath launcher finds beside it"
              + " (PODPATH_HOME); run through the launcher, or run that script itself");
    }
    List<String> command = new ArrayList<>(List.of("sh", plugin.toString(), "collect"));
    context.ifPresent(c -> command.addAll(List.of("--context", c)));
    nodes.ifPresent(n -> command.addAll(List.of("--nodes", n)));
    image.ifPresent(i -> command.addAll(List.of("--image", i)));
    if (force) {
      command.add("--force");
    }
    command.add(out.toString());
    spec.commandLine().getErr().flush();
    Process p = new ProcessBuilder(command).inheritIO().start();
    try {
      return p.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.destroy();
      throw new IOException("interrupted while kubectl podpath collect ran", e);
    }
  }

  /** collect.log's lines: the header, then one entry per command that failed or was not found. */
  private final List<String> log = new ArrayList<>();

  private int failures;
  private Path base = Path.of(".");

  /** Namespaces dumped so far, on a terminal's standard error (a node with hundreds of pods). */
  private Progress progress = Progress.of(System.err, "collect", 0, "", false);

  /**
   * One command of a namespace's dump: the file, the command line, and the text form to save
   * instead when the JSON one fails.
   */
  private record Dump(String file, List<String> command, Optional<Dump> fallback) {
    Dump(String file, List<String> command) {
      this(file, command, Optional.empty());
    }

    Dump(String file, List<String> command, String textFile, List<String> textCommand) {
      this(file, command, Optional.of(new Dump(textFile, textCommand)));
    }
  }

  /**
   * Kept when empty: an empty iptables-save says the namespace has no table; a missing one, that it
   * is unknown.
   */
  private static final String IPTABLES = "iptables-save.txt";

  /** Only its net.* lines are kept, and a failure that still printed some is no failure. */
  private static final String SYSCTL = "sysctl.txt";

  /** Dumped only where conntrack-tools is installed; nothing is said where it is not. */
  private static final String CONNTRACK = "conntrack-L.txt";

  /** The node's Docker networks, where docker is installed and answers. */
  private static final String DOCKER_NETWORKS = "docker-network-inspect.json";

  private static final List<Dump> DUMPS =
      List.of(
          new Dump(
              "ip-link.json",
              List.of("ip", "-j", "-d", "link", "show"),
              "ip-link.txt",
              List.of("ip", "-d", "link", "show")),
          new Dump(
              "ip-addr.json",
              List.of("ip", "-j", "addr", "show"),
              "ip-addr.txt",
              List.of("ip", "addr", "show")),
          new Dump(
              "ip-route.json",
              List.of("ip", "-j", "route", "show", "table", "all"),
              "ip-route.txt",
              List.of("ip", "route", "show", "table", "all")),
          new Dump(
              "ip-rule.json",
              List.of("ip", "-j", "rule", "show"),
              "ip-rule.txt",
              List.of("ip", "rule", "show")),
          new Dump(
              "ip-neigh.json",
              List.of("ip", "-j", "neigh", "show"),
              "ip-neigh.txt",
              List.of("ip", "neigh", "show")),
          new Dump(
              "bridge-fdb.json",
              List.of("bridge", "-j", "fdb", "show"),
              "bridge-fdb.txt",
              List.of("bridge", "fdb", "show")),
          new Dump(IPTABLES, List.of("iptables-save", "-c")),
          new Dump("ipset-save.txt", List.of("ipset", "save")),
          new Dump("nft-ruleset.txt", List.of("nft", "list", "ruleset")),
          new Dump(SYSCTL, List.of("sysctl", "-a")),
          new Dump("ip-netns-list-id.txt", List.of("ip", "netns", "list-id")),
          new Dump("ss-ltun.txt", List.of("ss", "-ltun")),
          new Dump(CONNTRACK, List.of("conntrack", "-L")));

  @Override
  public Integer call() throws IOException {
    if (kubectl) {
      return viaKubectl();
    }
    if (context.isPresent() || nodes.isPresent() || image.isPresent()) {
      throw new UserError("--context, --nodes and --image go with --kubectl");
    }
    if (which("ip").isEmpty()) {
      throw new UserError("collect needs ip (iproute2), which is not installed here");
    }
    String name = node.orElseGet(CollectCommand::hostname);
    if (name.isEmpty() || name.contains("/") || name.startsWith(".")) {
      throw new UserError("--node " + name + ": not a usable folder name");
    }
    prepare(out);
    base = out.resolve(name);
    try {
      Files.createDirectories(base);
    } catch (IOException e) {
      throw new UserError("cannot create " + base + ": " + e.getMessage());
    }
    log.add(CollectLog.header("podpath collect", name, Instant.now()));
    Set<String> seen = new LinkedHashSet<>();
    Map<String, Path> dirOf = new HashMap<>();
    inode(Path.of("/proc/self/ns/net"))
        .ifPresent(
            ino -> {
              seen.add(ino);
              dirOf.put(ino, base);
            });
    progress = Progress.of("collect", 0, "namespaces dumped");
    try {
      dump(base, List.of());
      dockerNetworks();
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
    } finally {
      progress.close();
    }
    Path logFile = base.resolve("collect.log");
    Files.write(logFile, log, StandardCharsets.UTF_8);
    PrintWriter err = spec.commandLine().getErr();
    err.println(
        "podpath collect: wrote "
            + base
            + (failures == 0
                ? ""
                : " ("
                    + failures
                    + " commands failed or were not"
                    + " found: see "
                    + logFile
                    + "; podpath lint says what is unknown)"));
    err.flush();
    return 0;
  }

  /**
   * OUTDIR must be new or empty (hidden entries aside): an earlier snapshot's files would mix into
   * this one. With --force a folder holding a snapshot is cleared; one holding anything else never.
   */
  private void prepare(Path dir) throws IOException {
    if (Files.exists(dir, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(dir)) {
      throw new UserError(dir + " is not a folder");
    }
    if (!Files.isDirectory(dir) || !SnapshotFolders.hasVisibleEntries(dir)) {
      return;
    }
    Optional<Path> foreign = SnapshotFolders.foreignEntry(dir);
    if (foreign.isPresent()) {
      throw new UserError(
          dir
              + " is not empty and does not hold a snapshot ("
              + foreign.get()
              + " is no snapshot's"
              + " file): collect into a new or empty folder (--force clears only a folder that holds a snapshot; nothing"
              + " was deleted)");
    }
    if (!force) {
      throw new UserError(
          dir
              + " already holds a snapshot: its files would mix with this run's; collect into a new"
              + " folder, or add --force to clear it first");
    }
    for (Path p : list(dir)) {
      deleteTree(p);
    }
  }

  private static void deleteTree(Path p) throws IOException {
    if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
      for (Path c : list(p)) {
        deleteTree(c);
      }
    }
    Files.delete(p);
  }

  /**
   * ps.txt: the command line of every process, in the folder of its network namespace (what holds a
   * TUN device shows nowhere else); kernel threads (no command line) and this JVM are left out. The
   * same lines as collect/podpath-collect.sh writes.
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
        args =
            new String(Files.readAllBytes(p.resolve("cmdline")), StandardCharsets.UTF_8)
                .replaceAll("[\\x00\\n\\t]", " ")
                .replaceAll(" +$", "");
      } catch (IOException | SecurityException e) {
        continue;
      }
      if (!args.isEmpty()) {
        lines
            .computeIfAbsent(dir.get(), d -> new ArrayList<>(List.of("    PID COMMAND")))
            .add(String.format("%7s %s", pid, args));
      }
    }
    for (Map.Entry<Path, List<String>> e : lines.entrySet()) {
      Files.write(e.getKey().resolve("ps.txt"), e.getValue(), StandardCharsets.UTF_8);
    }
  }

  private void dump(Path dir, List<String> runner) throws IOException {
    progress.step(dir.equals(base) ? "the node" : base.relativize(dir).toString());
    Files.createDirectories(dir);
    for (Dump d : DUMPS) {
      List<String> cmd = new ArrayList<>(runner);
      cmd.addAll(d.command());
      if (which(d.command().get(0)).isEmpty()) {
        if (!d.file().equals(CONNTRACK)) {
          entry(dir, d.file(), new CollectLog.Status.NotFound(), cmd, "");
        }
        continue;
      }
      Ran r = run(cmd);
      String text = r.out();
      if (d.file().equals(SYSCTL)) {
        // sysctl -a may fail on a few unreadable keys: what it printed of net.* is kept
        StringBuilder sb = new StringBuilder();
        text.lines().filter(l -> l.startsWith("net.")).forEach(l -> sb.append(l).append('\n'));
        text = sb.toString();
        r = text.isEmpty() ? r : new Ran(Optional.empty(), text, r.err());
      }
      if (r.failed().isPresent()) {
        entry(dir, d.file(), r.failed().get(), cmd, r.err());
        if (d.fallback().isPresent()) {
          List<String> textCmd = new ArrayList<>(runner);
          textCmd.addAll(d.fallback().get().command());
          Ran t = run(textCmd);
          if (t.failed().isPresent()) {
            entry(dir, d.fallback().get().file(), t.failed().get(), textCmd, t.err());
          } else if (!t.out().isEmpty()) {
            Files.writeString(
                dir.resolve(d.fallback().get().file()), t.out(), StandardCharsets.UTF_8);
          }
        }
        continue;
      }
      if (!text.isEmpty() || d.file().equals(IPTABLES)) {
        Files.writeString(dir.resolve(d.file()), text, StandardCharsets.UTF_8);
      }
    }
  }

  /** {@code docker network inspect} of every network, into the node's folder. */
  private void dockerNetworks() throws IOException {
    if (which("docker").isEmpty()) {
      return;
    }
    // a docker client whose daemon does not answer (not running here): no Docker network to dump
    Ran ids = run(List.of("docker", "network", "ls", "-q"));
    if (ids.failed().isPresent()) {
      return;
    }
    List<String> cmd = new ArrayList<>(List.of("docker", "network", "inspect"));
    ids.out().lines().map(String::strip).filter(l -> !l.isEmpty()).forEach(cmd::add);
    if (cmd.size() == 3) {
      return;
    }
    Ran r = run(cmd);
    if (r.failed().isPresent()) {
      entry(base, DOCKER_NETWORKS, r.failed().get(), cmd, r.err());
    } else if (!r.out().isEmpty()) {
      Files.writeString(base.resolve(DOCKER_NETWORKS), r.out(), StandardCharsets.UTF_8);
    }
  }

  private void entry(
      Path dir, String file, CollectLog.Status status, List<String> cmd, String stderr) {
    String rel = base.relativize(dir.resolve(file)).toString().replace('\\', '/');
    log.addAll(CollectLog.Failure.lines(rel, status, String.join(" ", cmd), stderr));
    failures++;
  }

  /** What a command printed (on failure too), and, when it failed, how. */
  private record Ran(Optional<CollectLog.Status> failed, String out, String err) {}

  private static Ran run(List<String> cmd) {
    try {
      Path errFile = Files.createTempFile("podpath-collect", ".err");
      try {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(errFile.toFile());
        Process p = pb.start();
        p.getOutputStream().close();
        byte[] outBytes = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
          p.destroyForcibly();
          return new Ran(
              Optional.of(new CollectLog.Status.TimedOut()), "", Files.readString(errFile));
        }
        String err = Files.readString(errFile);
        String text = new String(outBytes, StandardCharsets.UTF_8);
        return new Ran(
            p.exitValue() == 0
                ? Optional.empty()
                : Optional.of(new CollectLog.Status.Exited(p.exitValue())),
            text,
            err);
      } finally {
        Files.deleteIfExists(errFile);
      }
    } catch (IOException e) {
      // as a shell reports a program it cannot execute
      return new Ran(
          Optional.of(new CollectLog.Status.Exited(126)), "", String.valueOf(e.getMessage()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Ran(Optional.of(new CollectLog.Status.TimedOut()), "", "interrupted");
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
    } catch (IOException
        | UnsupportedOperationException
        | IllegalArgumentException
        | SecurityException e) {
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
