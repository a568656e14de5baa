package dev.kew.bench.history;

import dev.kew.history.index.IndexableEvent;
import dev.kew.history.index.IndexedEvent;
import dev.kew.history.index.ProjectedEnvelope;
import dev.kew.history.ingest.Indexer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * The store comparison of docs/history.md: the entries the service indexes, read from the same
 * topic through the same decoding, fed into SQLite ({@link SqliteIndex}) and asked the same
 * questions in process.
 */
final class SqliteComparison {

  /** Seconds to fill, bytes on disk, p99 of one object's history and of a namespace at T. */
  record Figures(double seconds, long bytes, double historyP99Millis, double namespaceP99Millis) {}

  private SqliteComparison() {}

  static Figures measure(HistoryTopic topic, Path file, int events, int objects) throws Exception {
    long t0 = System.nanoTime();
    try (SqliteIndex sqlite = new SqliteIndex(file);
        KafkaConsumer<byte[], byte[]> consumer =
            new KafkaConsumer<>(
                Indexer.consumerConfig(Map.of("bootstrap.servers", topic.bootstrap())))) {
      List<TopicPartition> partitions = new ArrayList<>();
      for (int p = 0; p < HistoryTopic.PARTITIONS; p++) {
        partitions.add(new TopicPartition(topic.name(), p));
      }
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      int read = 0;
      while (read < events) {
        List<IndexedEvent> batch = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
          batch.add(
              IndexableEvent.of(ProjectedEnvelope.read(r.value()), r.partition(), r.offset())
                  .event());
        }
        sqlite.add(batch);
        read += batch.size();
      }
      double seconds = (System.nanoTime() - t0) / 1e9;
      Random random = new Random(7);
      double history =
          P99.of(1000, () -> sqlite.history(HistoryTopic.uid(random.nextInt(objects)), 100));
      double namespace =
          P99.of(
              100,
              () ->
                  sqlite.namespaceAt(
                      HistoryTopic.namespace(random.nextInt(HistoryTopic.NAMESPACES)),
                      topic.at(random.nextInt(100)).toEpochMilli()));
      return new Figures(seconds, sqlite.sizeOnDisk(), history, namespace);
    }
  }
}
