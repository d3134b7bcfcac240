package dev.podpath.model.nft.parse;

import dev.podpath.model.netfilter.BaseChain;
import dev.podpath.model.netfilter.Hook;
import dev.podpath.model.netfilter.NftFamily;
import dev.podpath.model.netfilter.NftRule;
import dev.podpath.model.netfilter.NftSet;
import dev.podpath.model.netfilter.NftTable;
import dev.podpath.model.netfilter.NftType;
import dev.podpath.model.netfilter.Policy;
import dev.podpath.model.netfilter.SetElement;
import dev.podpath.model.origin.Origin;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntFunction;
import java.util.stream.Collectors;

/**
 * The {@code nft} command language, as {@code nft ARGS} and {@code nft -f FILE} read it: {@code
 * add|create|insert|delete|flush|list} commands and {@code table ... { ... }} blocks (the form
 * {@code nft list ruleset} prints). A whole input is one transaction, as in the kernel: every
 * command applies, or none (the first refusal is an {@link NftError} naming its line).
 *
 * <pre>{@code
 * List<String> kernel = NftCommands.run(builder, text, line -> new Origin(file, line, ...));
 * // the commands as podpath understood them, rendered back: what verify's kernel side runs
 * }</pre>
 */
public final class NftCommands {

  private final NftBuilder b;
  private final List<NftLexer.Tok> toks;
  private final String input;
  private final IntFunction<Origin> origin;
  private final List<String> kernel = new ArrayList<>();
  private int pos;

  private NftCommands(NftBuilder b, String input, IntFunction<Origin> origin) {
    this.b = b;
    this.input = input;
    this.toks = NftLexer.lex(input, 1);
    this.origin = origin;
  }

  /**
   * Runs {@code input} (lines numbered from 1) on {@code target} as one transaction.
   *
   * @param origin where the rule or object of a line was written
   * @return the commands as podpath read them, rendered for {@code nft -f}
   * @throws NftError the first refusal, with its line; {@code target} is then unchanged
   */
  public static List<String> run(NftBuilder target, String input, IntFunction<Origin> origin) {
    NftBuilder work = target.copy();
    NftCommands cmds = new NftCommands(work, input, origin);
    try {
      cmds.all();
      Optional<Map.Entry<NftRule, String>> bad = work.firstDangling();
      if (bad.isPresent()) {
        Origin o = bad.get().getKey().origin();
        throw new NftError("Error: " + bad.get().getValue(), o.line(), o.text());
      }
    } catch (Cursor.NftSyntax e) {
      throw new NftError("Error: " + e.getMessage(), e.line, cmds.lineText(e.line));
    }
    target.setFrom(work);
    return List.copyOf(cmds.kernel);
  }

  private String lineText(int line) {
    String[] lines = input.split("\n", -1);
    return line >= 1 && line <= lines.length ? lines[line - 1].strip() : "";
  }

  private void all() {
    while (pos < toks.size()) {
      NftLexer.Tok t = toks.get(pos);
      if (t.is(NftLexer.NL) || t.is(";")) {
        pos++;
        continue;
      }
      int end = commandEnd(pos);
      Cursor c = new Cursor(toks, pos, end);
      try {
        command(c);
      } catch (NftBuilder.Refused r) {
        throw new NftError("Error: " + r.getMessage(), t.line(), lineText(t.line()));
      }
      if (!c.atEnd()) {
        throw c.unexpected("\"" + c.peek().text() + "\"", "end of command");
      }
      pos = end;
    }
  }

  /** Where the command at {@code from} ends: a newline or {@code ;} outside braces. */
  private int commandEnd(int from) {
    int depth = 0;
    for (int i = from; i < toks.size(); i++) {
      NftLexer.Tok t = toks.get(i);
      if (t.is("{")) {
        depth++;
      } else if (t.is("}")) {
        depth--;
      } else if (depth == 0 && (t.is(NftLexer.NL) || t.is(";"))) {
        return i;
      }
    }
    return toks.size();
  }

  private void command(Cursor c) {
    NftLexer.Tok verb = c.next("a command");
    switch (verb.text()) {
      case "add", "create" -> add(c, verb.text().equals("create"), false);
      case "insert" -> {
        c.expect("rule");
        rule(c, true);
      }
      case "table" -> {
        c.pos--;
        add(c, false, false);
      }
      case "delete", "destroy" -> delete(c);
      case "flush" -> flush(c);
      case "list" -> c.rest();
      default ->
          throw new Cursor.NftSyntax(
              "syntax error, unexpected \""
                  + verb.text()
                  + "\" (podpath reads the commands add, create, insert, delete, flush, list and"
                  + " table blocks)",
              verb.line());
    }
  }

