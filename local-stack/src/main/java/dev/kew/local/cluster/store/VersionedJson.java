package dev.kew.local.cluster.store;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;

/**
 * An object serialized before its resourceVersion is known, with the place of {@code
 * metadata.resourceVersion}'s value kept open, so that a write does its serializing outside the
 * store's lock and only fills in the number under it.
 */
final class VersionedJson {

  private static final String FIELD = "resourceVersion";

  private final byte[] json;
  private final int hole;

  private VersionedJson(byte[] json, int hole) {
    this.json = json;
    this.hole = hole;
  }

  /**
   * Serializes {@code object} as {@link Json#bytes} would once its {@code metadata.resourceVersion}
   * is set: where the object has that field its value goes there, otherwise it goes last in {@code
   * metadata} (where setting it on the tree puts it).
   */
  static VersionedJson of(ObjectNode object) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
    int hole = -1;
    try (JsonGenerator generator = Json.MAPPER.createGenerator(out)) {
      generator.writeStartObject();
      boolean hasMetadata = false;
      for (Iterator<Map.Entry<String, JsonNode>> fields = object.fields(); fields.hasNext(); ) {
        Map.Entry<String, JsonNode> field = fields.next();
        generator.writeFieldName(field.getKey());
        if (field.getKey().equals("metadata") && field.getValue() instanceof ObjectNode metadata) {
          hasMetadata = true;
          hole = writeMetadata(generator, metadata, out);
        } else {
          generator.writeTree(field.getValue());
        }
      }
      if (!hasMetadata) {
        generator.writeFieldName("metadata");
        hole = writeMetadata(generator, Json.MAPPER.createObjectNode(), out);
      }
      generator.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("A JSON tree could not be written", e);
    }
    return new VersionedJson(out.toByteArray(), hole);
  }

  /** The object's JSON with {@code resourceVersion} in its place. */
  byte[] withVersion(long resourceVersion) {
    byte[] digits = Long.toString(resourceVersion).getBytes(StandardCharsets.US_ASCII);
    byte[] whole = new byte[json.length + digits.length];
    System.arraycopy(json, 0, whole, 0, hole);
    System.arraycopy(digits, 0, whole, hole, digits.length);
    System.arraycopy(json, hole, whole, hole + digits.length, json.length - hole);
    return whole;
  }

  /**
   * Writes {@code metadata} with an empty resourceVersion; answers the offset inside its quotes.
   */
  private static int writeMetadata(
      JsonGenerator generator, ObjectNode metadata, ByteArrayOutputStream out) throws IOException {
    generator.writeStartObject();
    int hole = -1;
    for (Iterator<Map.Entry<String, JsonNode>> fields = metadata.fields(); fields.hasNext(); ) {
      Map.Entry<String, JsonNode> field = fields.next();
      generator.writeFieldName(field.getKey());
      if (field.getKey().equals(FIELD)) {
        hole = emptyValue(generator, out);
      } else {
        generator.writeTree(field.getValue());
      }
    }
    if (hole < 0) {
      generator.writeFieldName(FIELD);
      hole = emptyValue(generator, out);
    }
    generator.writeEndObject();
    return hole;
  }

  private static int emptyValue(JsonGenerator generator, ByteArrayOutputStream out)
      throws IOException {
    generator.writeString("");
    generator.flush();
    return out.size() - 1; // before the closing quote
  }
}
