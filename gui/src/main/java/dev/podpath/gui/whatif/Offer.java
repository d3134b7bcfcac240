package dev.podpath.gui.whatif;

import java.util.Objects;
import java.util.function.Function;

/**
 * An edit a row of the namespace's tables offers in its context menu: made at once ({@link Now}),
 * or after asking one value ({@link Ask}: an MTU, a sysctl's value, a rule).
 */
public sealed interface Offer {

  /** The menu item's text. */
  String label();

  /** An edit ready to make. */
  record Now(String label, Edit edit) implements Offer {
    public Now {
      Objects.requireNonNull(label, "label");
      Objects.requireNonNull(edit, "edit");
    }
  }

  /**
   * An edit that needs one value first.
   *
   * @param question what the dialog asks
   * @param initial the value proposed
   * @param edit the edit for the value given; {@link IllegalArgumentException} with a message for a
   *     value it cannot take
   */
  record Ask(String label, String question, String initial, Function<String, Edit> edit)
      implements Offer {
    public Ask {
      Objects.requireNonNull(label, "label");
      Objects.requireNonNull(question, "question");
      Objects.requireNonNull(initial, "initial");
      Objects.requireNonNull(edit, "edit");
    }
  }
}
