package dev.kew.consumer.route;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Kubernetes label selector in its text form ({@code app=web,tier!=cache,env in (prod,stage),
 * !canary, release}) matched against an object's labels. Every requirement must hold; an empty
 * selector matches everything.
 */
public final class LabelSelector {

  private static final String KEY =
      "((?:[a-z0-9A-Z.-]+/)?[a-zA-Z0-9]([-a-zA-Z0-9_.]*[a-zA-Z0-9])?)";
  private static final String VALUE = "([a-zA-Z0-9]([-a-zA-Z0-9_.]*[a-zA-Z0-9])?)?";
  private static final Pattern EQUALITY = Pattern.compile(KEY + "\\s*(==|=|!=)\\s*" + VALUE);
  private static final Pattern SET = Pattern.compile(KEY + "\\s+(in|notin)\\s*\\(([^)]*)\\)");
  private static final Pattern EXISTS = Pattern.compile("(!?)\\s*" + KEY);
  private static final Pattern SET_VALUE = Pattern.compile(VALUE);

  private interface Requirement {
    boolean test(Map<String, String> labels);
  }

  private final String text;
  private final List<Requirement> requirements;

  private LabelSelector(String text, List<Requirement> requirements) {
    this.text = text;
    this.requirements = requirements;
  }

  /**
   * Parses a selector.
   *
   * @throws IllegalArgumentException naming the requirement that is not valid selector syntax
   */
  public static LabelSelector parse(String text) {
    List<Requirement> requirements = new ArrayList<>();
    for (String part : splitTopLevel(text)) {
      String req = part.trim();
      if (req.isEmpty()) {
        if (!text.isBlank()) {
          throw new IllegalArgumentException("empty requirement in label selector '" + text + "'");
        }
        continue;
      }
      requirements.add(requirement(req));
    }
    return new LabelSelector(text, List.copyOf(requirements));
  }

  private static Requirement requirement(String req) {
    Matcher m = SET.matcher(req);
    if (m.matches()) {
      String key = m.group(1);
      boolean in = m.group(3).equals("in");
      Set<String> values = new java.util.HashSet<>();
      for (String v : m.group(4).split(",")) {
        String value = v.trim();
        if (!SET_VALUE.matcher(value).matches()) {
          throw invalid(req);
        }
        values.add(value);
      }
      return labels -> in == (labels.containsKey(key) && values.contains(labels.get(key)));
    }
    m = EQUALITY.matcher(req);
    if (m.matches()) {
      String key = m.group(1);
      String value = m.group(4) == null ? "" : m.group(4);
      boolean equal = !m.group(3).equals("!=");
      return labels -> equal == value.equals(labels.get(key));
    }
    m = EXISTS.matcher(req);
    if (m.matches()) {
      String key = m.group(2);
      boolean present = m.group(1).isEmpty();
      return labels -> present == labels.containsKey(key);
    }
    throw invalid(req);
  }

  private static IllegalArgumentException invalid(String req) {
    return new IllegalArgumentException(
        "'"
            + req
            + "' is not a label selector requirement: use key=value, key!=value, key in (a,b),"
            + " key notin (a,b), key or !key");
  }

  /** Splits on commas outside parentheses. */
  private static List<String> splitTopLevel(String text) {
    List<String> parts = new ArrayList<>();
    int depth = 0;
    int start = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '(') {
        depth++;
      } else if (c == ')') {
        depth--;
      } else if (c == ',' && depth == 0) {
        parts.add(text.substring(start, i));
        start = i + 1;
      }
    }
    parts.add(text.substring(start));
    return parts;
  }

  public boolean matches(Map<String, String> labels) {
    return requirements.stream().allMatch(r -> r.test(labels));
  }

  @Override
  public String toString() {
    return text;
  }
}
