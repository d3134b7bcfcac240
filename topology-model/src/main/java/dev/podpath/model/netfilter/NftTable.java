package dev.podpath.model.netfilter;

import dev.podpath.model.origin.Origin;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A table: its family, name, chains and sets (in the order they were added).
 *
 * <pre>{@code
 * table ip kube-proxy { ... }      NftTable(IP, "kube-proxy", chains, sets, origin)
 * }</pre>
 */
public record NftTable(
    NftFamily family,
    String name,
    Map<String, NftChain> chains,
    Map<String, NftSet> sets,
    Origin origin) {

  public NftTable {
    Objects.requireNonNull(family, "family");
    Objects.requireNonNull(name, "name");
    chains = Collections.unmodifiableMap(new LinkedHashMap<>(chains));
    sets = Collections.unmodifiableMap(new LinkedHashMap<>(sets));
    Objects.requireNonNull(origin, "origin");
  }

  public Optional<NftChain> chain(String chain) {
    return Optional.ofNullable(chains.get(chain));
  }

  public Optional<NftSet> set(String set) {
    return Optional.ofNullable(sets.get(set));
  }

  /** {@code ip kube-proxy}. */
  public String label() {
    return family + " " + name;
  }

  /** The table as {@code nft list ruleset} prints it (sets first, then chains). */
  public String render() {
    StringBuilder sb = new StringBuilder();
    sb.append("table ").append(family).append(' ').append(quoted(name)).append(" {\n");
    sets.values().forEach(s -> sb.append(s.render()));
    chains.values().forEach(c -> sb.append(c.render()));
    return sb.append("}\n").toString();
  }

  /** A name as {@code nft} needs it written: quoted unless it is a plain identifier. */
  public static String quoted(String name) {
    return name.matches("[A-Za-z][A-Za-z0-9_./-]*") ? name : "\"" + name + "\"";
  }
}
