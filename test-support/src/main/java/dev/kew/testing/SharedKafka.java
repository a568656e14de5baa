package dev.kew.testing;

import dev.kew.local.kafka.EmbeddedKafkaBroker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;

/**
 * One real Kafka broker for every test of a JVM, started on first use and stopped when the JVM
 * exits: a Testcontainers {@code apache/kafka} container when a Docker engine is reachable, else
 * the embedded KRaft broker of the local stack. Tests share the broker and isolate themselves by
 * topic ({@link #uniqueTopic}) and consumer group.
 */
public final class SharedKafka {

  /** The image of the Testcontainers path: the same Kafka release as the clients. */
  public static final String KAFKA_IMAGE = "apache/kafka:4.3.1";

  private static final AtomicInteger TOPICS = new AtomicInteger();
  private static String bootstrapServers;

  private SharedKafka() {}

  /** {@code host:port} of the shared broker, starting it if needed. */
  public static synchronized String bootstrapServers() {
    if (bootstrapServers == null) {
      bootstrapServers =
          DockerClientFactory.instance().isDockerAvailable() ? container() : embedded();
    }
    return bootstrapServers;
  }

  /** A topic name no other test of this JVM uses; Kafka-legal and readable in failures. */
  public static String uniqueTopic(String prefix) {
    return prefix.replaceAll("[^A-Za-z0-9._-]", "-")
        + "-"
        + TOPICS.incrementAndGet()
        + "-"
        + Long.toHexString(System.nanoTime() & 0xfffff);
  }

  /**
   * Creates a fresh topic with {@code partitions} partitions and returns its name. The broker does
   * not create topics on first use, so code under test that should create its own topic is not
   * helped by accident.
   */
  public static String createTopic(String prefix, int partitions) {
    String topic = uniqueTopic(prefix);
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers()))) {
      admin
          .createTopics(Set.of(new NewTopic(topic, Optional.of(partitions), Optional.empty())))
          .all()
          .get(30, TimeUnit.SECONDS);
      return topic;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while creating topic " + topic, e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("Cannot create topic " + topic, e);
    }
  }

  private static String container() {
    KafkaContainer kafka = new KafkaContainer(KAFKA_IMAGE);
    kafka.start();
    Runtime.getRuntime().addShutdownHook(new Thread(kafka::stop, "kafka-container-stop"));
    return kafka.getBootstrapServers();
  }

  private static String embedded() {
    try {
      Path dataDir = Files.createTempDirectory("kew-test-kafka");
      EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dataDir, 0);
      Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "embedded-kafka-stop"));
      return broker.bootstrapServers();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
