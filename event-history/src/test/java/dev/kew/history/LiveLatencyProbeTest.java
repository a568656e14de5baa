package dev.kew.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kew.history.ingest.Indexer;
import dev.kew.local.cluster.SimulatedCluster;
import dev.kew.producer.WatcherProducer;
import dev.kew.producer.cli.ProducerCommand;
import dev.kew.testing.SharedKafka;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the time goes between a write to the simulated cluster and the change being searchable in
 * the history index: the Kafka record's timestamp (the producer's send), the moment a
 * read_committed reader sees it (the transaction committed), and the moment the history API finds
 * it. A measurement, so it runs on demand ({@code -Dkew.probe=true}), not in every build: speed
 * goals belong to the benchmarks, and {@link UiLiveTest} holds the user-facing 2 s in every build.
 */
@EnabledIfSystemProperty(named = "kew.probe", matches = "true")
class LiveLatencyProbeTest {

  private static final Logger log = LoggerFactory.getLogger(LiveLatencyProbeTest.class);
  private static final Pattern NAME = Pattern.compile("probe-[0-9]+");

  @TempDir Path dir;

  @Test
  void aClusterChangeIsSearchableWithinTwoSecondsOnceThePipelineRuns() throws Exception {
    String topic = SharedKafka.uniqueTopic("history-latency-probe");
    Map<String, Long> recordTime = new ConcurrentHashMap<>();
    Map<String, Long> observed = new ConcurrentHashMap<>();
    Map<String, Long> committedSeen = new ConcurrentHashMap<>();
    List<Long> warm = new ArrayList<>();
    try (SimulatedCluster cluster = SimulatedCluster.start(0);
        WatcherProducer producer =
            WatcherProducer.start(
                ProducerCommand.parseSettings(
                    "--bootstrap-servers", SharedKafka.bootstrapServers(),
                    "--topic", topic,
                    "--cluster-name", "sim",
                    "--resources", "configmaps",
                    "--partitions", "2",
                    "--metrics-port", "-1"),
                cluster.client());
        HistoryApp app = HistoryFixture.start(topic, dir.resolve("index"))) {
      assertThat(producer.awaitSynced(Duration.ofSeconds(30))).isTrue();
      Thread committed = committedReader(topic, observed, recordTime, committedSeen);
      for (int i = 0; i < 4; i++) {
        String name = "probe-" + i;
        long written = System.currentTimeMillis();
        cluster
            .client()
            .configMaps()
            .inNamespace("shop")
            .resource(
                new ConfigMapBuilder()
                    .withNewMetadata()
                    .withName(name)
                    .endMetadata()
                    .addToData("k", "v")
                    .build())
            .create();
        await()
            .atMost(30, TimeUnit.SECONDS)
            .pollInterval(Duration.ofMillis(10))
            .until(
                () ->
                    HistoryFixture.get(app.port(), "/api/v1/events?name=" + name)
                        .body()
                        .contains(name));
        long searchable = System.currentTimeMillis() - written;
        log.info(
            "Cluster write {} (load average {}): observed +{} ms, sent +{} ms,"
                + " committed and readable +{} ms, searchable +{} ms",
            name,
            ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
            observed.getOrDefault(name, written - 1) - written,
            recordTime.getOrDefault(name, written - 1) - written,
            committedSeen.getOrDefault(name, written - 1) - written,
            searchable);
        if (i > 0) {
          warm.add(searchable);
        }
      }
      committed.interrupt();
    }
    // 82-363 ms measured at load average 3-12.6 on 2 cores (docs/history.md). The first change
    // after start pays one-off costs, mostly before the producer observes it, and is not counted.
    assertThat(warm).allSatisfy(millis -> assertThat(millis).isLessThan(2000));
  }

  /** A read_committed reader like the indexer's, with a short fetch wait, noting when it sees. */
  private static Thread committedReader(
      String topic,
      Map<String, Long> observed,
      Map<String, Long> recordTime,
      Map<String, Long> seen) {
    Map<String, String> props =
        Map.of("bootstrap.servers", SharedKafka.bootstrapServers(), "fetch.max.wait.ms", "10");
    Thread thread =
        new Thread(
            () -> {
              try (KafkaConsumer<byte[], byte[]> consumer =
                  new KafkaConsumer<>(Indexer.consumerConfig(props))) {
                List<TopicPartition> parts =
                    List.of(new TopicPartition(topic, 0), new TopicPartition(topic, 1));
                consumer.assign(parts);
                consumer.seekToBeginning(parts);
                while (!Thread.currentThread().isInterrupted()) {
                  for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    Matcher name = NAME.matcher(new String(r.value(), StandardCharsets.UTF_8));
                    Header time = r.headers().lastHeader("ce_time");
                    if (name.find() && time != null) {
                      observed.put(
                          name.group(),
                          Instant.parse(new String(time.value(), StandardCharsets.UTF_8))
                              .toEpochMilli());
                      seen.put(name.group(), System.currentTimeMillis());
                      recordTime.put(name.group(), r.timestamp());
                    }
                  }
                }
              } catch (RuntimeException e) {
                log.debug("Committed reader ended: {}", e.toString());
              }
            },
            "probe-committed-reader");
    thread.setDaemon(true);
    thread.start();
    return thread;
  }
}
