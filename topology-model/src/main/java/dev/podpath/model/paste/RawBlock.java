package dev.podpath.model.paste;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A block of pasted output being cut out of a text: where it starts, the command typed for it (if
 * any) and what that command is, the lines so far. Mutable while {@link Segmenter} reads;
 * package-private.
 */
final class RawBlock {

  final String source;

  /** The prompt's (or label's, or first output) line. */
  final int first;

  final Optional<EchoedCommand> command;

  /** Set for a typed command; empty for a block recognised by its lines. */
  final Optional<Recognition> recognition;

  /** The host the prompt shows. */
  final Optional<String> host;

  /**
   * Where the command ran, when not in the host's own namespace (by the command, or the shell
   * entered before).
   */
  final Optional<EchoedCommand.Namespace> in;

  /**
   * Words before the command on a label line ({@code node 10.1.2.3 ip addr show}) that may name the
   * node.
   */
  final Optional<String> labelPrefix;

  Family family;
  final List<PasteLine> lines = new ArrayList<>();
  final List<PasteLine> pending = new ArrayList<>();
  int last;
  int baseIndent = -1;
  int headerTokens;
  int jsonDepth;
  boolean jsonDone;

  RawBlock(
      String source,
      int first,
      Optional<EchoedCommand> command,
      Optional<Recognition> recognition,
      Optional<String> host,
      Optional<EchoedCommand.Namespace> in,
      Optional<String> labelPrefix,
      Family family) {
    this.source = source;
    this.first = first;
    this.last = first;
    this.command = command;
    this.recognition = recognition;
    this.host = host;
    this.in = in;
    this.labelPrefix = labelPrefix;
    this.family = family;
  }

  boolean hasOutput() {
    return lines.stream().anyMatch(PasteLine::isText);
  }

  /**
   * Whether the command's output is a dump a snapshot holds (or, without a command, whether its
   * family is read).
   */
  boolean isDump() {
    return recognition.map(r -> r instanceof Recognition.Dump).orElse(family.notRead().isEmpty());
  }

  void add(PasteLine line) {
    if (line.isText()) {
      lines.addAll(pending);
      pending.clear();
      if (baseIndent < 0) {
        baseIndent = line.indent();
      }
    }
    lines.add(line);
    last = line.number();
  }

  /** The last line of text (the block {@link #hasOutput has output}). */
  PasteLine lastText() {
    for (int i = lines.size() - 1; i >= 0; i--) {
      if (lines.get(i).isText()) {
        return lines.get(i);
      }
    }
    throw new IllegalStateException("no output yet");
  }

  /** The last line of text replaced by {@code joined}, which now ends at line {@code end}. */
  void replaceLastText(PasteLine joined, int end) {
    for (int i = lines.size() - 1; i >= 0; i--) {
      if (lines.get(i).isText()) {
        lines.set(i, joined);
        last = Math.max(last, end);
        return;
      }
    }
    throw new IllegalStateException("no output yet");
  }

  LineRange range() {
    int end = lines.isEmpty() ? first : Math.max(first, last);
    return new LineRange(source, first, end);
  }

  /** The command as typed, or what printed the lines when it was recognised by them. */
  String commandText() {
    if (command.isEmpty() && family == Family.IPTABLES) {
      return "iptables-save (by its lines)";
    }
    return command
        .map(EchoedCommand::text)
        .orElseGet(
            () ->
                family
                    .file()
                    .flatMap(SnapshotFile::format)
                    .map(f -> f.command() + " (by its lines)")
                    .orElse(
                        family.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ')
                            + " output (by its lines)"));
  }
}
