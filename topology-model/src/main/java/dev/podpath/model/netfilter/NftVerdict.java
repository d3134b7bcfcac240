package dev.podpath.model.netfilter;

import java.util.Objects;
import java.util.Optional;

/**
 * A verdict: of a rule ({@code accept}, {@code jump services}) or the data of a verdict map's
 * element ({@code 10.96.0.10 . udp . 53 : goto service-...}).
 *
 * @param chain the chain of a {@code jump} or {@code goto}
 */
public record NftVerdict(Kind kind, Optional<String> chain) {

  /** The verdicts of nf_tables ({@code NF_ACCEPT}, {@code NF_DROP}, {@code NFT_JUMP}...). */
  public enum Kind {
    ACCEPT,
    DROP,
    JUMP,
    GOTO,
    RETURN,
    CONTINUE;

    public String word() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  public NftVerdict {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(chain, "chain");
    if (chain.isPresent() != (kind == Kind.JUMP || kind == Kind.GOTO)) {
      throw new IllegalArgumentException(kind + " " + chain);
    }
  }

  public static NftVerdict of(Kind kind) {
    return new NftVerdict(kind, Optional.empty());
  }

  public static NftVerdict to(Kind kind, String chain) {
    return new NftVerdict(kind, Optional.of(chain));
  }

  public String render() {
    return kind.word() + chain.map(c -> " " + c).orElse("");
  }
}
