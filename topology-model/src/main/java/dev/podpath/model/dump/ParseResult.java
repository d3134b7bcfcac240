package dev.podpath.model.dump;

import java.util.List;
import java.util.Objects;

/**
 * What a dump parser read, with the warnings about what it could not read.
 *
 * <p>A parser always returns one: bad lines become warnings and the rest still loads, so a result
 * can hold both a value and warnings. A file that cannot be read at all (empty, binary, the output
 * of another command) gives an empty value and a whole-file warning.
 *
 * <pre>{@code
 * ParseResult<RouteDump> r = IpRouteTextParser.parse("worker1-ip-route.txt", text);
 * r.value().routes();          // the routes that parsed
 * r.warnings().forEach(System.err::println);
 * }</pre>
 *
 * @param value what was read (never null; an empty list or map when nothing was)
 * @param warnings in file order
 */
public record ParseResult<T>(T value, List<DumpWarning> warnings) {

  public ParseResult {
    Objects.requireNonNull(value, "value");
    warnings = List.copyOf(warnings);
  }

  public static <T> ParseResult<T> of(T value, List<DumpWarning> warnings) {
    return new ParseResult<>(value, warnings);
  }

  public boolean hasWarnings() {
    return !warnings.isEmpty();
  }
}
