package dev.kew.consumer.sink;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;

/**
 * Where a secret comes from, as written in the configuration: the value itself ({@code url:
 * https://...}), an environment variable ({@code url: {env: SLACK_URL}}) or a file whose content,
 * trimmed, is the value ({@code url: {file: /var/run/secrets/kew/slack-url}}). Resolved by {@link
 * SinkSpec#secret}.
 */
public record SecretRef(String value, String env, String file) {

  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  public static SecretRef parse(JsonNode node) {
    if (node.isTextual()) {
      return new SecretRef(node.asText(), null, null);
    }
    if (node.isObject() && node.size() == 1 && Set.of("env", "file").contains(first(node))) {
      String key = first(node);
      String text = node.get(key).asText("");
      if (!text.isBlank()) {
        return key.equals("env")
            ? new SecretRef(null, text, null)
            : new SecretRef(null, null, text);
      }
    }
    throw new IllegalArgumentException("must be a value, {env: VARIABLE} or {file: /path/to/file}");
  }

  private static String first(JsonNode node) {
    return node.fieldNames().next();
  }

  @Override
  public String toString() {
    return env != null
        ? "{env: " + env + "}"
        : file != null ? "{file: " + file + "}" : "<redacted>";
  }
}
