package dev.kew.producer.publish;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.smile.SmileFactory;
import com.fasterxml.jackson.dataformat.smile.SmileGenerator;
import dev.kew.model.EventCodec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * What the producer last published for one object, as kept in the compacted state topic {@code
 * <topic>.state} (key: the object's UID; a tombstone once it was deleted): the cluster, the SHA-256
 * of the sanitized object's JSON, and the sanitized object itself, from which the next patch is
 * computed and its resourceVersion and identity are read. An object too large for one record is
 * kept as its summary (identity, {@code sizeBytes}, {@code sha256}), like a truncated event.
 *
 * <p>Encoded as JSON: {@code {"v":2,"cluster":..,"sha256":..,"object":{..}}}, the object exactly as
 * the event's envelope carries it, so a publisher encodes each object once ({@link #encode}).
 * Records of format 1 (the same fields in Smile, binary JSON) are still read.
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

  private static final int FORMAT = 2;

  /** How every Smile document, hence every format 1 record, starts. */
  private static final byte[] SMILE_HEADER = {':', ')', '\n'};

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
    return write(cluster, sha256, generator -> EventCodec.mapper().writeTree(generator, object));
  }

  /**
   * The record value for a sanitized object just published, from its JSON as the envelope carries
   * it ({@link EventCodec#objectJson}): neither encoded nor hashed from the tree again.
   */
  public static byte[] encode(String cluster, SerializableString objectJson) {
    String sha256 = sha256(objectJson.asUnquotedUTF8());
    return write(cluster, sha256, generator -> generator.writeRawValue(objectJson));
  }

  private interface ObjectWriter {
    void write(JsonGenerator generator) throws IOException;
  }

  private static byte[] write(String cluster, String sha256, ObjectWriter object) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(2_048);
    try (JsonGenerator generator = EventCodec.mapper().createGenerator(bytes)) {
      generator.writeStartObject();
      generator.writeNumberField("v", FORMAT);
      generator.writeStringField("cluster", cluster);
      generator.writeStringField("sha256", sha256);
      generator.writeFieldName("object");
      object.write(generator);
      generator.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot encode the state of an object", e);
    }
    return bytes.toByteArray();
  }

  /**
   * Decodes a record value.
   *
   * @throws IllegalArgumentException when the bytes are not a state record
   */
  public static PublishedState fromBytes(byte[] bytes) {
    JsonNode root;
    try {
      root = (startsWithSmileHeader(bytes) ? SMILE : EventCodec.mapper()).readTree(bytes);
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

  private static boolean startsWithSmileHeader(byte[] bytes) {
    return bytes.length >= SMILE_HEADER.length
        && Arrays.equals(bytes, 0, SMILE_HEADER.length, SMILE_HEADER, 0, SMILE_HEADER.length);
  }

  /** Hex SHA-256 of the object's JSON, as {@link EventCodec} writes it. */
  public static String sha256(JsonNode object) {
    try {
      return sha256(EventCodec.mapper().writeValueAsBytes(object));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Hex SHA-256 of {@code json}. */
  public static String sha256(byte[] json) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(json));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Every JVM has SHA-256", e);
    }
  }
}
