package dev.podpath.model.iproute2;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The words of a routing rule, as {@code ip rule add} takes them ({@code iprule_modify}) and {@code
 * ip rule show} prints them back ({@code print_rule}): one vocabulary for the interpreter ({@code
 * model.script.IpRule}) and the dump reader ({@code model.dump.IpRuleTextParser}), which differ in
 * what they do with a bad value (the command fails as {@code ip} does, the dump warns) and with a
 * selector podpath does not model (the command keeps the rule without it and says so; the dump
 * leaves the rule out, since kept without it, it would match more than on the node).
 *
 * <pre>{@code
 * ip rule add not from 10.1.0.0/16 iif cni0 lookup 100 pref 120
 * 120:	not from 10.1.0.0/16 iif cni0 lookup 100
 * }</pre>
 */
public final class RuleGrammar {

  /** What a word of a rule is. */
  public enum Word {
    NOT,
    FROM,
    TO,
    /** {@code iif DEV} ({@code dev DEV} in the command). */
    IIF,
    OIF,
    /** {@code fwmark MARK[/MASK]}. */
    FWMARK,
    /** {@code preference N} ({@code order}, {@code priority}; the dump prints {@code N:}). */
    PRIORITY,
    /** {@code lookup T} ({@code table T}). */
    LOOKUP,
    GOTO,
    NOP,
    /** {@code blackhole}, {@code unreachable}, {@code prohibit}: the rule fails the lookup. */
    FAIL,
    /** {@code type unicast|blackhole|...} (the command only). */
    TYPE,
    /** {@code protocol P} ({@code proto}): who made the rule, not what it matches. */
    PROTOCOL,
    /** A selector with a value podpath does not model ({@code tos}, {@code uidrange}, ...). */
    NOT_MODELLED_WITH_VALUE,
    /** A selector without a value podpath does not model ({@code l3mdev}). */
    NOT_MODELLED_FLAG,
    /** An action podpath does not support ({@code nat}, {@code map-to}, {@code realm}). */
    UNSUPPORTED
  }

  private static final Map<String, Word> EXACT =
      Map.ofEntries(
          Map.entry("not", Word.NOT),
          Map.entry("from", Word.FROM),
          Map.entry("to", Word.TO),
          Map.entry("iif", Word.IIF),
          Map.entry("dev", Word.IIF),
          Map.entry("oif", Word.OIF),
          Map.entry("fwmark", Word.FWMARK),
          Map.entry("goto", Word.GOTO),
          Map.entry("nop", Word.NOP),
          Map.entry("blackhole", Word.FAIL),
          Map.entry("unreachable", Word.FAIL),
          Map.entry("prohibit", Word.FAIL),
          Map.entry("type", Word.TYPE),
          Map.entry("proto", Word.PROTOCOL),
          Map.entry("tos", Word.NOT_MODELLED_WITH_VALUE),
          Map.entry("uidrange", Word.NOT_MODELLED_WITH_VALUE),
          Map.entry("ipproto", Word.NOT_MODELLED_WITH_VALUE),
          Map.entry("sport", Word.NOT_MODELLED_WITH_VALUE),
          Map.entry("dport", Word.NOT_MODELLED_WITH_VALUE),
          Map.entry("realms", Word.NOT_MODELLED_WITH_VALUE),
          Map.entry("suppress_prefixlength", Word.NOT_MODELLED_WITH_VALUE),
          Map.entry("suppress_ifgroup", Word.NOT_MODELLED_WITH_VALUE),
          Map.entry("tun_id", Word.NOT_MODELLED_WITH_VALUE),
          Map.entry("flowlabel", Word.NOT_MODELLED_WITH_VALUE),
          Map.entry("dscp", Word.NOT_MODELLED_WITH_VALUE),
          Map.entry("l3mdev", Word.NOT_MODELLED_FLAG),
          Map.entry("nat", Word.UNSUPPORTED),
          Map.entry("map-to", Word.UNSUPPORTED),
          Map.entry("realm", Word.UNSUPPORTED));

  /** The words iproute2 matches by any prefix ({@code matches()}), in the order it tries them. */
  private static final List<Map.Entry<String, Word>> BY_PREFIX =
      List.of(
          Map.entry("preference", Word.PRIORITY),
          Map.entry("order", Word.PRIORITY),
          Map.entry("priority", Word.PRIORITY),
          Map.entry("dsfield", Word.NOT_MODELLED_WITH_VALUE),
          Map.entry("protocol", Word.PROTOCOL),
          Map.entry("table", Word.LOOKUP),
          Map.entry("lookup", Word.LOOKUP));

  private RuleGrammar() {}

  /** What {@code word} is; empty for a word iproute2 does not know in a rule. */
  public static Optional<Word> word(String word) {
    Word w = EXACT.get(word);
    if (w != null) {
      return Optional.of(w);
    }
    if (word.isEmpty()) {
      return Optional.empty();
    }
    return BY_PREFIX.stream()
        .filter(e -> e.getKey().startsWith(word))
        .map(Map.Entry::getValue)
        .findFirst();
  }
}
