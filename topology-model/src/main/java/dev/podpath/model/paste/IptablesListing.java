package dev.podpath.model.paste;

import dev.podpath.model.dump.DumpWarning;
import dev.podpath.model.dump.IptablesRulesParser;
import dev.podpath.model.dump.ParseResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code iptables [-t TABLE] -S} pasted: written as the {@code iptables-save} it stands for ({@link
 * IptablesRulesParser}), with the table the command names ({@code filter} without {@code -t}) or,
 * without a command, the one {@link IptablesTables} tells from the chains. Package-private.
 */
final class IptablesListing {

  private IptablesListing() {}

  /**
   * The save lines of {@code lines}.
   *
   * @param table the table when the command says it; empty when the lines were recognised by their
   *     shape
   */
  static List<String> toSave(
      List<String> lines, Optional<String> table, LineRange where, List<String> notes) {
    ParseResult<List<String>> r =
        IptablesRulesParser.parse(where.toString(), String.join("\n", lines) + "\n");
    List<String> out = new ArrayList<>();
    table.ifPresent(t -> out.add("*" + t));
    out.addAll(r.value());
    table.ifPresent(t -> out.add("COMMIT"));
    notes.add(
        "the listing of `iptables -S` written as iptables-save: `-P CHAIN POLICY` as `:CHAIN POLICY [0:0]`,"
            + " `-N CHAIN` as `:CHAIN - [0:0]`, counters `-c P B` as `[P:B]`"
            + table.map(t -> ", in table " + t + " (*" + t + " ... COMMIT)").orElse(""));
    for (DumpWarning w : r.warnings()) {
      notes.add("left out: `" + w.text().strip() + "` (" + w.message() + ")");
    }
    return out;
  }
}
