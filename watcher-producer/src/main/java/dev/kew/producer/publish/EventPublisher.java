package dev.kew.producer.publish;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kew.model.ChangeEvent;
import dev.kew.model.EventCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends envelopes to one topic, keyed by the object's UID, without blocking the caller: {@code
 * send} is asynchronous and its callback only counts. Each record carries CloudEvents headers
 * ({@link CloudEventHeaders}).
 *
 * <p>An envelope larger than the producer's {@code max.request.size} is sent truncated: its object
 * replaced by a summary (identity, {@code sizeBytes}, {@code sha256}) and {@code truncated: true},
 * its patch kept when it fits. It is counted in {@link #truncated()}; the stream goes on.
 *
 * <p>A failed send is never dropped silently: it is logged once (with uid and resourceVersion) and
 * completes {@link #failure()} exceptionally, which stops the application with a non-zero exit.
 * Later failures are counted only.
 */
public final class EventPublisher implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(EventPublisher.class);

  /**
   * Producer settings this application always sets, whatever the user's {@code --kafka-config} or
   * {@code -X} say: the serializers the envelope format needs, and idempotent, fully acknowledged
   * writes so that no change is lost or duplicated by retries.
   */
  public static final Map<String, Object> FIXED_SETTINGS =
      Map.of(
          ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
          StringSerializer.class.getName(),
          ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
          ByteArraySerializer.class.getName(),
          ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
          "true",
          ProducerConfig.ACKS_CONFIG,
          "all");

  /** Used when the user sets no {@code compression.type}. */
  public static final String DEFAULT_COMPRESSION = "zstd";

  /** Room for the record and batch framing around key, value and headers. */
  private static final int RECORD_OVERHEAD = 512;

  private final Producer<String, byte[]> producer;
  private final String topic;
  private final int maxRecordBytes;
  private final AtomicLong published = new AtomicLong();
  private final AtomicLong truncated = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final CompletableFuture<Void> failure = new CompletableFuture<>();

  /**
   * @param maxRecordBytes the producer's {@code max.request.size}: larger envelopes are truncated
   */
  public EventPublisher(Producer<String, byte[]> producer, String topic, int maxRecordBytes) {
    this.producer = Objects.requireNonNull(producer, "producer");
    this.topic = Objects.requireNonNull(topic, "topic");
    this.maxRecordBytes = maxRecordBytes;
  }

  /** A publisher with a {@link KafkaProducer} built from {@link #producerConfig(Map)}. */
  public static EventPublisher create(Map<String, String> clientProperties, String topic) {
    Map<String, Object> config = producerConfig(clientProperties);
    return new EventPublisher(new KafkaProducer<>(config), topic, maxRequestSize(config));
  }

  /**
   * The effective {@code max.request.size} of a producer config: the user's, else Kafka's default.
   */
  public static int maxRequestSize(Map<String, Object> config) {
    Object value =
        config.getOrDefault(
            ProducerConfig.MAX_REQUEST_SIZE_CONFIG,
            ProducerConfig.configDef().defaultValues().get(ProducerConfig.MAX_REQUEST_SIZE_CONFIG));
    return Integer.parseInt(value.toString().trim());
  }

  /**
   * The user's client properties (bootstrap servers, TLS/SASL, tuning such as {@code linger.ms}),
   * overlaid with {@link #FIXED_SETTINGS}; a user value for one of those keys is ignored, with a
   * warning. {@code compression.type} is {@value #DEFAULT_COMPRESSION} unless the user sets it.
   */
  public static Map<String, Object> producerConfig(Map<String, String> clientProperties) {
    Map<String, Object> config = new HashMap<>(clientProperties);
    config.putIfAbsent(ProducerConfig.COMPRESSION_TYPE_CONFIG, DEFAULT_COMPRESSION);
    FIXED_SETTINGS.forEach(
        (key, value) -> {
          Object given = config.put(key, value);
          if (given != null && !given.toString().equals(value.toString())) {
            log.warn(
                "Ignoring Kafka setting {}={}: the watcher always uses {}={}",
                key,
                given,
                key,
                value);
          }
        });
    return config;
  }

  /** Sends one envelope, keyed by its UID; returns at once. */
  public void publish(ChangeEvent event) {
    if (closed.get()) {
      // Shutting down: the next start lists every object again, so nothing is lost for good.
      log.debug("Not publishing {} after close", event.id());
      return;
    }
    try {
      Headers headers = CloudEventHeaders.of(event);
      byte[] value = fitted(event, headers);
      producer.send(
          new ProducerRecord<>(topic, null, event.uid(), value, headers),
          (RecordMetadata metadata, Exception error) -> onCompletion(event, error));
    } catch (RuntimeException e) {
      onCompletion(event, e);
    }
  }

  /** The envelope's bytes, or those of its truncated form when it is too large to send. */
  private byte[] fitted(ChangeEvent event, Headers headers) {
    byte[] value = EventCodec.toBytes(event);
    int framing = event.uid().length() + RECORD_OVERHEAD;
    for (Header header : headers) {
      framing += header.key().length() + header.value().length;
    }
    if (value.length + framing <= maxRecordBytes) {
      return value;
    }
    ChangeEvent small = event.withObjectSummary(summary(event.object()));
    byte[] shortened = EventCodec.toBytes(small);
    if (shortened.length + framing > maxRecordBytes) {
      shortened = EventCodec.toBytes(small.withPatch(null));
    }
    truncated.incrementAndGet();
    log.warn(
        "{} of {} {} (uid {}, resourceVersion {}) is {} bytes, over max.request.size {}:"
            + " publishing it truncated ({} bytes)",
        event.type(),
        event.kind(),
        event.qualifiedName(),
        event.uid(),
        event.resourceVersion(),
        value.length,
        maxRecordBytes,
        shortened.length);
    return shortened;
  }

  /** apiVersion, kind, metadata name/namespace/uid/resourceVersion, sizeBytes and sha256. */
  static JsonNode summary(JsonNode object) {
    byte[] json;
    try {
      json = EventCodec.mapper().writeValueAsBytes(object);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ObjectNode summary = EventCodec.mapper().createObjectNode();
    summary.set("apiVersion", object.get("apiVersion"));
    summary.set("kind", object.get("kind"));
    ObjectNode metadata = summary.putObject("metadata");
    for (String field : new String[] {"name", "namespace", "uid", "resourceVersion"}) {
      if (object.path("metadata").has(field)) {
        metadata.set(field, object.path("metadata").get(field));
      }
    }
    summary.put("sizeBytes", json.length);
    summary.put("sha256", sha256(json));
    return summary;
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Every JVM has SHA-256", e);
    }
  }

  /** Records that Kafka acknowledged. */
  public long published() {
    return published.get();
  }

  /** Envelopes sent truncated because they were larger than {@code max.request.size}. */
  public long truncated() {
    return truncated.get();
  }

  /** Records that could not be sent. */
  public long failed() {
    return failed.get();
  }

  /** Completes exceptionally at the first record that could not be sent. */
  public CompletableFuture<Void> failure() {
    return failure;
  }

  /** Sends what is buffered, waiting up to {@code timeout}, then closes the producer. */
  public void close(Duration timeout) {
    if (closed.compareAndSet(false, true)) {
      producer.close(timeout);
    }
  }

  @Override
  public void close() {
    close(Duration.ofSeconds(30));
  }

  private void onCompletion(ChangeEvent event, Exception error) {
    if (error == null) {
      published.incrementAndGet();
      return;
    }
    failed.incrementAndGet();
    if (failure.completeExceptionally(error)) {
      log.error(
          "Could not publish {} of {} {} (uid {}, resourceVersion {}) to topic {}: {}",
          event.type(),
          event.kind(),
          event.qualifiedName(),
          event.uid(),
          event.resourceVersion(),
          topic,
          error.toString());
    }
  }
}
