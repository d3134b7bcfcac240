package dev.podpath.model.script;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.addr.MacAddress;
import dev.podpath.model.addr.Prefix;
import java.util.List;
import java.util.Optional;

/** A cursor over a command's arguments, with iproute2's way of complaining about them. */
final class Args {

  private final List<String> items;
  private int pos;

  Args(List<String> items) {
    this.items = List.copyOf(items);
  }

  static Args of(String... items) {
    return new Args(List.of(items));
  }

  boolean hasNext() {
    return pos < items.size();
  }

  String peek() {
    return items.get(pos);
  }

  /** Whether the next argument is exactly {@code word}. */
  boolean peekIs(String word) {
    return hasNext() && peek().equals(word);
  }

  String next() {
    if (!hasNext()) {
      throw incomplete();
    }
    return items.get(pos++);
  }

  /** iproute2's {@code NEXT_ARG()}: the value after a keyword, which must be there. */
  String value() {
    return next();
  }

  /** The arguments not consumed yet. */
  List<String> rest() {
    return items.subList(pos, items.size());
  }

  void skipRest() {
    pos = items.size();
  }

  static CommandError incomplete() {
    return new CommandError("Command line is not complete. Try option \"help\"");
  }

  // ---- typed values, with iproute2's messages ----

  static Ipv4Address address(String text) {
    return Ipv4Address.tryParse(text)
        .orElseThrow(
            () ->
                new CommandError("Error: inet address is expected rather than \"" + text + "\"."));
  }

  /** A prefix as {@code ip route} takes it: {@code A.B.C.D[/N]}, {@code default}. */
  static Prefix prefix(String text) {
    Optional<Prefix> p = Prefix.tryParse(text);
    if (p.isPresent()) {
      return p.get();
    }
    int slash = text.indexOf('/');
    Optional<Ipv4Address> a = Ipv4Address.tryParse(slash < 0 ? text : text.substring(0, slash));
    if (a.isPresent() && slash > 0) {
      String len = text.substring(slash + 1);
      if (len.matches("[0-9]{1,2}") && Integer.parseInt(len) <= 32) {
        throw new CommandError("Error: Invalid prefix for given prefix length.");
      }
    }
    throw new CommandError("Error: any valid prefix is expected rather than \"" + text + "\".");
  }

  static MacAddress lladdr(String text) {
    return MacAddress.tryParse(text)
        .orElseThrow(() -> new CommandError("\"" + text + "\" is invalid lladdr."));
  }

  /** An unsigned 32-bit number (decimal or 0x hex), or {@code invarg(what)}. */
  static long u32(String text, String what) {
    try {
      long v;
      if (text.startsWith("0x") || text.startsWith("0X")) {
        v = Long.parseLong(text.substring(2), 16);
      } else {
        v = Long.parseLong(text);
      }
      if (v < 0 || v > 0xFFFF_FFFFL) {
        throw CommandError.invarg(what, text);
      }
      return v;
    } catch (NumberFormatException e) {
      throw CommandError.invarg(what, text);
    }
  }

  static int intIn(String text, int min, int max, String what) {
    long v = u32(text, what);
    if (v < min || v > max) {
      throw CommandError.invarg(what, text);
    }
    return (int) v;
  }

  /** {@code on} or {@code off}, as iproute2's {@code parse_on_off}. */
  static boolean onOff(String keyword, String text) {
    if (text.equals("on")) {
      return true;
    }
    if (text.equals("off")) {
      return false;
    }
    throw new CommandError(
        "Error: argument of \"" + keyword + "\" must be \"on\" or \"off\", not \"" + text + "\"");
  }

  /** Whether the text looks like an IPv6 address or prefix (podpath models IPv4 only). */
  static boolean isIpv6(String text) {
    return text.indexOf(':') >= 0 && !text.contains("://");
  }
}
