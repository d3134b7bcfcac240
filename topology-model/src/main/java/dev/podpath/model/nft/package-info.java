/**
 * The nftables configuration of a namespace as the kernel holds it: tables of a family, base chains
 * hung on a hook at a priority, regular chains, rules made of expressions, named sets and maps.
 * Read by {@code model.nft.parse} (the {@code nft} command language, {@code nft -f} files and
 * {@code nft list ruleset}); run by the simulator's {@code NftWalk} together with iptables' tables,
 * in the kernel's priority order. What podpath does not model is kept as {@link
 * dev.podpath.model.nft.NftExpr.NotModelled} at the rule that has it (docs/nftables.md).
 */
package dev.podpath.model.nft;
