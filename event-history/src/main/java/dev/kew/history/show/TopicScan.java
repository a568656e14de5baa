package dev.kew.history.show;

import dev.kew.history.index.IndexableEvent;
import dev.kew.history.index.IndexedEvent;
import dev.kew.history.ingest.Indexer;
import dev.kew.model.ChangeEvent;
import dev.kew.model.EventCodec;
import dev.kew.model.MalformedEventException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;

/**
 * Answers {@code kew history show} without the service: reads every partition of the topic from its
 * beginning to its end offsets at start (no group, nothing committed) and keeps the events of the
 * object. Slow on a large topic; the service answers from its index.
 */
public final class TopicScan {

  private final String topic;
  private final Map<String, String> clientProperties;
  private final Duration timeout;

  public TopicScan(String topic, Map<String, String> clientProperties, Duration timeout) {
    this.topic = topic;
    this.clientProperties = clientProperties;
    this.timeout = timeout;
  }

  /** The object's events, and with {@code at} its state at that moment. */
  public ObjectAnswer answer(ObjectRef ref, String cluster, Instant at) {
    List<IndexedEvent> events = new ArrayList<>();
    ChangeEvent[] last = new ChangeEvent[1];
    IndexedEvent[] lastEntry = new IndexedEvent[1];
    read(
        record -> {
          ChangeEvent event;
          try {
            event = EventCodec.fromBytes(record.value());
          } catch (MalformedEventException e) {
            return;
          }
          if (!matches(event, ref, cluster)) {
            return;
          }
          IndexedEvent entry =
              IndexableEvent.of(event, record.partition(), record.offset()).event();
          events.add(entry);
          if (at != null
              && !entry.observedAt().isAfter(at)
              && (lastEntry[0] == null || ORDER.compare(entry, lastEntry[0]) > 0)) {
            lastEntry[0] = entry;
            last[0] = event;
          }
        });
    events.sort(ORDER);
    return new ObjectAnswer(events, lastEntry[0], last[0] == null ? null : last[0].object());
  }

  private static final Comparator<IndexedEvent> ORDER =
      Comparator.comparing(IndexedEvent::observedAt)
          .thenComparingInt(IndexedEvent::partition)
          .thenComparingLong(IndexedEvent::offset);

  private static boolean matches(ChangeEvent event, ObjectRef ref, String cluster) {
    return event.kind().toLowerCase(Locale.ROOT).equals(ref.kind().toLowerCase(Locale.ROOT))
        && Objects.equals(event.namespace(), ref.namespace())
        && event.name().equals(ref.name())
        && (cluster == null || cluster.equals(event.cluster()));
  }

  private void read(Consumer<ConsumerRecord<byte[], byte[]>> action) {
    long deadline = System.nanoTime() + timeout.toNanos();
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(Indexer.consumerConfig(clientProperties))) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic, timeout).stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .toList();
      if (partitions.isEmpty()) {
        throw new IllegalStateException("topic " + topic + " does not exist");
      }
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
        if (System.nanoTime() > deadline) {
          throw new TimeoutException(
              "could not read topic " + topic + " to its end within " + timeout);
        }
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          if (record.value() != null
              && record.offset() < end.get(new TopicPartition(topic, record.partition()))) {
            action.accept(record);
          }
        }
      }
    }
  }
}