  private NftFamily family(Cursor c) {
    if (!c.atEnd() && c.pos + 1 < c.end) {
      Optional<NftFamily> f = NftFamily.parse(c.peek().text());
      NftLexer.Tok after = c.toks.get(c.pos + 1);
      if (f.isPresent() && !after.is("{")) {
        c.pos++;
        return f.get();
      }
    }
    return NftFamily.IP;
  }

  private static String name(Cursor c, String what) {
    NftLexer.Tok t = c.next(what);
    if (!t.quoted() && (t.is("{") || t.is("}") || t.is(",") || t.is(":"))) {
      throw c.unexpected("\"" + t.text() + "\"", what);
    }
    return t.bare();
  }

  private void add(Cursor c, boolean create, boolean unused) {
    String what = c.next("table, chain, rule, set, map or element").text();
    String verb = create ? "create" : "add";
    switch (what) {
      case "table" -> {
        NftFamily f = family(c);
        String t = name(c, "table name");
        b.addTable(f, t, origin.apply(c.line()), create);
        kernel.add(verb + " table " + f + " " + NftTable.quoted(t));
        if (c.peekIs("{")) {
          c.pos++;
          tableBody(c, f, t);
        }
      }
      case "chain" -> {
        NftFamily f = family(c);
        String t = name(c, "table name");
        String ch = name(c, "chain name");
        Optional<BaseChain> base = Optional.empty();
        int line = c.line();
        if (c.peekIs("{")) {
          c.pos++;
          base = chainSpec(c, f, true);
        }
        chain(f, t, ch, base, line, create);
      }
      case "rule" -> rule(c, false);
      case "set", "map" -> {
        NftFamily f = family(c);
        String t = name(c, "table name");
        String s = name(c, "set name");
        int line = c.line();
        c.expect("{");
        addSet(f, t, set(c, s, what.equals("map"), line), create);
      }
      case "element" -> {
        NftFamily f = family(c);
        String t = name(c, "table name");
        String s = name(c, "set name");
        c.expect("{");
        NftSet set = b.set(f, t, s);
        List<SetElement> els = Elements.parse(c, set.type(), set.data());
        b.addElements(f, t, s, els);
        kernel.add(elementsCommand("add", f, t, s, els));
      }
      default -> throw c.unexpected("\"" + what + "\"", "table, chain, rule, set, map or element");
    }
  }

  private void chain(
      NftFamily f, String t, String ch, Optional<BaseChain> base, int line, boolean create) {
    b.addChain(f, t, ch, base, origin.apply(line), create);
    kernel.add(
        (create ? "create" : "add")
            + " chain "
            + f
            + " "
            + NftTable.quoted(t)
            + " "
            + NftTable.quoted(ch)
            + base.map(x -> " { " + x.render() + " }").orElse(""));
  }

  private static String elementsCommand(
      String verb, NftFamily f, String t, String s, List<SetElement> els) {
    return verb
        + " element "
        + f
        + " "
        + NftTable.quoted(t)
        + " "
        + NftTable.quoted(s)
        + " { "
        + els.stream().map(SetElement::render).collect(Collectors.joining(", "))
        + " }";
  }

  private void rule(Cursor c, boolean insert) {
    NftFamily f = family(c);
    String t = name(c, "table name");
    String ch = name(c, "chain name");
    if (c.peekIs("position") || c.peekIs("index") || c.peekIs("handle")) {
      throw new Cursor.NftSyntax(
          "podpath does not read rule positions (\""
              + c.peek().text()
              + "\"): add or insert rules in order",
          c.line());
    }
    int line = c.line();
    addRule(f, t, ch, RuleParser.parse(c, f, origin.apply(line)), insert);
  }

  /** A chain of a table block, read: its settings and rules. */
  private record BlockChain(String name, int line, Optional<BaseChain> base, List<NftRule> rules) {}

