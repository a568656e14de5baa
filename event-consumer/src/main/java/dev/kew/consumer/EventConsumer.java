package dev.kew.consumer;

import dev.kew.consumer.cli.ConsumerSettings;
import dev.kew.consumer.filter.EventFilter;
import dev.kew.consumer.output.EventFormatter;
import dev.kew.model.ChangeEvent;
import dev.kew.model.EventCodec;
import dev.kew.model.MalformedEventException;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads change events from Kafka and writes the ones that pass the filter to an output, one line
 * each.
 *
 * <p>Delivery is at least once: offsets are committed only after the events of a poll were written
 * and flushed, and on partition revocation for what was written so far. A record that is not a
 * valid envelope is logged with its topic-partition@offset, counted as skipped, and treated as
 * handled. {@link #run()} blocks on the calling thread; {@link #stop()} may be called from any
 * thread (a shutdown hook, a test) and makes {@code run()} finish the current batch, commit and
 * return.
 */
public final class EventConsumer {

  private static final Logger log = LoggerFactory.getLogger(EventConsumer.class);
  private static final Duration POLL_TIMEOUT = Duration.ofMillis(500);

  private final ConsumerSettings settings;
  private final PrintStream out;
  private final EventFormatter formatter;
  private final EventFilter filter;

  private final AtomicReference<Consumer<?, ?>> kafka = new AtomicReference<>();
  private volatile boolean stopRequested;
  private final AtomicLong consumed = new AtomicLong();
  private final AtomicLong printed = new AtomicLong();
  private final AtomicLong skipped = new AtomicLong();

  // Owned by the thread in run(), including the rebalance callbacks that poll() invokes.
  /** Offsets of records already written and flushed, not yet committed. */
  private final Map<TopicPartition, OffsetAndMetadata> written = new HashMap<>();

  /** For --no-follow: each partition's end offset when it was first assigned. */
  private final Map<TopicPartition, Long> endOffsets = new HashMap<>();

  /** For --from-beginning: partitions already moved to their beginning once. */
  private final Set<TopicPartition> rewound = new HashSet<>();

  private boolean assigned;

  public EventConsumer(ConsumerSettings settings, PrintStream out) {
    this.settings = settings;
    this.out = out;
    this.formatter = settings.output().newFormatter();
    this.filter = settings.filter();
  }

  /**
   * Reads and prints events until {@link #stop()} is called or, with {@code follow} off, until
   * caught up with the end offsets seen when partitions were assigned. Call it once per instance.
   *
   * @throws UncheckedIOException when the output can no longer be written (the batch that failed is
   *     not committed)
   * @throws KafkaException when Kafka fails in a way the client does not recover from, or with
   *     {@code follow} off cannot be reached within {@code default.api.timeout.ms}
   */
  public void run() {
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(
            settings.consumerConfig(), new StringDeserializer(), new ByteArrayDeserializer())) {
      kafka.set(consumer);
      log.info(
          "Reading {} from {} as group {}{}{}",
          settings.kafka().topic(),
          settings.kafka().bootstrapServers(),
          settings.group(),
          settings.fromBeginning() ? ", from the beginning" : "",
          settings.follow() ? "" : ", until caught up");
      try {
        if (settings.follow() || topicExists(consumer)) {
          consumer.subscribe(List.of(settings.kafka().topic()), new Rebalance(consumer));
          pollUntilDone(consumer);
        }
      } catch (WakeupException e) {
        // stop() was called: commit what was written, then close.
      } finally {
        kafka.set(null);
        commitWritten(consumer);
      }
    }
    log.info(
        "Stopped after {} events ({} printed, {} malformed records skipped)",
        consumed.get(),
        printed.get(),
        skipped.get());
  }

  /** Asks {@link #run()} to finish its current batch, commit and return. Thread-safe. */
  public void stop() {
    stopRequested = true;
    Consumer<?, ?> consumer = kafka.get();
    if (consumer != null) {
      consumer.wakeup();
    }
  }

  /** Valid events read so far, printed or filtered out. */
  public long consumed() {
    return consumed.get();
  }

  /** Events written to the output so far. */
  public long printed() {
    return printed.get();
  }

  /** Records skipped so far because they were not valid change events. */
  public long skipped() {
    return skipped.get();
  }

  /**
   * For --no-follow: a topic that does not exist has nothing to read. Also fails fast (after {@code
   * default.api.timeout.ms}) when Kafka cannot be reached, instead of waiting for an assignment.
   */
  private boolean topicExists(Consumer<?, ?> consumer) {
    List<PartitionInfo> partitions;
    try {
      partitions = consumer.partitionsFor(settings.kafka().topic());
    } catch (TimeoutException e) {
      throw new TimeoutException(
          "Kafka at "
              + settings.kafka().bootstrapServers()
              + " did not answer within default.api.timeout.ms",
          e);
    }
    if (partitions.isEmpty()) {
      log.info("Topic {} does not exist; nothing to read", settings.kafka().topic());
      return false;
    }
    return true;
  }

  private void pollUntilDone(Consumer<String, byte[]> consumer) {
    while (!stopRequested) {
      ConsumerRecords<String, byte[]> records = consumer.poll(POLL_TIMEOUT);
      if (!records.isEmpty()) {
        write(records);
        commitWritten(consumer);
      }
      if (!settings.follow() && caughtUp(consumer)) {
        log.info("Caught up with the end of {}", settings.kafka().topic());
        return;
      }
    }
  }

  private void write(ConsumerRecords<String, byte[]> records) {
    Map<TopicPartition, OffsetAndMetadata> batch = new HashMap<>();
    for (ConsumerRecord<String, byte[]> record : records) {
      write(record);
      batch.put(
          new TopicPartition(record.topic(), record.partition()),
          new OffsetAndMetadata(record.offset() + 1, record.leaderEpoch(), ""));
    }
    if (out.checkError()) { // flushes, then reports any failure since the stream was opened
      throw new UncheckedIOException(
          new IOException("Cannot write to the output; the last batch was not committed"));
    }
    written.putAll(batch);
  }

  private void write(ConsumerRecord<String, byte[]> record) {
    ChangeEvent event;
    try {
      event = EventCodec.fromBytes(record.value());
    } catch (MalformedEventException e) {
      skipped.incrementAndGet();
      log.warn(
          "Skipping record {}-{}@{} (key {}): not a valid change event: {}",
          record.topic(),
          record.partition(),
          record.offset(),
          record.key(),
          e.getMessage());
      return;
    }
    consumed.incrementAndGet();
    if (filter.matches(event)) {
      out.println(formatter.format(event));
      printed.incrementAndGet();
      log.debug(
          "Printed {} from {}-{}@{}",
          event.id(),
          record.topic(),
          record.partition(),
          record.offset());
    }
  }

  private boolean caughtUp(Consumer<?, ?> consumer) {
    if (!assigned) {
      return false;
    }
    for (TopicPartition partition : consumer.assignment()) {
      Long end = endOffsets.get(partition);
      if (end == null || consumer.position(partition) < end) {
        return false;
      }
    }
    return true;
  }

  private void commitWritten(Consumer<?, ?> consumer) {
    commit(consumer, written.keySet());
  }

  private void commit(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    for (TopicPartition partition : partitions) {
      OffsetAndMetadata offset = written.get(partition);
      if (offset != null) {
        offsets.put(partition, offset);
      }
    }
    if (offsets.isEmpty()) {
      return;
    }
    try {
      consumer.commitSync(offsets);
    } catch (WakeupException e) {
      // stop() interrupted the commit; the wake-up is used up, so the commit can be retried.
      consumer.commitSync(offsets);
      stopRequested = true;
    }
    written.keySet().removeAll(offsets.keySet());
    log.debug("Committed {}", offsets);
  }

  /** Keeps offsets, --from-beginning and --no-follow right across rebalances. */
  private final class Rebalance implements ConsumerRebalanceListener {
    private final Consumer<?, ?> consumer;

    Rebalance(Consumer<?, ?> consumer) {
      this.consumer = consumer;
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      commit(consumer, partitions);
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
      written.keySet().removeAll(partitions);
      log.warn("Lost partitions {}; their last events may be printed again", partitions);
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      assigned = true;
      if (partitions.isEmpty()) {
        log.info("No partitions of {} assigned to this consumer", settings.kafka().topic());
        return;
      }
      log.info("Assigned {}", partitions);
      if (settings.fromBeginning()) {
        List<TopicPartition> fresh = new ArrayList<>(partitions);
        fresh.removeAll(rewound);
        consumer.seekToBeginning(fresh);
        rewound.addAll(fresh);
      }
      if (!settings.follow()) {
        consumer.endOffsets(partitions).forEach(endOffsets::putIfAbsent);
      }
    }
  }
}
