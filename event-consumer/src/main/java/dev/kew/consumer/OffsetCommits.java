package dev.kew.consumer;

import dev.kew.consumer.delivery.Dispatcher;
import java.util.Map;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Commits the offsets the dispatcher says are handled, across wake-ups and rebalances. */
final class OffsetCommits {

  private static final Logger log = LoggerFactory.getLogger(OffsetCommits.class);

  private OffsetCommits() {}

  /**
   * Commits what {@code d} says is committable.
   *
   * @return true when a stop's wake-up interrupted the commit (which was then made again)
   */
  static boolean commit(Consumer<?, ?> consumer, Dispatcher d) {
    Map<TopicPartition, OffsetAndMetadata> offsets = d.committable();
    if (offsets.isEmpty()) {
      return false;
    }
    boolean wokenUp = false;
    try {
      try {
        consumer.commitSync(offsets);
      } catch (WakeupException e) {
        // stop() interrupted the commit; the wake-up is used up, so the commit can be retried.
        consumer.commitSync(offsets);
        wokenUp = true;
      }
    } catch (RebalanceInProgressException | CommitFailedException e) {
      // Retried after the rebalance; partitions that moved away are forgotten by the callbacks
      // and their events delivered again by the new owner.
      d.uncommitted(offsets);
      log.info("Commit deferred by a rebalance: {}", e.getMessage());
      return wokenUp;
    }
    log.debug("Committed {}", offsets);
    return wokenUp;
  }
}
