package dev.podpath.model.netfilter;

/** The policy of a built-in chain: what happens to a packet that reaches the chain's end. */
public enum Policy {
  ACCEPT,
  DROP
}
