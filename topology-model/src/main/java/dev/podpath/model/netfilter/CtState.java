package dev.podpath.model.netfilter;

/**
 * Conntrack states as {@code -m conntrack --ctstate} and {@code -m state --state} name them, in the
 * order iptables prints them. {@link #SNAT} and {@link #DNAT} are virtual states of the conntrack
 * match only (the connection's reply tuple was translated).
 */
public enum CtState {
  INVALID,
  NEW,
  RELATED,
  ESTABLISHED,
  UNTRACKED,
  SNAT,
  DNAT
}
