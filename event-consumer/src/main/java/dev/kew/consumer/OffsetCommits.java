package dev.kew.consumer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Commits the offsets the dispatcher says are handled, across wake-ups, rebalances and Kafka
 * outages. A commit that times out or fails retriably (the broker away, the coordinator moving)
 * leaves its offsets pending and is tried again with backoff ({@value #FIRST_RETRY_MILLIS} ms
 * doubling up to {@value #MAX_RETRY_MILLIS} ms) while the read loop keeps going; {@link #problem()}
 * says so for {@code /readyz} and {@value #FAILED_COMMITS} counts the failures. Any other error
 * (authorization, a fenced instance) is thrown: the consumer cannot go on.
 *
 * <p>Used by the read loop's thread only, except {@link #problem()}.
 */
final class OffsetCommits {

  private static final Logger log = LoggerFactory.getLogger(OffsetCommits.class);

  /** Longest wait of one commit, so the read loop keeps polling while Kafka is away. */
  static final Duration COMMIT_TIMEOUT = Duration.ofSeconds(10);

  static final long FIRST_RETRY_MILLIS = 1_000;
  static final long MAX_RETRY_MILLIS = 30_000;
  static final String FAILED_COMMITS = "kew.consumer.commits.failed";
  private static final int MAX_REASON_CHARS = 200;

  private final Clock clock;
  private final Counter failedCommits;
  private int failuresInARow;
  private Instant nextAttempt = Instant.MIN;
  private volatile Optional<String> problem = Optional.empty();
  private Instant failingSince;

  OffsetCommits(Clock clock, MeterRegistry registry) {
    this.clock = clock;
    this.failedCommits =
        Counter.builder(FAILED_COMMITS)
            .description(
                "Offset commits that timed out or failed retriably (Kafka unreachable); retried")
            .register(registry);
  }

  /**
   * Commits what is ready unless a failed commit's backoff is still running.
   *
   * @return true when a stop's wake-up interrupted the commit (which was then made again)
   */
  boolean commitWhenDue(Consumer<?, ?> consumer, ReadyOffsets ready) {
    if (clock.instant().isBefore(nextAttempt)) {
      return false;
    }
    return commitNow(consumer, ready);
  }

  /**
   * Commits what is ready now, backoff or not (partitions being revoked, the consumer closing).
   *
   * @return true when a stop's wake-up interrupted the commit (which was then made again)
   */
  boolean commitNow(Consumer<?, ?> consumer, ReadyOffsets ready) {
    Map<TopicPartition, OffsetAndMetadata> offsets = ready.take();
    if (offsets.isEmpty()) {
      if (failingSince != null) {
        clearFailures(); // nothing is left to commit: the partitions moved away
      }
      return false;
    }
    boolean wokenUp = false;
    try {
      try {
        consumer.commitSync(offsets, COMMIT_TIMEOUT);
      } catch (WakeupException e) {
        // stop() interrupted the commit; the wake-up is used up, so the commit can be retried.
        wokenUp = true;
        consumer.commitSync(offsets, COMMIT_TIMEOUT);
      }
    } catch (RebalanceInProgressException | CommitFailedException e) {
      // Retried after the rebalance; partitions that moved away are forgotten by the callbacks
      // and their events delivered again by the new owner.
      ready.putBack(offsets);
      log.info("Commit deferred by a rebalance: {}", e.getMessage());
      return wokenUp;
    } catch (RetriableException e) {
      ready.putBack(offsets);
      failed(e);
      return wokenUp;
    }
    succeeded(offsets);
    return wokenUp;
  }

  /** Why offsets are not being committed right now; empty while commits succeed. */
  Optional<String> problem() {
    return problem;
  }

  private void failed(RetriableException e) {
    Instant now = clock.instant();
    failedCommits.increment();
    failuresInARow++;
    if (failingSince == null) {
      failingSince = now;
    }
    Duration wait = backoff(failuresInARow);
    nextAttempt = now.plus(wait);
    String reason = bounded(e.getClass().getSimpleName() + ": " + e.getMessage());
    problem =
        Optional.of(
            "Kafka unreachable since %s: %d offset commits failed in a row, retrying in %d ms (%s)"
                .formatted(failingSince, failuresInARow, wait.toMillis(), reason));
    log.warn(
        "Offset commit failed ({} in a row); offsets stay pending, retrying in {} ms: {}",
        failuresInARow,
        wait.toMillis(),
        reason);
  }

  private void succeeded(Map<TopicPartition, OffsetAndMetadata> offsets) {
    if (failingSince != null) {
      log.info(
          "Offsets committed again after {} failed commits since {}", failuresInARow, failingSince);
    }
    clearFailures();
    log.debug("Committed {}", offsets);
  }

  private void clearFailures() {
    failuresInARow = 0;
    failingSince = null;
    nextAttempt = Instant.MIN;
    problem = Optional.empty();
  }

  /** The wait after failure number {@code attempt}: 1 s, 2 s, 4 s, ... up to 30 s. */
  static Duration backoff(int attempt) {
    long wait = FIRST_RETRY_MILLIS;
    for (int i = 1; i < attempt && wait < MAX_RETRY_MILLIS; i++) {
      wait *= 2;
    }
    return Duration.ofMillis(Math.min(wait, MAX_RETRY_MILLIS));
  }

  /** Kafka's messages hold no secrets, but may be long; control characters are escaped. */
  private static String bounded(String text) {
    StringBuilder out = new StringBuilder();
    int i = 0;
    for (; i < text.length() && i < MAX_REASON_CHARS; i++) {
      char c = text.charAt(i);
      out.append(Character.isISOControl(c) ? String.format("\\u%04x", (int) c) : c);
    }
    return i < text.length() ? out + "..." : out.toString();
  }
}
