package dev.podpath.model.paste;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The text after a row's destination in {@code iptables -L}: what each match module and the target
 * print (iptables' {@code print} functions: {@code ctstate RELATED,ESTABLISHED}, {@code tcp
 * spts:1024:65535 dpt:6443}, {@code /* comment *\/}, {@code reject-with icmp-port-unreachable},
 * {@code LOG flags 0 level 7 prefix "..."}), rebuilt as the options iptables-save would print. The
 * text is read from its start, one known print after another; what is left when none fits is
 * returned unread, never guessed. Package-private.
 */
final class IptablesListMatches {

  /**
   * A row's text rebuilt.
   *
   * @param matches the match options, each with a leading space
   * @param targetOptions the target's options, each with a leading space
   * @param unread the text from the first print podpath could not rebuild; empty when all was read
   */
  record Rebuilt(String matches, String targetOptions, String unread) {}

  /** One print of a match or target, and its save options. */
  private record Print(
      Pattern pattern, Function<Matcher, Optional<String>> save, Set<String> targets) {
    boolean target() {
      return !targets.isEmpty();
    }
  }

  /** Service names {@code iptables -L} prints for ports without {@code -n} (IANA's names). */
  private static final Map<String, Integer> SERVICES =
      Map.ofEntries(
          Map.entry("ftp", 21),
          Map.entry("ssh", 22),
          Map.entry("telnet", 23),
          Map.entry("smtp", 25),
          Map.entry("domain", 53),
          Map.entry("bootps", 67),
          Map.entry("bootpc", 68),
          Map.entry("http", 80),
          Map.entry("ntp", 123),
          Map.entry("snmp", 161),
          Map.entry("bgp", 179),
          Map.entry("ldap", 389),
          Map.entry("https", 443),
          Map.entry("microsoft-ds", 445),
          Map.entry("isakmp", 500),
          Map.entry("syslog", 514),
          Map.entry("ipsec-nat-t", 4500),
          Map.entry("http-alt", 8080),
          Map.entry("webcache", 8080),
          Map.entry("sun-sr-https", 6443),
          Map.entry("etcd-client", 2379),
          Map.entry("etcd-server", 2380),
          Map.entry("kubernetes", 6443),
          Map.entry("nfs", 2049),
          Map.entry("mysql", 3306),
          Map.entry("postgresql", 5432),
          Map.entry("openvpn", 1194));

  private static final Set<String> LOG_LEVELS =
      Set.of(
          "0", "1", "2", "3", "4", "5", "6", "7", "emerg", "alert", "crit", "error", "warning",
          "notice", "info", "debug");

  private static final String[] TCP_FLAGS = {"FIN", "SYN", "RST", "PSH", "ACK", "URG"};

  private static final List<Print> PRINTS =
      List.of(
          match("/\\*\\s?(.*?)\\s?\\*/", m -> comment(m.group(1))),
          match(
              "(!\\s*)?ctstate\\s+(\\S+)",
              m -> ok(neg(m, 1) + "-m conntrack " + "--ctstate ", m, 2)),
          match("(!\\s*)?state\\s+(\\S+)", m -> ok(neg(m, 1) + "-m state --state ", m, 2)),
          match(
              "(tcp|udp)((?:\\s+(?:dpts?|spts?|flags|option)[:=]\\S+)+)",
              m -> ports(m.group(1), m.group(2))),
          match(
              "multiport\\s+(dports|sports|ports)\\s+(!\\s*)?(\\S+)",
              m ->
                  services(m.group(3))
                      .map(
                          p ->
                              "-m multiport "
                                  + (m.group(2) != null ? "! " : "")
                                  + "--"
                                  + m.group(1)
                                  + " "
                                  + p)),
          match(
              "icmptype\\s+(\\d+)(?:\\s+code\\s+(\\d+))?",
              m ->
                  Optional.of(
                      "-m icmp --icmp-type "
                          + m.group(1)
                          + (m.group(2) != null ? "/" + m.group(2) : ""))),
          match(
              "icmp\\s+(!)?([a-z-]+)",
              m -> Optional.of("-m icmp " + neg(m, 1) + "--icmp-type " + m.group(2))),
          match(
              "(mark|connmark)\\s+match\\s+(!\\s*)?(\\S+)",
              m -> Optional.of("-m " + m.group(1) + " " + neg(m, 2) + "--mark " + m.group(3))),
          match(
              "ADDRTYPE\\s+match((?:\\s+(?:src-type|dst-type)\\s+!?\\S+|\\s+limit-in|\\s+limit-out)+)",
              m -> Optional.of("-m addrtype" + addrtypes(m.group(1)))),
          match(
              "(!\\s*)?match-set\\s+(\\S+)\\s+(\\S+)",
              m ->
                  Optional.of(
                      "-m set " + neg(m, 1) + "--match-set " + m.group(2) + " " + m.group(3))),
          match(
              "limit:\\s+avg\\s+(\\S+)\\s+burst\\s+(\\d+)",
              m ->
                  Optional.of(
                      "-m limit --limit "
                          + m.group(1)
                          + (m.group(2).equals("5") ? "" : " --limit-burst " + m.group(2)))),
          match(
              "PKTTYPE\\s+(!?)=\\s+(\\S+)",
              m ->
                  Optional.of(
                      "-m pkttype "
                          + (m.group(1).isEmpty() ? "" : "! ")
                          + "--pkt-type "
                          + m.group(2))),
          match(
              "PHYSDEV\\s+match((?:\\s+(?:!\\s*)?--physdev-(?:in|out)\\s+\\S+"
                  + "|\\s+(?:!\\s*)?--physdev-is-(?:in|out|bridged))+)",
              m -> Optional.of("-m physdev" + m.group(1).replaceAll("\\s+", " "))),
          match(
              "statistic\\s+mode\\s+random\\s+probability\\s+([0-9.]+)",
              m -> Optional.of("-m statistic --mode random --probability " + m.group(1))),
          match(
              "statistic\\s+mode\\s+nth\\s+every\\s+(\\d+)(?:\\s+packet\\s+(\\d+))?",
              m ->
                  Optional.of(
                      "-m statistic --mode nth --every "
                          + m.group(1)
                          + (m.group(2) != null ? " --packet " + m.group(2) : ""))),
          target(
              Set.of("REJECT"),
              "reject-with\\s+(\\S+)",
              m -> Optional.of("--reject-with " + m.group(1))),
          target(
              Set.of("LOG"),
              "LOG(?:\\s+flags\\s+(\\d+))?(?:\\s+level\\s+(\\S+))?(?:\\s+prefix\\s+\"([^\"]*)\")?"
                  + "(?=\\s|$)",
              IptablesListMatches::log),
          target(
              Set.of("MARK"),
              "MARK\\s+(or|and|xor|set|xset)\\s+(\\S+)",
              m -> Optional.of(mark(m.group(1), m.group(2)))),
          target(Set.of("DNAT"), "to:(\\S+)", m -> Optional.of("--to-destination " + m.group(1))),
          target(Set.of("SNAT"), "to:(\\S+)", m -> Optional.of("--to-source " + m.group(1))),
          target(
              Set.of("MASQUERADE"),
              "masq\\s+ports:\\s+(\\S+)",
              m -> Optional.of("--to-ports " + m.group(1))),
          target(
              Set.of("REDIRECT"),
              "redir\\s+ports\\s+(\\S+)",
              m -> Optional.of("--to-ports " + m.group(1))),
          target(Set.of("MASQUERADE", "SNAT"), "random-fully", m -> Optional.of("--random-fully")),
          target(
              Set.of("MASQUERADE", "SNAT", "DNAT", "REDIRECT"),
              "random",
              m -> Optional.of("--random")),
          target(Set.of("SNAT", "DNAT"), "persistent", m -> Optional.of("--persistent")));

  private IptablesListMatches() {}

  /**
   * The row's text rebuilt.
   *
   * @param rest the text after the destination column
   * @param target the row's target ({@code DNAT}, {@code KUBE-SERVICES}; empty for none)
   * @param protocol the row's protocol column, named ({@code tcp}, {@code all})
   */
  static Rebuilt rebuild(String rest, String target, String protocol) {
    StringBuilder matches = new StringBuilder();
    StringBuilder options = new StringBuilder();
    String s = rest.strip();
    while (!s.isEmpty()) {
      boolean read = false;
      for (Print p : PRINTS) {
        Matcher m = p.pattern.matcher(s);
        if (!m.lookingAt()) {
          continue;
        }
        Optional<String> save = p.save.apply(m);
        if (save.isEmpty()) {
          continue;
        }
        String o = save.get();
        if (p.target() && !p.targets.contains(target)) {
          continue;
        }
        if (o.startsWith("-m tcp") && !protocol.equals("tcp")
            || o.startsWith("-m udp") && !protocol.equals("udp")) {
          continue;
        }
        if (!o.isEmpty()) {
          (p.target() ? options : matches).append(' ').append(o);
        }
        s = s.substring(m.end()).strip();
        read = true;
        break;
      }
      if (!read) {
        return new Rebuilt(matches.toString(), options.toString(), s);
      }
    }
    return new Rebuilt(matches.toString(), options.toString(), "");
  }

  private static Print match(String regex, Function<Matcher, Optional<String>> save) {
    return new Print(Pattern.compile(regex), save, Set.of());
  }

  private static Print target(
      Set<String> targets, String regex, Function<Matcher, Optional<String>> save) {
    return new Print(Pattern.compile(regex), save, targets);
  }

  private static String neg(Matcher m, int group) {
    return m.group(group) != null && !m.group(group).isEmpty() ? "! " : "";
  }

  private static Optional<String> ok(String prefix, Matcher m, int group) {
    return Optional.of(prefix + m.group(group));
  }

  private static Optional<String> comment(String text) {
    return Optional.of(
        "-m comment --comment \"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"");
  }

  /** {@code tcp spts:1024:65535 dpt:6443 flags:0x06/0x02} as {@code -m tcp} options. */
  private static Optional<String> ports(String proto, String items) {
    StringBuilder sb = new StringBuilder("-m ").append(proto);
    for (String item : items.strip().split("\\s+")) {
      int colon = item.indexOf(item.startsWith("option") ? '=' : ':');
      String key = item.substring(0, colon);
      String value = item.substring(colon + 1);
      boolean negated = value.startsWith("!");
      if (negated) {
        value = value.substring(1);
      }
      String option;
      switch (key) {
        case "dpt", "dpts" -> option = "--dport";
        case "spt", "spts" -> option = "--sport";
        case "flags" -> {
          if (!proto.equals("tcp")) {
            return Optional.empty();
          }
          Optional<String> f = flags(value);
          if (f.isEmpty()) {
            return Optional.empty();
          }
          sb.append(negated ? " ! " : " ").append("--tcp-flags ").append(f.get());
          continue;
        }
        case "option" -> {
          sb.append(negated ? " ! " : " ").append("--tcp-option ").append(value);
          continue;
        }
        default -> {
          return Optional.empty();
        }
      }
      Optional<String> ports = services(value);
      if (ports.isEmpty()) {
        return Optional.empty();
      }
      sb.append(negated ? " ! " : " ").append(option).append(' ').append(ports.get());
    }
    return Optional.of(sb.toString());
  }

  /** Ports as numbers: a service name iptables printed (without {@code -n}) put back, if known. */
  private static Optional<String> services(String list) {
    List<String> out = new ArrayList<>();
    for (String item : list.split(",")) {
      List<String> range = new ArrayList<>();
      for (String p : item.split(":", -1)) {
        if (p.matches("\\d+")) {
          range.add(p);
        } else if (SERVICES.containsKey(p)) {
          range.add(String.valueOf(SERVICES.get(p)));
        } else {
          return Optional.empty();
        }
      }
      out.add(String.join(":", range));
    }
    return Optional.of(String.join(",", out));
  }

  /** {@code 0x06/0x02} or {@code SYN,RST/SYN} as {@code SYN,RST SYN}. */
  private static Optional<String> flags(String v) {
    int slash = v.indexOf('/');
    if (slash < 0) {
      return Optional.empty();
    }
    Optional<String> mask = flagNames(v.substring(0, slash));
    Optional<String> comp = flagNames(v.substring(slash + 1));
    return mask.isPresent() && comp.isPresent()
        ? Optional.of(mask.get() + " " + comp.get())
        : Optional.empty();
  }

  private static Optional<String> flagNames(String v) {
    if (!v.startsWith("0x")) {
      return v.matches("[A-Z,]+") ? Optional.of(v) : Optional.empty();
    }
    int bits;
    try {
      bits = Integer.parseInt(v.substring(2), 16);
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
    if (bits == 0) {
      return Optional.of("NONE");
    }
    List<String> names = new ArrayList<>();
    for (int i = 0; i < TCP_FLAGS.length; i++) {
      if ((bits & (1 << i)) != 0) {
        names.add(TCP_FLAGS[i]);
      }
    }
    return bits >= 1 << TCP_FLAGS.length
        ? Optional.empty()
        : Optional.of(bits == 0x3f ? "ALL" : String.join(",", names));
  }

  private static String addrtypes(String items) {
    StringBuilder sb = new StringBuilder();
    Matcher m =
        Pattern.compile("(src-type|dst-type)\\s+(!?)(\\S+)|(limit-in|limit-out)").matcher(items);
    while (m.find()) {
      if (m.group(4) != null) {
        sb.append(" --").append(m.group(4).replace("limit-", "limit-iface-"));
      } else {
        sb.append(m.group(2).isEmpty() ? " --" : " ! --")
            .append(m.group(1))
            .append(' ')
            .append(m.group(3));
      }
    }
    return sb.toString();
  }

  private static Optional<String> log(Matcher m) {
    if (m.group(1) != null && !m.group(1).equals("0")) {
      return Optional.empty();
    }
    StringBuilder sb = new StringBuilder();
    if (m.group(3) != null) {
      sb.append("--log-prefix \"").append(m.group(3)).append('"');
    }
    if (m.group(2) != null && !LOG_LEVELS.contains(m.group(2))) {
      return Optional.empty();
    }
    if (m.group(2) != null && !m.group(2).equals("4") && !m.group(2).equals("warning")) {
      sb.append(sb.length() > 0 ? " " : "").append("--log-level ").append(m.group(2));
    }
    return Optional.of(sb.toString());
  }

  private static String mark(String op, String value) {
    return switch (op) {
      case "or" -> "--set-xmark " + value + "/" + value;
      case "and" -> "--and-mark " + value;
      case "xor" -> "--xor-mark " + value;
      case "set" -> "--set-xmark " + value + "/0xffffffff";
      default -> "--set-xmark " + value;
    };
  }
}
