package dev.podpath.model.nft.parse;

import dev.podpath.model.netfilter.BaseChain;
import dev.podpath.model.netfilter.NftChain;
import dev.podpath.model.netfilter.NftExpr;
import dev.podpath.model.netfilter.NftFamily;
import dev.podpath.model.netfilter.NftKey;
import dev.podpath.model.netfilter.NftRule;
import dev.podpath.model.netfilter.NftSet;
import dev.podpath.model.netfilter.NftSetRef;
import dev.podpath.model.netfilter.NftTable;
import dev.podpath.model.netfilter.NftVerdict;
import dev.podpath.model.netfilter.Nftables;
import dev.podpath.model.netfilter.SetElement;
import dev.podpath.model.origin.Origin;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A namespace's nftables ruleset while commands change it, with the kernel's refusals ({@link
 * Refused}, worded as {@code nft} prints them): a missing table, chain or set is {@code No such
 * file or directory}, a second {@code create} of one {@code File exists}, deleting a chain still
 * jumped to or holding rules {@code Device or resource busy}.
 */
public final class NftBuilder {

  /** The kernel refused a command; the message is what follows {@code Error: } in nft's output. */
  static final class Refused extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Refused(String message) {
      super(message);
    }
  }

  private static final class TableState {
    final NftFamily family;
    final String name;
    final Origin origin;
    final Map<String, ChainState> chains = new LinkedHashMap<>();
    final Map<String, NftSet> sets = new LinkedHashMap<>();

    TableState(NftFamily family, String name, Origin origin) {
      this.family = family;
      this.name = name;
      this.origin = origin;
    }

    TableState copy() {
      TableState t = new TableState(family, name, origin);
      chains.forEach((n, c) -> t.chains.put(n, c.copy()));
      t.sets.putAll(sets);
      return t;
    }
  }

  private static final class ChainState {
    final String name;
    Optional<BaseChain> base;
    final List<NftRule> rules = new ArrayList<>();
    final Origin origin;

    ChainState(String name, Optional<BaseChain> base, Origin origin) {
      this.name = name;
      this.base = base;
      this.origin = origin;
    }

    ChainState copy() {
      ChainState c = new ChainState(name, base, origin);
      c.rules.addAll(rules);
      return c;
    }
  }

  private final Map<String, TableState> tables = new LinkedHashMap<>();

  public NftBuilder() {}

  /** Commands on top of {@code nft} (a snapshot's ruleset, origins kept). */
  public static NftBuilder from(Nftables nft) {
    NftBuilder b = new NftBuilder();
    for (NftTable t : nft.tables()) {
      TableState ts = new TableState(t.family(), t.name(), t.origin());
      t.chains()
          .values()
          .forEach(
              c -> {
                ChainState cs = new ChainState(c.name(), c.base(), c.origin());
                cs.rules.addAll(c.rules());
                ts.chains.put(c.name(), cs);
              });
      ts.sets.putAll(t.sets());
      b.tables.put(key(t.family(), t.name()), ts);
    }
    return b;
  }

  public NftBuilder copy() {
    NftBuilder b = new NftBuilder();
    b.setFrom(this);
    return b;
  }

  /** Takes over the state of {@code other} (a transaction that succeeded). */
  public void setFrom(NftBuilder other) {
    tables.clear();
    other.tables.forEach((k, t) -> tables.put(k, t.copy()));
  }

  public Nftables build() {
    List<NftTable> out = new ArrayList<>();
    for (TableState t : tables.values()) {
      Map<String, NftChain> chains = new LinkedHashMap<>();
      t.chains.forEach((n, c) -> chains.put(n, new NftChain(n, c.base, c.rules, c.origin)));
      out.add(new NftTable(t.family, t.name, chains, t.sets, t.origin));
    }
    return new Nftables(out);
  }

  private static String key(NftFamily f, String name) {
    return f.keyword() + " " + name;
  }

  void addTable(NftFamily family, String name, Origin origin, boolean create) {
    String k = key(family, name);
    if (tables.containsKey(k)) {
      if (create) {
        throw new Refused("Could not process rule: File exists");
      }
      return;
    }
    tables.put(k, new TableState(family, name, origin));
  }

  void deleteTable(NftFamily family, String name) {
    if (tables.remove(key(family, name)) == null) {
      throw new Refused("Could not process rule: No such file or directory");
    }
  }

  void flushTable(NftFamily family, String name) {
    table(family, name).chains.values().forEach(c -> c.rules.clear());
  }

  public void flushRuleset() {
    tables.clear();
  }

  private TableState table(NftFamily family, String name) {
    TableState t = tables.get(key(family, name));
    if (t == null) {
      throw new Refused(
          "Could not process rule: No such file or directory (no table " + key(family, name) + ")");
    }
    return t;
  }

  private ChainState chain(NftFamily family, String table, String chain) {
    ChainState c = table(family, table).chains.get(chain);
    if (c == null) {
      throw new Refused(
          "Could not process rule: No such file or directory (no chain "
              + chain
              + " in table "
              + key(family, table)
              + ")");
    }
    return c;
  }

  void addChain(
      NftFamily family,
      String table,
      String name,
      Optional<BaseChain> base,
      Origin origin,
      boolean create) {
    TableState t = table(family, table);
    ChainState c = t.chains.get(name);
    if (c == null) {
      t.chains.put(name, new ChainState(name, base, origin));
      return;
    }
    if (create) {
      throw new Refused("Could not process rule: File exists");
    }
    if (base.isPresent()) {
      BaseChain old = c.base.orElse(null);
      BaseChain b = base.get();
      if (old == null
          || old.type() != b.type()
          || old.hook() != b.hook()
          || old.priority() != b.priority()) {
        throw new Refused("Could not process rule: Device or resource busy");
      }
      c.base = base;
    }
  }

  void deleteChain(NftFamily family, String table, String name) {
    ChainState c = chain(family, table, name);
    if (!c.rules.isEmpty() || jumpedTo(table(family, table), name)) {
      throw new Refused("Could not process rule: Device or resource busy");
    }
    table(family, table).chains.remove(name);
  }

  void flushChain(NftFamily family, String table, String name) {
    chain(family, table, name).rules.clear();
  }

  void addRule(NftFamily family, String table, String chain, NftRule rule, boolean insert) {
    ChainState c = chain(family, table, chain);
    dangling(table(family, table), rule)
        .ifPresent(
            why -> {
              throw new Refused(why);
            });
    if (insert) {
      c.rules.add(0, rule);
    } else {
      c.rules.add(rule);
    }
  }

  void addSet(NftFamily family, String table, NftSet set, boolean create) {
    TableState t = table(family, table);
    NftSet old = t.sets.get(set.name());
    if (old == null) {
      t.sets.put(set.name(), set);
      return;
    }
    if (create) {
      throw new Refused("Could not process rule: File exists");
    }
    if (!old.type().equals(set.type()) || !old.data().equals(set.data())) {
      throw new Refused("Could not process rule: File exists");
    }
    addElements(family, table, set.name(), set.elements());
  }

  /** The set or map {@code name}, for reading its elements' types. */
  NftSet set(NftFamily family, String table, String name) {
    NftSet s = table(family, table).sets.get(name);
    if (s == null) {
      throw new Refused(
          "Could not process rule: No such file or directory (no set "
              + name
              + " in table "
              + key(family, table)
              + ")");
    }
    return s;
  }

  void addElements(NftFamily family, String table, String name, List<SetElement> elements) {
    NftSet s = set(family, table, name);
    for (SetElement e : elements) {
      e.verdict()
          .flatMap(v -> missingChain(table(family, table), v))
          .ifPresent(
              why -> {
                throw new Refused(why);
              });
    }
    List<SetElement> all = new ArrayList<>(s.elements());
    for (SetElement e : elements) {
      if (all.stream().noneMatch(x -> x.key().equals(e.key()))) {
        all.add(e);
      }
    }
    table(family, table).sets.put(name, s.withElements(all));
  }

  void deleteElements(NftFamily family, String table, String name, List<SetElement> elements) {
    NftSet s = set(family, table, name);
    List<SetElement> all = new ArrayList<>(s.elements());
    for (SetElement e : elements) {
      if (!all.removeIf(x -> x.key().equals(e.key()))) {
        throw new Refused("Could not process rule: No such file or directory");
      }
    }
    table(family, table).sets.put(name, s.withElements(all));
  }

  void flushSet(NftFamily family, String table, String name) {
    NftSet s = set(family, table, name);
    table(family, table).sets.put(name, s.withElements(List.of()));
  }

  void deleteSet(NftFamily family, String table, String name) {
    set(family, table, name);
    table(family, table).sets.remove(name);
  }

  /**
   * The end of a transaction: every jump, goto and {@code @set} of every rule names a chain or set
   * of its table, and a key looked up in a named set has the set's type ({@code nft} checks these
   * before it commits).
   *
   * @return the first rule that does not, with the reason, if any
   */
  Optional<Map.Entry<NftRule, String>> firstDangling() {
    for (TableState t : tables.values()) {
      for (ChainState c : t.chains.values()) {
        for (NftRule r : c.rules) {
          Optional<String> why = dangling(t, r);
          if (why.isPresent()) {
            return Optional.of(Map.entry(r, why.get()));
          }
        }
      }
      for (NftSet s : t.sets.values()) {
        for (SetElement e : s.elements()) {
          Optional<String> why = e.verdict().flatMap(v -> missingChain(t, v));
          if (why.isPresent()) {
            return Optional.of(
                Map.entry(
                    new NftRule(List.of(), Optional.empty(), s.origin()),
                    why.get() + " (element of " + s.name() + ")"));
          }
        }
      }
    }
    return Optional.empty();
  }

  private static Optional<String> dangling(TableState t, NftRule r) {
    for (NftExpr e : r.exprs()) {
      Optional<String> why = Optional.empty();
      if (e instanceof NftExpr.Verdict v) {
        why = missingChain(t, v.verdict());
      } else if (e instanceof NftExpr.Match m) {
        why = missingSet(t, m.key(), m.values(), false);
      } else if (e instanceof NftExpr.Vmap m) {
        why = missingSet(t, m.key(), m.map(), true);
        if (why.isEmpty() && m.map() instanceof NftSetRef.Anonymous a) {
          for (SetElement el : a.elements()) {
            why = why.or(() -> el.verdict().flatMap(v -> missingChain(t, v)));
          }
        }
      }
      if (why.isPresent()) {
        return why;
      }
    }
    return Optional.empty();
  }

  private static Optional<String> missingChain(TableState t, NftVerdict v) {
    return v.chain()
        .filter(c -> !t.chains.containsKey(c))
        .map(c -> "Could not process rule: No such file or directory (no chain " + c + ")");
  }

  private static Optional<String> missingSet(
      TableState t, NftKey key, NftSetRef ref, boolean verdictMap) {
    if (!(ref instanceof NftSetRef.Named n)) {
      return Optional.empty();
    }
    NftSet s = t.sets.get(n.name());
    if (s == null) {
      return Optional.of(
          "Could not process rule: No such file or directory (no set " + n.name() + ")");
    }
    if (!s.type().equals(key.types())) {
      return Optional.of(
          "datatype mismatch, map @"
              + n.name()
              + " has type "
              + s.type()
              + ", the key "
              + key.render()
              + " is "
              + key.types());
    }
    if (verdictMap != s.isVerdictMap()) {
      return Optional.of(
          "@" + n.name() + (verdictMap ? " is not a verdict map" : " is a map, not a set"));
    }
    return Optional.empty();
  }

  private static boolean jumpedTo(TableState t, String chain) {
    for (ChainState c : t.chains.values()) {
      for (NftRule r : c.rules) {
        for (NftExpr e : r.exprs()) {
          if (e instanceof NftExpr.Verdict v && v.verdict().chain().equals(Optional.of(chain))) {
            return true;
          }
        }
      }
    }
    return false;
  }
}
