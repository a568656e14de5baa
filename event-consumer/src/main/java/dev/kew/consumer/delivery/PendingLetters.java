package dev.kew.consumer.delivery;

import dev.kew.ops.PrintableText;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records on their way to the dead-letter topic. Writes start at once and are checked on every turn
 * of the read loop, which never waits for them; a record completes (its offset may be committed)
 * only once it is durable there. When the topic cannot be written, the records wait, their
 * partitions' offsets are not committed past them, writing is retried with backoff (from {@value
 * #FIRST_RETRY_SECONDS} s to {@value #MAX_RETRY_SECONDS} s) and {@link #problem()} says so for
 * {@code /readyz}; a restart meanwhile meets them again. Nothing is lost either way.
 */
final class PendingLetters {

  private static final Logger log = LoggerFactory.getLogger(PendingLetters.class);
  static final long FIRST_RETRY_SECONDS = 1;
  static final long MAX_RETRY_SECONDS = 30;

  private static final class Letter {
    final OffsetTracker.Entry entry;
    final ConsumerRecord<String, byte[]> record;
    final DeadLetters.Failure failure;
    Future<?> sent;

    Letter(
        OffsetTracker.Entry entry,
        ConsumerRecord<String, byte[]> record,
        DeadLetters.Failure failure) {
      this.entry = entry;
      this.record = record;
      this.failure = failure;
    }
  }

  private final DeadLetters target;
  private final OffsetTracker offsets;
  private final List<Letter> waiting = new ArrayList<>();
  private Instant notBefore = Instant.EPOCH;
  private int failures;
  private Instant failingSince;
  private String lastError;

  PendingLetters(DeadLetters target, OffsetTracker offsets) {
    this.target = target;
    this.offsets = offsets;
  }

  /** Queues {@code record}; {@code entry} completes once it is in the dead-letter topic. */
  void add(
      OffsetTracker.Entry entry,
      ConsumerRecord<String, byte[]> record,
      DeadLetters.Failure failure) {
    waiting.add(new Letter(entry, record, failure));
  }

  /** Completes the letters written meanwhile and starts writing the others, unless backing off. */
  void sendDue(Instant now) {
    boolean failed = false;
    boolean written = false;
    for (Iterator<Letter> it = waiting.iterator(); it.hasNext(); ) {
      Letter letter = it.next();
      if (letter.sent == null || !letter.sent.isDone()) {
        continue;
      }
      try {
        letter.sent.get();
        offsets.complete(letter.entry);
        it.remove();
        written = true;
      } catch (ExecutionException e) {
        letter.sent = null;
        failed = true;
        lastError = String.valueOf(e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    if (failed) {
      backOff(now);
    } else if (written && failingSince != null) {
      log.info("The dead-letter topic takes records again");
      failures = 0;
      failingSince = null;
    }
    if (now.isBefore(notBefore)) {
      return;
    }
    for (Letter letter : waiting) {
      if (letter.sent == null) {
        try {
          letter.sent = target.send(letter.record, letter.failure);
        } catch (KafkaException e) {
          lastError = e.toString();
          backOff(now);
          return;
        }
      }
    }
  }

  private void backOff(Instant now) {
    failures++;
    if (failingSince == null) {
      failingSince = now;
    }
    long seconds = Math.min(MAX_RETRY_SECONDS, FIRST_RETRY_SECONDS << Math.min(failures - 1, 10));
    notBefore = now.plus(Duration.ofSeconds(seconds));
    log.warn(
        "Cannot write to the dead-letter topic ({}); {} records wait, their offsets are not"
            + " committed; retrying in {} s",
        PrintableText.cut(lastError, DeadLetters.MAX_REASON_CHARS),
        waiting.size(),
        seconds);
  }

  /** Stops tracking letters of partitions this consumer no longer owns. */
  void forget(Collection<TopicPartition> partitions) {
    waiting.removeIf(letter -> partitions.contains(letter.entry.partition));
  }

  int size() {
    return waiting.size();
  }

  /** Whether a letter may still be written before {@code deadline}. */
  boolean dueBefore(Instant deadline) {
    return waiting.stream().anyMatch(letter -> letter.sent != null)
        || !waiting.isEmpty() && !notBefore.isAfter(deadline);
  }

  /** Why the dead-letter topic is not being written, while it is not. */
  Optional<String> problem() {
    return failingSince == null
        ? Optional.empty()
        : Optional.of(
            "cannot write to the dead-letter topic since "
                + failingSince
                + " ("
                + waiting.size()
                + " records wait): "
                + PrintableText.cut(lastError, 300));
  }
}
