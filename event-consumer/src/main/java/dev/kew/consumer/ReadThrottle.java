package dev.kew.consumer;

import java.util.HashSet;
import java.util.Set;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pauses partitions past --until, everything once finishing, and everything while too many records
 * wait for their sinks (resuming at half), so memory stays bounded; polling goes on meanwhile, so
 * the group never sees this consumer miss {@code max.poll.interval.ms}.
 */
final class ReadThrottle {

  private static final Logger log = LoggerFactory.getLogger(ReadThrottle.class);

  private final int maxPending;
  private boolean throttled;

  /** Reading pauses while {@code maxPending} records wait for their sinks, resumes at half. */
  ReadThrottle(int maxPending) {
    this.maxPending = maxPending;
  }

  void apply(Consumer<?, ?> consumer, int pending, boolean finishing, ReadBounds bounds) {
    if (!throttled && pending >= maxPending) {
      throttled = true;
      log.info("{} records wait for their sinks; pausing reads", pending);
    } else if (throttled && pending < maxPending / 2) {
      throttled = false;
      log.info("Resuming reads");
    }
    Set<TopicPartition> assignment = consumer.assignment();
    Set<TopicPartition> paused = new HashSet<>();
    for (TopicPartition partition : assignment) {
      if (finishing || throttled || bounds.finished(partition)) {
        paused.add(partition);
      }
    }
    consumer.pause(paused);
    Set<TopicPartition> running = new HashSet<>(assignment);
    running.removeAll(paused);
    consumer.resume(running);
  }
}
