package dev.kew.producer.reconcile;

import dev.kew.producer.StartupException;
import dev.kew.producer.diff.LastPublished;
import dev.kew.producer.publish.PublishedState;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rebuilds the last published form of every watched object from the state topic: reads it from the
 * beginning to its end offsets with {@code isolation.level=read_committed} (so only what was
 * committed together with its event counts), keeps the records of this {@link StreamScope} and
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
      StreamScope scope,
      LastPublished store,
      Duration timeout) {
    long started = System.nanoTime();
    AtomicInteger skipped = new AtomicInteger();
    try {
      TopicToEnd.read(
          clientProperties,
          stateTopic,
          timeout,
          record -> {
            if (!apply(record, scope, store)) {
              skipped.incrementAndGet();
            }
          });
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
        skipped.get());
    return store.size();
  }

  private static boolean apply(
      ConsumerRecord<String, byte[]> record, StreamScope scope, LastPublished store) {
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
