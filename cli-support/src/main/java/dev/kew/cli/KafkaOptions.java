package dev.kew.cli;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.internals.Topic;
import picocli.CommandLine.Option;

/**
 * The Kafka flags every app shares. Kafka's own client properties pass through untouched, so TLS,
 * SASL and tuning need no flags of ours.
 */
public final class KafkaOptions {

  @Option(
      names = "--bootstrap-servers",
      paramLabel = "HOST:PORT[,...]",
      defaultValue = "${env:KEW_BOOTSTRAP_SERVERS:-localhost:9092}",
      description =
          "Kafka brokers to contact first (env KEW_BOOTSTRAP_SERVERS, default: ${DEFAULT-VALUE}).")
  String bootstrapServers;

  @Option(
      names = "--topic",
      paramLabel = "NAME",
      defaultValue = "${env:KEW_TOPIC:-kube-events}",
      description = "Topic of the change events (env KEW_TOPIC, default: ${DEFAULT-VALUE}).")
  String topic;

  @Option(
      names = "--kafka-config",
      paramLabel = "FILE",
      defaultValue = "${env:KEW_KAFKA_CONFIG}",
      description =
          "Kafka client properties file, e.g. security.protocol, sasl.*, ssl.* (env KEW_KAFKA_CONFIG).")
  Path kafkaConfig;

  @Option(
      names = "-X",
      paramLabel = "KEY=VALUE",
      description = "A Kafka client property; repeatable; wins over --kafka-config.")
  List<String> overrides = new ArrayList<>();

  /** Validates the flags, adding a message to {@code validation} for each problem. */
  public KafkaConnection toConnection(Validation validation) {
    Map<String, String> properties = new LinkedHashMap<>();
    String servers = bootstrapServers == null ? "" : bootstrapServers.trim();
    validation.check(
        servers.matches("[^,\\s:]+:\\d{1,5}(,[^,\\s:]+:\\d{1,5})*"),
        "--bootstrap-servers (env KEW_BOOTSTRAP_SERVERS) must be HOST:PORT[,HOST:PORT...], was '"
            + bootstrapServers
            + "'");
    properties.put("bootstrap.servers", servers);
    try {
      Topic.validate(topic == null ? "" : topic);
    } catch (InvalidTopicException e) {
      validation.add("--topic (env KEW_TOPIC) is not a valid Kafka topic name: " + e.getMessage());
    }
    if (kafkaConfig != null) {
      readProperties(kafkaConfig, properties, validation);
    }
    for (String pair : overrides) {
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        validation.add("-X takes KEY=VALUE, e.g. -X security.protocol=SSL; was '" + pair + "'");
      } else {
        properties.put(pair.substring(0, eq).trim(), pair.substring(eq + 1));
      }
    }
    return new KafkaConnection(servers, topic, properties);
  }

  private static void readProperties(Path file, Map<String, String> into, Validation validation) {
    if (!Files.isReadable(file)) {
      validation.add("--kafka-config (env KEW_KAFKA_CONFIG): cannot read file " + file);
      return;
    }
    Properties loaded = new Properties();
    try (Reader reader = Files.newBufferedReader(file)) {
      loaded.load(reader);
    } catch (IOException | IllegalArgumentException e) {
      validation.add("--kafka-config (env KEW_KAFKA_CONFIG): cannot read " + file + ": " + e);
      return;
    }
    loaded.stringPropertyNames().forEach(key -> into.put(key, loaded.getProperty(key)));
  }
}