  /**
   * The inside of {@code table F T { ... }}, up to its closing brace, applied as nft expands a
   * block (its {@code nft_cmd_expand}): the chains first, then the sets and maps with their
   * elements, then the rules, so that a rule may jump to a chain written after it.
   */
  private void tableBody(Cursor c, NftFamily f, String t) {
    List<BlockChain> chains = new ArrayList<>();
    List<NftSet> sets = new ArrayList<>();
    while (true) {
      skipSeparators(c);
      NftLexer.Tok w = c.next("'}'");
      switch (w.text()) {
        case "}" -> {
          for (BlockChain bc : chains) {
            chain(f, t, bc.name(), bc.base(), bc.line(), false);
          }
          for (NftSet set : sets) {
            addSet(f, t, set, false);
          }
          for (BlockChain bc : chains) {
            for (NftRule r : bc.rules()) {
              addRule(f, t, bc.name(), r, false);
            }
          }
          return;
        }
        case "chain" -> {
          String ch = name(c, "chain name");
          c.expect("{");
          chains.add(chainBody(c, f, ch, w.line()));
        }
        case "set", "map" -> {
          String s = name(c, "set name");
          c.expect("{");
          sets.add(set(c, s, w.text().equals("map"), w.line()));
        }
        case "comment" -> c.next("string");
        default -> throw c.unexpected("\"" + w.text() + "\"", "chain, set, map or '}'");
      }
    }
  }

  private static void skipSeparators(Cursor c) {
    while (c.peekIs(NftLexer.NL) || c.peekIs(";")) {
      c.pos++;
    }
  }

  /** The inside of {@code chain C { ... }}: its base chain settings, then its rules, one a line. */
  private BlockChain chainBody(Cursor c, NftFamily f, String ch, int line) {
    Optional<BaseChain> base = Optional.empty();
    List<NftRule> rules = new ArrayList<>();
    int bodyStart = c.pos;
    skipSeparators(c);
    if (c.peekIs("type")) {
      base = chainSpec(c, f, false);
    } else {
      c.pos = bodyStart;
    }
    while (true) {
      skipSeparators(c);
      if (c.peekIs("}")) {
        c.pos++;
        return new BlockChain(ch, line, base, rules);
      }
      if (c.atEnd()) {
        throw c.unexpected("end of file", "'}'");
      }
      if (c.peekIs("comment") && isItemEnd(c, c.pos + 2)) {
        c.pos += 2;
        continue;
      }
      int end = ruleEnd(c);
      Cursor rc = new Cursor(toks, c.pos, end);
      rules.add(RuleParser.parse(rc, f, origin.apply(toks.get(c.pos).line())));
      c.pos = end;
    }
  }

  private void addRule(NftFamily f, String t, String ch, NftRule r, boolean insert) {
    b.addRule(f, t, ch, r, insert);
    kernel.add(
        (insert ? "insert" : "add")
            + " rule "
            + f
            + " "
            + NftTable.quoted(t)
            + " "
            + NftTable.quoted(ch)
            + " "
            + r.text());
  }

  private boolean isItemEnd(Cursor c, int at) {
    return at >= c.end
        || toks.get(at).is(NftLexer.NL)
        || toks.get(at).is(";")
        || toks.get(at).is("}");
  }

  /** A rule inside a chain block ends at a newline, {@code ;}, or the block's closing brace. */
  private int ruleEnd(Cursor c) {
    int depth = 0;
    for (int i = c.pos; i < c.end; i++) {
      NftLexer.Tok t = toks.get(i);
      if (t.is("{")) {
        depth++;
      } else if (t.is("}")) {
        if (depth == 0) {
          return i;
        }
        depth--;
      } else if (depth == 0 && (t.is(NftLexer.NL) || t.is(";"))) {
        return i;
      }
    }
    return c.end;
  }

