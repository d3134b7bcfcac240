package dev.podpath.model.netfilter.parse;

import dev.podpath.model.addr.Prefix;
import dev.podpath.model.netfilter.Counters;
import dev.podpath.model.netfilter.Match;
import dev.podpath.model.netfilter.NetfilterTable;
import dev.podpath.model.netfilter.Protocols;
import dev.podpath.model.netfilter.Target;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * Parses the rule part of an iptables command line ({@code -s 10.0.0.0/8 -p tcp --dport 80 -m
 * comment --comment web -j ACCEPT}) as iptables 1.8.9 does: options go to the extension that owns
 * them, {@code --dport} after {@code -p tcp} loads the tcp match where it stands, {@code !} negates
 * the next option, and {@code -s a,b} makes one rule per address. The matches come out in the order
 * iptables-save prints them.
 */
final class RuleSpecParser {

  /**
   * Where the rule goes and what exists around it.
   *
   * @param chainExists whether a user chain of that name exists in the table (or, from a dump, is
   *     declared in it): {@code -j NAME} jumps to it
   * @param strict run as iptables 1.8.9 would: unknown extensions and missing chains or sets are
   *     errors; otherwise (a dump of another machine) they are kept as not modelled
   */
  record Context(
      NetfilterTable table,
      String chain,
      boolean strict,
      Predicate<String> chainExists,
      Predicate<String> setExists) {}

  /**
   * The parsed rule: one match list per {@code -s}×{@code -d} combination, the target, {@code -c}
   * counters.
   */
  record Spec(List<List<Match>> matchLists, Target target, Optional<Counters> counters) {}

  private static final Map<String, String> TOP =
      Map.ofEntries(
          Map.entry("-s", "s"),
          Map.entry("--source", "s"),
          Map.entry("--src", "s"),
          Map.entry("-d", "d"),
          Map.entry("--destination", "d"),
          Map.entry("--dst", "d"),
          Map.entry("-p", "p"),
          Map.entry("--protocol", "p"),
          Map.entry("-i", "i"),
          Map.entry("--in-interface", "i"),
          Map.entry("-o", "o"),
          Map.entry("--out-interface", "o"),
          Map.entry("-f", "f"),
          Map.entry("--fragment", "f"),
          Map.entry("-m", "m"),
          Map.entry("--match", "m"),
          Map.entry("-j", "j"),
          Map.entry("--jump", "j"),
          Map.entry("-g", "g"),
          Map.entry("--goto", "g"),
          Map.entry("-c", "c"),
          Map.entry("--set-counters", "c"));

  /**
   * An extension option as written ({@code --dport}) to its name in the extensions' tables ({@code
   * dport}), kept for the spellings that named an option, so a dump's thousandth {@code --dport}
   * costs a lookup, not a copy. Those spellings are the options' names and their prefixes: few.
   */
  private static final Map<String, String> OPTION_NAMES = new ConcurrentHashMap<>();

  private static final int MOST_OPTION_NAMES = 4096;

  private final Context ctx;
  private final Args tokens;
  private int pos;
  private int column;

  private List<Prefix> sources;
  private boolean sourceNegated;
  private List<Prefix> destinations;
  private boolean destinationNegated;
  private Integer protocol;
  private boolean protocolNegated;
  private Match.InInterface in;
  private Match.OutInterface out;
  private Match.Fragment fragment;
  private final List<MatchParser> modules = new ArrayList<>();
  private TargetParser target;
  private ExtensionParser verbatim;
  private Counters counters;

  RuleSpecParser(Context ctx, Args tokens) {
    this.ctx = ctx;
    this.tokens = tokens;
  }

  /** The column of the token being parsed when an error was thrown (0 if unknown). */
  int column() {
    return column;
  }

