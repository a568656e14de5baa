package dev.kew.consumer;

import dev.kew.consumer.delivery.Dispatcher;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The read loop on the consumer's thread: polls, hands admitted records to the {@link Dispatcher},
 * commits what the sinks finished and throttles reading, until stopped or at the end; then {@link
 * #finish} delivers what is queued (bounded) and commits a last time.
 */
final class ReadLoop {

  private static final Logger log = LoggerFactory.getLogger(ReadLoop.class);
  private static final Duration MAX_POLL_TIMEOUT = Duration.ofMillis(500);
  private static final Duration BUSY_POLL_TIMEOUT = Duration.ofMillis(50);

  private final Consumer<String, byte[]> consumer;
  private final Dispatcher dispatcher;
  private final OffsetCommits commits;
  private final ReadBounds bounds;
  private final PartitionChanges changes;
  private final Clock clock;
  private final String topic;
  private final AtomicBoolean stopRequested;
  private volatile Instant lastPoll;

  /**
   * @param stopRequested set by a stop (any thread); the loop sets it too when a stop's wake-up hit
   *     a commit
   */
  ReadLoop(
      Consumer<String, byte[]> consumer,
      Dispatcher dispatcher,
      OffsetCommits commits,
      ReadBounds bounds,
      PartitionChanges changes,
      Clock clock,
      String topic,
      AtomicBoolean stopRequested) {
    this.consumer = consumer;
    this.dispatcher = dispatcher;
    this.commits = commits;
    this.bounds = bounds;
    this.changes = changes;
    this.clock = clock;
    this.topic = topic;
    this.stopRequested = stopRequested;
  }

  /** When the loop last polled Kafka; empty before it first did. Any thread. */
  Optional<Instant> lastPoll() {
    return Optional.ofNullable(lastPoll);
  }

  /** Reads until stopped or, with an end (--no-follow, --until), until every delivery is done. */
  void run() {
    ReadThrottle throttle = new ReadThrottle(EventConsumer.MAX_PENDING);
    Dispatcher d = dispatcher;
    boolean finishing = false;
    while (!stopRequested.get()) {
      lastPoll = clock.instant();
      for (ConsumerRecord<String, byte[]> record : consumer.poll(pollTimeout(finishing))) {
        if (bounds.admits(record)) {
          d.accept(record);
        }
      }
      if (finishing) {
        d.awaitOutcome(BUSY_POLL_TIMEOUT); // every partition is paused: a poll would only wait
      }
      d.collect();
      if (commits.commitWhenDue(consumer, ReadyOffsets.of(d))) {
        stopRequested.set(true);
      }
      if (!finishing && changes.assigned() && bounds.reachedTheEnd(consumer)) {
        finishing = true;
        d.finishing();
        log.info("Caught up with {}; finishing deliveries", topic);
      }
      throttle.apply(consumer, d.pending(), finishing, bounds);
      if (finishing && d.pending() == 0) {
        return;
      }
    }
  }

  /**
   * Short while deliveries are under way, so their outcomes are committed promptly; none once
   * finishing, when the wait is for the sinks instead.
   */
  private Duration pollTimeout(boolean finishing) {
    if (finishing) {
      return Duration.ZERO;
    }
    return dispatcher.pending() > 0 ? BUSY_POLL_TIMEOUT : MAX_POLL_TIMEOUT;
  }

  /**
   * After a stop or the end (or when the topic did not exist and no loop ran): delivers what is
   * queued (bounded), commits.
   */
  static void finish(Consumer<?, ?> consumer, Dispatcher dispatcher, OffsetCommits commits) {
    int left = dispatcher.drain(Duration.ofSeconds(EventConsumer.DRAIN_ON_STOP_SECONDS));
    commits.commitNow(consumer, ReadyOffsets.of(dispatcher));
    commits
        .problem()
        .ifPresent(
            problem ->
                log.warn(
                    "Offsets were not committed ({}); their events will be delivered again on the"
                        + " next start",
                    problem));
    if (left > 0) {
      log.warn("{} deliveries were still pending; they will be made again on the next start", left);
    }
  }
}
