package dev.kew.producer.reconcile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.smile.SmileFactory;
import com.fasterxml.jackson.dataformat.smile.SmileGenerator;
import dev.kew.model.EventCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * What the producer last published for one object, as kept in the compacted state topic {@code
 * <topic>.state} (key: the object's UID; a tombstone once it was deleted): the cluster, the SHA-256
 * of the sanitized object's JSON, and the sanitized object itself, from which the next patch is
 * computed and its resourceVersion and identity are read. An object too large for one record is
 * kept as its summary (identity, {@code sizeBytes}, {@code sha256}), like a truncated event.
 *
 * <p>Encoded as Smile (binary JSON): {@code {"v":1,"cluster":..,"sha256":..,"object":{..}}}.
 *
 * @param cluster the cluster name the producer writes into its events
 * @param sha256 hex SHA-256 of the sanitized object's JSON
 * @param object the sanitized object as published, or its summary
 */
public record PublishedState(String cluster, String sha256, JsonNode object) {

  static final ObjectMapper SMILE =
      new ObjectMapper(
          SmileFactory.builder()
              .enable(SmileGenerator.Feature.CHECK_SHARED_NAMES)
              .enable(SmileGenerator.Feature.CHECK_SHARED_STRING_VALUES)
              .build());

  private static final int FORMAT = 1;

  public PublishedState {
    Objects.requireNonNull(cluster, "cluster");
    Objects.requireNonNull(sha256, "sha256");
    Objects.requireNonNull(object, "object");
  }

  /** The state of a sanitized object as just published. */
  public static PublishedState of(String cluster, JsonNode object) {
    return new PublishedState(cluster, sha256(object), object);
  }

  /** The object's {@code metadata.resourceVersion}. */
  public String resourceVersion() {
    return object.path("metadata").path("resourceVersion").asText("");
  }

  public String apiVersion() {
    return object.path("apiVersion").asText("");
  }

  public String kind() {
    return object.path("kind").asText("");
  }

  /** The object's namespace, empty for cluster-scoped objects. */
  public String namespace() {
    return object.path("metadata").path("namespace").asText("");
  }

  /** The record value. */
  public byte[] toBytes() {
    ObjectNode root = SMILE.createObjectNode();
    root.put("v", FORMAT);
    root.put("cluster", cluster);
    root.put("sha256", sha256);
    root.set("object", object);
    try {
      return SMILE.writeValueAsBytes(root);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot encode the state of an object", e);
    }
  }

  /**
   * Decodes a record value.
   *
   * @throws IllegalArgumentException when the bytes are not a state record
   */
  public static PublishedState fromBytes(byte[] bytes) {
    JsonNode root;
    try {
      root = SMILE.readTree(bytes);
    } catch (IOException e) {
      throw new IllegalArgumentException("not a state record: " + e.getMessage(), e);
    }
    if (root == null
        || !root.path("cluster").isTextual()
        || !root.path("sha256").isTextual()
        || !root.path("object").isObject()) {
      throw new IllegalArgumentException("not a state record: cluster, sha256 or object missing");
    }
    return new PublishedState(
        root.get("cluster").asText(), root.get("sha256").asText(), root.get("object"));
  }

  /** Hex SHA-256 of the object's JSON, as {@link EventCodec} writes it. */
  public static String sha256(JsonNode object) {
    try {
      byte[] json = EventCodec.mapper().writeValueAsBytes(object);
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(json));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Every JVM has SHA-256", e);
    }
  }
}
