package dev.podpath.model.snapshot;

import dev.podpath.model.collect.CollectLog;
import dev.podpath.model.dump.DumpWarning;
import dev.podpath.model.netfilter.Match;
import dev.podpath.model.netfilter.Rule;
import dev.podpath.model.netfilter.RulesUnknown;
import dev.podpath.model.netfilter.Ruleset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What a collector could not dump in one namespace folder, from its node's {@code collect.log}
 * (docs/snapshot.md). Each failure that leaves something unknown is a problem at its collect.log
 * line, naming the folder and what is unknown because of it; one whose file was written after all
 * in another form (the text form after {@code ip -j} failed) leaves nothing unknown.
 *
 * <p>The namespace's netfilter: the rules read when {@code iptables-save.txt} is there (empty: no
 * table); {@linkplain RulesUnknown unknown} when collect.log says iptables-save failed or was not
 * found, when the folder comes from a collector run but the file is missing, or when ipset save
 * failed and the rules match sets; and, in a folder put together by hand (no collect.log), no rules
 * at all, an assumption.
 */
final class CollectGaps {

  private final Path folder;
  private final String dir;
  private final Optional<CollectLog> log;
  private final List<CollectLog.Failure> failures;

  /**
   * @param folder the namespace's folder
   * @param dir the same, relative to the snapshot (as problems name it)
   * @param log the node's collect.log, when it is a collector's of this format
   * @param failures its entries about this folder
   */
  CollectGaps(
      Path folder, String dir, Optional<CollectLog> log, List<CollectLog.Failure> failures) {
    this.folder = folder;
    this.dir = dir;
    this.log = log;
    this.failures = List.copyOf(failures);
  }

  /**
   * The namespace's netfilter model, given the ruleset read from its dumps ({@code read}, empty
   * when it has neither iptables-save.txt nor ipset-save.txt); adds the problems of every failure
   * and the assumption of a hand-made folder without an iptables dump.
   */
  Optional<Ruleset> netfilter(
      Optional<Ruleset> read, List<DumpWarning> warnings, List<Assumption> assumptions) {
    boolean iptablesDumped = present(SnapshotFiles.IPTABLES);
    Optional<Ruleset> out = read;
    for (CollectLog.Failure f : failures) {
      Optional<List<String>> kind =
          SnapshotFiles.NETNS_FILES.stream().filter(l -> l.contains(f.fileName())).findFirst();
      if (kind.isEmpty()) {
        warnings.add(
            problem(
                f,
                "`"
                    + f.fileName()
                    + "` is not a file of a snapshot (docs/snapshot.md); "
                    + f.explain()));
        continue;
      }
      if (present(kind.get()) || hasTextForm(f, kind.get())) {
        continue;
      }
      if (kind.get() == SnapshotFiles.IPTABLES) {
        warnings.add(
            problem(
                f,
                "no iptables dump: netfilter unknown in "
                    + dir
                    + " (a trace that reaches one of its"
                    + " netfilter hooks ends NOT_MODELLED); "
                    + f.explain()));
        out =
            Optional.of(
                Ruleset.ofUnknown(
                    new RulesUnknown.NotCollected(f),
                    read.map(Ruleset::ipsets).orElse(java.util.Map.of())));
      } else if (kind.get() == SnapshotFiles.IPSET) {
        List<String> sets = setsMatched(read);
        if (!sets.isEmpty() && iptablesDumped) {
          warnings.add(
              problem(
                  f,
                  "no ipset dump: the sets "
                      + String.join(", ", sets)
                      + " that rules in "
                      + dir
                      + " match are unknown, so netfilter is unknown there (a trace that reaches one of its netfilter hooks ends"
                      + " NOT_MODELLED); "
                      + f.explain()));
          out = read.map(r -> r.withUnknown(new RulesUnknown.SetsNotCollected(sets, f)));
        }
        // no rule matches a set: nothing depends on the sets, nothing is unknown
      } else {
        warnings.add(problem(f, unknownWithout(kind.get()) + "; " + explain(f)));
      }
    }
    if (iptablesDumped || out.filter(r -> !r.isKnown()).isPresent()) {
      return out;
    }
    if (log.isPresent()) {
      warnings.add(
          DumpWarning.ofFile(
              dir,
              "no iptables dump: netfilter unknown in "
                  + dir
                  + " (a trace that reaches"
                  + " one of its netfilter hooks ends NOT_MODELLED): there is no iptables-save.txt, though "
                  + log.get().file()
                  + " shows a collector wrote the folder and does not say iptables-save failed"));
      return Optional.of(
          Ruleset.ofUnknown(
              new RulesUnknown.NotInFolder(dir, log.get().file()),
              read.map(Ruleset::ipsets).orElse(java.util.Map.of())));
    }
    assumptions.add(
        new Assumption(
            dir,
            "no iptables rules (there is no iptables-save.txt and no collect.log of a"
                + " collector run; an empty iptables-save.txt says a namespace has no table)"));
    return out;
  }

