package dev.kew.consumer.delivery;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dead-letter topic: the original key, value and headers with the failure added in {@code
 * kew.*} headers, written by an idempotent producer ({@code acks=all}) that never blocks its caller
 * for long ({@code max.block.ms} {@value #MAX_BLOCK_MS}): a write that fails is retried by {@link
 * PendingLetters}. The topic is created through the Admin API (broker defaults for partitions and
 * replication) the first time a record goes there, so a consumer that never fails never needs the
 * right to create topics. Producer and admin client open lazily, with the user's Kafka client
 * properties (security, TLS).
 */
public final class DeadLetterTopic implements DeadLetters {

  private static final Logger log = LoggerFactory.getLogger(DeadLetterTopic.class);
  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  static final int MAX_BLOCK_MS = 5_000;

  private final String topic;
  private final Map<String, String> clientProperties;
  private KafkaProducer<String, byte[]> producer;

  /**
   * @param clientProperties the user's Kafka client properties, {@code bootstrap.servers} included;
   *     only producer and admin settings are passed on
   */
  public DeadLetterTopic(String topic, Map<String, String> clientProperties) {
    this.topic = topic;
    this.clientProperties = Map.copyOf(clientProperties);
  }

  public String topic() {
    return topic;
  }

  @Override
  public Future<?> send(ConsumerRecord<String, byte[]> record, Failure failure) {
    if (producer == null) {
      createTopicIfMissing();
      producer =
          new KafkaProducer<>(producerConfig(), new StringSerializer(), new ByteArraySerializer());
    }
    ProducerRecord<String, byte[]> letter =
        new ProducerRecord<>(topic, null, record.key(), record.value(), record.headers());
    Headers headers = letter.headers();
    header(headers, STAGE, failure.stage());
    if (failure.sink() != null) {
      header(headers, SINK, failure.sink());
    }
    if (failure.errorClass() != null) {
      header(headers, CLASS, failure.errorClass());
    }
    header(headers, REASON, failure.reason());
    if (failure.status() != 0) {
      header(headers, STATUS, String.valueOf(failure.status()));
    }
    header(headers, ATTEMPTS, String.valueOf(failure.attempts()));
    header(headers, ORIGINAL_TOPIC, record.topic());
    header(headers, ORIGINAL_PARTITION, String.valueOf(record.partition()));
    header(headers, ORIGINAL_OFFSET, String.valueOf(record.offset()));
    return producer.send(letter);
  }

  private static void header(Headers headers, String key, String value) {
    headers.add(key, value.getBytes(StandardCharsets.UTF_8));
  }

  private void createTopicIfMissing() {
    Map<String, Object> config = filtered(AdminClientConfig.configNames());
    try (Admin admin = Admin.create(config)) {
      admin
          .createTopics(List.of(new NewTopic(topic, Optional.empty(), Optional.empty())))
          .all()
          .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      log.info("Created dead-letter topic {}", topic);
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw new KafkaException("Cannot create dead-letter topic " + topic, e.getCause());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KafkaException("Interrupted while creating dead-letter topic " + topic, e);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new KafkaException("Cannot create dead-letter topic " + topic + " in time", e);
    }
  }

  private Map<String, Object> producerConfig() {
    Map<String, Object> config = filtered(ProducerConfig.configNames());
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.LINGER_MS_CONFIG, "0");
    config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, String.valueOf(MAX_BLOCK_MS));
    config.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
    return config;
  }

  private Map<String, Object> filtered(java.util.Set<String> known) {
    Map<String, Object> config = new HashMap<>();
    clientProperties.forEach(
        (key, value) -> {
          if (known.contains(key)) {
            config.put(key, value);
          }
        });
    return config;
  }

  @Override
  public void close() {
    if (producer != null) {
      producer.close(TIMEOUT);
      producer = null;
    }
  }
}
