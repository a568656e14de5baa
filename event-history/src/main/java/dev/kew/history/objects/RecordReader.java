package dev.kew.history.objects;

import dev.kew.history.ingest.Indexer;
import dev.kew.model.ChangeEvent;
import dev.kew.model.EventCodec;
import dev.kew.model.MalformedEventException;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;

/**
 * Reads full envelopes back from the topic by partition and offset (the index keeps only what it
 * filters on), through one consumer of its own and a small cache of the most recently read
 * envelopes, bounded in bytes.
 */
public final class RecordReader implements AutoCloseable {

  private static final Duration POLL = Duration.ofMillis(100);

  private final String topic;
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final Duration timeout;
  private final long cacheBytes;
  private final LinkedHashMap<String, byte[]> cache = new LinkedHashMap<>(64, 0.75f, true);
  private long cached;

  /**
   * @param cacheBytes most bytes of envelopes kept in memory
   * @param timeout how long one read may wait for Kafka
   */
  public RecordReader(
      String topic, Map<String, String> clientProperties, long cacheBytes, Duration timeout) {
    this.topic = topic;
    this.consumer = new KafkaConsumer<>(Indexer.consumerConfig(clientProperties));
    this.cacheBytes = cacheBytes;
    this.timeout = timeout;
  }

  /**
   * The envelope at {@code partition}/{@code offset}; empty when the topic no longer holds it
   * (retention) or it is not a valid envelope.
   *
   * @throws org.apache.kafka.common.errors.TimeoutException when Kafka does not answer in time
   */
  public synchronized Optional<ChangeEvent> read(int partition, long offset) {
    String key = partition + "-" + offset;
    byte[] bytes = cache.get(key);
    if (bytes == null) {
      bytes = fetch(partition, offset);
      if (bytes == null) {
        return Optional.empty();
      }
      remember(key, bytes);
    }
    try {
      return Optional.of(EventCodec.fromBytes(bytes));
    } catch (MalformedEventException e) {
      return Optional.empty();
    }
  }

  private byte[] fetch(int partition, long offset) {
    TopicPartition p = new TopicPartition(topic, partition);
    consumer.assign(List.of(p));
    consumer.seek(p, offset);
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL).records(p)) {
        if (record.offset() == offset) {
          return record.value();
        }
        if (record.offset() > offset) {
          return null;
        }
      }
      if (consumer.position(p) > offset) {
        return null;
      }
    }
    throw new TimeoutException(
        "Kafka did not return " + topic + "-" + partition + "@" + offset + " within " + timeout);
  }

  private void remember(String key, byte[] bytes) {
    if (bytes.length > cacheBytes / 4) {
      return;
    }
    cache.put(key, bytes);
    cached += bytes.length;
    Iterator<Map.Entry<String, byte[]>> eldest = cache.entrySet().iterator();
    while (cached > cacheBytes && eldest.hasNext()) {
      cached -= eldest.next().getValue().length;
      eldest.remove();
    }
  }

  @Override
  public synchronized void close() {
    consumer.close(Duration.ofSeconds(5));
  }
}
