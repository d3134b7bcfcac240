package dev.podpath.model.dump;

import dev.podpath.model.origin.Origin;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * Reads {@code ps.txt}: the processes of one namespace as {@code ps -eo pid,args} prints them (what
 * {@code podpath collect} writes: a {@code PID COMMAND} header, then one process a line). A
 * snapshot reads it to know which program holds a TUN device (docs/snapshot.md).
 *
 * <pre>{@code
 * PID COMMAND
 * 412 python3 flanneld-udp.py --tun flannel0 --port 8285 10.10.2.0/24=192.168.2.15
 * }</pre>
 */
public final class PsParser {

  static final String COMMAND = "ps -eo pid,args";

  private PsParser() {}

  public static ParseResult<List<ProcessEntry>> parse(String file, String content) {
    Warnings w = new Warnings(file);
    List<ProcessEntry> out = new ArrayList<>();
    if (!Inputs.usable(content, COMMAND, w)) {
      return w.result(out);
    }
    for (TextLine line : TextLine.split(content)) {
      List<Token> tokens = line.tokens();
      if (tokens.isEmpty() || (tokens.get(0).is("PID") && out.isEmpty())) {
        continue;
      }
      OptionalLong pid = JsonFields.parseLong(tokens.get(0).text());
      if (pid.isEmpty()
          || pid.getAsLong() <= 0
          || pid.getAsLong() > Integer.MAX_VALUE
          || tokens.get(0).text().startsWith("0x")) {
        w.add(
            line,
            tokens.get(0),
            "not \"PID COMMAND...\" (the output of `" + COMMAND + "`); skipped");
        continue;
      }
      if (tokens.size() < 2) {
        w.add(line, tokens.get(0), "a process without a command line; skipped");
        continue;
      }
      List<String> argv = tokens.subList(1, tokens.size()).stream().map(Token::text).toList();
      out.add(
          new ProcessEntry(
              (int) pid.getAsLong(),
              argv,
              new Origin(file, line.number(), JsonFields.compact(line.text().strip()))));
    }
    return w.result(out);
  }
}