  /**
   * {@code type T hook H priority P ; policy P ;} up to the closing brace (when {@code braced}, the
   * spec of {@code add chain ... { }}) or the end of the settings' line in a chain block.
   */
  private Optional<BaseChain> chainSpec(Cursor c, NftFamily f, boolean braced) {
    BaseChain.Type type = null;
    Hook hook = null;
    Integer priority = null;
    Policy policy = Policy.ACCEPT;
    while (true) {
      skipSeparatorsIf(c, braced);
      if (braced && c.peekIs("}")) {
        c.pos++;
        break;
      }
      if (!braced && !(c.peekIs("type") || c.peekIs("policy") || c.peekIs("comment"))) {
        break;
      }
      String w = c.next("type, policy or '}'").text();
      switch (w) {
        case "type" -> {
          String tw = c.next("filter, nat or route").text();
          type =
              BaseChain.Type.parse(tw)
                  .orElseThrow(() -> c.unexpected("\"" + tw + "\"", "filter, nat or route"));
          c.expect("hook");
          String hw = c.next("a hook").text();
          Optional<Hook> h = Hook.of(hw.toUpperCase(java.util.Locale.ROOT));
          if (h.isEmpty()) {
            throw new Cursor.NftSyntax(
                "podpath does not model the "
                    + hw
                    + " hook (only prerouting, input, forward,"
                    + " output, postrouting)",
                c.line());
          }
          hook = h.get();
          if (c.peekIs("device")) {
            throw new Cursor.NftSyntax("podpath does not model chains bound to a device", c.line());
          }
          c.expect("priority");
          priority = priority(c);
        }
        case "policy" -> {
          String p = c.next("accept or drop").text();
          policy =
              switch (p) {
                case "accept" -> Policy.ACCEPT;
                case "drop" -> Policy.DROP;
                default -> throw c.unexpected("\"" + p + "\"", "accept or drop");
              };
        }
        case "comment" -> c.next("string");
        default -> throw c.unexpected("\"" + w + "\"", "type, policy or '}'");
      }
      if (!braced) {
        while (c.peekIs(";")) {
          c.pos++;
        }
        if (c.peekIs(NftLexer.NL)) {
          skipSeparators(c);
        }
      }
    }
    if (type == null) {
      return Optional.empty();
    }
    if (f.modelled()) {
      boolean natHook = hook != Hook.FORWARD;
      if ((type == BaseChain.Type.NAT && !natHook)
          || (type == BaseChain.Type.ROUTE && hook != Hook.OUTPUT)) {
        throw new NftBuilder.Refused("Could not process rule: Operation not supported");
      }
    }
    return Optional.of(new BaseChain(type, hook, priority, policy));
  }

  private static void skipSeparatorsIf(Cursor c, boolean braced) {
    if (braced) {
      skipSeparators(c);
    }
  }

  private static int priority(Cursor c) {
    NftLexer.Tok t = c.next("a priority");
    int base;
    Integer named = BaseChain.PRIORITIES.get(t.text());
    if (named != null) {
      base = named;
    } else {
      try {
        base = Integer.parseInt(t.text());
      } catch (NumberFormatException e) {
        throw new Cursor.NftSyntax("priority name \"" + t.text() + "\" is not known", t.line());
      }
      return base;
    }
    if (c.peekIs("+") || c.peekIs("-")) {
      boolean plus = c.next("").text().equals("+");
      String n = c.next("a number").text();
      try {
        base += (plus ? 1 : -1) * Integer.parseInt(n);
      } catch (NumberFormatException e) {
        throw new Cursor.NftSyntax("Could not parse priority offset \"" + n + "\"", t.line());
      }
    }
    return base;
  }

  /** {@code set S { type ...; flags interval; elements = { ... } }}, the opening brace read. */
  private NftSet set(Cursor c, String s, boolean map, int line) {
    List<NftType> type = null;
    Optional<Optional<NftType>> data = Optional.empty();
    boolean interval = false;
    List<SetElement> els = List.of();
    while (true) {
      skipSeparators(c);
      String w = c.next("'}'").text();
      switch (w) {
        case "}" -> {
          if (type == null) {
            throw new Cursor.NftSyntax("set " + s + " has no type", line);
          }
          if (map && data.isEmpty()) {
            throw new Cursor.NftSyntax("map " + s + " has no data type (type KEY : DATA)", line);
          }
          return new NftSet(s, type, data, interval, els, origin.apply(line));
        }
        case "type" -> {
          type = new ArrayList<>();
          type.add(type(c));
          while (c.peekIs(".")) {
            c.pos++;
            type.add(type(c));
          }
          if (c.peekIs(":")) {
            c.pos++;
            if (!map) {
              throw c.unexpected("':'", "';'");
            }
            if (c.peekIs("verdict")) {
              c.pos++;
              data = Optional.of(Optional.empty());
            } else {
              data = Optional.of(Optional.of(type(c)));
            }
          }
        }
        case "typeof" ->
            throw new Cursor.NftSyntax(
                "podpath reads set types written with \"type\", not \"typeof\"", c.line());
        case "flags" -> {
          do {
            String fl = c.next("a flag").text();
            interval |= fl.equals("interval");
            if (!fl.equals("interval") && !fl.equals("constant") && !fl.equals("dynamic")) {
              throw new Cursor.NftSyntax("podpath does not model sets with flag " + fl, c.line());
            }
          } while (c.peekIs(",") && c.pos++ >= 0);
        }
        case "elements" -> {
          c.expect("=");
          c.expect("{");
          if (type == null) {
            throw new Cursor.NftSyntax("set " + s + ": elements before its type", c.line());
          }
          els = Elements.parse(c, type, data);
        }
        case "comment", "size", "policy", "timeout", "gc-interval" -> c.next("a value");
        case "counter", "auto-merge" -> {}
        default -> throw c.unexpected("\"" + w + "\"", "type, flags, elements or '}'");
      }
    }
  }

