package dev.kew.consumer.delivery;

import dev.kew.consumer.sink.Delivery;
import dev.kew.consumer.sink.DigestSink;
import dev.kew.consumer.sink.RecordRef;
import dev.kew.consumer.sink.Sink;
import dev.kew.consumer.sink.SinkPolicy;
import dev.kew.model.ChangeEvent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;
import org.apache.kafka.common.TopicPartition;

/**
 * One sink's queue and the thread that delivers it, so a slow or failing sink never holds up the
 * read loop or another sink beyond its own budget. The head message (one event, or for a digest
 * sink up to {@code maxDigest} events) is retried until delivered, rejected or out of budget, so a
 * sink sees its events in order ({@link Attempts} decides what becomes of it after each attempt).
 * Delivered events are reported once the sink flushed them; failed ones at once, to be
 * dead-lettered. An exception from the sink is contained to its event: a digest that throws is sent
 * again event by event, and the event that throws is dead-lettered.
 *
 * <p>The read loop's thread calls {@link #add}, {@link #addAll}, {@link #forget}, {@link #drain},
 * {@link #close} and the getters; the lane's own thread runs {@link #run}. Their shared state is
 * guarded by the lane's monitor.
 */
final class Lane implements Runnable {

  /** Delivered events are flushed and reported at least this often. */
  static final int FLUSH_EVERY = 512;

  /** One event waiting for this sink. */
  record Item(OffsetTracker.Entry entry, ChangeEvent event, Instant queuedAt) {
    /** Where the event's record is on the topic. */
    RecordRef record() {
      return new RecordRef(entry.record.partition(), entry.record.offset());
    }
  }

  /** What the lane reports to the read loop. */
  sealed interface Outcome {
    /** The sink took and flushed {@code items}. */
    record Delivered(Lane lane, List<Item> items) implements Outcome {}

    /** {@code items} go to the dead-letter topic. */
    record Failed(Lane lane, List<Item> items, DeadLetters.Failure failure) implements Outcome {}

    /** The sink cannot make deliveries durable (its output is broken): fatal. */
    record Broken(Lane lane, RuntimeException error) implements Outcome {}
  }

  final String name;
  final Sink sink;
  final SinkPolicy policy;
  private final Clock clock;
  private final Consumer<Outcome> report;

  // Guarded by this.
  private final ArrayDeque<Item> queue = new ArrayDeque<>();
  private final List<Item> inFlight = new ArrayList<>();
  private final Attempts attempts;
  private int oneByOne;
  private boolean draining;
  private boolean closed;
  private boolean working;

  // The lane's thread only.
  private final List<Item> unflushed = new ArrayList<>();

  Lane(
      String name,
      Sink sink,
      SinkPolicy policy,
      DoubleSupplier random,
      Clock clock,
      DeliveryMetrics metrics,
      Consumer<Outcome> report) {
    this.name = name;
    this.sink = sink;
    this.policy = policy;
    this.attempts = new Attempts(name, policy, random, metrics);
    this.clock = clock;
    this.report = report;
  }

  void add(Item item) {
    addAll(List.of(item));
  }

  /** Queues {@code items} in their order with one lock and one wake-up. */
  synchronized void addAll(List<Item> items) {
    queue.addAll(items);
    notifyAll();
  }

  /** Events queued or being delivered. */
  synchronized int size() {
    return queue.size() + inFlight.size();
  }

  /** From now on digest windows are not waited out (no more events will come). */
  synchronized void drain() {
    draining = true;
    notifyAll();
  }

  /** Asks the lane's thread to flush what it delivered and stop. */
  synchronized void close() {
    closed = true;
    notifyAll();
  }

  /** Drops queued events of {@code partitions}; returns how many. */
  synchronized int forget(Collection<TopicPartition> partitions) {
    int before = size();
    queue.removeIf(item -> partitions.contains(item.entry().partition));
    boolean hadHead = !inFlight.isEmpty();
    inFlight.removeIf(item -> partitions.contains(item.entry().partition));
    if (hadHead && inFlight.isEmpty()) {
      attempts.reset();
    }
    return before - size();
  }

