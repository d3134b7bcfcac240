package dev.podpath.model.snapshot;

import dev.podpath.model.dump.DumpWarning;
import dev.podpath.model.netfilter.Ruleset;
import dev.podpath.model.netfilter.parse.DumpProblem;
import dev.podpath.model.netfilter.parse.IpsetError;
import dev.podpath.model.netfilter.parse.NetfilterParseException;
import dev.podpath.model.netfilter.parse.RulesetBuilder;
import dev.podpath.model.origin.Origin;
import java.util.List;
import java.util.Optional;

/**
 * A namespace's {@code ipset save} and {@code iptables-save} dumps, read into one {@link Ruleset}
 * (the sets first: rules name them). A set line that cannot be read is a warning and skipped. An
 * {@code iptables-save} line that cannot be read is a warning; a rule among them keeps its place in
 * its chain, so that a packet reaching it ends not modelled instead of being judged by a ruleset
 * with a rule missing (see {@link dev.podpath.model.netfilter.Target.Unreadable}).
 */
final class NetfilterDump {

  private NetfilterDump() {}

  static Ruleset read(
      String iptablesFile,
      Optional<String> iptables,
      String ipsetFile,
      Optional<String> ipsets,
      List<DumpWarning> warnings) {
    RulesetBuilder b = RulesetBuilder.lenient();
    ipsets.ifPresent(text -> readSets(b, ipsetFile, text, warnings));
    if (iptables.isPresent()) {
      for (DumpProblem p : b.load(iptablesFile, iptables.get(), true)) {
        NetfilterParseException e = p.error();
        warnings.add(
            new DumpWarning(
                e.file(),
                e.line(),
                e.column(),
                e.lineText(),
                e.reason() + "; " + p.effect().text()));
      }
    }
    return b.build();
  }

  private static void readSets(
      RulesetBuilder b, String file, String text, List<DumpWarning> warnings) {
    String[] lines = text.split("\r?\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      String t = line.strip();
      if (t.isEmpty() || t.startsWith("#")) {
        continue;
      }
      String[] w = t.split("\\s+");
      try {
        if (w[0].equals("create") && w.length >= 3) {
          b.ipsets().create(w[1], w[2], true, new Origin(file, i + 1, line));
        } else if (w[0].equals("add") && w.length >= 3) {
          b.ipsets().add(w[1], w[2], true);
        } else {
          warnings.add(
              new DumpWarning(
                  file,
                  i + 1,
                  1,
                  line,
                  "not a `create NAME TYPE` or `add NAME ELEMENT`"
                      + " line of `ipset save`; skipped"));
        }
      } catch (IpsetError e) {
        warnings.add(new DumpWarning(file, i + 1, 1, line, e.getMessage() + "; skipped"));
      } catch (RuntimeException e) {
        warnings.add(
            new DumpWarning(
                file, i + 1, 1, line, "cannot be read: " + e.getMessage() + "; skipped"));
      }
    }
  }
}
