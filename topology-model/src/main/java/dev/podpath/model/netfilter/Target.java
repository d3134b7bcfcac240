package dev.podpath.model.netfilter;

import static dev.podpath.model.netfilter.SaveSyntax.hex;
import static dev.podpath.model.netfilter.SaveSyntax.quote;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * What a rule does when it matches: a verdict ({@code -j ACCEPT}), a jump to a user chain, or a
 * target extension ({@code -j DNAT --to-destination 10.244.0.3:8080}). {@link #save()} gives the
 * text {@code iptables-save} prints for it; {@link #terminal()} says whether the kernel stops
 * traversing the table there.
 *
 * <pre>{@code
 * new Target.Mark(0x4000, 0x4000).save();   // "-j MARK --set-xmark 0x4000/0x4000"
 * new Target.Mark(0x4000, 0x4000).terminal(); // false: the next rule is evaluated
 * }</pre>
 */
public sealed interface Target {

  /** This target as {@code iptables-save} prints it ({@code -j X ...} or {@code -g CHAIN}). */
  String save();

  /**
   * Whether the packet's traversal of this table ends here with a verdict, as for ACCEPT, DROP,
   * REJECT and the NAT targets. Non-terminal targets (MARK, LOG, CONNMARK, NOTRACK, TRACE) let the
   * next rule run; RETURN, jumps and gotos change the chain, not the verdict.
   */
  boolean terminal();

  /**
   * No {@code -j} at all: the rule only counts, and the next rule runs (the kernel's {@code
   * XT_CONTINUE}). {@link #save()} is empty.
   */
  record Continue() implements Target {
    @Override
    public String save() {
      return "";
    }

    @Override
    public boolean terminal() {
      return false;
    }
  }

  /** {@code -j ACCEPT}. */
  record Accept() implements Target {
    @Override
    public String save() {
      return "-j ACCEPT";
    }

    @Override
    public boolean terminal() {
      return true;
    }
  }

  /** {@code -j DROP}: silent. */
  record Drop() implements Target {
    @Override
    public String save() {
      return "-j DROP";
    }

    @Override
    public boolean terminal() {
      return true;
    }
  }

  /** {@code -j REJECT --reject-with X}: drop and answer with an ICMP error or a TCP reset. */
  record Reject(RejectWith with) implements Target {
    public Reject {
      Objects.requireNonNull(with, "with");
    }

    @Override
    public String save() {
      return "-j REJECT --reject-with " + with.keyword();
    }

    @Override
    public boolean terminal() {
      return true;
    }
  }

  /** {@code -j RETURN}: back to the calling chain; in a built-in chain, the policy applies. */
  record Return() implements Target {
    @Override
    public String save() {
      return "-j RETURN";
    }

    @Override
    public boolean terminal() {
      return false;
    }
  }

  /** {@code -j CHAIN}: traverse the user chain, then continue here unless it gave a verdict. */
  record Jump(String chain) implements Target {
    public Jump {
      Objects.requireNonNull(chain, "chain");
    }

    @Override
    public String save() {
      return "-j " + chain;
    }

    @Override
    public boolean terminal() {
      return false;
    }
  }

  /** {@code -g CHAIN}: traverse the user chain; its RETURN goes back to this chain's caller. */
  record Goto(String chain) implements Target {
    public Goto {
      Objects.requireNonNull(chain, "chain");
    }

    @Override
    public String save() {
      return "-g " + chain;
    }

    @Override
    public boolean terminal() {
      return false;
    }
  }

  /**
   * {@code -j LOG}: log to the kernel log and continue. {@code level} is the syslog level (4 by
   * default); flags are the {@code --log-*} switches in iptables' order.
   */
  record Log(Optional<String> prefix, int level, List<String> flags) implements Target {
    public static final int DEFAULT_LEVEL = 4;

    /** The switches in the order iptables prints them. */
    public static final List<String> FLAGS =
        List.of(
            "--log-tcp-sequence",
            "--log-tcp-options",
            "--log-ip-options",
            "--log-uid",
            "--log-macdecode");

    public Log {
      Objects.requireNonNull(prefix, "prefix");
      flags = FLAGS.stream().filter(Set.copyOf(flags)::contains).toList();
    }

    @Override
    public String save() {
      StringBuilder sb = new StringBuilder("-j LOG");
      prefix.ifPresent(p -> sb.append(" --log-prefix ").append(quote(p)));
      if (level != DEFAULT_LEVEL) {
        sb.append(" --log-level ").append(level);
      }
      flags.forEach(f -> sb.append(' ').append(f));
      return sb.toString();
    }

    @Override
    public boolean terminal() {
      return false;
    }
  }

  /** {@code -j NFLOG}: pass the packet to a netlink log group and continue. */
  record Nflog(int group, Optional<String> prefix, OptionalInt size, int threshold)
      implements Target {
    public Nflog {
      Objects.requireNonNull(prefix, "prefix");
      Objects.requireNonNull(size, "size");
    }

    @Override
    public String save() {
      StringBuilder sb = new StringBuilder("-j NFLOG");
      prefix.ifPresent(p -> sb.append(" --nflog-prefix ").append(quote(p)));
      if (group != 0) {
        sb.append(" --nflog-group ").append(group);
      }
      size.ifPresent(s -> sb.append(" --nflog-size ").append(s));
      if (threshold != 1) {
        sb.append(" --nflog-threshold ").append(threshold);
      }
      return sb.toString();
    }

    @Override
    public boolean terminal() {
      return false;
    }
  }

  /**
   * {@code -j MARK}: sets the packet mark to {@code (mark & ~mask) ^ value}. Every form ({@code
   * --set-mark}, {@code --or-mark 0x4000}, {@code --and-mark}, {@code --xor-mark}) is this one
   * operation, and iptables prints it as {@code --set-xmark value/mask}.
   */
  record Mark(long value, long mask) implements Target {
    public Mark {
      SaveSyntax.checkMark(value, mask);
    }

    /** The packet mark after this target. */
    public long apply(long mark) {
      return (mark & ~mask & SaveSyntax.ALL_BITS) ^ value;
    }

    @Override
    public String save() {
      return "-j MARK --set-xmark " + hex(value) + "/" + hex(mask);
    }

    @Override
    public boolean terminal() {
      return false;
    }
  }

  /**
   * {@code -j CONNMARK}: {@link Mode#SET} makes the connection mark {@code (ctmark & ~ctmask) ^
   * value}; {@link Mode#SAVE} copies the packet mark into the connection mark and {@link
   * Mode#RESTORE} the other way, through {@code nfmask} and {@code ctmask}.
   */
  record Connmark(Mode mode, long value, long ctmask, long nfmask) implements Target {
    /** What the target does. */
    public enum Mode {
      SET,
      SAVE,
      RESTORE
    }

    public Connmark {
      Objects.requireNonNull(mode, "mode");
      SaveSyntax.checkMark(value, ctmask);
      SaveSyntax.checkMark(nfmask, nfmask);
    }

    @Override
    public String save() {
      return switch (mode) {
        case SET -> "-j CONNMARK --set-xmark " + hex(value) + "/" + hex(ctmask);
        case SAVE -> "-j CONNMARK --save-mark --nfmask " + hex(nfmask) + " --ctmask " + hex(ctmask);
        case RESTORE ->
            "-j CONNMARK --restore-mark --nfmask " + hex(nfmask) + " --ctmask " + hex(ctmask);
      };
    }

    @Override
    public boolean terminal() {
      return false;
    }
  }

  /** {@code -j DNAT --to-destination range [--random] [--persistent]}: nat PREROUTING/OUTPUT. */
  record Dnat(NatRange to, boolean random, boolean persistent) implements Target {
    public Dnat {
      Objects.requireNonNull(to, "to");
    }

    @Override
    public String save() {
      return "-j DNAT --to-destination "
          + to
          + (random ? " --random" : "")
          + (persistent ? " --persistent" : "");
    }

    @Override
    public boolean terminal() {
      return true;
    }
  }

  /**
   * {@code -j SNAT --to-source range [--random] [--random-fully] [--persistent]}: nat
   * POSTROUTING/INPUT.
   */
  record Snat(NatRange to, boolean random, boolean randomFully, boolean persistent)
      implements Target {
    public Snat {
      Objects.requireNonNull(to, "to");
    }

    @Override
    public String save() {
      return "-j SNAT --to-source "
          + to
          + (random ? " --random" : "")
          + (randomFully ? " --random-fully" : "")
          + (persistent ? " --persistent" : "");
    }

    @Override
    public boolean terminal() {
      return true;
    }
  }

  /**
   * {@code -j MASQUERADE [--to-ports p[-q]] [--random] [--random-fully]}: SNAT to the primary
   * address of the egress device; nat POSTROUTING.
   */
  record Masquerade(Optional<PortRange> toPorts, boolean random, boolean randomFully)
      implements Target {
    public Masquerade {
      Objects.requireNonNull(toPorts, "toPorts");
    }

    @Override
    public String save() {
      return "-j MASQUERADE"
          + toPorts.map(p -> " --to-ports " + p.toNatString()).orElse("")
          + (random ? " --random" : "")
          + (randomFully ? " --random-fully" : "");
    }

    @Override
    public boolean terminal() {
      return true;
    }
  }

  /**
   * {@code -j REDIRECT [--to-ports p[-q]] [--random]}: DNAT to this host; nat PREROUTING/OUTPUT.
   */
  record Redirect(Optional<PortRange> toPorts, boolean random) implements Target {
    public Redirect {
      Objects.requireNonNull(toPorts, "toPorts");
    }

    @Override
    public String save() {
      return "-j REDIRECT"
          + toPorts.map(p -> " --to-ports " + p.toNatString()).orElse("")
          + (random ? " --random" : "");
    }

    @Override
    public boolean terminal() {
      return true;
    }
  }

  /** {@code -j NOTRACK} (raw table): the packet is not tracked (state UNTRACKED). */
  record Notrack() implements Target {
    @Override
    public String save() {
      return "-j NOTRACK";
    }

    @Override
    public boolean terminal() {
      return false;
    }
  }

  /**
   * {@code -j CT} (raw table): {@code --notrack} as NOTRACK; other options ({@code --zone}, {@code
   * --helper}, ...) are kept verbatim and not modelled.
   */
  record Ct(boolean notrack, List<String> options) implements Target {
    public Ct {
      options = List.copyOf(options);
    }

    @Override
    public String save() {
      StringBuilder sb = new StringBuilder("-j CT");
      if (notrack) {
        sb.append(" --notrack");
      }
      options.forEach(o -> sb.append(' ').append(SaveSyntax.verbatim(o)));
      return sb.toString();
    }

    @Override
    public boolean terminal() {
      return false;
    }
  }

  /** {@code -j TRACE}: mark the packet for {@code xtables-monitor --trace} and continue. */
  record Trace() implements Target {
    @Override
    public String save() {
      return "-j TRACE";
    }

    @Override
    public boolean terminal() {
      return false;
    }
  }

  /**
   * Any other target extension ({@code -j CHECKSUM --checksum-fill}, {@code -j NFQUEUE}), kept with
   * its arguments. Terminal when the kernel's extension gives a verdict (NFQUEUE, QUEUE, NETMAP,
   * TPROXY, SYNPROXY); the simulator cannot say what happens next and flags it.
   */
  record NotModelled(String name, List<String> args) implements Target {
    private static final Set<String> VERDICTS =
        Set.of("NFQUEUE", "QUEUE", "NETMAP", "TPROXY", "SYNPROXY");

    public NotModelled {
      Objects.requireNonNull(name, "name");
      args = List.copyOf(args);
    }

    @Override
    public String save() {
      StringBuilder sb = new StringBuilder("-j " + name);
      args.forEach(a -> sb.append(' ').append(a.equals("!") ? a : SaveSyntax.verbatim(a)));
      return sb.toString();
    }

    @Override
    public boolean terminal() {
      return VERDICTS.contains(name);
    }
  }

  /**
   * The place of a rule that a dump shows but podpath could not read (an unknown option, a
   * truncated line), or the unknown rest of a chain whose dump ends before {@code COMMIT}. Loading
   * a dump keeps the place so that the rules around it keep their numbers and their meaning: a
   * packet that reaches it ends the trace as not modelled, naming the line, rather than being
   * judged by a ruleset with a rule missing. Only dumps make it; a command never does.
   *
   * @param reason why the line could not be read, as the parser said it
   */
  record Unreadable(String reason) implements Target {
    public Unreadable {
      Objects.requireNonNull(reason, "reason");
    }

    /** Not iptables syntax: the rule's text is the dump's line, kept in {@link Rule#text()}. */
    @Override
    public String save() {
      return "-j (unreadable: " + reason + ")";
    }

    @Override
    public boolean terminal() {
      return true;
    }
  }
}
