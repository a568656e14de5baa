package dev.kew.consumer;

import dev.kew.cli.KafkaConnection;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where reading starts and stops on each partition: {@code --from-beginning} and {@code --since}
 * move a partition to its start once, {@code --no-follow} stops at the end offsets seen at
 * assignment, {@code --until} at the first event after that time.
 *
 * <p>Owned by the read loop's thread, including the rebalance callbacks that poll() invokes.
 */
final class ReadBounds {

  private static final Logger log = LoggerFactory.getLogger(ReadBounds.class);

  private final boolean fromBeginning;
  private final Optional<Instant> since;
  private final boolean follow;
  private final Optional<Instant> until;
  private final long untilMillis;
  private final Clock clock;

  /** Where reading stops: each partition's end offset (for --no-follow and --until). */
  private final Map<TopicPartition, Long> endOffsets = new HashMap<>();

  /** Partitions that reached an event after --until. */
  private final Set<TopicPartition> finished = new HashSet<>();

  /** For --from-beginning and --since: partitions already moved to their start once. */
  private final Set<TopicPartition> rewound = new HashSet<>();

  ReadBounds(
      boolean fromBeginning,
      Optional<Instant> since,
      boolean follow,
      Optional<Instant> until,
      Clock clock) {
    this.fromBeginning = fromBeginning;
    this.since = since;
    this.follow = follow;
    this.until = until;
    this.untilMillis = until.map(Instant::toEpochMilli).orElse(Long.MAX_VALUE);
    this.clock = clock;
  }

  /** False for a record of a finished partition or after --until (which finishes its partition). */
  boolean admits(ConsumerRecord<?, ?> record) {
    TopicPartition partition = new TopicPartition(record.topic(), record.partition());
    if (finished.contains(partition)) {
      return false;
    }
    if (record.timestamp() > untilMillis) {
      finished.add(partition);
      log.info("{} reached {}", partition, until.orElseThrow());
      return false;
    }
    return true;
  }

  /** Whether a partition reached an event after --until. */
  boolean finished(TopicPartition partition) {
    return finished.contains(partition);
  }

  /** True when no more records are to be read: --no-follow caught up, or --until reached. */
  boolean reachedTheEnd(Consumer<?, ?> consumer) {
    if (!needEndOffsets()) {
      return false;
    }
    Set<TopicPartition> partitions = consumer.assignment();
    recordEndOffsets(consumer, partitions);
    for (TopicPartition partition : partitions) {
      if (!finished.contains(partition)
          && consumer.position(partition) < endOffsets.get(partition)) {
        return false;
      }
    }
    return true;
  }

  /** Moves newly assigned partitions to their start (once each) and notes their end offsets. */
  void assigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
    List<TopicPartition> fresh = partitions.stream().filter(p -> !rewound.contains(p)).toList();
    if (fromBeginning) {
      consumer.seekToBeginning(fresh);
    } else if (since.isPresent()) {
      seekToTime(consumer, fresh, since.get());
    }
    rewound.addAll(fresh);
    if (needEndOffsets()) {
      recordEndOffsets(consumer, partitions);
    }
  }

  /**
   * For --no-follow and --until: a topic that does not exist has nothing to read. Also fails fast
   * (after {@code default.api.timeout.ms}) when Kafka cannot be reached, instead of waiting for an
   * assignment.
   */
  static boolean topicExists(Consumer<?, ?> consumer, KafkaConnection kafka) {
    List<PartitionInfo> partitions;
    try {
      partitions = consumer.partitionsFor(kafka.topic());
    } catch (TimeoutException e) {
      throw new TimeoutException(
          "Kafka at " + kafka.bootstrapServers() + " did not answer within default.api.timeout.ms",
          e);
    }
    if (partitions.isEmpty()) {
      log.info("Topic {} does not exist; nothing to read", kafka.topic());
      return false;
    }
    return true;
  }

  /** --no-follow stops at the end offsets seen at assignment; --until at those once it passed. */
  private boolean needEndOffsets() {
    return !follow || until.map(t -> !clock.instant().isBefore(t)).orElse(false);
  }

  private void recordEndOffsets(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
    List<TopicPartition> missing =
        partitions.stream().filter(p -> !endOffsets.containsKey(p)).toList();
    if (!missing.isEmpty()) {
      endOffsets.putAll(consumer.endOffsets(missing));
    }
  }

  private static void seekToTime(
      Consumer<?, ?> consumer, List<TopicPartition> partitions, Instant since) {
    Map<TopicPartition, Long> times = new HashMap<>();
    partitions.forEach(p -> times.put(p, since.toEpochMilli()));
    Map<TopicPartition, OffsetAndTimestamp> offsets = consumer.offsetsForTimes(times);
    for (TopicPartition partition : partitions) {
      OffsetAndTimestamp at = offsets.get(partition);
      if (at == null) {
        consumer.seekToEnd(List.of(partition));
      } else {
        consumer.seek(partition, at.offset());
      }
    }
  }
}
