package dev.podpath.model.netfilter.parse;

/** One argument of a rule line and the 1-based column where it starts (0 when not from a file). */
record Token(String text, int column) {

  @Override
  public String toString() {
    return text;
  }
}
