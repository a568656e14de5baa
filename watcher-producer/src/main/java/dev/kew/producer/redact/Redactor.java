package dev.kew.producer.redact;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.kew.model.EventCodec;
import dev.kew.producer.paths.PathRule;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Replaces sensitive values of an object (a JSON tree the caller owns) by a marker that holds a
 * short SHA-256 prefix of the value, {@code <redacted sha256:1a2b3c4d>}: readers still see that a
 * value changed, and which, never the value.
 *
 * <ul>
 *   <li>Secrets ({@code v1} {@code Secret}): every value of {@code data} and {@code stringData}
 *       (the hash of {@code data} is taken over the decoded bytes, so the same value has the same
 *       marker in both), and the {@value #LAST_APPLIED} annotation. Always, whatever the rules.
 *   <li>Every kind: the {@code value} of every {@code env} entry whose {@code name} matches {@link
 *       RedactionRules#envNames()}, and every configured path; the {@value #LAST_APPLIED}
 *       annotation (a copy of the object as applied) is redacted by the same rules.
 * </ul>
 */
public final class Redactor {

  /** The annotation {@code kubectl apply} writes: the applied object, Secret values included. */
  public static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

  private static final String MARKER_PREFIX = "<redacted sha256:";
  private static final int HASH_CHARS = 8;

  /**
   * Every env name glob in one pattern (one matcher per env entry), or null when there are none.
   */
  private final Pattern envNames;

  private final List<PathRule> paths;

  public Redactor(RedactionRules rules) {
    this.envNames =
        rules.envNames().isEmpty()
            ? null
            : Pattern.compile(
                rules.envNames().stream()
                    .map(name -> "(?:" + RedactionRules.glob(name).pattern() + ")")
                    .collect(Collectors.joining("|")),
                Pattern.CASE_INSENSITIVE);
    this.paths = rules.paths();
  }

  /** Redacts {@code object} in place. */
  public void redact(ObjectNode object) {
    String kind = object.path("kind").asText();
    JsonNode annotations = object.path("metadata").path("annotations");
    if (isSecret(object)) {
      redactValues(object.get("data"), true);
      redactValues(object.get("stringData"), false);
      if (annotations instanceof ObjectNode notes && notes.has(LAST_APPLIED)) {
        notes.put(LAST_APPLIED, marker(notes.get(LAST_APPLIED).asText()));
      }
    } else if (annotations instanceof ObjectNode notes && notes.has(LAST_APPLIED)) {
      notes.put(LAST_APPLIED, redactedCopy(notes.get(LAST_APPLIED).asText()));
    }
    redactEnv(object);
    for (PathRule rule : paths) {
      if (rule.appliesTo(kind)) {
        rule.forEachMatch(object, (container, key) -> replace(container, key));
      }
    }
  }

  /** Whether {@code text} is a marker written by this class. */
  public static boolean isMarker(String text) {
    return text.startsWith(MARKER_PREFIX) && text.endsWith(">");
  }

  /** The marker of {@code value}: {@code <redacted sha256:} + 8 hex digits + {@code >}. */
  public static String marker(byte[] value) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(value);
      return MARKER_PREFIX + HexFormat.of().formatHex(hash).substring(0, HASH_CHARS) + ">";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Every JVM has SHA-256", e);
    }
  }

  static String marker(String value) {
    return marker(value.getBytes(StandardCharsets.UTF_8));
  }

  private static boolean isSecret(JsonNode object) {
    return "Secret".equals(object.path("kind").asText())
        && "v1".equals(object.path("apiVersion").asText());
  }

  private static void redactValues(JsonNode values, boolean base64) {
    if (values instanceof ObjectNode map) {
      List<String> keys = new ArrayList<>();
      map.fieldNames().forEachRemaining(keys::add);
      for (String key : keys) {
        map.put(
            key, base64 ? marker(decoded(map.get(key).asText())) : marker(map.get(key).asText()));
      }
    }
  }

  private static byte[] decoded(String base64) {
    try {
      return Base64.getDecoder().decode(base64);
    } catch (IllegalArgumentException e) {
      return base64.getBytes(StandardCharsets.UTF_8);
    }
  }

  /** The annotation's object redacted by the same rules, or a marker if it is not JSON. */
  private String redactedCopy(String lastApplied) {
    try {
      if (EventCodec.mapper().readTree(lastApplied) instanceof ObjectNode applied
          && !applied.path("metadata").path("annotations").has(LAST_APPLIED)) {
        redact(applied);
        return EventCodec.mapper().writeValueAsString(applied);
      }
    } catch (JsonProcessingException e) {
      // not JSON: fall through to the marker, and never log the text
    }
    return marker(lastApplied);
  }

  private void redactEnv(JsonNode node) {
    if (node instanceof ObjectNode object) {
      for (Map.Entry<String, JsonNode> field : object.properties()) {
        if (field.getKey().equals("env") && field.getValue() instanceof ArrayNode env) {
          env.forEach(this::redactEnvEntry);
        } else {
          redactEnv(field.getValue());
        }
      }
    } else if (node instanceof ArrayNode array) {
      array.forEach(this::redactEnv);
    }
  }

  private void redactEnvEntry(JsonNode entry) {
    if (entry instanceof ObjectNode variable
        && variable.path("name").isTextual()
        && variable.has("value")
        && envNames != null
        && envNames.matcher(variable.get("name").asText()).matches()) {
      variable.put("value", marker(variable.get("value").asText()));
    }
  }

  private static void replace(JsonNode container, String key) {
    JsonNode value =
        container.isArray() ? container.get(Integer.parseInt(key)) : container.get(key);
    TextNode redacted =
        TextNode.valueOf(marker(value.isTextual() ? value.asText() : value.toString()));
    if (container instanceof ObjectNode object) {
      object.set(key, redacted);
    } else if (container instanceof ArrayNode array) {
      array.set(Integer.parseInt(key), redacted);
    }
  }
}
