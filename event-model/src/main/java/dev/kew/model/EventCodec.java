package dev.kew.model;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The one JSON encoding of {@link ChangeEvent}: UTF-8 JSON, ISO-8601 timestamps. Reading stops at
 * {@value #MAX_DEPTH} levels of nesting (Jackson's default, stated here so every reader of
 * envelopes and objects through {@link #mapper()} shares it).
 */
public final class EventCodec {

  /** Deepest nesting of JSON arrays and objects read. */
  public static final int MAX_DEPTH = 1000;

  private static final ObjectMapper MAPPER =
      JsonMapper.builder(
              JsonFactory.builder()
                  .streamReadConstraints(
                      StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
                  .build())
          .addModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .build();

  private static final ObjectReader READER = MAPPER.readerFor(ChangeEvent.class);

  private EventCodec() {}

  /** The mapper configured for envelopes, for callers that need to build or read JSON nodes. */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  public static byte[] toBytes(ChangeEvent event) {
    try {
      return MAPPER.writeValueAsBytes(event);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot encode event " + event.id(), e);
    }
  }

  /**
   * The envelope of {@code event} with its object taken from {@code objectJson} ({@link
   * #objectJson}) instead of being encoded again: for writers that also need the object's JSON for
   * something else.
   */
  public static byte[] toBytes(ChangeEvent event, SerializableString objectJson) {
    return toBytes(event.withEncodedObject(objectJson));
  }

  /** The JSON of an envelope's {@code object}, as {@link #toBytes(ChangeEvent)} writes it. */
  public static SerializableString objectJson(JsonNode object) {
    try {
      return new SerializedString(MAPPER.writeValueAsString(object));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot encode an object", e);
    }
  }

  public static String toJson(ChangeEvent event) {
    try {
      return MAPPER.writeValueAsString(event);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot encode event " + event.id(), e);
    }
  }

  /**
   * Decodes an envelope.
   *
   * @throws MalformedEventException when the bytes are not JSON or not a valid envelope
   */
  public static ChangeEvent fromBytes(byte[] bytes) {
    if (bytes == null || bytes.length == 0) {
      throw new MalformedEventException("empty record value", null);
    }
    return decoded(() -> READER.readValue(bytes));
  }

  /**
   * Decodes an envelope already read as JSON (for readers that leave parts of it out), with the
   * checks of {@link #fromBytes}.
   *
   * @throws MalformedEventException when it is not a valid envelope
   */
  public static ChangeEvent fromTree(JsonNode envelope) {
    return decoded(() -> READER.readValue(envelope));
  }

  private interface Decoding {
    ChangeEvent run() throws IOException;
  }

  private static ChangeEvent decoded(Decoding decoding) {
    try {
      return decoding.run();
    } catch (ValueInstantiationException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      throw new MalformedEventException("invalid envelope: " + cause.getMessage(), e);
    } catch (JacksonException e) {
      throw new MalformedEventException("not an event envelope: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
