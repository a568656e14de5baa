package dev.kew.local.cluster.store;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** The one JSON mapper of the simulated cluster, and the few reads every part of it needs. */
public final class Json {

  /**
   * Field names are neither canonicalized nor interned: managedFields keys ({@code
   * k:{"uid":"..."}}), labels and annotations are unique per object, and would fill and keep
   * rehashing Jackson's symbol table.
   */
  public static final ObjectMapper MAPPER =
      JsonMapper.builder(
              JsonFactory.builder()
                  .disable(JsonFactory.Feature.CANONICALIZE_FIELD_NAMES)
                  .disable(JsonFactory.Feature.INTERN_FIELD_NAMES)
                  .build())
          .build();

  private Json() {}

  /**
   * Parses a request body or a stored object as a JSON object.
   *
   * @throws ApiError 400 when it is not JSON or not an object
   */
  public static ObjectNode object(byte[] json, String what) {
    JsonNode node;
    try {
      node = MAPPER.readTree(json);
    } catch (IOException e) {
      throw ApiError.badRequest(what + " is not valid JSON: " + firstLine(e));
    }
    if (!(node instanceof ObjectNode object)) {
      throw ApiError.badRequest(what + " must be a JSON object");
    }
    return object;
  }

  public static byte[] bytes(JsonNode node) {
    try {
      return MAPPER.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("A JSON tree could not be written", e);
    }
  }

  /** {@code metadata} of an object, created when missing. */
  public static ObjectNode metadata(ObjectNode object) {
    JsonNode metadata = object.get("metadata");
    return metadata instanceof ObjectNode m ? m : object.putObject("metadata");
  }

  /**
   * A copy of {@code object} whose top level and {@code metadata} are its own (deeper nodes are
   * shared): what a write changes, leaving the object it was given as it was.
   */
  public static ObjectNode withOwnMetadata(ObjectNode object) {
    ObjectNode copy = MAPPER.createObjectNode().setAll(object);
    if (object.get("metadata") instanceof ObjectNode metadata) {
      copy.set("metadata", MAPPER.createObjectNode().setAll(metadata));
    }
    return copy;
  }

  /** The string at {@code metadata.FIELD}, or null. */
  public static String metadataText(ObjectNode object, String field) {
    JsonNode value = object.path("metadata").path(field);
    return value.isTextual() ? value.asText() : null;
  }

  /** {@code metadata.labels} as a map (string values only). */
  public static Map<String, String> labels(ObjectNode object) {
    JsonNode labels = object.path("metadata").path("labels");
    if (!labels.isObject() || labels.isEmpty()) {
      return Map.of();
    }
    Map<String, String> map = new LinkedHashMap<>();
    labels.fields().forEachRemaining(e -> map.put(e.getKey(), e.getValue().asText()));
    return Map.copyOf(map);
  }

  private static String firstLine(IOException e) {
    String message =
        String.valueOf(
            e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage());
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