  Spec parse() {
    boolean negate = false;
    while (pos < tokens.size()) {
      column = tokens.column(pos);
      String s = tokens.word(pos++);
      if (s.equals("!")) {
        if (negate) {
          throw IptablesError.parameter("multiple consecutive ! not allowed");
        }
        negate = true;
        continue;
      }
      String top = topLevel(s);
      if (top != null) {
        String attached = s.startsWith("--") || s.length() == 2 ? null : s.substring(2);
        topOption(top, s, attached, negate);
        verbatim = top.equals("m") || top.equals("j") || top.equals("g") ? verbatim : null;
      } else if (verbatim != null) {
        List<String> args =
            verbatim instanceof MatchParser.Verbatim m
                ? m.args
                : ((TargetParser.Verbatim) verbatim).args;
        if (negate) {
          args.add("!");
        }
        args.add(s);
      } else if (s.startsWith("-") && s.length() > 1) {
        extensionOption(s, negate);
      } else {
        throw IptablesError.parameter("Bad argument `" + s + "'");
      }
      negate = false;
    }
    if (negate) {
      throw IptablesError.parameter("no command specified after !");
    }
    return finish();
  }

  private static String topLevel(String s) {
    String exact = TOP.get(s);
    if (exact != null) {
      return exact;
    }
    if (s.length() > 2
        && s.charAt(0) == '-'
        && s.charAt(1) != '-'
        && "sdpiomjg".indexOf(s.charAt(1)) >= 0) {
      return String.valueOf(s.charAt(1));
    }
    return null;
  }

  private String value(String option, String attached) {
    if (attached != null) {
      return attached;
    }
    if (pos >= tokens.size()) {
      throw IptablesError.parameter("option \"" + option + "\" requires an argument");
    }
    int at = pos++;
    column = tokens.column(at) > 0 ? tokens.column(at) : column;
    return tokens.word(at);
  }

  private void topOption(String top, String option, String attached, boolean negate) {
    switch (top) {
      case "s" -> {
        once(sources != null, "-s");
        sources = Values.prefixes(value(option, attached));
        sourceNegated = negate;
      }
      case "d" -> {
        once(destinations != null, "-d");
        destinations = Values.prefixes(value(option, attached));
        destinationNegated = negate;
      }
      case "p" -> {
        once(protocol != null, "-p");
        String v = value(option, attached);
        protocol =
            Protocols.parse(v)
                .orElseThrow(
                    () -> IptablesError.parameter("unknown protocol \"" + v + "\" specified"));
        protocolNegated = negate;
      }
      case "i" -> {
        once(in != null, "-i");
        in = new Match.InInterface(Values.iface(value(option, attached)), negate);
      }
      case "o" -> {
        once(out != null, "-o");
        out = new Match.OutInterface(Values.iface(value(option, attached)), negate);
      }
      case "f" -> {
        once(fragment != null, "-f");
        fragment = new Match.Fragment(negate);
      }
      case "c" -> {
        String p = value(option, attached);
        String b = value(option, null);
        long packets =
            Values.number(p)
                .orElseThrow(() -> IptablesError.parameter("-c packet counter not numeric"));
        long bytes =
            Values.number(b)
                .orElseThrow(() -> IptablesError.parameter("-c byte counter not numeric"));
        counters = new Counters(packets, bytes);
      }
      case "m" -> {
        if (negate) {
          throw IptablesError.parameter("unexpected ! flag before --match");
        }
        loadMatch(value(option, attached));
      }
      default -> {
        if (negate) {
          throw IptablesError.parameter("cannot have ! before -" + top);
        }
        once(target != null, "-j");
        loadTarget(value(option, attached), top.equals("g"));
      }
    }
  }

  private static void once(boolean seen, String flag) {
    if (seen) {
      throw IptablesError.parameter("multiple " + flag + " flags not allowed");
    }
  }

  private void loadMatch(String name) {
    Optional<MatchParser> m = MatchParser.modelled(name);
    if (m.isPresent()) {
      modules.add(m.get());
      verbatim = null;
      return;
    }
    if (ctx.strict() && !Extensions.MATCHES.contains(name)) {
      throw IptablesError.parameter("Couldn't load match `" + name + "':No such file or directory");
    }
    MatchParser.Verbatim v = new MatchParser.Verbatim(name);
    modules.add(v);
    verbatim = v;
  }

