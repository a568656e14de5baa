package dev.kew.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Kubernetes label selector in its text form, parsed as the API server parses it ({@code
 * app=web}, {@code tier!=db}, {@code env in (prod,staging)}, {@code env notin (dev)}, {@code
 * release}, {@code !canary}, {@code replicas>2}) and matched against an object's labels. Every
 * requirement must hold; an empty selector matches everything. The producer checks its {@code
 * --label-selector} with it before the API server sees it; the consumer matches routes with it; the
 * history service turns its {@link #requirements()} into an index query.
 */
public final class LabelSelector {

  /** How a requirement tests its label. */
  public enum Operator {
    /** {@code key=value} or {@code key==value}. */
    EQUALS,
    /** {@code key!=value}: also holds when the label is absent. */
    NOT_EQUALS,
    /** {@code key in (a,b)}. */
    IN,
    /** {@code key notin (a,b)}: also holds when the label is absent. */
    NOT_IN,
    /** {@code key}. */
    EXISTS,
    /** {@code !key}. */
    DOES_NOT_EXIST,
    /** {@code key>N}: the label holds a whole number greater than N. */
    GREATER_THAN,
    /** {@code key<N}: the label holds a whole number less than N. */
    LESS_THAN
  }

  /**
   * One requirement of a selector.
   *
   * @param values the value(s) compared with: one for equality and comparison, the set for {@code
   *     in}/{@code notin}, none for existence
   */
  public record Requirement(String key, Operator operator, Set<String> values) {

    public Requirement {
      values = Collections.unmodifiableSet(new LinkedHashSet<>(values));
    }

    /** Whether an object with these labels meets the requirement. */
    public boolean matches(Map<String, String> labels) {
      String value = labels.get(key);
      return switch (operator) {
        case EQUALS -> values.contains(value);
        case NOT_EQUALS -> !values.contains(value);
        case IN -> labels.containsKey(key) && values.contains(value);
        case NOT_IN -> !(labels.containsKey(key) && values.contains(value));
        case EXISTS -> labels.containsKey(key);
        case DOES_NOT_EXIST -> !labels.containsKey(key);
        case GREATER_THAN, LESS_THAN ->
            compares(value, operator == Operator.GREATER_THAN, Long.parseLong(only()));
      };
    }

    private String only() {
      return values.iterator().next();
    }
  }

  private static final String NAME = "[A-Za-z0-9](?:[-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?";
  private static final String PREFIX = "[a-z0-9](?:[-a-z0-9.]{0,251}[a-z0-9])?";
  private static final String KEY = "((?:" + PREFIX + "/)?" + NAME + ")";
  private static final Pattern VALUE = Pattern.compile("(?:" + NAME + ")?");
  private static final Pattern EXISTS = Pattern.compile("(!?)\\s*" + KEY);
  private static final Pattern EQUALITY = Pattern.compile(KEY + "\\s*(==|!=|=)\\s*(" + NAME + ")?");
  private static final Pattern COMPARISON = Pattern.compile(KEY + "\\s*([<>])\\s*(-?\\d{1,18})");
  private static final Pattern SET = Pattern.compile(KEY + "\\s+(in|notin)\\s*\\((.*)\\)");

  private final String text;
  private final List<Requirement> requirements;

  private LabelSelector(String text, List<Requirement> requirements) {
    this.text = text;
    this.requirements = requirements;
  }

  /**
   * Parses a selector; a blank one selects everything.
   *
   * @throws IllegalArgumentException with a sentence naming what is not valid selector syntax
   */
  public static LabelSelector parse(String text) {
    List<Requirement> requirements = new ArrayList<>();
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
    return requirements.stream().allMatch(r -> r.matches(labels));
  }

  /** The requirements, every one of which must hold; none for a blank selector. */
  public List<Requirement> requirements() {
    return requirements;
  }

  @Override
  public String toString() {
    return text;
  }

  private static Requirement requirement(String requirement) {
    Matcher m = SET.matcher(requirement);
    if (m.matches()) {
      Set<String> values = new LinkedHashSet<>();
      for (String value : m.group(3).split(",", -1)) {
        if (!VALUE.matcher(value.trim()).matches()) {
          throw invalid(requirement);
        }
        values.add(value.trim());
      }
      Operator operator = m.group(2).equals("in") ? Operator.IN : Operator.NOT_IN;
      return new Requirement(m.group(1), operator, values);
    }
    m = EQUALITY.matcher(requirement);
    if (m.matches()) {
      Operator operator = m.group(2).equals("!=") ? Operator.NOT_EQUALS : Operator.EQUALS;
      return new Requirement(m.group(1), operator, Set.of(m.group(3) == null ? "" : m.group(3)));
    }
    m = COMPARISON.matcher(requirement);
    if (m.matches()) {
      Operator operator = m.group(2).equals(">") ? Operator.GREATER_THAN : Operator.LESS_THAN;
      return new Requirement(m.group(1), operator, Set.of(m.group(3)));
    }
    m = EXISTS.matcher(requirement);
    if (m.matches()) {
      Operator operator = m.group(1).isEmpty() ? Operator.EXISTS : Operator.DOES_NOT_EXIST;
      return new Requirement(m.group(2), operator, Set.of());
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
