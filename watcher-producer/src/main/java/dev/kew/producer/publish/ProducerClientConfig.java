package dev.kew.producer.publish;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kafka producer configuration of the publisher: the user's client properties overlaid with
 * what the envelope format and transactions need.
 */
public final class ProducerClientConfig {

  private static final Logger log = LoggerFactory.getLogger(ProducerClientConfig.class);

  /**
   * Producer settings this application always sets, whatever the user's {@code --kafka-config} or
   * {@code -X} say: the serializers the envelope format needs, and idempotent, fully acknowledged
   * writes (transactions need both).
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

  private ProducerClientConfig() {}

  /**
   * The user's client properties (bootstrap servers, TLS/SASL, tuning such as {@code linger.ms}),
   * overlaid with {@link #FIXED_SETTINGS}; a user value for one of those keys is ignored, with a
   * warning. {@code compression.type} is {@value #DEFAULT_COMPRESSION} unless the user sets it.
   */
  public static Map<String, Object> of(Map<String, String> clientProperties) {
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

  /**
   * {@link #of(Map)} with {@code transactional.id} set (always ours), and, unless the user set
   * them, {@code max.block.ms} 10 s (how often a blocked commit is retried and the outage limit
   * checked) and {@code transaction.timeout.ms} the outage limit plus one minute (between 1 and 15
   * minutes) so the broker does not abort a transaction held through an outage.
   */
  public static Map<String, Object> transactional(
      Map<String, String> clientProperties, String transactionalId, Duration outageLimit) {
    Map<String, Object> config = of(clientProperties);
    Object given = config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
    if (given != null && !given.equals(transactionalId)) {
      log.warn(
          "Ignoring Kafka setting transactional.id={}: the watcher derives it from cluster and"
              + " resources ({})",
          given,
          transactionalId);
    }
    config.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, "10000");
    long txTimeout =
        Math.max(
            60_000, Math.min(900_000, outageLimit.toMillis() + Duration.ofMinutes(1).toMillis()));
    config.putIfAbsent(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, Long.toString(txTimeout));
    return config;
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
}
