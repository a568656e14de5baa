package dev.kew.consumer.replay;

import dev.kew.consumer.delivery.DeadLetters;
import dev.kew.consumer.output.EventFormatter;
import dev.kew.model.ChangeEvent;
import dev.kew.model.EnvelopeReader;
import dev.kew.model.MalformedEventException;
import dev.kew.ops.PrintableText;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Prints the history of one object ({@code --uid} or {@code --object}) and returns: assigns the
 * partitions (never subscribes, never commits), reads from the beginning or {@code --since} up to
 * the end offsets seen at start or {@code --until}, and prints the object's events in order.
 */
public final class ObjectHistory {

  private static final Logger log = LoggerFactory.getLogger(ObjectHistory.class);
  private static final Duration POLL_TIMEOUT = Duration.ofMillis(500);

  /** One event found, with where it was read, for ordering across partitions. */
  private record Found(long timestamp, int partition, long offset, ChangeEvent event) {}

  private final String topic;
  private final ObjectQuery query;
  private final Optional<Instant> since;
  private final Optional<Instant> until;
  private final EventFormatter formatter;
  private final PrintStream out;

  public ObjectHistory(
      String topic,
      ObjectQuery query,
      Optional<Instant> since,
      Optional<Instant> until,
      EventFormatter formatter,
      PrintStream out) {
    this.topic = topic;
    this.query = query;
    this.since = since;
    this.until = until;
    this.formatter = formatter;
    this.out = out;
  }

  /**
   * Reads and prints; returns the number of events printed.
   *
   * @param stopped checked between polls; true ends the read early
   */
  public int run(Consumer<String, byte[]> consumer, BooleanSupplier stopped) {
    List<PartitionInfo> infos = consumer.partitionsFor(topic);
    if (infos.isEmpty()) {
      log.info("Topic {} does not exist; no history", topic);
      return 0;
    }
    List<TopicPartition> partitions = new ArrayList<>();
    Optional<Integer> only = query.partition(infos.size());
    if (only.isPresent()) {
      partitions.add(new TopicPartition(topic, only.get()));
    } else {
      infos.forEach(i -> partitions.add(new TopicPartition(topic, i.partition())));
    }
    log.info("Reading the history of {} from {} partition(s) {}", query, topic, partitions);
    consumer.assign(partitions);
    seekToStart(consumer, partitions);
    Map<TopicPartition, Long> ends = new HashMap<>(consumer.endOffsets(partitions));
    Set<TopicPartition> done = new HashSet<>();
    List<Found> found = new ArrayList<>();
    while (!stopped.getAsBoolean()) {
      for (TopicPartition p : partitions) {
        if (!done.contains(p) && consumer.position(p) >= ends.get(p)) {
          done.add(p);
        }
      }
      if (done.containsAll(partitions)) {
        break;
      }
      consumer.pause(done);
      for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL_TIMEOUT)) {
        TopicPartition p = new TopicPartition(record.topic(), record.partition());
        if (done.contains(p)) {
          continue;
        }
        if (record.offset() >= ends.get(p)
            || until.isPresent() && record.timestamp() > until.get().toEpochMilli()) {
          done.add(p);
          continue;
        }
        decode(record)
            .filter(query::matches)
            .ifPresent(
                e ->
                    found.add(
                        new Found(record.timestamp(), record.partition(), record.offset(), e)));
      }
    }
    // One uid lives in one partition, in order; incarnations of a name may span partitions.
    found.sort(
        Comparator.comparingLong(Found::timestamp)
            .thenComparingInt(Found::partition)
            .thenComparingLong(Found::offset));
    for (Found f : found) {
      out.println(formatter.format(f.event()));
    }
    if (out.checkError()) {
      throw new UncheckedIOException(new IOException("Cannot write to the output"));
    }
    log.info("Printed {} events of {}", found.size(), query);
    return found.size();
  }

  private void seekToStart(Consumer<?, ?> consumer, List<TopicPartition> partitions) {
    if (since.isEmpty()) {
      consumer.seekToBeginning(partitions);
      return;
    }
    Map<TopicPartition, Long> times = new HashMap<>();
    partitions.forEach(p -> times.put(p, since.get().toEpochMilli()));
    Map<TopicPartition, OffsetAndTimestamp> offsets = consumer.offsetsForTimes(times);
    for (TopicPartition p : partitions) {
      OffsetAndTimestamp at = offsets.get(p);
      if (at == null) {
        consumer.seekToEnd(List.of(p));
      } else {
        consumer.seek(p, at.offset());
      }
    }
  }

  private static Optional<ChangeEvent> decode(ConsumerRecord<String, byte[]> record) {
    try {
      return Optional.of(EnvelopeReader.read(record.key(), record.value()));
    } catch (MalformedEventException e) {
      log.warn(
          "Skipping record {}-{}@{}: not a valid change event: {}",
          record.topic(),
          record.partition(),
          record.offset(),
          PrintableText.cut(e.getMessage(), DeadLetters.MAX_REASON_CHARS));
      return Optional.empty();
    }
  }
}
