package dev.podpath.trace.diff;

import java.util.Objects;
import java.util.Optional;

/**
 * Where two traces of one pair part: the first decision that differs, as each network made it. One
 * side is empty when its trace had ended there (the other went on deciding).
 *
 * <pre>{@code
 * FirstDifference d = change.firstDifference().orElseThrow();
 * d.agreed();                              // 1: the decisions both made alike before it
 * d.before().map(Decision::origin);        // Optional[Optional[ip-route.txt:4: 10.244.1.0/24 via ...]]
 * d.after().map(Decision::origin);         // Optional[Optional[ip-route.txt:3: default via ...]]
 * }</pre>
 *
 * @param agreed how many decisions came before it, alike in both
 * @param before BEFORE's decision there
 * @param after AFTER's decision there
 */
public record FirstDifference(int agreed, Optional<Decision> before, Optional<Decision> after) {

  public FirstDifference {
    Objects.requireNonNull(before, "before");
    Objects.requireNonNull(after, "after");
    if (agreed < 0 || before.isEmpty() && after.isEmpty()) {
      throw new IllegalArgumentException("a difference has a decision on one side at least");
    }
  }
}
