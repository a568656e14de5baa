package dev.kew.producer.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kew.cli.ExitCodes;
import dev.kew.local.cluster.SimulatedCluster;
import dev.kew.producer.ProducerArgs;
import dev.kew.producer.WatcherProducer;
import dev.kew.producer.cli.ProducerCommand;
import dev.kew.testing.SharedKafka;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code kew verify}: the topic's last word on each object against the live cluster. */
class VerifyCommandTest {

  @TempDir Path dir;

  private final String topic = SharedKafka.uniqueTopic("verify");
  private SimulatedCluster cluster;
  private KubernetesClient client;
  private Path kubeconfig;

  @BeforeEach
  void startCluster() {
    cluster = SimulatedCluster.start(0);
    client = cluster.client();
    kubeconfig = cluster.writeKubeconfig(dir.resolve("kubeconfig"));
  }

  @AfterEach
  void stopCluster() {
    cluster.close();
  }

  @Test
  void cleanStreamExitsZeroAndEveryKindOfDriftIsReportedWithExitOne() throws Exception {
    try (WatcherProducer watcher =
        WatcherProducer.start(ProducerCommand.parseSettings(args()), client)) {
      assertThat(watcher.awaitSynced(Duration.ofSeconds(20))).isTrue();
      Stream.of("changed", "removed", "kept").forEach(this::create);
      org.awaitility.Awaitility.await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> watcher.published() == 3);
    }
    // Changed and changed back while nothing watched: no change to publish, nothing stale.
    setData("kept", "v2");
    setData("kept", "v1");
    Run clean = verify(args());
    assertThat(clean.exitCode()).as(clean.stdout()).isEqualTo(ExitCodes.OK);
    assertThat(clean.stdout())
        .contains("3 events of 3 objects checked against 3 live objects: 0 stale");

    setData("changed", "v2");
    client.configMaps().inNamespace("audited").withName("removed").delete();
    create("unseen");
    republishFirstRecord();

    Run drift = verify(args());

    assertThat(drift.exitCode()).isEqualTo(ExitCodes.FAILURE);
    assertThat(drift.stdout())
        .containsPattern(
            "STALE +v1 ConfigMap audited/changed uid=\\S+ last event ADDED rv=\\d+, live")
        .containsPattern("MISSING DELETE +v1 ConfigMap audited/removed uid=\\S+ last event ADDED")
        .containsPattern("NEVER PUBLISHED +v1 ConfigMap audited/unseen")
        .containsPattern("DUPLICATE +\\S+/\\d+/ADDED published 2 times")
        .contains("1 stale, 1 missing deletes, 1 never published, 1 duplicates");
  }

  @Test
  void badUsageExitsTwoNamingTheFlag() {
    Run badFlag = verify("--partitions", "zero", "--kubeconfig", kubeconfig.toString());
    Run unknownKind = verify(args("--resources", "gizmos"));

    assertThat(badFlag.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(badFlag.stderr()).contains("--partitions (env KEW_PARTITIONS)");
    assertThat(unknownKind.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(unknownKind.stderr()).contains("gizmos");
  }

  private void setData(String name, String value) {
    client
        .configMaps()
        .inNamespace("audited")
        .withName(name)
        .edit(c -> new ConfigMapBuilder(c).addToData("k", value).build());
  }

  private void create(String name) {
    client
        .configMaps()
        .inNamespace("audited")
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName(name)
                .endMetadata()
                .addToData("k", "v1")
                .build())
        .create();
  }

  /** Writes the topic's first record once more, as a producer without transactions could. */
  private void republishFirstRecord() throws Exception {
    ConsumerRecord<String, byte[]> first;
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                SharedKafka.bootstrapServers(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class.getName()))) {
      TopicPartition partition = new TopicPartition(topic, 0);
      consumer.assign(List.of(partition));
      consumer.seekToBeginning(List.of(partition));
      List<ConsumerRecord<String, byte[]>> read = new ArrayList<>();
      org.awaitility.Awaitility.await()
          .atMost(Duration.ofSeconds(20))
          .until(
              () -> {
                consumer.poll(Duration.ofMillis(200)).forEach(read::add);
                return !read.isEmpty();
              });
      first = read.get(0);
    }
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(
            Map.of("bootstrap.servers", SharedKafka.bootstrapServers()),
            new StringSerializer(),
            new ByteArraySerializer())) {
      producer.send(new ProducerRecord<>(topic, 0, first.key(), first.value())).get();
    }
  }

  private String[] args(String... more) {
    return ProducerArgs.forTopic(topic)
        .partitions(1)
        .kubeconfig(kubeconfig)
        .clusterName("audited-cluster")
        .namespace("audited")
        .resources("configmaps")
        .kafkaTimeout("20s")
        .with(more)
        .toArray();
  }

  private record Run(int exitCode, String stdout, String stderr) {}

  private static Run verify(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        VerifyCommand.run(
            args,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }
}
