package dev.kew.cli;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigDef;

/**
 * Where and how to reach Kafka: the validated result of {@link KafkaOptions}. {@link #toString()}
 * shows every client property but the credentials: those Kafka itself types as passwords ({@code
 * sasl.jaas.config}, {@code ssl.key.password}, {@code ssl.keystore.key}, ...) and any whose name
 * speaks of a password, secret, token, credential or JAAS configuration.
 *
 * @param bootstrapServers the brokers to contact first, {@code host:port[,host:port...]}
 * @param topic the change-event topic
 * @param clientProperties Kafka client properties as the user gave them: {@code bootstrap.servers},
 *     then the {@code --kafka-config} file, then {@code -X} pairs, later wins. TLS and SASL are set
 *     here, with Kafka's own property names.
 */
public record KafkaConnection(
    String bootstrapServers, String topic, Map<String, String> clientProperties) {

  /** Client properties Kafka's producer, consumer and admin configurations type as passwords. */
  private static final Set<String> PASSWORDS =
      Stream.of(
              ProducerConfig.configDef(), ConsumerConfig.configDef(), AdminClientConfig.configDef())
          .flatMap(def -> def.configKeys().values().stream())
          .filter(key -> key.type == ConfigDef.Type.PASSWORD)
          .map(key -> key.name)
          .collect(java.util.stream.Collectors.toUnmodifiableSet());

  private static final Pattern SENSITIVE_NAME =
      Pattern.compile(".*(password|secret|token|credential|jaas).*");

  public KafkaConnection {
    clientProperties = Map.copyOf(clientProperties);
  }

  /** Whether the value of client property {@code name} is a credential, never to be shown. */
  public static boolean isCredential(String name) {
    return PASSWORDS.contains(name)
        || SENSITIVE_NAME.matcher(name.toLowerCase(Locale.ROOT)).matches();
  }

  @Override
  public String toString() {
    Map<String, String> shown = new TreeMap<>();
    clientProperties.forEach(
        (name, value) -> shown.put(name, isCredential(name) ? "[hidden]" : value));
    return "KafkaConnection[bootstrapServers="
        + bootstrapServers
        + ", topic="
        + topic
        + ", clientProperties="
        + shown
        + "]";
  }

  /**
   * The user's client properties with {@code required} applied on top: an app's own settings
   * (serde, idempotence) that a user must not change.
   */
  public Map<String, Object> clientConfig(Map<String, Object> required) {
    Map<String, Object> config = new HashMap<>(clientProperties);
    config.putAll(required);
    return config;
  }
}
