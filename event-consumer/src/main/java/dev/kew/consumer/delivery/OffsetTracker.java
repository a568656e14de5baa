package dev.kew.consumer.delivery;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Which offsets may be committed: per partition, the offset after the longest prefix of records
 * that are completely handled (every sink they route to accepted them, or they went to the
 * dead-letter topic). A record still retrying holds back the commit of every later record of its
 * partition, so a crash redelivers rather than loses.
 */
final class OffsetTracker {

  /** One record in flight, waiting for {@code remaining} sinks. */
  static final class Entry {
    final TopicPartition partition;
    final ConsumerRecord<?, ?> record;
    int remaining;

    Entry(TopicPartition partition, ConsumerRecord<?, ?> record, int remaining) {
      this.partition = partition;
      this.record = record;
      this.remaining = remaining;
    }
  }

  private final Map<TopicPartition, ArrayDeque<Entry>> open = new HashMap<>();
  private final Map<TopicPartition, OffsetAndMetadata> ready = new HashMap<>();
  private int pending;

  /** Tracks {@code record}, which waits for {@code sinks} deliveries (0: handled already). */
  Entry add(ConsumerRecord<?, ?> record, int sinks) {
    TopicPartition partition = new TopicPartition(record.topic(), record.partition());
    Entry entry = new Entry(partition, record, sinks);
    open.computeIfAbsent(partition, p -> new ArrayDeque<>()).addLast(entry);
    pending++;
    advance(partition);
    return entry;
  }

  /** One of the entry's sinks is done with it. */
  void complete(Entry entry) {
    entry.remaining--;
    if (entry.remaining == 0) {
      advance(entry.partition);
    }
  }

  private void advance(TopicPartition partition) {
    ArrayDeque<Entry> queue = open.get(partition);
    if (queue == null) {
      return; // forgotten (revoked) meanwhile
    }
    while (!queue.isEmpty() && queue.peekFirst().remaining <= 0) {
      ConsumerRecord<?, ?> done = queue.pollFirst().record;
      pending--;
      ready.put(partition, new OffsetAndMetadata(done.offset() + 1, done.leaderEpoch(), ""));
    }
  }

  /** Offsets that moved since the last call, to commit. */
  Map<TopicPartition, OffsetAndMetadata> takeReady() {
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>(ready);
    ready.clear();
    return offsets;
  }

  /** Puts back offsets whose commit failed, unless newer ones are ready. */
  void restore(Map<TopicPartition, OffsetAndMetadata> offsets) {
    offsets.forEach(ready::putIfAbsent);
  }

  /** Stops tracking {@code partitions} (revoked or lost): their records are someone else's now. */
  void forget(Collection<TopicPartition> partitions) {
    for (TopicPartition partition : partitions) {
      ArrayDeque<Entry> queue = open.remove(partition);
      if (queue != null) {
        pending -= queue.size();
      }
      ready.remove(partition);
    }
  }

  /** Records read but not completely handled. */
  int pending() {
    return pending;
  }
}
