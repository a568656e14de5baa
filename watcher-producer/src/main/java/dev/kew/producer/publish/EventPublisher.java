package dev.kew.producer.publish;

import dev.kew.model.ChangeEvent;
import dev.kew.model.ChangeEventSerializer;
import java.time.Duration;
import java.util.HashMap;
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
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends envelopes to one topic, keyed by the object's UID, without blocking the caller: {@code
 * send} is asynchronous and its callback only counts.
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
          ChangeEventSerializer.class.getName(),
          ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
          "true",
          ProducerConfig.ACKS_CONFIG,
          "all");

  private final Producer<String, ChangeEvent> producer;
  private final String topic;
  private final AtomicLong published = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final CompletableFuture<Void> failure = new CompletableFuture<>();

  public EventPublisher(Producer<String, ChangeEvent> producer, String topic) {
    this.producer = Objects.requireNonNull(producer, "producer");
    this.topic = Objects.requireNonNull(topic, "topic");
  }

  /** A publisher with a {@link KafkaProducer} built from {@link #producerConfig(Map)}. */
  public static EventPublisher create(Map<String, String> clientProperties, String topic) {
    return new EventPublisher(new KafkaProducer<>(producerConfig(clientProperties)), topic);
  }

  /**
   * The user's client properties (bootstrap servers, TLS/SASL, tuning such as {@code linger.ms}),
   * overlaid with {@link #FIXED_SETTINGS}; a user value for one of those keys is ignored, with a
   * warning.
   */
  public static Map<String, Object> producerConfig(Map<String, String> clientProperties) {
    Map<String, Object> config = new HashMap<>(clientProperties);
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
      producer.send(
          new ProducerRecord<>(topic, event.uid(), event),
          (RecordMetadata metadata, Exception error) -> onCompletion(event, error));
    } catch (RuntimeException e) {
      onCompletion(event, e);
    }
  }

  /** Records that Kafka acknowledged. */
  public long published() {
    return published.get();
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
