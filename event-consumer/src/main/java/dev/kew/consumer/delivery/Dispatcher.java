package dev.kew.consumer.delivery;

import dev.kew.consumer.filter.EventFilter;
import dev.kew.consumer.route.RouteTable;
import dev.kew.consumer.sink.Sink;
import dev.kew.consumer.sink.SinkPolicy;
import dev.kew.model.ChangeEvent;
import dev.kew.model.MalformedEventException;
import dev.kew.ops.PrintableText;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes records from the consumer loop to the sinks their events route to, once for all sinks: each
 * sink has a {@link Lane} on its own thread (retries with backoff and jitter, rate limits,
 * digests), what cannot be delivered goes to the dead-letter topic ({@link PendingLetters}), and
 * the {@link OffsetTracker} says which offsets may be committed (at least once).
 *
 * <p>Every exception from decoding, routing or a sink is contained to its record: the record is
 * dead-lettered with the failure in {@code kew.error.*} headers and the next one goes on. Only a
 * sink that cannot make its deliveries durable (its output is broken) stops the consumer.
 *
 * <p>The consumer loop's thread calls every method and never waits for a sink or for Kafka.
 */
public final class Dispatcher implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);

  /** Longest record key shown in a log line. */
  static final int MAX_KEY_CHARS = 128;

  private final EventFilter filter;
  private final RouteTable routes;
  private final Lanes lanes;
  private final RecordDecoder decoder;
  private final Clock clock;
  private final OffsetTracker offsets = new OffsetTracker();
  private final PendingLetters letters;
  private final DeliveryMetrics metrics;
  private final BlockingQueue<Lane.Outcome> outcomes = new LinkedBlockingQueue<>();

  /**
   * Opens a lane (and its thread) per sink.
   *
   * @param sinks open sinks by name, each with its policy
   * @param filter events outside it go nowhere (the {@code --kind/--namespace/--type} flags)
   */
  public Dispatcher(
      Map<String, Sink> sinks,
      Map<String, SinkPolicy> policies,
      EventFilter filter,
      RouteTable routes,
      DeadLetters deadLetters,
      DeliveryMetrics metrics,
      Clock clock) {
    this.metrics = metrics;
    this.filter = filter;
    this.routes = routes;
    this.clock = clock;
    this.decoder = new RecordDecoder(metrics);
    this.letters = new PendingLetters(deadLetters, offsets);
    this.lanes = new Lanes(sinks, policies, clock, metrics, outcomes::add);
  }

  /**
   * Decodes, routes and stages one record for its sinks' lanes (handed over by the next {@link
   * #collect}); one that cannot be goes to the dead-letter topic.
   */
  public void accept(ConsumerRecord<String, byte[]> record) {
    ChangeEvent event;
    Set<String> targets;
    try {
      event = decoder.decode(record);
    } catch (MalformedEventException e) {
      metrics.malformed();
      deadLetter(record, DeadLetters.Failure.thrown(DeadLetters.Failure.DECODE, null, e, 1));
      return;
    }
    try {
      targets = filter.matches(event) ? routes.sinksFor(event) : Set.of();
    } catch (RuntimeException e) {
      deadLetter(record, DeadLetters.Failure.thrown(DeadLetters.Failure.ROUTE, null, e, 1));
      return;
    }
    metrics.consumed(event);
    OffsetTracker.Entry entry = offsets.add(record, targets.size());
    Instant now = clock.instant();
    for (String target : targets) {
      lanes.stage(target, new Lane.Item(entry, event, now));
    }
    if (log.isDebugEnabled()) { // spares the arguments' array and boxing on every record
      log.debug(
          "Read {} from {}-{}@{}, to {}",
          event.id(),
          record.topic(),
          record.partition(),
          record.offset(),
          targets);
    }
  }

  private void deadLetter(ConsumerRecord<String, byte[]> record, DeadLetters.Failure failure) {
    log.warn(
        "Dead-lettering record {}-{}@{} (key {}), stage {}: {}",
        record.topic(),
        record.partition(),
        record.offset(),
        PrintableText.cut(record.key(), MAX_KEY_CHARS),
        failure.stage(),
        failure.reason());
    letters.add(offsets.add(record, 1), record, failure);
  }

  /**
   * Hands the records accepted since the last call to the sinks' lanes, takes in what the sinks
   * finished meanwhile and moves the dead-letter topic's writes on; never waits.
   *
   * @throws RuntimeException the error of a sink whose output is broken (nothing it did not flush
   *     is committed)
   */
  public void collect() {
    lanes.handOver();
    Lane.Outcome outcome;
    while ((outcome = outcomes.poll()) != null) {
      handle(outcome);
    }
    letters.sendDue(clock.instant());
  }

  private void handle(Lane.Outcome outcome) {
    if (outcome instanceof Lane.Outcome.Delivered delivered) {
      metrics.delivered(delivered.lane().name, delivered.items().size());
      delivered.items().forEach(i -> offsets.complete(i.entry()));
      if (log.isDebugEnabled()) {
        log.debug(
            "Delivered {} to {}",
            delivered.items().stream().map(i -> i.event().id()).toList(),
            delivered.lane().name);
      }
    } else if (outcome instanceof Lane.Outcome.Failed failed) {
      metrics.deadLettered(failed.lane().name, failed.items().size());
      for (Lane.Item item : failed.items()) {
        @SuppressWarnings("unchecked")
        ConsumerRecord<String, byte[]> record =
            (ConsumerRecord<String, byte[]>) item.entry().record;
        log.warn(
            "Sink {} could not take {} from {}-{}@{} ({}, after {} attempts); sent to the"
                + " dead-letter topic",
            failed.lane().name,
            item.event().id(),
            record.topic(),
            record.partition(),
            record.offset(),
            failed.failure().reason(),
            failed.failure().attempts());
        letters.add(item.entry(), record, failed.failure());
      }
    } else if (outcome instanceof Lane.Outcome.Broken broken) {
      throw broken.error();
    }
  }

  /**
   * Waits at most {@code timeout} for a lane to report, and takes in what it reported: once the
   * topic's end is reached, returns as soon as the last deliveries are done instead of waiting out
   * a poll.
   */
  public void awaitOutcome(Duration timeout) {
    lanes.handOver();
    try {
      Lane.Outcome outcome = outcomes.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (outcome != null) {
        handle(outcome);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** From now on no more records come: chat digests go without waiting out their window. */
  public void finishing() {
    lanes.drain();
  }

  /**
   * Delivers everything queued, ignoring digest windows but not rate limits or backoff, for at most
   * {@code timeout} (less when nothing can happen before then). Returns the number of records still
   * not completely handled.
   */
  public int drain(Duration timeout) {
    finishing();
    Instant deadline = clock.instant().plus(timeout);
    while (offsets.pending() > 0 && clock.instant().isBefore(deadline) && moving(deadline)) {
      try {
        Lane.Outcome outcome = outcomes.poll(100, TimeUnit.MILLISECONDS);
        if (outcome != null) {
          handle(outcome);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      collect();
    }
    return offsets.pending();
  }

  /** Whether anything may still be delivered, dead-lettered or reported before {@code deadline}. */
  private boolean moving(Instant deadline) {
    return !outcomes.isEmpty() || letters.dueBefore(deadline) || lanes.busyBefore(deadline);
  }

  /** The offsets that may be committed now: every sink flushed what they cover. */
  public Map<TopicPartition, OffsetAndMetadata> committable() {
    return offsets.takeReady();
  }

  /** Puts back offsets whose commit failed, so the next commit retries them. */
  public void uncommitted(Map<TopicPartition, OffsetAndMetadata> offsetsNotCommitted) {
    offsets.restore(offsetsNotCommitted);
  }

  /** Forgets queued events of partitions this consumer no longer owns. */
  public void forget(Collection<TopicPartition> partitions) {
    int dropped = lanes.forget(partitions);
    letters.forget(partitions);
    offsets.forget(partitions);
    if (dropped > 0) {
      log.info(
          "Partitions {} moved away with {} deliveries pending; their new owner delivers them",
          partitions,
          dropped);
    }
  }

  /** Records read but not yet handled by every sink they route to. */
  public int pending() {
    return offsets.pending();
  }

  /** Deliveries queued across all sinks. */
  public int queued() {
    return lanes.queued();
  }

  /** What keeps events from their sinks right now: refused credentials, an unwritable DLQ. */
  public List<String> problems() {
    List<String> problems = new ArrayList<>(lanes.problems());
    letters.problem().ifPresent(problems::add);
    return problems;
  }

  /** Valid events read. */
  public long consumed() {
    return metrics.consumedTotal();
  }

  /** Deliveries accepted by a sink (an event routed to two sinks counts twice). */
  public long delivered() {
    return metrics.total("delivered");
  }

  /** Deliveries sent to the dead-letter topic after a sink failed. */
  public long deadLettered() {
    return metrics.total("dead_lettered");
  }

  /** Records that were not valid events (also sent to the dead-letter topic). */
  public long malformed() {
    return metrics.malformedTotal();
  }

  /** Stops the lanes' threads (each flushes first), then closes every sink. */
  @Override
  public void close() {
    lanes.close();
  }
}
