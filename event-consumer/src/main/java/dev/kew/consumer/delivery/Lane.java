package dev.kew.consumer.delivery;

import dev.kew.consumer.sink.Delivery;
import dev.kew.consumer.sink.DigestSink;
import dev.kew.consumer.sink.Sink;
import dev.kew.consumer.sink.SinkPolicy;
import dev.kew.model.ChangeEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.function.DoubleSupplier;
import org.apache.kafka.common.TopicPartition;

/**
 * The queue of one sink, in the order read, with its retry and rate-limit state. The head message
 * (one event, or for a digest sink up to {@code maxDigest} events) is retried until delivered,
 * rejected or out of budget, so a sink sees its events in order.
 */
final class Lane {

  /** One event waiting for this sink. */
  record Item(OffsetTracker.Entry entry, ChangeEvent event, Instant queuedAt) {}

  final String name;
  final Sink sink;
  final SinkPolicy policy;
  private final DoubleSupplier random;
  private final ArrayDeque<Item> queue = new ArrayDeque<>();
  private int attempts;
  private Instant notBefore = Instant.EPOCH;

  Lane(String name, Sink sink, SinkPolicy policy, DoubleSupplier random) {
    this.name = name;
    this.sink = sink;
    this.policy = policy;
    this.random = random;
  }

  void add(Item item) {
    queue.addLast(item);
  }

  boolean isEmpty() {
    return queue.isEmpty();
  }

  int attempts() {
    return attempts;
  }

  /**
   * When the head message may go, or empty when nothing waits. Draining skips the digest window
   * (but not the rate limit or a retry's backoff).
   */
  Optional<Instant> dueAt(boolean draining) {
    if (queue.isEmpty()) {
      return Optional.empty();
    }
    Instant due = notBefore;
    if (sink instanceof DigestSink && !draining && attempts == 0) {
      Instant windowEnds = queue.peekFirst().queuedAt().plus(policy.digestWindow());
      due = windowEnds.isAfter(due) ? windowEnds : due;
    }
    return Optional.of(due);
  }

  /** The head message: one event, or up to {@code maxDigest} for a digest sink. */
  List<Item> head() {
    int size = sink instanceof DigestSink ? Math.min(policy.maxDigest(), queue.size()) : 1;
    List<Item> items = new ArrayList<>(size);
    Iterator<Item> it = queue.iterator();
    while (items.size() < size) {
      items.add(it.next());
    }
    return items;
  }

  /** Sends the head message. */
  Delivery send(List<Item> items) {
    if (sink instanceof DigestSink digest) {
      return digest.deliverDigest(items.stream().map(Item::event).toList());
    }
    return sink.deliver(items.get(0).event());
  }

  /** The head message is done (delivered or dead-lettered): removes it, applies the rate limit. */
  void done(List<Item> items, Instant now) {
    items.forEach(i -> queue.removeFirst());
    attempts = 0;
    notBefore = now.plus(policy.minInterval());
  }

  /**
   * The head message failed transiently.
   *
   * @return true when the budget is used up and the message must go to the dead-letter topic
   */
  boolean failed(Delivery.RetryLater failure, Instant now) {
    attempts++;
    if (attempts >= policy.maxAttempts()) {
      return true;
    }
    Duration wait = backoff(attempts);
    if (failure.retryAfter().isPresent() && failure.retryAfter().get().compareTo(wait) > 0) {
      wait = failure.retryAfter().get();
    }
    Duration rate = policy.minInterval();
    notBefore = now.plus(wait.compareTo(rate) > 0 ? wait : rate);
    return false;
  }

  /** Exponential backoff with "equal jitter": between half and all of the doubled delay. */
  Duration backoff(int attempt) {
    long initial = policy.initialBackoff().toMillis();
    long max = policy.maxBackoff().toMillis();
    long base = attempt >= 31 ? max : Math.min(max, initial << (attempt - 1));
    return Duration.ofMillis(base / 2 + (long) (random.getAsDouble() * (base - base / 2)));
  }

  /** Drops queued events of {@code partitions}; returns how many. */
  int forget(Collection<TopicPartition> partitions) {
    int before = queue.size();
    boolean headGone = !queue.isEmpty() && partitions.contains(queue.peekFirst().entry().partition);
    queue.removeIf(item -> partitions.contains(item.entry().partition));
    if (headGone) {
      attempts = 0;
    }
    return before - queue.size();
  }

  int size() {
    return queue.size();
  }
}
