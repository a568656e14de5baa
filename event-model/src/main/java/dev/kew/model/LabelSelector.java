package dev.kew.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Kubernetes label selector in its text form, parsed as the API server parses it ({@code
 * app=web}, {@code tier!=db}, {@code env in (prod,staging)}, {@code env notin (dev)}, {@code
 * release}, {@code !canary}, {@code replicas>2}) and matched against an object's labels. Every
 * requirement must hold; an empty selector matches everything. The producer checks its {@code
 * --label-selector} with it before the API server sees it; the consumer matches routes with it.
 */
public final class LabelSelector {

  private static final String NAME = "[A-Za-z0-9](?:[-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?";
  private static final String PREFIX = "[a-z0-9](?:[-a-z0-9.]{0,251}[a-z0-9])?";
  private static final String KEY = "((?:" + PREFIX + "/)?" + NAME + ")";
  private static final Pattern VALUE = Pattern.compile("(?:" + NAME + ")?");
  private static final Pattern EXISTS = Pattern.compile("(!?)\\s*" + KEY);
  private static final Pattern EQUALITY = Pattern.compile(KEY + "\\s*(==|!=|=)\\s*(" + NAME + ")?");
  private static final Pattern COMPARISON = Pattern.compile(KEY + "\\s*([<>])\\s*(-?\\d{1,18})");
  private static final Pattern SET = Pattern.compile(KEY + "\\s+(in|notin)\\s*\\((.*)\\)");

  private final String text;
  private final List<Predicate<Map<String, String>>> requirements;

  private LabelSelector(String text, List<Predicate<Map<String, String>>> requirements) {
    this.text = text;
    this.requirements = requirements;
  }

  /**
   * Parses a selector; a blank one selects everything.
   *
   * @throws IllegalArgumentException with a sentence naming what is not valid selector syntax
   */
  public static LabelSelector parse(String text) {
    List<Predicate<Map<String, String>>> requirements = new ArrayList<>();
    if (!text.isBlank()) {
      for (String part : splitOutsideParentheses(text)) {
        String requirement = part.trim();
        if (requirement.isEmpty()) {
          throw new IllegalArgumentException(
              "label selector '" + text + "' has an empty requirement (stray comma?)");
        }
        requirements.add(requirement(requirement));
      }
    }
    return new LabelSelector(text, List.copyOf(requirements));
  }

  /** Whether an object with these labels is selected. */
  public boolean matches(Map<String, String> labels) {
    return requirements.stream().allMatch(r -> r.test(labels));
  }

  @Override
  public String toString() {
    return text;
  }

  private static Predicate<Map<String, String>> requirement(String requirement) {
    Matcher m = SET.matcher(requirement);
    if (m.matches()) {
      String key = m.group(1);
      boolean in = m.group(2).equals("in");
      Set<String> values = new java.util.HashSet<>();
      for (String value : m.group(3).split(",", -1)) {
        if (!VALUE.matcher(value.trim()).matches()) {
          throw invalid(requirement);
        }
        values.add(value.trim());
      }
      return labels -> in == (labels.containsKey(key) && values.contains(labels.get(key)));
    }
    m = EQUALITY.matcher(requirement);
    if (m.matches()) {
      String key = m.group(1);
      boolean equal = !m.group(2).equals("!=");
      String value = m.group(3) == null ? "" : m.group(3);
      return labels -> equal == value.equals(labels.get(key));
    }
    m = COMPARISON.matcher(requirement);
    if (m.matches()) {
      String key = m.group(1);
      boolean greater = m.group(2).equals(">");
      long bound = Long.parseLong(m.group(3));
      return labels -> compares(labels.get(key), greater, bound);
    }
    m = EXISTS.matcher(requirement);
    if (m.matches()) {
      String key = m.group(2);
      boolean present = m.group(1).isEmpty();
      return labels -> present == labels.containsKey(key);
    }
    throw invalid(requirement);
  }

  /** As Kubernetes: the label must be there and hold a whole number beyond the bound. */
  private static boolean compares(String value, boolean greater, long bound) {
    if (value == null) {
      return false;
    }
    try {
      long number = Long.parseLong(value);
      return greater ? number > bound : number < bound;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static IllegalArgumentException invalid(String requirement) {
    return new IllegalArgumentException(
        "'"
            + requirement
            + "' is not a label selector requirement: use key=value, key!=value, key in (a,b),"
            + " key notin (a,b), key, !key, key>N or key<N");
  }

  /** Splits at the commas outside parentheses; parentheses must balance and not nest. */
  private static List<String> splitOutsideParentheses(String selector) {
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
        throw unbalanced(selector);
      }
    }
    if (depth != 0) {
      throw unbalanced(selector);
    }
    parts.add(selector.substring(start));
    return parts;
  }

  private static IllegalArgumentException unbalanced(String selector) {
    return new IllegalArgumentException(
        "label selector '" + selector + "' has unbalanced or nested parentheses");
  }
}
