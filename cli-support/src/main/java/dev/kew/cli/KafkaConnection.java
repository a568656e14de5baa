package dev.kew.cli;

import java.util.HashMap;
import java.util.Map;

/**
 * Where and how to reach Kafka: the validated result of {@link KafkaOptions}.
 *
 * @param bootstrapServers the brokers to contact first, {@code host:port[,host:port...]}
 * @param topic the change-event topic
 * @param clientProperties Kafka client properties as the user gave them: {@code bootstrap.servers},
 *     then the {@code --kafka-config} file, then {@code -X} pairs, later wins. TLS and SASL are set
 *     here, with Kafka's own property names.
 */
public record KafkaConnection(
    String bootstrapServers, String topic, Map<String, String> clientProperties) {

  public KafkaConnection {
    clientProperties = Map.copyOf(clientProperties);
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
