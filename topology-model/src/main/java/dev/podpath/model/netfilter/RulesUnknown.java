package dev.podpath.model.netfilter;

import dev.podpath.model.collect.CollectLog;
import java.util.List;
import java.util.Objects;

/**
 * Why the netfilter rules of a namespace are not known: a snapshot whose collector could not dump
 * them. Unlike a namespace without any table (which does nothing), a packet that reaches a
 * netfilter hook in such a namespace ends NOT_MODELLED naming this: the rules could accept, drop or
 * NAT it.
 *
 * <pre>{@code
 * Ruleset.ofUnknown(new RulesUnknown.NotCollected(failure), Map.of());
 * // "iptables-save was not collected: `ip netns exec r iptables-save -c` failed with exit status 1 (...)
 * //  (root/collect.log:2)"
 * }</pre>
 */
public sealed interface RulesUnknown {

  /** What was not collected and what the snapshot says about it, in a sentence. */
  String explain();

  /** collect.log says the collector's {@code iptables-save} failed or was not found. */
  record NotCollected(CollectLog.Failure failure) implements RulesUnknown {
    public NotCollected {
      Objects.requireNonNull(failure, "failure");
    }

    public String explain() {
      return "iptables-save was not collected: "
          + failure.explain()
          + " ("
          + failure.origin().location()
          + ")";
    }
  }

  /**
   * collect.log says the collector's {@code ipset save} failed or was not found, and rules of the
   * namespace match these sets, whose members are therefore unknown.
   */
  record SetsNotCollected(List<String> sets, CollectLog.Failure failure) implements RulesUnknown {
    public SetsNotCollected {
      sets = List.copyOf(sets);
      Objects.requireNonNull(failure, "failure");
    }

    public String explain() {
      return "its rules match the ipsets "
          + String.join(", ", sets)
          + ", which were not collected: "
          + failure.explain()
          + " ("
          + failure.origin().location()
          + ")";
    }
  }

  /**
   * A folder a collector wrote (its node has a collect.log) has no {@code iptables-save.txt}, and
   * collect.log does not say why: the file was lost or removed after the run.
   *
   * @param dir the namespace's folder in the snapshot
   * @param log the node's collect.log
   */
  record NotInFolder(String dir, String log) implements RulesUnknown {
    public NotInFolder {
      Objects.requireNonNull(dir, "dir");
      Objects.requireNonNull(log, "log");
    }

    public String explain() {
      return "there is no iptables-save.txt in "
          + dir
          + ", though "
          + log
          + " shows a collector wrote the folder"
          + " and does not say iptables-save failed (the file was lost or removed after the run)";
    }
  }
}
