package dev.kew.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kew.local.cluster.ChurnGenerator;
import dev.kew.local.cluster.SeedData;
import dev.kew.local.cluster.SimulatedCluster;
import dev.kew.local.kafka.EmbeddedKafkaBroker;
import dev.kew.producer.audit.AuditReport;
import dev.kew.producer.audit.VerifyCommand;
import dev.kew.producer.cli.ProducerCommand;
import dev.kew.testing.ChildJvm;
import dev.kew.testing.SharedKafka;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The producer as a separate JVM against a churning simulated cluster, killed for real and cut off
 * from Kafka for real; afterwards {@code verify} finds the topic exactly in step with the cluster.
 */
class ExactlyOnceProcessTest {

  private static final Pattern PEAK = Pattern.compile("peak in-flight (\\d+) of (\\d+)");
  private static final String RESOURCES = "deployments,pods,services,configmaps,secrets,backups";

  @TempDir Path dir;

  private final String topic = SharedKafka.uniqueTopic("exactly-once");
  private final Random random = new Random();
  private SimulatedCluster cluster;
  private ChurnGenerator churn;
  private Path kubeconfig;
  private Process process;
  private int runs;

  @BeforeEach
  void startCluster() {
    cluster = SimulatedCluster.start(0);
    SeedData.apply(cluster.client());
    kubeconfig = cluster.writeKubeconfig(dir.resolve("kubeconfig"));
    churn = new ChurnGenerator(cluster.client(), 20, random.nextLong());
  }

  @AfterEach
  void cleanUp() {
    if (process != null) {
      process.destroyForcibly();
    }
    churn.stop();
    cluster.close();
  }

  @Test
  void producerKilledFiveTimesDuringChurnLeavesEveryChangeExactlyOnce() throws Exception {
    String kafka = SharedKafka.bootstrapServers();
    churn.start();
    for (int kill = 0; kill < 5; kill++) {
      startListingProducer(kafka);
      long before = endOffset(kafka);
      long more = 5 + random.nextInt(40);
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(100))
          .until(() -> endOffset(kafka) >= before + more);
      process.destroyForcibly(); // SIGKILL
      assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
    }
    startListingProducer(kafka);
    churn.stop();

