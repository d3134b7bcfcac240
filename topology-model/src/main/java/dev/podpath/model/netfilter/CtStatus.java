package dev.podpath.model.netfilter;

/** Conntrack status bits of {@code -m conntrack --ctstatus}, in the order iptables prints them. */
public enum CtStatus {
  NONE,
  EXPECTED,
  SEEN_REPLY,
  ASSURED,
  CONFIRMED
}
