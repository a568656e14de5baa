package dev.kew.local.cluster.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A label selector ({@code app=web,tier!=cache,env in (a,b),!legacy}) and a field selector on
 * {@code metadata.name} and {@code metadata.namespace} ({@code =}, {@code ==}, {@code !=}), as
 * kube-apiserver parses them from {@code labelSelector} and {@code fieldSelector}.
 */
public final class Selector {

  /** Selects everything. */
  public static final Selector ALL = new Selector(List.of(), List.of());

  private static final int MAX_LENGTH = 4096;

  private final List<Predicate<Map<String, String>>> labels;
  private final List<Predicate<String[]>> fields;

  private Selector(List<Predicate<Map<String, String>>> labels, List<Predicate<String[]>> fields) {
    this.labels = labels;
    this.fields = fields;
  }

  /**
   * Parses both selectors; {@code null} or blank selects everything.
   *
   * @throws ApiError 400 for a selector that does not parse or a field other than {@code
   *     metadata.name} and {@code metadata.namespace}
   */
  public static Selector parse(String labelSelector, String fieldSelector) {
    List<Predicate<Map<String, String>>> labels = new ArrayList<>();
    for (String requirement : requirements(labelSelector, "labelSelector")) {
      labels.add(labelRequirement(requirement));
    }
    List<Predicate<String[]>> fields = new ArrayList<>();
    for (String requirement : requirements(fieldSelector, "fieldSelector")) {
      fields.add(fieldRequirement(requirement));
    }
    return labels.isEmpty() && fields.isEmpty() ? ALL : new Selector(labels, fields);
  }

  /** Whether an object with this namespace (null when cluster-scoped), name and labels matches. */
  public boolean matches(String namespace, String name, Map<String, String> objectLabels) {
    String[] identity = {namespace == null ? "" : namespace, name};
    for (Predicate<String[]> field : fields) {
      if (!field.test(identity)) {
        return false;
      }
    }
    for (Predicate<Map<String, String>> label : labels) {
      if (!label.test(objectLabels)) {
        return false;
      }
    }
    return true;
  }

  private static List<String> requirements(String selector, String parameter) {
    if (selector == null || selector.isBlank()) {
      return List.of();
    }
    if (selector.length() > MAX_LENGTH) {
      throw ApiError.badRequest(parameter + " is longer than " + MAX_LENGTH + " characters");
    }
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
        parts.add(selector.substring(start, i).trim());
        start = i + 1;
      }
    }
    parts.add(selector.substring(start).trim());
    if (depth != 0 || parts.stream().anyMatch(String::isEmpty)) {
      throw ApiError.badRequest("unable to parse " + parameter + " \"" + selector + "\"");
    }
    return parts;
  }

  private static Predicate<Map<String, String>> labelRequirement(String requirement) {
    String[] words = requirement.split("\\s+", 3);
    if (words.length == 3 && (words[1].equals("in") || words[1].equals("notin"))) {
      String set = words[2].trim();
      if (!set.startsWith("(") || !set.endsWith(")")) {
        throw ApiError.badRequest("unable to parse requirement \"" + requirement + "\"");
      }
      Set<String> values = Set.of(set.substring(1, set.length() - 1).trim().split("\\s*,\\s*"));
      String key = validKey(words[0], requirement);
      return words[1].equals("in")
          ? labels -> labels.containsKey(key) && values.contains(labels.get(key))
          : labels -> !labels.containsKey(key) || !values.contains(labels.get(key));
    }
    int ne = requirement.indexOf("!=");
    if (ne > 0) {
      String key = validKey(requirement.substring(0, ne), requirement);
      String value = requirement.substring(ne + 2).trim();
      return labels -> !value.equals(labels.get(key));
    }
    int eq = requirement.indexOf('=');
    if (eq > 0) {
      String key = validKey(requirement.substring(0, eq), requirement);
      String value = requirement.substring(requirement.startsWith("==", eq) ? eq + 2 : eq + 1);
      String trimmed = value.trim();
      return labels -> trimmed.equals(labels.get(key));
    }
    if (requirement.startsWith("!")) {
      String key = validKey(requirement.substring(1), requirement);
      return labels -> !labels.containsKey(key);
    }
    String key = validKey(requirement, requirement);
    return labels -> labels.containsKey(key);
  }

  private static String validKey(String key, String requirement) {
    String trimmed = key.trim();
    if (trimmed.isEmpty() || !trimmed.matches("[A-Za-z0-9._/-]+")) {
      throw ApiError.badRequest("unable to parse requirement \"" + requirement + "\"");
    }
    return trimmed;
  }

  private static Predicate<String[]> fieldRequirement(String requirement) {
    int ne = requirement.indexOf("!=");
    int eq = requirement.indexOf('=');
    if (eq <= 0) {
      throw ApiError.badRequest("invalid field selector \"" + requirement + "\"");
    }
    boolean negated = ne > 0 && ne < eq;
    String field = requirement.substring(0, negated ? ne : eq).trim();
    int valueStart = negated ? ne + 2 : requirement.startsWith("==", eq) ? eq + 2 : eq + 1;
    String value = requirement.substring(valueStart).trim();
    int index =
        switch (field) {
          case "metadata.namespace" -> 0;
          case "metadata.name" -> 1;
          default ->
              throw ApiError.badRequest(
                  "field label not supported: "
                      + field
                      + " (the simulated cluster selects on metadata.name and metadata.namespace)");
        };
    return negated
        ? identity -> !value.equals(identity[index])
        : identity -> value.equals(identity[index]);
  }
}
