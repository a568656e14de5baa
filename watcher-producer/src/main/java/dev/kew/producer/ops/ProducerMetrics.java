package dev.kew.producer.ops;

import dev.kew.model.ChangeEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The producer's meters, all named {@code kew.producer.*} (Prometheus: {@code kew_producer_*}).
 * Callers report what happened; this class only counts. Thread-safe and cheap: informer handlers
 * and Kafka's I/O thread call it.
 *
 * <ul>
 *   <li>{@code kew_producer_events_observed_total{kind,type}}: informer notifications
 *   <li>{@code kew_producer_events_published_total{kind,type}}: records Kafka acknowledged
 *   <li>{@code kew_producer_events_suppressed_total{kind,type,reason}}: notifications not published
 *       ({@value #RESYNC}, {@value #IGNORED_PATHS})
 *   <li>{@code kew_producer_publish_latency_seconds}: histogram from observation to Kafka's ack
 *   <li>{@code kew_producer_send_errors_total}: failed sends or commits (retried, or fatal)
 *   <li>{@code kew_producer_informer_restarts_total{resource}}: stalled watches restarted
 *   <li>{@code kew_producer_reconciled_total{kind,outcome}}: reconciliation results
 *   <li>{@code kew_producer_reconcile_failures_total}: sweeps whose fresh list failed (retried)
 *   <li>{@code kew_producer_leader}: 1 while this instance leads (or runs without election)
 *   <li>{@code kew_producer_records_in_flight}: events handed to the publisher, not yet committed
 * </ul>
 */
public final class ProducerMetrics {

  /** Suppression reason: an informer resync, the resourceVersion did not change. */
  public static final String RESYNC = "resync";

  /** Suppression reason: only {@code --ignore-path} paths changed. */
  public static final String IGNORED_PATHS = "ignored-paths";

  private static final String PREFIX = "kew.producer.";

  private final MeterRegistry registry;
  private final LongSupplier nanoTime;
  private final Timer latency;
  private final AtomicInteger leader = new AtomicInteger();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicLong lastKafkaProgress;

  public ProducerMetrics(MeterRegistry registry) {
    this(registry, System::nanoTime);
  }

  ProducerMetrics(MeterRegistry registry, LongSupplier nanoTime) {
    this.registry = Objects.requireNonNull(registry, "registry");
    this.nanoTime = nanoTime;
    this.lastKafkaProgress = new AtomicLong(nanoTime.getAsLong());
    this.latency =
        Timer.builder(PREFIX + "publish.latency")
            .description("Time from observing a change to Kafka acknowledging its record")
            .publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofMillis(1))
            .maximumExpectedValue(Duration.ofMinutes(1))
            .register(registry);
    Gauge.builder(PREFIX + "leader", leader, AtomicInteger::get)
        .description("1 while this instance leads and publishes, 0 on standby")
        .register(registry);
    Gauge.builder(PREFIX + "records.in.flight", inFlight, AtomicInteger::get)
        .description("Events handed to the publisher and not yet acknowledged by Kafka")
        .register(registry);
  }

  /** Meters that go nowhere, for tests and embedded use. */
  public static ProducerMetrics unregistered() {
    return new ProducerMetrics(new SimpleMeterRegistry());
  }

  /** The registry the meters live in. */
  public MeterRegistry registry() {
    return registry;
  }

  /**
   * An informer notification of {@code kind} ({@code ADDED}, {@code MODIFIED}, {@code DELETED}).
   */
  public void observed(String kind, String type) {
    counter("events.observed", "Informer notifications", "kind", kind, "type", type).increment();
  }

  /** A notification that published nothing, with the reason ({@link #RESYNC}, ...). */
  public void suppressed(String kind, String type, String reason) {
    counter(
            "events.suppressed",
            "Notifications not published",
            "kind",
            kind,
            "type",
            type,
            "reason",
            reason)
        .increment();
  }

  /** An event handed to the publisher; it is in flight until {@link #published}. */
  public void accepted(ChangeEvent event) {
    if (inFlight.getAndIncrement() == 0) {
      lastKafkaProgress.set(nanoTime.getAsLong());
    }
  }

  /** Kafka acknowledged (committed) the record of {@code event}. */
  public void published(ChangeEvent event) {
    lastKafkaProgress.set(nanoTime.getAsLong());
    inFlight.updateAndGet(n -> Math.max(0, n - 1));
    counter(
            "events.published",
            "Records Kafka acknowledged",
            "kind",
            event.kind(),
            "type",
            event.type().name())
        .increment();
    if (event.observedAt() != null) {
      Duration took = Duration.between(event.observedAt(), Instant.now());
      latency.record(Math.max(0, took.toNanos()), TimeUnit.NANOSECONDS);
    }
  }

  /** A send or commit to Kafka failed (the publisher retries, or gives up when it is fatal). */
  public void sendError() {
    counter("send.errors", "Failed sends or commits to Kafka").increment();
  }

  /** A stalled informer of {@code resource} was stopped and started again. */
  public void informerRestarted(String resource) {
    counter("informer.restarts", "Stalled informers restarted", "resource", resource).increment();
  }

  /**
   * One object reconciled against what was last published, e.g. {@code unchanged}, {@code
   * modified}, {@code deleted}, {@code added}.
   */
  public void reconciled(String kind, String outcome) {
    counter("reconciled", "Objects reconciled after a (re)list", "kind", kind, "outcome", outcome)
        .increment();
  }

  /** A reconciliation's fresh list of the cluster failed; the reconciler tries again later. */
  public void reconcileFailed() {
    counter("reconcile.failures", "Reconciliations whose listing failed (retried)").increment();
  }

  /** Whether this instance leads (and publishes) now. */
  public void leader(boolean leading) {
    leader.set(leading ? 1 : 0);
  }

  /**
   * A problem when records have waited for Kafka's acknowledgement longer than {@code limit}
   * without any progress: Kafka is unreachable or stuck. Empty while nothing waits.
   */
  public Optional<String> kafkaProblem(Duration limit) {
    int waiting = inFlight.get();
    if (waiting <= 0) {
      return Optional.empty();
    }
    long stuckNanos = nanoTime.getAsLong() - lastKafkaProgress.get();
    if (stuckNanos <= limit.toNanos()) {
      return Optional.empty();
    }
    return Optional.of(
        "Kafka acknowledged none of "
            + waiting
            + " records for "
            + Duration.ofNanos(stuckNanos).toSeconds()
            + "s");
  }

  private Counter counter(String name, String description, String... tags) {
    return Counter.builder(PREFIX + name).description(description).tags(tags).register(registry);
  }
}