  /** Why this sink delivers nothing at the moment, if it is held. */
  synchronized Optional<String> problem() {
    return attempts.problem(size());
  }

  /** Whether the lane may still deliver or report something before {@code deadline}. */
  synchronized boolean busyBefore(Instant deadline) {
    return working || dueAt().map(due -> !due.isAfter(deadline)).orElse(false);
  }

  synchronized boolean credentialsRejected() {
    return attempts.credentials().held();
  }

  @Override
  public void run() {
    try {
      List<Item> message;
      while ((message = nextMessage()) != null) {
        Delivery result = null;
        RuntimeException thrown = null;
        try {
          result = send(message);
        } catch (RuntimeException e) {
          thrown = e;
        }
        settle(result, thrown);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      report.accept(new Outcome.Broken(this, e));
    }
  }

  /**
   * Waits until a message is due and returns it (moved to {@code inFlight}), flushing what was
   * delivered whenever nothing is due; null once closed and flushed.
   */
  private List<Item> nextMessage() throws InterruptedException {
    while (true) {
      synchronized (this) {
        Instant now = clock.instant();
        Optional<Instant> due = closed ? Optional.empty() : dueAt();
        boolean ready = due.isPresent() && !due.get().isAfter(now);
        if (ready && unflushed.size() < FLUSH_EVERY) {
          if (inFlight.isEmpty()) {
            int size = sink instanceof DigestSink && oneByOne == 0 ? policy.maxDigest() : 1;
            while (inFlight.size() < size && !queue.isEmpty()) {
              inFlight.add(queue.removeFirst());
            }
            oneByOne = Math.max(0, oneByOne - 1);
          }
          return List.copyOf(inFlight);
        }
        if (unflushed.isEmpty()) {
          if (closed) {
            return null;
          }
          working = false;
          wait(due.map(d -> Math.max(1, Duration.between(now, d).toMillis())).orElse(0L));
          working = true;
          continue;
        }
      }
      flush();
    }
  }

  /** When the head message may go, or empty when nothing waits. Guarded by this. */
  private Optional<Instant> dueAt() {
    if (inFlight.isEmpty() && queue.isEmpty()) {
      return Optional.empty();
    }
    Instant due = attempts.notBefore();
    if (inFlight.isEmpty() && sink instanceof DigestSink && !draining) {
      Instant windowEnds = queue.peekFirst().queuedAt().plus(policy.digestWindow());
      due = windowEnds.isAfter(due) ? windowEnds : due;
    }
    return Optional.of(due);
  }

  private Delivery send(List<Item> items) {
    if (sink instanceof DigestSink digest) {
      return digest.deliverDigest(
          items.stream().map(Item::event).toList(), items.stream().map(Item::record).toList());
    }
    return sink.deliver(items.get(0).event());
  }

  /** Makes what was delivered durable, then reports it. */
  private void flush() {
    sink.flush();
    report.accept(new Outcome.Delivered(this, List.copyOf(unflushed)));
    unflushed.clear();
  }

  /** Applies the verdict on the head message's attempt. */
  private synchronized void settle(Delivery result, RuntimeException thrown) {
    List<Item> items = List.copyOf(inFlight); // without those forgotten meanwhile
    if (items.isEmpty()) {
      return;
    }
    Attempts.Verdict verdict = attempts.after(items.size(), result, thrown, clock.instant());
    if (verdict instanceof Attempts.Verdict.OneByOne) {
      for (int i = items.size() - 1; i >= 0; i--) {
        queue.addFirst(items.get(i));
      }
      inFlight.clear();
      oneByOne = items.size();
    } else if (verdict instanceof Attempts.Verdict.Failed failed) {
      inFlight.clear();
      report.accept(new Outcome.Failed(this, items, failed.failure()));
    } else if (verdict instanceof Attempts.Verdict.Delivered) {
      inFlight.clear();
      unflushed.addAll(items);
    }
  }

  /** Exponential backoff with "equal jitter": between half and all of the doubled delay. */
  Duration backoff(int attempt) {
    return attempts.backoff(attempt);
  }
}
