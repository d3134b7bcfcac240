package dev.podpath.model.netfilter.parse;

import java.util.List;
import java.util.Map;

/**
 * One extension on a rule line, a match module ({@code -m tcp}) or a target ({@code -j DNAT}),
 * collecting the options that belong to it, as libxtables dispatches them.
 */
abstract class ExtensionParser {

  final String name;

  ExtensionParser(String name) {
    this.name = name;
  }

  /**
   * The long options taken (without {@code --}, aliases included), with how many values each
   * consumes.
   */
  abstract Map<String, Integer> options();

  /**
   * One option and its values; {@code option} is the spelling in {@link #options()}.
   *
   * @throws IptablesError with iptables' complaint about a bad value
   */
  abstract void option(String option, boolean negated, List<String> values);

  /** {@code MODULE: option "--OPT" can only be used once.} */
  IptablesError once(String option) {
    return IptablesError.parameter(name + ": option \"--" + option + "\" can only be used once.");
  }

  /** {@code MODULE: option "--OPT" must be specified} */
  IptablesError missing(String option) {
    return IptablesError.parameter(name + ": option \"--" + option + "\" must be specified");
  }

  /**
   * {@code MODULE: option "--A" cannot be used together with "--B".}, the two named in the order of
   * the extension's option table ({@code order}), as libxtables reports them.
   */
  IptablesError together(String a, String b, List<String> order) {
    boolean swap = order.indexOf(a) > order.indexOf(b);
    String first = swap ? b : a;
    String second = swap ? a : b;
    return IptablesError.parameter(
        name + ": option \"--" + first + "\" cannot be used together with \"--" + second + "\".");
  }

  static IptablesError noNegation(String option) {
    return IptablesError.parameter("cannot have ! before --" + option);
  }
}
