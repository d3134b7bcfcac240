package dev.podpath.model.script;

import java.util.List;
import java.util.Objects;

/**
 * A scenario script read to its end ({@link ScenarioInterpreter#check}): every line that failed, in
 * order, and the scenario the other lines built, with its notes. What {@code podpath lint} lists
 * for a script.
 *
 * <pre>{@code
 * ScriptCheck c = ScenarioInterpreter.check(Path.of("broken.sh"));
 * c.problems();              // broken.sh:4: Cannot find device "veth9" ..., broken.sh:9: ...
 * c.scenario().notes();      // not modelled, info
 * }</pre>
 *
 * @param scenario what the lines that ran built
 * @param problems each failing line, as the {@link ScriptException} a run would have stopped at
 */
public record ScriptCheck(Scenario scenario, List<ScriptException> problems) {

  public ScriptCheck {
    Objects.requireNonNull(scenario, "scenario");
    problems = List.copyOf(problems);
  }
}