  private void loadTarget(String name, boolean isGoto) {
    verbatim = null;
    if (isGoto) {
      requireChain(name);
      target = new TargetParser.ChainJump(name, true);
      return;
    }
    Optional<TargetParser> t = TargetParser.modelled(name);
    if (t.isPresent()) {
      target = t.get();
    } else if (Extensions.TARGETS.contains(name) || Extensions.STANDARD.contains(name)) {
      target = new TargetParser.Verbatim(name);
      verbatim = target;
    } else if (ctx.chainExists().test(name) || ctx.strict()) {
      requireChain(name);
      target = new TargetParser.ChainJump(name, false);
    } else {
      target = new TargetParser.Verbatim(name);
      verbatim = target;
    }
  }

  private void requireChain(String name) {
    if (!ctx.chainExists().test(name)) {
      if (ctx.strict()) {
        throw IptablesError.parameter("Chain '" + name + "' does not exist");
      }
    }
  }

  /** An option of a loaded extension (or of the {@code -p} protocol's match, loaded here). */
  private void extensionOption(String s, boolean negate) {
    String name = OPTION_NAMES.get(s);
    String attached = null;
    if (name == null) {
      name = s.startsWith("--") ? s.substring(2) : s.substring(1);
      int eq = name.indexOf('=');
      if (eq > 0) {
        attached = name.substring(eq + 1);
        name = name.substring(0, eq);
      }
    }
    Resolved r = resolve(name);
    if (r == null
        && protocol != null
        && (protocol == Protocols.TCP || protocol == Protocols.UDP || protocol == Protocols.ICMP)) {
      MatchParser implicit = MatchParser.modelled(Protocols.name(protocol)).orElseThrow();
      boolean loaded = modules.stream().anyMatch(m -> m.name.equals(implicit.name));
      if (!loaded) {
        r = resolve(List.of(implicit), name, false);
        if (r != null) {
          modules.add(implicit);
        }
      }
    }
    if (r == null || !s.startsWith("--")) {
      throw IptablesError.parameter("unknown option \"" + s + "\"");
    }
    if (attached == null && OPTION_NAMES.size() < MOST_OPTION_NAMES) {
      OPTION_NAMES.putIfAbsent(s, name);
    }
    List<String> values = new ArrayList<>(r.arity);
    for (int k = 0; k < r.arity; k++) {
      if (k == 0 && attached != null) {
        values.add(attached);
      } else if (pos < tokens.size()) {
        int at = pos++;
        if (k == 0 && tokens.column(at) > 0) {
          column = tokens.column(at);
        }
        values.add(tokens.word(at));
      } else if (r.arity == 2 && r.name.equals("tcp-flags")) {
        throw IptablesError.parameter("--tcp-flags requires two args.");
      } else {
        throw IptablesError.parameter("option \"--" + r.name + "\" requires an argument");
      }
    }
    r.owner.option(r.name, negate, values);
  }

  private record Resolved(ExtensionParser owner, String name, int arity) {}

  /**
   * getopt_long's lookup over the target, then the loaded modules from the last to the first: an
   * exact name, else a prefix that names one option only.
   */
  private Resolved resolve(String name) {
    if (target != null) {
      Integer arity = target.options().get(name);
      if (arity != null) {
        return new Resolved(target, name, arity);
      }
    }
    for (int k = modules.size() - 1; k >= 0; k--) {
      MatchParser p = modules.get(k);
      Integer arity = p.options().get(name);
      if (arity != null) {
        return new Resolved(p, name, arity);
      }
    }
    List<ExtensionParser> owners = new ArrayList<>(modules.size() + 1);
    if (target != null) {
      owners.add(target);
    }
    for (int k = modules.size() - 1; k >= 0; k--) {
      owners.add(modules.get(k));
    }
    return resolve(owners, name, true);
  }

