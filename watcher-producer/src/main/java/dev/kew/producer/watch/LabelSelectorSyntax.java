package dev.kew.producer.watch;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks a label selector string as the Kubernetes API server would parse it ({@code app=web},
 * {@code tier!=db}, {@code env in (prod,staging)}, {@code !canary}, {@code release}), so that a
 * typo fails the start instead of the first list call.
 */
public final class LabelSelectorSyntax {

  private static final String NAME = "[A-Za-z0-9](?:[-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?";
  private static final String PREFIX = "[a-z0-9](?:[-a-z0-9.]{0,251}[a-z0-9])?";
  private static final String KEY = "(?:" + PREFIX + "/)?" + NAME;
  private static final Pattern VALUE = Pattern.compile("(?:" + NAME + ")?");
  private static final Pattern EXISTS = Pattern.compile("!?\\s*" + KEY);
  private static final Pattern EQUALITY =
      Pattern.compile(KEY + "\\s*(?:==|!=|=)\\s*(?:" + NAME + ")?");
  private static final Pattern COMPARISON = Pattern.compile(KEY + "\\s*[<>]\\s*-?\\d+");
  private static final Pattern SET = Pattern.compile(KEY + "\\s+(?:in|notin)\\s*\\((.*)\\)");

  private LabelSelectorSyntax() {}

  /** Why {@code selector} is not a valid label selector, or empty when it is. */
  public static Optional<String> problem(String selector) {
    List<String> requirements = split(selector);
    if (requirements == null) {
      return Optional.of("unbalanced parentheses");
    }
    for (String requirement : requirements) {
      String r = requirement.trim();
      if (r.isEmpty()) {
        return Optional.of("empty requirement (stray comma?)");
      }
      if (!valid(r)) {
        return Optional.of("cannot parse '" + r + "'");
      }
    }
    return Optional.empty();
  }

  private static boolean valid(String requirement) {
    if (EXISTS.matcher(requirement).matches()
        || EQUALITY.matcher(requirement).matches()
        || COMPARISON.matcher(requirement).matches()) {
      return true;
    }
    Matcher set = SET.matcher(requirement);
    if (!set.matches()) {
      return false;
    }
    for (String value : set.group(1).split(",", -1)) {
      if (!VALUE.matcher(value.trim()).matches()) {
        return false;
      }
    }
    return true;
  }

  /** Splits at the commas outside parentheses; null when parentheses do not balance. */
  private static List<String> split(String selector) {
    List<String> parts = new ArrayList<>();
    int depth = 0;
    int start = 0;
    for (int i = 0; i < selector.length(); i++) {
      char c = selector.charAt(i);
      if (c == '(') {
        depth++;
      } else if (c == ')') {
        depth--;
      } else if (c == ',' && depth == 0) {
        parts.add(selector.substring(start, i));
        start = i + 1;
      }
      if (depth < 0 || depth > 1) {
        return null;
      }
    }
    if (depth != 0) {
      return null;
    }
    parts.add(selector.substring(start));
    return parts;
  }
}
