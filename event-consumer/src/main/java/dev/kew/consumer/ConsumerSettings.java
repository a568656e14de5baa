package dev.kew.consumer;

import dev.kew.cli.KafkaConnection;
import dev.kew.cli.Validation;
import dev.kew.consumer.config.SinkSetup;
import dev.kew.consumer.filter.EventFilter;
import dev.kew.consumer.output.OutputFormat;
import dev.kew.consumer.replay.ObjectQuery;
import dev.kew.ops.OpsSettings;
import java.net.URI;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Everything the consumer needs, validated once: the result of the {@code event-consumer} flags and
 * their environment variables ({@code cli.ConsumerCommand} builds it; everything else reads it).
 *
 * <p>Kafka consumer configuration, from lowest to highest precedence: this app's defaults ({@code
 * auto.offset.reset=earliest} so a new stable group reads the topic's history, {@code
 * isolation.level=read_committed}, {@code allow.auto.create.topics=false} so a consumer never
 * creates the topic with broker defaults before the producer does, {@code
 * partition.assignment.strategy=CooperativeStickyAssignor} so members of a group hand partitions
 * over without stopping the others), then the user's {@code --kafka-config} file and {@code -X}
 * pairs (security and tuning), then what the app requires: {@code group.id} from {@code --group}
 * and {@code enable.auto.commit=false} (offsets are committed only after events were written).
 * Values are decoded by the app itself, so the deserializers are fixed too. A user setting for one
 * of the required keys is a usage error, never silently ignored.
 *
 * @param kafka where to read from and the user's client properties
 * @param group the consumer group whose committed offsets say where reading resumes
 * @param fromBeginning seek to the beginning of each partition on first assignment
 * @param follow keep waiting for new events; {@code false} stops once caught up
 * @param output how the stdout sink and a history print events
 * @param filter which events to handle at all (events outside it go to no sink)
 * @param sinks the sinks and routes: from {@code --config}, from the sink flags, or stdout alone
 * @param deadLetterTopic where undeliverable and malformed records go; empty: log and skip them
 * @param since start each partition at its first event at or after this time
 * @param until stop once every partition reached an event after this time
 * @param history print this object's history instead of consuming in the group
 * @param historyService ask this history service for the history instead of scanning the topic
 */
public record ConsumerSettings(
    KafkaConnection kafka,
    String group,
    boolean fromBeginning,
    boolean follow,
    OutputFormat output,
    EventFilter filter,
    SinkSetup sinks,
    Optional<String> deadLetterTopic,
    Optional<Instant> since,
    Optional<Instant> until,
    Optional<ObjectQuery> history,
    Optional<URI> historyService,
    OpsSettings ops) {

  /** The group a consumer uses unless told otherwise, so restarts resume where it left off. */
  public static final String STABLE_GROUP = "kew-consumer";

  /** The dead-letter topic is the event topic's name with this suffix unless --dlq-topic says. */
  public static final String DEAD_LETTER_SUFFIX = ".dlq";

  /** Prefix of the fresh group a replay ({@code --from-beginning} without {@code --group}) uses. */
  public static final String REPLAY_GROUP_PREFIX = "kew-replay-";

  private static final Map<String, Object> DEFAULTS =
      Map.of(
          ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
          ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
          ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false",
          ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
              CooperativeStickyAssignor.class.getName());

  public ConsumerSettings {
    Objects.requireNonNull(kafka, "kafka");
    Objects.requireNonNull(group, "group");
    Objects.requireNonNull(output, "output");
    Objects.requireNonNull(filter, "filter");
    Objects.requireNonNull(sinks, "sinks");
    Objects.requireNonNull(deadLetterTopic, "deadLetterTopic");
    Objects.requireNonNull(since, "since");
    Objects.requireNonNull(until, "until");
    Objects.requireNonNull(history, "history");
    Objects.requireNonNull(historyService, "historyService");
  }

  /** The Kafka consumer configuration (see the class comment for precedence). */
  public Map<String, Object> consumerConfig() {
    return consumerConfig(kafka, group);
  }

  /** For a history: the consumer configuration without a group (partitions are assigned). */
  public Map<String, Object> historyConfig() {
    Map<String, Object> config = consumerConfig();
    config.remove(ConsumerConfig.GROUP_ID_CONFIG);
    return config;
  }

  private static Map<String, Object> consumerConfig(KafkaConnection kafka, String group) {
    Map<String, Object> config = kafka.clientConfig(required(group));
    DEFAULTS.forEach(config::putIfAbsent);
    return config;
  }

  private static Map<String, Object> required(String group) {
    Map<String, Object> required = new HashMap<>();
    required.put(ConsumerConfig.GROUP_ID_CONFIG, group);
    required.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    required.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    required.put(
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    return required;
  }

  /** Refuses client properties that the consumer must set itself. */
  public static void checkClientProperties(Map<String, String> properties, Validation v) {
    if (properties.containsKey(ConsumerConfig.GROUP_ID_CONFIG)) {
      v.add("-X/--kafka-config must not set group.id: use --group (env KEW_GROUP)");
    }
    String autoCommit = properties.get(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG);
    if (autoCommit != null && !autoCommit.trim().equalsIgnoreCase("false")) {
      v.add(
          "-X/--kafka-config must not set enable.auto.commit: the consumer commits offsets"
              + " itself, after the events were written");
    }
    for (String key :
        List.of(
            ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
            ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG)) {
      if (properties.containsKey(key)) {
        v.add("-X/--kafka-config must not set " + key + ": the consumer decodes events itself");
      }
    }
  }

  /** Lets Kafka check the values it knows (e.g. a misspelt isolation.level) as a usage error. */
  public static void checkKafkaConfig(KafkaConnection kafka, String group, Validation v) {
    try {
      new ConsumerConfig(consumerConfig(kafka, group));
    } catch (ConfigException e) {
      v.add("Invalid Kafka client property (-X/--kafka-config): " + e.getMessage());
    }
  }

  @Override
  public String toString() {
    return "ConsumerSettings[topic="
        + kafka.topic()
        + ", bootstrapServers="
        + kafka.bootstrapServers()
        + ", group="
        + group
        + ", fromBeginning="
        + fromBeginning
        + ", follow="
        + follow
        + ", output="
        + output.cliName()
        + ", filter="
        + filter
        + ", sinks="
        + sinks
        + ", deadLetterTopic="
        + deadLetterTopic.orElse("none")
        + since.map(t -> ", since=" + t).orElse("")
        + until.map(t -> ", until=" + t).orElse("")
        + history.map(h -> ", history=" + h).orElse("")
        + historyService.map(u -> ", historyService=" + u).orElse("")
        + "]";
  }
}