  /**
   * getopt_long's lookup over {@code owners}: an exact name (unless {@code exactDone}, when the
   * caller has looked for it already), else a prefix that names one option only.
   */
  private static Resolved resolve(List<ExtensionParser> owners, String name, boolean exactDone) {
    if (!exactDone) {
      for (ExtensionParser p : owners) {
        Integer arity = p.options().get(name);
        if (arity != null) {
          return new Resolved(p, name, arity);
        }
      }
    }
    Resolved found = null;
    for (ExtensionParser p : owners) {
      for (Map.Entry<String, Integer> e : p.options().entrySet()) {
        if (e.getKey().startsWith(name)) {
          if (found != null) {
            throw IptablesError.parameter("option \"--" + name + "\" is ambiguous");
          }
          found = new Resolved(p, e.getKey(), e.getValue());
        }
      }
    }
    return found;
  }

  private Spec finish() {
    column = 0;
    if (ctx.strict()) {
      mergeL4();
    }
    RuleContext rc =
        new RuleContext(
            Optional.ofNullable(protocol), protocolNegated, ctx.strict(), ctx.setExists());
    List<Match> tail = new ArrayList<>();
    for (MatchParser m : modules) {
      tail.add(m.build(rc));
    }
    Target t = target == null ? new Target.Continue() : target.build(rc);
    checkChain(t);
    if ((sourceNegated && sources.size() > 1) || (destinationNegated && destinations.size() > 1)) {
      throw IptablesError.parameter(
          "! not allowed with multiple source or destination IP addresses");
    }
    List<List<Match>> lists = new ArrayList<>();
    for (Prefix s : sources == null ? java.util.Collections.<Prefix>singletonList(null) : sources) {
      for (Prefix d :
          destinations == null ? java.util.Collections.<Prefix>singletonList(null) : destinations) {
        List<Match> ms = new ArrayList<>();
        if (s != null) {
          ms.add(new Match.Source(s, sourceNegated));
        }
        if (d != null) {
          ms.add(new Match.Destination(d, destinationNegated));
        }
        if (in != null) {
          ms.add(in);
        }
        if (out != null) {
          ms.add(out);
        }
        if (protocol != null && (protocol != 0 || protocolNegated)) {
          ms.add(new Match.Protocol(protocol, protocolNegated));
        }
        if (fragment != null) {
          ms.add(fragment);
        }
        ms.addAll(tail);
        lists.add(ms);
      }
    }
    return new Spec(lists, t, Optional.ofNullable(counters));
  }

  /**
   * iptables-nft folds a later {@code -m tcp}/{@code -m udp} with options into the first one that
   * has options.
   */
  private void mergeL4() {
    for (int k = 0; k < modules.size(); k++) {
      MatchParser later = modules.get(k);
      if (!later.given() || !(later instanceof PortMatches.Ports)) {
        continue;
      }
      for (int j = 0; j < k; j++) {
        MatchParser first = modules.get(j);
        if (first.given() && first.getClass() == later.getClass()) {
          if (first instanceof PortMatches.Tcp tcp) {
            tcp.absorb((PortMatches.Tcp) later);
          } else {
            ((PortMatches.Udp) first).absorb((PortMatches.Udp) later);
          }
          modules.remove(k--);
          break;
        }
      }
    }
  }

  /** The checks iptables makes against the chain: interfaces a hook cannot have, DROP in nat. */
  private void checkChain(Target t) {
    if (!ctx.strict()) {
      return;
    }
    if (ctx.table() == NetfilterTable.NAT && t instanceof Target.Drop) {
      throw IptablesError.parameter(
          "The \"nat\" table is not intended for filtering, the use of DROP is therefore inhibited.");
    }
    if (!ctx.table().isBuiltin(ctx.chain())) {
      return;
    }
    String c = ctx.chain();
    if (in != null && (c.equals("OUTPUT") || c.equals("POSTROUTING"))) {
      throw IptablesError.parameter("Can't use -i with " + c);
    }
    if (out != null && (c.equals("PREROUTING") || c.equals("INPUT"))) {
      throw IptablesError.parameter("Can't use -o with " + c);
    }
  }
}
