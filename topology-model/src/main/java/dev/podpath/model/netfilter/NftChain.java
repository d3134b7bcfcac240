package dev.podpath.model.netfilter;

import dev.podpath.model.origin.Origin;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A chain of a table: a base chain ({@link #base} present, hung on a hook) or a regular chain,
 * reached only by {@code jump} and {@code goto}. Its rules are numbered from 1 as podpath shows
 * them.
 */
public record NftChain(String name, Optional<BaseChain> base, List<NftRule> rules, Origin origin) {

  public NftChain {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(base, "base");
    rules = List.copyOf(rules);
    Objects.requireNonNull(origin, "origin");
  }

  /** The chain as {@code nft list ruleset} prints it, indented one tab (inside its table). */
  public String render() {
    StringBuilder sb = new StringBuilder();
    sb.append("\tchain ").append(NftTable.quoted(name)).append(" {\n");
    base.ifPresent(b -> sb.append("\t\t").append(b.render()).append('\n'));
    rules.forEach(r -> sb.append("\t\t").append(r.text()).append('\n'));
    return sb.append("\t}\n").toString();
  }
}
