package dev.podpath.model.netfilter.parse;

import dev.podpath.model.io.TextFiles;
import dev.podpath.model.io.UnreadableFileException;
import dev.podpath.model.netfilter.Ruleset;
import java.nio.file.Path;

/**
 * Reads the output of {@code iptables-save} (legacy or nf_tables backend, with or without {@code
 * -c}) from another machine into a {@link Ruleset}. Each rule keeps the dump's line as its text and
 * {@code file:line:text} as its origin. Match modules and targets podpath does not know are kept as
 * not modelled, never an error; a malformed line (a rule for an undeclared chain, an unterminated
 * quote, a missing {@code COMMIT}, a line outside a table, an unknown option of a known match) is a
 * {@link NetfilterParseException} naming the file, line and column.
 *
 * <pre>{@code
 * Ruleset r = IptablesSaveParser.parse(Path.of("master-01.before.iptables-save.txt"));
 * r.chain(NetfilterTable.FILTER, "INPUT").orElseThrow().rules().get(12).target();  // REJECT
 * }</pre>
 */
public final class IptablesSaveParser {

  private IptablesSaveParser() {}

  /** Reads a dump file ({@link TextFiles}: a regular UTF-8 text file of bounded size). */
  public static Ruleset parse(Path file) throws UnreadableFileException, NetfilterParseException {
    return parse(file.toString(), TextFiles.read(file));
  }

  /**
   * @param fileName the name used in origins and errors
   * @param content the dump
   */
  public static Ruleset parse(String fileName, String content) throws NetfilterParseException {
    RulesetBuilder b = RulesetBuilder.lenient();
    b.restore(fileName, content, false, true);
    return b.build();
  }
}
