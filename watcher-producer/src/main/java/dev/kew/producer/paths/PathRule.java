package dev.kew.producer.paths;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;

/**
 * A path into a Kubernetes object, for every kind or for one kind: {@code status}, {@code
 * Pod:status}, {@code metadata.annotations.example.com/checksum}, {@code
 * spec.template.spec.containers.*.resources}.
 *
 * <p>Segments are separated by dots, but a key may itself contain dots (annotation and label keys
 * do): {@code metadata.annotations.kubectl.kubernetes.io/last-applied-configuration} names the one
 * annotation. {@code *} stands for any one key or array index. A rule matches the node at the path
 * and everything below it. A kind prefix ({@code Pod:}) is a kind name, compared ignoring case.
 *
 * @param kind the kind this rule is limited to, or {@code null} for every kind
 * @param path the dotted path
 */
public record PathRule(String kind, String path) {

  private static final Pattern KIND = Pattern.compile("[A-Za-z][A-Za-z0-9]*");

  public PathRule {
    Objects.requireNonNull(path, "path");
    if (path.isEmpty() || path.startsWith(".") || path.endsWith(".") || path.contains("..")) {
      throw new IllegalArgumentException(
          "'" + path + "' is not a path; use dotted keys such as spec.replicas");
    }
    if (kind != null && !KIND.matcher(kind).matches()) {
      throw new IllegalArgumentException("'" + kind + "' is not a kind name such as Pod");
    }
  }

  /**
   * Parses {@code [Kind:]path}.
   *
   * @throws IllegalArgumentException saying what is wrong
   */
  public static PathRule parse(String text) {
    String trimmed = text.trim();
    int colon = trimmed.indexOf(':');
    if (colon > 0 && KIND.matcher(trimmed.substring(0, colon)).matches()) {
      return new PathRule(trimmed.substring(0, colon), trimmed.substring(colon + 1));
    }
    return new PathRule(null, trimmed);
  }

  /** Whether this rule applies to objects of {@code kind}. */
  public boolean appliesTo(String kind) {
    return this.kind == null || this.kind.equalsIgnoreCase(kind);
  }

  /**
   * Calls {@code action} with the container (object or array) and the key of every node of {@code
   * root} at this path. Array indexes are given as text. The action may replace the node.
   */
  public void forEachMatch(JsonNode root, BiConsumer<JsonNode, String> action) {
    visit(root, path, action);
  }

  /**
   * Whether the node at {@code pointer} (a JSON Pointer, RFC 6901, as in a JSON Patch operation:
   * {@code /metadata/annotations/example.com~1checksum}) is at this path or below it.
   */
  public boolean covers(String pointer) {
    if (!pointer.startsWith("/")) {
      return false; // the whole document is above every path
    }
    String rest = path;
    for (JsonPointer tokens = JsonPointer.compile(pointer); !tokens.matches(); ) {
      String key = tokens.getMatchingProperty();
      tokens = tokens.tail();
      if (rest.equals(key) || rest.equals("*")) {
        return true;
      } else if (rest.startsWith(key + ".")) {
        rest = rest.substring(key.length() + 1);
      } else if (rest.startsWith("*.")) {
        rest = rest.substring(2);
      } else {
        return false;
      }
    }
    return false; // above the path
  }

  @Override
  public String toString() {
    return kind == null ? path : kind + ":" + path;
  }

  private static void visit(JsonNode node, String rest, BiConsumer<JsonNode, String> action) {
    List<String> keys = new ArrayList<>();
    if (node instanceof ObjectNode object) {
      object.fieldNames().forEachRemaining(keys::add);
    } else if (node instanceof ArrayNode array) {
      for (int i = 0; i < array.size(); i++) {
        keys.add(Integer.toString(i));
      }
    } else {
      return;
    }
    for (String key : keys) {
      if (rest.equals(key) || rest.equals("*")) {
        action.accept(node, key);
      } else if (rest.startsWith(key + ".")) {
        visit(child(node, key), rest.substring(key.length() + 1), action);
      } else if (rest.startsWith("*.")) {
        visit(child(node, key), rest.substring(2), action);
      }
    }
  }

  private static JsonNode child(JsonNode node, String key) {
    return node.isArray() ? node.get(Integer.parseInt(key)) : node.get(key);
  }
}
