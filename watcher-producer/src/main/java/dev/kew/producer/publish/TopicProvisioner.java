package dev.kew.producer.publish;

import dev.kew.producer.StartupException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes sure the topic exists before the first event: creates it through the Admin API when
 * missing, uses an existing one as it is. Every Admin call is bounded by a timeout so that an
 * unreachable broker fails the start with one clear sentence instead of hanging.
 */
public final class TopicProvisioner {

  private static final Logger log = LoggerFactory.getLogger(TopicProvisioner.class);

  private final Map<String, String> clientProperties;
  private final Duration timeout;

  /**
   * @param clientProperties Kafka client properties, including {@code bootstrap.servers}
   * @param timeout how long to wait for the broker to answer each call
   */
  public TopicProvisioner(Map<String, String> clientProperties, Duration timeout) {
    this.clientProperties = Map.copyOf(clientProperties);
    this.timeout = timeout;
  }

  /**
   * Creates {@code topic} unless it exists.
   *
   * @param replicationFactor empty for the broker's default
   * @param retention how long the broker keeps events ({@code retention.ms})
   * @return the topic's partition count
   * @throws StartupException when Kafka does not answer in time or refuses the topic
   */
  public int ensureTopic(
      String topic, int partitions, Optional<Short> replicationFactor, Duration retention) {
    return ensure(
        topic,
        partitions,
        replicationFactor,
        Map.of(TopicConfig.RETENTION_MS_CONFIG, Long.toString(retention.toMillis())));
  }

  /**
   * Creates the compacted state topic ({@code cleanup.policy=compact}) unless it exists.
   *
   * @param partitions the events topic's partition count
   * @return the topic's partition count
   * @throws StartupException when Kafka does not answer in time or refuses the topic
   */
  public int ensureStateTopic(String topic, int partitions, Optional<Short> replicationFactor) {
    return ensure(
        topic,
        partitions,
        replicationFactor,
        Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
  }

  private int ensure(
      String topic,
      int partitions,
      Optional<Short> replicationFactor,
      Map<String, String> topicConfig) {
    Map<String, Object> config = new HashMap<>(clientProperties);
    int millis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
    config.putIfAbsent(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, millis);
    config.putIfAbsent(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.min(millis, 30_000));
    Admin admin = Admin.create(config);
    long deadline = System.nanoTime() + timeout.toNanos();
    boolean answered = false;
    try {
      Set<String> existing = await(deadline, admin.listTopics().names());
      if (!existing.contains(topic)) {
        NewTopic newTopic =
            new NewTopic(topic, Optional.of(partitions), replicationFactor).configs(topicConfig);
        try {
          await(deadline, admin.createTopics(List.of(newTopic)).all());
          answered = true;
          log.info(
              "Created topic {} with {} partitions, replication factor {}, {}",
              topic,
              partitions,
              replicationFactor.map(String::valueOf).orElse("(broker default)"),
              topicConfig);
          return partitions;
        } catch (TopicExistsException e) {
          log.debug("Topic {} was created by someone else meanwhile", topic);
        }
      }
      TopicDescription description =
          await(deadline, admin.describeTopics(List.of(topic)).allTopicNames()).get(topic);
      answered = true;
      int count = description.partitions().size();
      log.info("Using existing topic {} ({} partitions) as it is", topic, count);
      return count;
    } catch (TimeoutException e) {
      throw unreachable(e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      if (cause instanceof org.apache.kafka.common.errors.TimeoutException) {
        throw unreachable(cause);
      }
      throw new StartupException(
          "Cannot set up topic " + topic + " at " + bootstrapServers() + ": " + cause.getMessage(),
          false,
          cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StartupException("Interrupted while setting up topic " + topic, false, e);
    } finally {
      admin.close(answered ? Duration.ofSeconds(5) : Duration.ZERO);
    }
  }

  private String bootstrapServers() {
    return clientProperties.getOrDefault(
        AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "(no bootstrap.servers)");
  }

  private StartupException unreachable(Throwable cause) {
    return new StartupException(
        "Kafka at "
            + bootstrapServers()
            + " did not answer within "
            + timeout.toMillis()
            + " ms; check --bootstrap-servers (KEW_BOOTSTRAP_SERVERS) and that the broker is up.",
        false,
        cause);
  }

  private static <T> T await(long deadline, KafkaFuture<T> future)
      throws InterruptedException, ExecutionException, TimeoutException {
    try {
      return future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof TopicExistsException exists) {
        throw exists;
      }
      throw e;
    }
  }
}
