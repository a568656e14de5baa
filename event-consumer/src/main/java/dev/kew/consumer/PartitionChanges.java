package dev.kew.consumer;

import dev.kew.consumer.delivery.Dispatcher;
import java.util.Collection;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps offsets, --from-beginning, --since and --no-follow right across rebalances: commits what
 * was handled before a partition goes, forgets what a lost partition had pending, and sets up the
 * partitions that come.
 */
final class PartitionChanges implements ConsumerRebalanceListener {

  private static final Logger log = LoggerFactory.getLogger(PartitionChanges.class);

  private final Consumer<?, ?> consumer;
  private final Dispatcher d;
  private final OffsetCommits commits;
  private final ReadBounds bounds;
  private final String topic;
  private final Runnable onWakeupDuringCommit;
  private volatile boolean assigned;

  /**
   * @param onWakeupDuringCommit called when a stop's wake-up interrupted a commit
   */
  PartitionChanges(
      Consumer<?, ?> consumer,
      Dispatcher d,
      OffsetCommits commits,
      ReadBounds bounds,
      String topic,
      Runnable onWakeupDuringCommit) {
    this.consumer = consumer;
    this.d = d;
    this.commits = commits;
    this.bounds = bounds;
    this.topic = topic;
    this.onWakeupDuringCommit = onWakeupDuringCommit;
  }

  /** Whether the group has given this consumer its partitions (possibly none) at least once. */
  boolean assigned() {
    return assigned;
  }

  @Override
  public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
    if (partitions.isEmpty()) {
      return;
    }
    if (commits.commitNow(consumer, ReadyOffsets.of(d))) {
      onWakeupDuringCommit.run();
    }
    d.forget(partitions);
    log.info("Revoked {}", partitions);
  }

  @Override
  public void onPartitionsLost(Collection<TopicPartition> partitions) {
    d.forget(partitions);
    log.warn("Lost partitions {}; their last events may be delivered again", partitions);
  }

  @Override
  public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
    assigned = true;
    if (partitions.isEmpty()) {
      if (consumer.assignment().isEmpty()) {
        log.info("No partitions of {} assigned to this consumer", topic);
      }
      return;
    }
    log.info("Assigned {}", partitions);
    bounds.assigned(consumer, partitions);
  }
}