    assertThat(churn.changes()).isGreaterThan(100);
    awaitCleanAudit(kafka);
  }

  @Test
  void kafkaDownForThirtySecondsMidChurnLosesNothingAndBoundsWhatWaits() throws Exception {
    int port = freePort();
    Path data = dir.resolve("kafka");
    AtomicReference<EmbeddedKafkaBroker> broker =
        new AtomicReference<>(EmbeddedKafkaBroker.start(data, port));
    try {
      String kafka = broker.get().bootstrapServers();
      churn.start();
      process = startProducer(kafka, "--max-in-flight", "50", "--kafka-outage-limit", "2m");
      awaitListed();
      long before = endOffset(kafka);
      await().atMost(Duration.ofSeconds(30)).until(() -> endOffset(kafka) >= before + 20);

      broker.get().close();
      await().during(Duration.ofSeconds(30)).atMost(Duration.ofSeconds(40)).until(process::isAlive);
      broker.set(EmbeddedKafkaBroker.start(data, port));
      await().atMost(Duration.ofSeconds(90)).until(() -> stderr().contains("Kafka caught up"));
      churn.stop();

      awaitCleanAudit(kafka);
      String log = stderr();
      assertThat(log)
          .contains("Kafka is not usable")
          .contains("stopping the informers until they are sent");
      Matcher peak = PEAK.matcher(log);
      int peaks = 0;
      while (peak.find()) {
        peaks++;
        assertThat(Integer.parseInt(peak.group(1))).isLessThanOrEqualTo(50);
        assertThat(peak.group(2)).isEqualTo("50");
      }
      assertThat(peaks).isPositive();
      assertThat(process.isAlive()).isTrue();
    } finally {
      if (process != null) {
        process.destroyForcibly();
        process.waitFor(20, TimeUnit.SECONDS);
      }
      broker.get().close();
    }
  }

  private void awaitCleanAudit(String kafka) {
    String[] args = args(kafka);
    AtomicReference<AuditReport> last = new AtomicReference<>();
    try {
      await()
          .atMost(Duration.ofSeconds(90))
          .pollInterval(Duration.ofSeconds(1))
          .until(
              () -> {
                last.set(
                    VerifyCommand.audit(ProducerCommand.parseSettings(args), cluster.client()));
                return last.get().clean();
              });
    } finally {
      if (last.get() != null && !last.get().clean()) {
        System.err.println(String.join("\n", last.get().lines()));
        keepProducerLog();
      }
    }
    AuditReport report = last.get();
    assertThat(report.duplicates()).isEmpty();
    assertThat(report.events()).isGreaterThan(report.live());
  }

  private Process startProducer(String kafka, String... extra) throws IOException {
    runs++;
    List<String> args = new ArrayList<>(List.of(args(kafka)));
    args.addAll(List.of(extra));
    ProcessBuilder builder = ChildJvm.of(ProducerCommand.class, args);
    builder.environment().keySet().removeIf(name -> name.startsWith("KEW_"));
    // Every decision is logged, so that a failed audit can be traced to its cause.
    builder.environment().put("KEW_LOG_LEVEL", "DEBUG");
    builder.redirectOutput(ProcessBuilder.Redirect.DISCARD);
    builder.redirectError(ProcessBuilder.Redirect.appendTo(dir.resolve("stderr.txt").toFile()));
    return builder.start();
  }

  private String[] args(String kafka) {
    return ProducerArgs.forTopic(kafka, topic)
        .partitions(3)
        .kubeconfig(kubeconfig)
        .clusterName("churning")
        .resources(RESOURCES)
        .kafkaTimeout("30s")
        .with("--metrics-port", "0")
        .toArray();
  }

  /**
   * Starts the producer and waits until it has reconciled its first listing. A producer that cannot
   * start (the mock API server can stall for seconds after a killed client's watches close) must
   * exit 1, and is then started again, as Kubernetes restarts a failed pod; at most twice.
   */
  private void startListingProducer(String kafka) throws IOException {
    int expected = count(stderr(), "Reconciled ") + 1;
    for (int attempt = 1; ; attempt++) {
      Process started = startProducer(kafka);
      process = started;
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(100))
          .until(() -> count(stderr(), "Reconciled ") >= expected || !started.isAlive());
      if (count(stderr(), "Reconciled ") >= expected) {
        return;
      }
      assertThat(started.exitValue()).as("exit code of a producer that could not start").isOne();
      assertThat(attempt).as("failed starts in a row; log: %s", tail(stderr())).isLessThan(3);
    }
  }

  private static String tail(String log) {
    return log.substring(Math.max(0, log.length() - 3000));
  }

  /** Waits until the current run has reconciled its first listing. */
  private void awaitListed() {
    int expected = runs;
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(100))
        .untilAsserted(
            () -> {
              String log = stderr();
              assertThat(count(log, "Reconciled "))
                  .as("producer log ends: %s", log.substring(Math.max(0, log.length() - 3000)))
                  .isGreaterThanOrEqualTo(expected);
            });
  }

  /** Keeps the producers' log of a failed audit beside the test reports (the temp dir goes). */
  private void keepProducerLog() {
    try {
      Path kept = Path.of("target", "exactly-once-" + topic + ".log");
      Files.createDirectories(kept.getParent());
      Files.copy(dir.resolve("stderr.txt"), kept);
      System.err.println("The producers' log is kept in " + kept.toAbsolutePath());
    } catch (IOException e) {
      System.err.println("Could not keep the producers' log: " + e);
    }
  }

  private String stderr() throws IOException {
    Path file = dir.resolve("stderr.txt");
    return Files.exists(file) ? Files.readString(file) : "";
  }

  private static int count(String text, String what) {
    int count = 0;
    for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) {
      count++;
    }
    return count;
  }

  /** Records in the events topic (committed or not, with transaction markers). */
  private long endOffset(String kafka) {
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class.getName()))) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic, Duration.ofSeconds(5)).stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .toList();
      return consumer.endOffsets(partitions, Duration.ofSeconds(5)).values().stream()
          .mapToLong(Long::longValue)
          .sum();
    } catch (RuntimeException e) {
      return -1; // not there yet, or Kafka unreachable
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 0, InetAddress.getByName("127.0.0.1"))) {
      return socket.getLocalPort();
    }
  }
}
