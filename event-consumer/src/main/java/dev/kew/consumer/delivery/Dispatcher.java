package dev.kew.consumer.delivery;

import dev.kew.consumer.filter.EventFilter;
import dev.kew.consumer.route.RouteTable;
import dev.kew.consumer.sink.Delivery;
import dev.kew.consumer.sink.Sink;
import dev.kew.consumer.sink.SinkPolicy;
import dev.kew.model.ChangeEvent;
import dev.kew.model.EventCodec;
import dev.kew.model.MalformedEventException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes records from the consumer loop to the sinks their events route to, once for all sinks:
 * retries with exponential backoff and jitter (honouring Retry-After) within each sink's budget,
 * rate limits, digests for chat sinks, and the dead-letter topic for what cannot be delivered and
 * for malformed records. Says which offsets may be committed (at least once).
 *
 * <p>Not thread-safe: the consumer loop's thread calls every method. Deliveries run on that thread
 * too; {@link #deliverDue} returns when nothing more is due.
 */
public final class Dispatcher implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);

  private final EventFilter filter;
  private final RouteTable routes;
  private final Map<String, Lane> lanes = new LinkedHashMap<>();
  private final DeadLetters deadLetters;
  private final Clock clock;
  private final OffsetTracker offsets = new OffsetTracker();

  private final DeliveryMetrics metrics;

  /**
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
    this.deadLetters = deadLetters;
    this.clock = clock;
    sinks.forEach(
        (name, sink) ->
            lanes.put(
                name,
                new Lane(
                    name,
                    sink,
                    policies.get(name),
                    () -> ThreadLocalRandom.current().nextDouble())));
  }

  /** Decodes, routes and queues one record; a malformed record goes to the dead-letter topic. */
  public void accept(ConsumerRecord<String, byte[]> record) {
    ChangeEvent event;
    try {
      event = EventCodec.fromBytes(record.value());
    } catch (MalformedEventException e) {
      metrics.malformed();
      log.warn(
          "Dead-lettering record {}-{}@{} (key {}): not a valid change event: {}",
          record.topic(),
          record.partition(),
          record.offset(),
          record.key(),
          e.getMessage());
      deadLetters.send(record, null, "malformed: " + e.getMessage(), 0, 1);
      offsets.add(record, 0);
      return;
    }
    metrics.consumed(event);
    Set<String> targets = filter.matches(event) ? routes.sinksFor(event) : Set.of();
    OffsetTracker.Entry entry = offsets.add(record, targets.size());
    Instant now = clock.instant();
    for (String target : targets) {
      lanes.get(target).add(new Lane.Item(entry, event, now));
    }
    log.debug(
        "Read {} from {}-{}@{}, to {}",
        event.id(),
        record.topic(),
        record.partition(),
        record.offset(),
        targets);
  }

  /**
   * Delivers every message that is due now; returns when none is.
   *
   * @param finishing true once no more records will come: chat digests go without waiting out their
   *     window
   */
  public void deliverDue(boolean finishing) {
    deliver(finishing);
  }

  private void deliver(boolean draining) {
    for (Lane lane : lanes.values()) {
      Optional<Instant> due = lane.dueAt(draining);
      while (due.isPresent() && !due.get().isAfter(clock.instant())) {
        deliverHead(lane);
        due = lane.dueAt(draining);
      }
    }
  }

  private void deliverHead(Lane lane) {
    List<Lane.Item> items = lane.head();
    Delivery result = lane.send(items);
    Instant now = clock.instant();
    if (result instanceof Delivery.RetryLater retry) {
      if (lane.failed(retry, now)) {
        deadLetter(lane, items, retry.reason(), retry.status(), lane.attempts(), now);
      } else {
        metrics.retried(lane.name);
        log.info(
            "Sink {} failed ({}), attempt {} of {}; retrying later",
            lane.name,
            retry.reason(),
            lane.attempts(),
            lane.policy.maxAttempts());
      }
    } else if (result instanceof Delivery.Rejected rejected) {
      deadLetter(lane, items, rejected.reason(), rejected.status(), lane.attempts() + 1, now);
    } else {
      lane.done(items, now);
      metrics.delivered(lane.name, items.size());
      items.forEach(i -> offsets.complete(i.entry()));
      if (log.isDebugEnabled()) {
        log.debug(
            "Delivered {} to {}", items.stream().map(i -> i.event().id()).toList(), lane.name);
      }
    }
  }

  private void deadLetter(
      Lane lane, List<Lane.Item> items, String reason, int status, int attempts, Instant now) {
    for (Lane.Item item : items) {
      @SuppressWarnings("unchecked")
      ConsumerRecord<String, byte[]> record = (ConsumerRecord<String, byte[]>) item.entry().record;
      log.warn(
          "Sink {} could not take {} from {}-{}@{} ({}, after {} attempts); sent to the dead-letter"
              + " topic",
          lane.name,
          item.event().id(),
          record.topic(),
          record.partition(),
          record.offset(),
          reason,
          attempts);
      deadLetters.send(record, lane.name, reason, status, attempts);
    }
    metrics.deadLettered(lane.name, items.size());
    lane.done(items, now);
    items.forEach(i -> offsets.complete(i.entry()));
  }

  /** How long until the next message is due (zero: now), or empty when nothing waits. */
  public Optional<Duration> untilNextDue(boolean finishing) {
    Instant now = clock.instant();
    return lanes.values().stream()
        .map(lane -> lane.dueAt(finishing))
        .flatMap(Optional::stream)
        .min(Instant::compareTo)
        .map(due -> due.isAfter(now) ? Duration.between(now, due) : Duration.ZERO);
  }

  /**
   * Delivers everything queued, ignoring digest windows but not rate limits or backoff, for at most
   * {@code timeout}. Returns the number of events still queued.
   */
  public int drain(Duration timeout) {
    Instant deadline = clock.instant().plus(timeout);
    while (true) {
      deliver(true);
      Optional<Instant> next =
          lanes.values().stream()
              .map(lane -> lane.dueAt(true))
              .flatMap(Optional::stream)
              .min(Instant::compareTo);
      if (next.isEmpty() || next.get().isAfter(deadline) || !pauseUntil(next.get())) {
        return queued();
      }
    }
  }

  /** Waits out a backoff or rate limit; false when interrupted. */
  private boolean pauseUntil(Instant when) {
    long millis = Duration.between(clock.instant(), when).toMillis();
    if (millis > 0) {
      try {
        Thread.sleep(millis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return true;
  }

  /**
   * Flushes every sink, then returns the offsets that may be committed now.
   *
   * @throws java.io.UncheckedIOException when a sink cannot make its deliveries durable
   */
  public Map<TopicPartition, OffsetAndMetadata> committable() {
    lanes.values().forEach(lane -> lane.sink.flush());
    return offsets.takeReady();
  }

  /** Puts back offsets whose commit failed, so the next commit retries them. */
  public void uncommitted(Map<TopicPartition, OffsetAndMetadata> offsetsNotCommitted) {
    offsets.restore(offsetsNotCommitted);
  }

  /** Forgets queued events of partitions this consumer no longer owns. */
  public void forget(Collection<TopicPartition> partitions) {
    int dropped = 0;
    for (Lane lane : lanes.values()) {
      dropped += lane.forget(partitions);
    }
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
    return lanes.values().stream().mapToInt(Lane::size).sum();
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

  /** Closes every sink (the dead-letter topic is the caller's). */
  @Override
  public void close() {
    List<RuntimeException> failures = new ArrayList<>();
    for (Lane lane : lanes.values()) {
      try {
        lane.sink.close();
      } catch (RuntimeException e) {
        failures.add(e);
      }
    }
    if (!failures.isEmpty()) {
      throw failures.get(0);
    }
  }
}
