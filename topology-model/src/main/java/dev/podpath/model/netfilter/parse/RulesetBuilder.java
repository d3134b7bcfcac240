package dev.podpath.model.netfilter.parse;

import dev.podpath.model.netfilter.Chain;
import dev.podpath.model.netfilter.Counters;
import dev.podpath.model.netfilter.Hook;
import dev.podpath.model.netfilter.Match;
import dev.podpath.model.netfilter.NetfilterTable;
import dev.podpath.model.netfilter.Policy;
import dev.podpath.model.netfilter.PolicyCounter;
import dev.podpath.model.netfilter.Rule;
import dev.podpath.model.netfilter.Ruleset;
import dev.podpath.model.netfilter.Target;
import dev.podpath.model.origin.Origin;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * A namespace's iptables tables and ipsets while commands change them, with the semantics of
 * iptables 1.8.9 on the nf_tables backend: a table exists once a command creates something in it,
 * rules are appended, inserted, replaced and deleted by number or by specification, user chains
 * must be empty and unreferenced to go, and (when strict) targets are checked against the hooks
 * that reach them. {@link #build()} freezes it into a {@link Ruleset}.
 *
 * <pre>{@code
 * RulesetBuilder b = RulesetBuilder.strict();
 * b.execute(List.of("-t", "nat", "-A", "POSTROUTING", "-s", "10.244.0.0/16", "-j", "MASQUERADE"), origin);
 * b.execute(List.of("-N", "KUBE-SERVICES"), origin);
 * Ruleset r = b.build();
 * }</pre>
 *
 * <p>Refusals are {@link IptablesError}s worded as iptables words them.
 */
public final class RulesetBuilder implements dev.podpath.model.build.NetfilterState {

  /** One chain while it changes. */
  static final class ChainState {
    String name;
    Policy policy;
    Origin policyOrigin = Origin.KERNEL;
    Counters counters = Counters.ZERO;
    final List<Rule> rules = new ArrayList<>();

    /** Set by -P and restore files: iptables-nft then gives the base chain a policy counter. */
    boolean policyCounted;

    ChainState(String name, Policy policy) {
      this.name = name;
      this.policy = policy;
    }

    ChainState copy() {
      ChainState c = new ChainState(name, policy);
      c.counters = counters;
      c.rules.addAll(rules);
      c.policyCounted = policyCounted;
      c.policyOrigin = policyOrigin;
      return c;
    }
  }

  final boolean strict;
  final EnumMap<NetfilterTable, Map<String, ChainState>> tables =
      new EnumMap<>(NetfilterTable.class);
  final IpSetBuilder ipsets;

  /** The namespace's native nftables tables, changed by {@code nft} commands. */
  final dev.podpath.model.nft.parse.NftBuilder nft = new dev.podpath.model.nft.parse.NftBuilder();

  /**
   * How often each built-in chain's policy counter was reset ({@code -Z}, a restore): its {@link
   * PolicyCounter} generation.
   */
  final Map<String, Long> resets = new java.util.HashMap<>();

  /**
   * The matches and targets of the rules added so far, each kept once: kube-proxy's 110,008 rules
   * say {@code -p tcp}, {@code -m statistic --mode random --probability 0.5} and {@code -j
   * KUBE-MARK-MASQ} thousands of times, and equal records are interchangeable.
   */
  private final Map<Match, Match> matches = new HashMap<>();

  private final Map<Target, Target> targets = new HashMap<>();

  /** {@code m}, or an equal match an earlier rule holds. */
  Match shared(Match m) {
    Match had = matches.putIfAbsent(m, m);
    return had == null ? m : had;
  }

  /** {@code t}, or an equal target an earlier rule holds. */
  Target shared(Target t) {
    Target had = targets.putIfAbsent(t, t);
    return had == null ? t : had;
  }

  /** The hooks reaching each user chain, per table, while kept ({@link #reachingHooks}). */
  private final EnumMap<NetfilterTable, Map<String, EnumSet<Hook>>> reach =
      new EnumMap<>(NetfilterTable.class);

  private RulesetBuilder(boolean strict) {
    this.strict = strict;
    this.ipsets = new IpSetBuilder(this::setReferenced);
  }

  /**
   * Commands run as iptables 1.8.9 would run them on this machine: unknown extensions and chains
   * are errors.
   */
  public static RulesetBuilder strict() {
    return new RulesetBuilder(true);
  }

  /**
   * For a dump of another machine: unknown extensions are kept as not modelled, targets are not
   * checked.
   */
  public static RulesetBuilder lenient() {
    return new RulesetBuilder(false);
  }

  /**
   * Commands run as {@link #strict()}, on top of {@code ruleset} (a snapshot's, with its rules'
   * origins kept): its chains, policies, counters and ipsets as they were read.
   */
  public static RulesetBuilder strictFrom(Ruleset ruleset) {
    RulesetBuilder b = new RulesetBuilder(true);
    ruleset
        .tables()
        .forEach(
            (t, chains) -> {
              Map<String, ChainState> m = new LinkedHashMap<>();
              chains.forEach(
                  (n, c) -> {
                    ChainState cs = new ChainState(n, c.policy().orElse(null));
                    cs.counters = c.counters();
                    cs.rules.addAll(c.rules());
                    cs.policyCounted = c.policyCounter().counted();
                    cs.policyOrigin = c.policyOrigin();
                    m.put(n, cs);
                    if (c.policyCounter().generation() != 0) {
                      b.resets.put(t + "/" + n, c.policyCounter().generation());
                    }
                  });
              b.tables.put(t, m);
            });
    b.ipsets.load(ruleset.ipsets().values());
    b.nft.setFrom(dev.podpath.model.nft.parse.NftBuilder.from(ruleset.nft()));
    return b;
  }

  /** An independent copy (for all-or-nothing restores). */
  public RulesetBuilder copy() {
    RulesetBuilder b = new RulesetBuilder(strict);
    b.setFrom(this);
    return b;
  }

  /** Takes over the state of {@code other}. */
  void setFrom(RulesetBuilder other) {
    tables.clear();
    reach.clear();
    other.tables.forEach(
        (t, chains) -> {
          Map<String, ChainState> c = new LinkedHashMap<>();
          chains.forEach((n, s) -> c.put(n, s.copy()));
          tables.put(t, c);
        });
    resets.clear();
    resets.putAll(other.resets);
    ipsets.setFrom(other.ipsets);
    nft.setFrom(other.nft);
  }

  public IpSetBuilder ipsets() {
    return ipsets;
  }

  /** The native nftables tables ({@code nft} commands). */
  public dev.podpath.model.nft.parse.NftBuilder nft() {
    return nft;
  }

  /**
   * {@code nft flush ruleset} flushed iptables-nft's tables too (they are nftables tables): they go
   * with it.
   */
  public void flushIptablesTables() {
    tables.clear();
  }

  @Override
  public Ruleset build() {
    Map<NetfilterTable, Map<String, Chain>> out = new EnumMap<>(NetfilterTable.class);
    tables.forEach(
        (t, chains) -> {
          Map<String, Chain> m = new LinkedHashMap<>();
          for (String b : t.builtinChains()) {
            ChainState c = chains.get(b);
            m.put(
                b,
                c == null
                    ? new Chain(
                        b,
                        Optional.of(Policy.ACCEPT),
                        Counters.ZERO,
                        List.of(),
                        new PolicyCounter(false, 0))
                    : new Chain(
                        b,
                        Optional.of(c.policy),
                        c.counters,
                        c.rules,
                        new PolicyCounter(c.policyCounted, resets.getOrDefault(t + "/" + b, 0L)),
                        c.policyOrigin));
          }
          new TreeMap<>(chains)
              .forEach(
                  (n, c) -> {
                    if (c.policy == null) {
                      m.put(n, Chain.user(n, c.rules));
                    }
                  });
          out.put(t, m);
        });
    return new Ruleset(out, ipsets.build()).withNft(nft.build());
  }

  /**
   * Runs one {@code iptables} invocation (arguments without the program name).
   *
   * @return the rules it added, for the caller's notes
   */
  public List<Rule> execute(List<String> args, Origin origin) {
    CommandLine cl = CommandLine.parse(Args.of(args));
    String t = cl.table().orElse("filter");
    NetfilterTable table =
        NetfilterTable.parse(t)
            .orElseThrow(
                () ->
                    IptablesError.parameter(
                        "table '"
                            + t
                            + "' does not exist\nPerhaps iptables or your kernel needs to be upgraded."));
    return RuleCommands.apply(this, table, cl, origin, Optional.empty(), name -> false, new int[1]);
  }

  /**
   * Runs an {@code iptables-restore} file: all of it, or nothing if a line fails.
   *
   * @param noflush keep what the tables hold ({@code --noflush}); otherwise each table in the file
   *     replaces the one in place
   * @param counters take the file's {@code [packets:bytes]} ({@code --counters})
   * @return the rules it added, for the caller's notes
   */
  public List<Rule> restore(String file, String content, boolean noflush, boolean counters)
      throws NetfilterParseException {
    return IptablesRestore.run(this, file, content, noflush, counters);
  }

  /**
   * Loads an {@code iptables-save} dump of another machine line by line: what reads is loaded and
   * the lines that do not are returned (see {@link IptablesRestore#load}). Each table in the dump
   * replaces the one in place.
   *
   * @param counters take the dump's {@code [packets:bytes]}
   */
  public List<DumpProblem> load(String file, String content, boolean counters) {
    return IptablesRestore.load(this, file, content, counters);
  }

  // ---- chains ----

  void newChain(NetfilterTable table, String name) {
    ChainNames.check(name);
    if (exists(table, name)) {
      throw IptablesError.kernel("Chain already exists.");
    }
    tableOrCreate(table).put(name, new ChainState(name, null));
  }

  /** {@code -X [CHAIN]}: empty, unreferenced user chains only. */
  void deleteChain(NetfilterTable table, String name) {
    Map<String, ChainState> chains = tables.get(table);
    if (name == null) {
      if (chains == null) {
        return;
      }
      List<String> users =
          new TreeMap<>(chains)
              .values().stream().filter(c -> c.policy == null).map(c -> c.name).toList();
      users.forEach(n -> checkDeletable(table, chains.get(n)));
      users.forEach(chains::remove);
      return;
    }
    ChainState c = chains == null ? null : chains.get(name);
    if (c == null || c.policy != null) {
      throw IptablesError.kernel(
          c != null && !c.rules.isEmpty()
              ? "Directory not empty."
              : "No chain/target/match by that name.");
    }
    checkDeletable(table, c);
    chains.remove(name);
    reachChanged(table);
  }

  private void checkDeletable(NetfilterTable table, ChainState c) {
    if (!c.rules.isEmpty() || referenced(table, c.name)) {
      throw IptablesError.batch("CHAIN_DEL failed (Device or resource busy): chain " + c.name);
    }
  }

  void flush(NetfilterTable table, String chain) {
    reachChanged(table);
    if (chain == null) {
      Map<String, ChainState> chains = tables.get(table);
      if (chains != null) {
        chains.values().forEach(c -> c.rules.clear());
      }
      return;
    }
    requireExisting(table, chain).ifPresent(c -> c.rules.clear());
  }

  void zero(NetfilterTable table, String chain, int number) {
    List<ChainState> targets = new ArrayList<>();
    if (chain == null) {
      targets.addAll(tables.getOrDefault(table, Map.of()).values());
    } else {
      requireExisting(table, chain).ifPresent(targets::add);
    }
    for (ChainState c : targets) {
      for (int k = 0; k < c.rules.size(); k++) {
        if (number == 0 || number == k + 1) {
          c.rules.set(k, c.rules.get(k).withCounters(Counters.ZERO));
        }
      }
      if (number == 0) {
        c.counters = Counters.ZERO;
        resets.merge(table + "/" + c.name, 1L, Long::sum);
      }
    }
  }

  /**
   * The chain, or "No chain..." for a user chain that does not exist; empty for an absent built-in
   * chain.
   */
  private Optional<ChainState> requireExisting(NetfilterTable table, String chain) {
    Optional<ChainState> c = chain(table, chain);
    if (c.isEmpty() && !table.isBuiltin(chain)) {
      throw IptablesError.kernel("No chain/target/match by that name.");
    }
    return c;
  }

  /** {@code -P CHAIN POLICY} (and a restore file's {@code :CHAIN POLICY [p:b]}). */
  void policy(
      NetfilterTable table,
      String chain,
      String policy,
      Optional<Counters> counters,
      Origin origin) {
    if (!table.isBuiltin(chain)) {
      throw IptablesError.kernel("Bad built-in chain name.");
    }
    Policy p;
    try {
      p = Policy.valueOf(policy);
    } catch (IllegalArgumentException e) {
      throw IptablesError.kernel("Bad policy name.", " Run `dmesg' for more information.");
    }
    if (strict && table == NetfilterTable.NAT && p == Policy.DROP) {
      throw IptablesError.parameter(
          "The \"nat\" table is not intended for filtering, the use of DROP is therefore inhibited.");
    }
    ChainState c = chainOrCreate(table, chain);
    c.policy = p;
    c.policyCounted = true;
    c.policyOrigin = origin;
    // iptables-nft sets the policy with fresh counters: -P resets the policy counter
    // (kernel-verified)
    resets.merge(table + "/" + chain, 1L, Long::sum);
    counters.ifPresent(x -> c.counters = x);
  }

  /** {@code -E OLD NEW}: renames a user chain and the jumps to it. */
  void rename(NetfilterTable table, String from, String to) {
    if (!isUserChain(table, from)) {
      throw IptablesError.kernel("No chain/target/match by that name.");
    }
    ChainNames.check(to);
    if (exists(table, to)) {
      throw IptablesError.kernel("File exists.");
    }
    Map<String, ChainState> chains = tables.get(table);
    ChainState c = chains.remove(from);
    reachChanged(table);
    c.name = to;
    chains.put(to, c);
    for (ChainState s : chains.values()) {
      s.rules.replaceAll(r -> retarget(r, s.name, from, to));
    }
  }

  private static Rule retarget(Rule r, String chain, String from, String to) {
    Target t = r.target();
    if (t instanceof Target.Jump j && j.chain().equals(from)) {
      t = new Target.Jump(to);
    } else if (t instanceof Target.Goto g && g.chain().equals(from)) {
      t = new Target.Goto(to);
    }
    return new Rule(
        r.matches(),
        t,
        r.counters(),
        r.origin(),
        dev.podpath.model.netfilter.IptablesSave.ruleLine(chain, r.matches(), t));
  }

  /** iptables-restore without {@code --noflush}: the table is rebuilt from the file. */
  void dropTable(NetfilterTable table) {
    reachChanged(table);
    if (tables.remove(table) == null) {
      return;
    }
    for (String b : table.builtinChains()) {
      resets.merge(table + "/" + b, 1L, Long::sum);
    }
  }

  /** A restore file's {@code :CHAIN - [0:0]} for a user chain: created, or emptied if it exists. */
  void declareUserChain(NetfilterTable table, String name) {
    Optional<ChainState> c = chain(table, name);
    if (c.isPresent()) {
      c.get().rules.clear();
      reachChanged(table);
    } else {
      ChainNames.check(name);
      tableOrCreate(table).put(name, new ChainState(name, null));
    }
  }

  // ---- lookups ----

  Optional<ChainState> chain(NetfilterTable table, String name) {
    return Optional.ofNullable(tables.getOrDefault(table, Map.of()).get(name));
  }

  boolean exists(NetfilterTable table, String name) {
    return chain(table, name).isPresent() || (tables.containsKey(table) && table.isBuiltin(name));
  }

  boolean isUserChain(NetfilterTable table, String name) {
    return chain(table, name).filter(c -> c.policy == null).isPresent();
  }

  private Map<String, ChainState> tableOrCreate(NetfilterTable table) {
    return tables.computeIfAbsent(table, t -> new LinkedHashMap<>());
  }

  ChainState chainOrCreate(NetfilterTable table, String name) {
    Map<String, ChainState> chains = tableOrCreate(table);
    return chains.computeIfAbsent(
        name, n -> new ChainState(n, table.isBuiltin(n) ? Policy.ACCEPT : null));
  }

  /** Whether any rule of {@code table} jumps or goes to {@code chain}. */
  boolean referenced(NetfilterTable table, String chain) {
    return tables.getOrDefault(table, Map.of()).values().stream()
        .flatMap(c -> c.rules.stream())
        .anyMatch(r -> HookCheck.jumpTarget(r.target()).filter(chain::equals).isPresent());
  }

  /** Whether a rule uses the set ({@code -m set}); such a set cannot be destroyed. */
  private boolean setReferenced(String set) {
    return tables.values().stream()
        .flatMap(m -> m.values().stream())
        .flatMap(c -> c.rules.stream())
        .anyMatch(
            r ->
                r.matches().stream()
                        .anyMatch(m -> m instanceof Match.SetMatch s && s.name().equals(set))
                    || (r.target() instanceof Target.NotModelled n
                        && n.name().equals("SET")
                        && n.args().contains(set)));
  }

  /**
   * The hooks whose built-in chains reach {@code chain} (itself, or through jumps and gotos). Asked
   * for every rule a strict builder adds, so it is not searched for each time: the hooks reaching
   * every chain of the table are found once, by one walk from the built-in chains, and kept while
   * rules are only added ({@link #jumpsAdded}: a new jump passes its chain's hooks on down); any
   * other change ({@link #reachChanged}) has them found again when next asked. An {@code
   * iptables-restore} of a table is so one walk and then a constant cost per rule, not a walk of
   * the chain graph per rule.
   */
  Set<Hook> reachingHooks(NetfilterTable table, String chain) {
    if (table.isBuiltin(chain)) {
      return EnumSet.of(Hook.valueOf(chain));
    }
    EnumSet<Hook> h = reach(table).get(chain);
    return h == null ? EnumSet.noneOf(Hook.class) : EnumSet.copyOf(h);
  }

  /** The hooks reaching each user chain of {@code table}, found now if not kept. */
  private Map<String, EnumSet<Hook>> reach(NetfilterTable table) {
    Map<String, EnumSet<Hook>> m = reach.get(table);
    if (m == null) {
      m = new HashMap<>();
      for (String b : table.builtinChains()) {
        passOn(table, m, b, EnumSet.of(Hook.valueOf(b)));
      }
      reach.put(table, m);
    }
    return m;
  }

  /** The hooks {@code from} is reached by, passed on to every user chain it leads to. */
  private void passOn(
      NetfilterTable table, Map<String, EnumSet<Hook>> m, String from, EnumSet<Hook> hooks) {
    Deque<String> todo = new ArrayDeque<>();
    todo.push(from);
    while (!todo.isEmpty()) {
      ChainState c = tables.getOrDefault(table, Map.of()).get(todo.pop());
      if (c == null) {
        continue;
      }
      for (Rule r : c.rules) {
        passOnJump(table, m, r, hooks, todo);
      }
    }
  }

  private static void passOnJump(
      NetfilterTable table,
      Map<String, EnumSet<Hook>> m,
      Rule r,
      EnumSet<Hook> hooks,
      Deque<String> todo) {
    String to = HookCheck.jumpTarget(r.target()).orElse(null);
    if (to == null || table.isBuiltin(to)) {
      return;
    }
    EnumSet<Hook> have = m.computeIfAbsent(to, k -> EnumSet.noneOf(Hook.class));
    if (!have.containsAll(hooks)) {
      have.addAll(hooks);
      todo.push(to);
    }
  }

  /** {@code rules} were added to {@code chain}: their jumps pass the chain's hooks on. */
  void jumpsAdded(NetfilterTable table, String chain, List<Rule> rules) {
    Map<String, EnumSet<Hook>> m = reach.get(table);
    if (m == null) {
      return;
    }
    Set<Hook> hooks = reachingHooks(table, chain);
    if (hooks.isEmpty()) {
      return;
    }
    EnumSet<Hook> h = EnumSet.copyOf(hooks);
    Deque<String> todo = new ArrayDeque<>();
    for (Rule r : rules) {
      passOnJump(table, m, r, h, todo);
    }
    while (!todo.isEmpty()) {
      passOn(table, m, todo.pop(), h);
    }
  }

  /** Rules of {@code table} were removed or replaced, or chains renamed or dropped. */
  void reachChanged(NetfilterTable table) {
    reach.remove(table);
  }

  /** The rules of {@code chain} as they stand (not a copy: read them before changing the chain). */
  List<Rule> rulesOf(NetfilterTable table, String chain) {
    return chain(table, chain).<List<Rule>>map(c -> c.rules).orElse(List.of());
  }
}
