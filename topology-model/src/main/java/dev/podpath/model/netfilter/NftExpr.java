package dev.podpath.model.netfilter;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One expression or statement of an nftables rule, run left to right: a match that ends the rule
 * when it fails, a verdict map, a statement (counter, mark, NAT, notrack), or the verdict. What
 * podpath does not model is kept as {@link NotModelled}, with its text: a packet that reaches it
 * ends "not modelled" there.
 */
public sealed interface NftExpr {

  /** The expression as {@code nft} accepts it. */
  String render();

  /** Whether a packet that reaches this expression makes conntrack run in the namespace. */
  default boolean needsConntrack() {
    return false;
  }

  /** {@code KEY VALUES} or {@code KEY != VALUES}: the key's value must (not) be among them. */
  record Match(NftKey key, boolean negated, NftSetRef values) implements NftExpr {
    public Match {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(values, "values");
    }

    public String render() {
      String op = negated ? " != " : key instanceof NftKey.Meta m && m.mask() >= 0 ? " == " : " ";
      // nft lists a one-element anonymous set as the element alone
      String v =
          values instanceof NftSetRef.Anonymous a && a.elements().size() == 1
              ? a.elements().get(0).render()
              : values.render();
      return key.render() + op + v;
    }

    @Override
    public boolean needsConntrack() {
      return key instanceof NftKey.CtStateKey;
    }
  }

  /**
   * {@code KEY vmap MAP}: the verdict of the element the key finds; none found, the rule goes on.
   */
  record Vmap(NftKey key, NftSetRef map) implements NftExpr {
    public Vmap {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(map, "map");
    }

    public String render() {
      return key.render() + " vmap " + map.render();
    }
  }

  /** The rule's verdict. */
  record Verdict(NftVerdict verdict) implements NftExpr {
    public Verdict {
      Objects.requireNonNull(verdict, "verdict");
    }

    public String render() {
      return verdict.render();
    }
  }

  /** {@code reject [with ...]}: drops and answers with an ICMP error or a TCP reset. */
  record Reject(RejectWith with, boolean explicit) implements NftExpr {
    public Reject {
      Objects.requireNonNull(with, "with");
    }

    public String render() {
      if (!explicit) {
        return "reject";
      }
      if (with == RejectWith.TCP_RESET) {
        return "reject with tcp reset";
      }
      return "reject with icmp type " + with.keyword().substring("icmp-".length());
    }
  }

  /** {@code counter}: counts the packets that reach it. */
  record Counter() implements NftExpr {
    public String render() {
      return "counter";
    }
  }

  /**
   * {@code dnat to ...}, {@code snat to ...}, {@code masquerade}, {@code redirect}: the NAT the
   * kernel's nft_nat/nft_masq/nft_redir do, held as the iptables target with the same effect (the
   * kernel's {@code nf_nat_setup_info} is the same for both).
   */
  record Nat(Target target, String text) implements NftExpr {
    public Nat {
      Objects.requireNonNull(target, "target");
      Objects.requireNonNull(text, "text");
      if (!(target instanceof Target.Dnat
          || target instanceof Target.Snat
          || target instanceof Target.Masquerade
          || target instanceof Target.Redirect)) {
        throw new IllegalArgumentException("not a NAT target: " + target);
      }
    }

    public String render() {
      return text;
    }

    @Override
    public boolean needsConntrack() {
      return true;
    }
  }

  /**
   * {@code meta mark set ...}: the new mark is {@code (mark & and) ^ xor}, as nft_bitwise computes
   * it; rendered as {@code nft list ruleset} prints it.
   */
  record MarkSet(long and, long xor) implements NftExpr {
    public long apply(long mark) {
      return ((mark & and) ^ xor) & 0xFFFFFFFFL;
    }

    public String render() {
      String set = "meta mark set ";
      if (and == 0) {
        return set + hex(xor);
      }
      if (xor == 0) {
        return set + "meta mark & " + hex(and);
      }
      if (and == 0xFFFFFFFFL) {
        return set + "meta mark ^ " + hex(xor);
      }
      if (and == (~xor & 0xFFFFFFFFL)) {
        return set + "meta mark | " + hex(xor);
      }
      return set + "meta mark & " + hex(and) + " ^ " + hex(xor);
    }

    private static String hex(long v) {
      return String.format("0x%08x", v);
    }
  }

  /** {@code notrack}: conntrack leaves the packet alone (raw priority). */
  record Notrack() implements NftExpr {
    public String render() {
      return "notrack";
    }

    @Override
    public boolean needsConntrack() {
      return true;
    }
  }

  /** {@code log [prefix "..."]}: podpath shows nothing of the kernel log; the rule goes on. */
  record Log(Optional<String> prefix) implements NftExpr {
    public Log {
      Objects.requireNonNull(prefix, "prefix");
    }

    public String render() {
      return "log" + prefix.map(p -> " prefix \"" + p + "\"").orElse("");
    }
  }

  /**
   * An expression podpath does not model, from its first word to the end of the rule.
   *
   * @param why in a few words
   */
  record NotModelled(List<String> words, String why) implements NftExpr {
    public NotModelled {
      words = List.copyOf(words);
      Objects.requireNonNull(why, "why");
    }

    public String render() {
      return String.join(" ", words);
    }
  }
}
