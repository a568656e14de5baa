package dev.kew.consumer;

import dev.kew.consumer.replay.HistoryService;
import dev.kew.consumer.replay.ObjectHistory;
import dev.kew.consumer.replay.ObjectQuery;
import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Prints one object's history ({@code --uid}/{@code --object}): asked of the history service with
 * {@code --history-url}, else read from the topic without joining the group.
 */
final class HistoryRun {

  private final ConsumerSettings settings;
  private final ObjectQuery query;
  private final PrintStream out;

  HistoryRun(ConsumerSettings settings, ObjectQuery query, PrintStream out) {
    this.settings = settings;
    this.query = query;
    this.out = out;
  }

  /**
   * @param kafka where the topic's reader is published while it reads, for a stop to wake it
   * @param stopRequested set by a stop (any thread)
   */
  void run(AtomicReference<Consumer<?, ?>> kafka, AtomicBoolean stopRequested) {
    if (settings.historyService().isPresent()) {
      new HistoryService(
              settings.historyService().get(),
              query,
              settings.since(),
              settings.until(),
              settings.output().newFormatter(),
              out)
          .run();
      return;
    }
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(
            settings.historyConfig(), new StringDeserializer(), new ByteArrayDeserializer())) {
      kafka.set(consumer);
      if (stopRequested.get()) {
        return;
      }
      new ObjectHistory(
              settings.kafka().topic(),
              query,
              settings.since(),
              settings.until(),
              settings.output().newFormatter(),
              out)
          .run(consumer, stopRequested::get);
    } catch (WakeupException e) {
      // stop() was called
    } finally {
      kafka.set(null);
    }
  }
}