  private void addSet(NftFamily f, String t, NftSet set, boolean create) {
    b.addSet(f, t, set.withElements(List.of()), create);
    kernel.add(
        (create ? "create " : "add ")
            + (set.isMap() ? "map " : "set ")
            + f
            + " "
            + NftTable.quoted(t)
            + " "
            + NftTable.quoted(set.name())
            + " { type "
            + set.type().stream().map(NftType::keyword).collect(Collectors.joining(" . "))
            + set.data().map(d -> " : " + d.map(NftType::keyword).orElse("verdict")).orElse("")
            + " ;"
            + (set.interval() ? " flags interval ;" : "")
            + " }");
    if (!set.elements().isEmpty()) {
      b.addElements(f, t, set.name(), set.elements());
      kernel.add(elementsCommand("add", f, t, set.name(), set.elements()));
    }
  }

  private static NftType type(Cursor c) {
    NftLexer.Tok t = c.next("a type");
    return NftType.parse(t.text())
        .orElseThrow(
            () ->
                new Cursor.NftSyntax("podpath does not model sets of type " + t.text(), t.line()));
  }

  private void delete(Cursor c) {
    String what = c.next("table, chain, set, map or element").text();
    NftFamily f = family(c);
    String t = name(c, "table name");
    switch (what) {
      case "table" -> {
        b.deleteTable(f, t);
        kernel.add("delete table " + f + " " + NftTable.quoted(t));
      }
      case "chain" -> {
        String ch = name(c, "chain name");
        b.deleteChain(f, t, ch);
        kernel.add("delete chain " + f + " " + NftTable.quoted(t) + " " + NftTable.quoted(ch));
      }
      case "set", "map" -> {
        String s = name(c, "set name");
        b.deleteSet(f, t, s);
        kernel.add(
            "delete " + what + " " + f + " " + NftTable.quoted(t) + " " + NftTable.quoted(s));
      }
      case "element" -> {
        String s = name(c, "set name");
        c.expect("{");
        NftSet set = b.set(f, t, s);
        List<SetElement> els = Elements.parse(c, set.type(), Optional.empty());
        b.deleteElements(f, t, s, els);
        kernel.add(
            "delete element "
                + f
                + " "
                + NftTable.quoted(t)
                + " "
                + NftTable.quoted(s)
                + " { "
                + els.stream().map(SetElement::render).collect(Collectors.joining(", "))
                + " }");
      }
      default ->
          throw new Cursor.NftSyntax(
              "podpath does not read \"delete " + what + "\" (rules are deleted by handle)",
              c.line());
    }
  }

  private void flush(Cursor c) {
    String what = c.next("ruleset, table, chain, set or map").text();
    if (what.equals("ruleset")) {
      if (!c.atEnd()) {
        throw new Cursor.NftSyntax("podpath flushes the whole ruleset only", c.line());
      }
      b.flushRuleset();
      kernel.add("flush ruleset");
      return;
    }
    NftFamily f = family(c);
    String t = name(c, "table name");
    switch (what) {
      case "table" -> {
        b.flushTable(f, t);
        kernel.add("flush table " + f + " " + NftTable.quoted(t));
      }
      case "chain" -> {
        String ch = name(c, "chain name");
        b.flushChain(f, t, ch);
        kernel.add("flush chain " + f + " " + NftTable.quoted(t) + " " + NftTable.quoted(ch));
      }
      case "set", "map" -> {
        String s = name(c, "set name");
        b.flushSet(f, t, s);
        kernel.add("flush " + what + " " + f + " " + NftTable.quoted(t) + " " + NftTable.quoted(s));
      }
      default -> throw c.unexpected("\"" + what + "\"", "ruleset, table, chain, set or map");
    }
  }
}
