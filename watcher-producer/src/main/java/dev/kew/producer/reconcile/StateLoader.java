package dev.kew.producer.reconcile;

import dev.kew.producer.StartupException;
import dev.kew.producer.diff.LastPublished;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rebuilds the last published form of every watched object from the state topic: reads it from the
 * beginning to its end offsets with {@code isolation.level=read_committed} (so only what was
 * committed together with its event counts), keeps the records of this {@link WatchScope} and
 * applies tombstones. Call it after the producer's {@code initTransactions()}, which aborts a
 * transaction a killed predecessor left open (until then the end offsets would not move).
 */
public final class StateLoader {

  private static final Logger log = LoggerFactory.getLogger(StateLoader.class);

  private StateLoader() {}

  /**
   * Loads the state of {@code scope} from {@code stateTopic} into {@code store}.
   *
   * @param clientProperties the user's Kafka client properties, with {@code bootstrap.servers}
   * @return how many objects were loaded
   * @throws StartupException when the topic cannot be read within {@code timeout}
   */
  public static int load(
      Map<String, String> clientProperties,
      String stateTopic,
      WatchScope scope,
      LastPublished store,
      Duration timeout) {
    Map<String, Object> config = new HashMap<>(clientProperties);
    config.keySet().removeIf(key -> key.startsWith("transactional.") || key.startsWith("acks"));
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    config.put(
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    config.remove(ConsumerConfig.GROUP_ID_CONFIG);
    long started = System.nanoTime();
    long deadline = started + timeout.toNanos();
    int skipped = 0;
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config)) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(stateTopic, timeout).stream()
              .map(p -> new TopicPartition(stateTopic, p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
        if (System.nanoTime() > deadline) {
          throw new StartupException(
              "Could not read state topic " + stateTopic + " within " + timeout.toMillis() + " ms",
              false,
              null);
        }
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          if (!apply(record, scope, store)) {
            skipped++;
          }
        }
      }
    } catch (KafkaException e) {
      throw new StartupException(
          "Cannot read state topic " + stateTopic + ": " + e.getMessage(), false, e);
    }
    log.info(
        "Rebuilt the last published state of {} objects from {} in {} ms ({} records of other"
            + " streams or unreadable skipped)",
        store.size(),
        stateTopic,
        (System.nanoTime() - started) / 1_000_000,
        skipped);
    return store.size();
  }

  private static boolean apply(
      ConsumerRecord<String, byte[]> record, WatchScope scope, LastPublished store) {
    if (record.key() == null) {
      return false;
    }
    if (record.value() == null) {
      store.remove(record.key());
      return true;
    }
    PublishedState state;
    try {
      state = PublishedState.fromBytes(record.value());
    } catch (IllegalArgumentException e) {
      log.warn(
          "Skipping state record {}-{}@{}: {}",
          record.topic(),
          record.partition(),
          record.offset(),
          e.getMessage());
      return false;
    }
    if (!scope.covers(state.cluster(), state.apiVersion(), state.kind(), state.namespace())) {
      return false;
    }
    store.put(record.key(), state.object());
    return true;
  }
}