  /**
   * A collector tries the text form of a JSON dump that failed ({@code ip -j} unsupported): the
   * entry of the text form says what became of the dump, and without one the text form worked (its
   * file is there, or it printed nothing: no neighbour or FDB entries).
   */
  private static boolean hasTextForm(CollectLog.Failure f, List<String> kind) {
    return f.fileName().endsWith(".json")
        && kind.contains(f.fileName().replaceAll("\\.json$", ".txt"));
  }

  /**
   * {@code f}'s explanation, after that of the JSON form's failure when {@code f} is its text
   * form's.
   */
  private String explain(CollectLog.Failure f) {
    String json = f.fileName().replaceAll("\\.txt$", ".json");
    return failures.stream()
            .filter(g -> !g.equals(f) && g.fileName().equals(json))
            .findFirst()
            .map(g -> g.explain() + ", then ")
            .orElse("")
        + f.explain();
  }

  private DumpWarning problem(CollectLog.Failure f, String message) {
    return new DumpWarning(f.origin().file(), f.origin().line(), 1, f.origin().text(), message);
  }

  private boolean present(List<String> names) {
    return names.stream().anyMatch(n -> Files.isRegularFile(folder.resolve(n)));
  }

  /**
   * The sets the rules match ({@code -m set --match-set NAME}) that the dump does not hold, in rule
   * order.
   */
  private static List<String> setsMatched(Optional<Ruleset> read) {
    if (read.isEmpty()) {
      return List.of();
    }
    return read.get().rules().stream()
        .map(Rule::matches)
        .flatMap(List::stream)
        .filter(m -> m instanceof Match.SetMatch)
        .map(m -> ((Match.SetMatch) m).name())
        .filter(n -> read.get().ipset(n).isEmpty())
        .distinct()
        .toList();
  }

  /** What is unknown in this folder without the dump of {@code kind}. */
  private String unknownWithout(List<String> kind) {
    if (kind == SnapshotFiles.LINK) {
      return "no link dump: device kinds, states and veth peers in "
          + dir
          + " are known only from its other dumps";
    } else if (kind == SnapshotFiles.ADDR) {
      return "no address dump: the addresses in "
          + dir
          + " are known only from ifconfig or connected routes";
    } else if (kind == SnapshotFiles.ROUTE) {
      return "no route dump: the routes in "
          + dir
          + " are unknown (only the kernel's routes of its addresses are made)";
    } else if (kind == SnapshotFiles.RULE) {
      return "no ip rule dump: " + dir + " is taken to have the kernel's three default rules";
    } else if (kind == SnapshotFiles.NEIGH) {
      return "no neighbour dump: the neighbour entries of "
          + dir
          + " are unknown (its caches start empty)";
    } else if (kind == SnapshotFiles.FDB) {
      return "no bridge fdb dump: the FDB entries of "
          + dir
          + " are unknown (its bridges start empty; a frame no"
          + " entry of a VXLAN device sends ends NOT_MODELLED)";
    } else if (kind == SnapshotFiles.SYSCTL) {
      return "no sysctl dump: " + dir + " is taken to have the kernel's defaults (a node forwards)";
    } else if (kind == SnapshotFiles.NETNS_IDS) {
      return "no namespace ids: the veths of "
          + dir
          + " are tied to the only namespace holding their peer's index";
    } else if (kind == SnapshotFiles.SOCKETS) {
      return "no socket dump: the listening sockets of " + dir + " are unknown";
    }
    return "no " + kind.get(0) + ": what it holds is unknown in " + dir;
  }
}
