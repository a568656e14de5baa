package dev.kew.consumer.delivery;

import dev.kew.model.ChangeEvent;
import dev.kew.model.EventType;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.search.Search;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * The consumer's meters, in Micrometer so {@code /metrics} serves them: events consumed by kind and
 * type, malformed records, records of a newer envelope revision, per sink the deliveries that were
 * accepted, retried or sent to the dead-letter topic, and whether a sink's credentials are refused.
 * Tags taken from topic data (kind, schema version) keep at most {@value #MAX_TAG_VALUES} values
 * each; later ones count as {@code other}, so a hostile writer cannot grow the registry.
 */
public final class DeliveryMetrics {

  static final String CONSUMED = "kew.consumer.events.consumed";
  static final String MALFORMED = "kew.consumer.records.malformed";
  static final String NEWER_SCHEMA = "kew.consumer.records.newer.schema";
  static final String DELIVERIES = "kew.consumer.deliveries";
  static final String CREDENTIALS_REJECTED = "kew.consumer.sink.credentials.rejected";

  /** Distinct values a tag from topic data may take before the rest count as {@code other}. */
  public static final int MAX_TAG_VALUES = 100;

  static final String OTHER = "other";

  private final MeterRegistry registry;
  private final Counter malformed;
  private final Set<String> kinds = new HashSet<>();
  private final Set<String> versions = new HashSet<>();

  /**
   * Counters of {@link #CONSUMED} by bounded kind, indexed by type; the read loop's thread only.
   */
  private final Map<String, Counter[]> consumed = new HashMap<>();

  public DeliveryMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.malformed =
        Counter.builder(MALFORMED)
            .description(
                "Records that were not valid change events (sent to the dead-letter topic)")
            .register(registry);
  }

  /** Called for every event: each kind and type's counter is looked up once, then kept. */
  void consumed(ChangeEvent event) {
    String kind = bounded(kinds, event.kind());
    Counter[] byType = consumed.computeIfAbsent(kind, k -> new Counter[EventType.values().length]);
    int type = event.type().ordinal();
    if (byType[type] == null) {
      byType[type] =
          Counter.builder(CONSUMED)
              .description("Valid change events read")
              .tag("kind", kind)
              .tag("type", event.type().name())
              .register(registry);
    }
    byType[type].increment();
  }

  void malformed() {
    malformed.increment();
  }

  void newerSchema(int version) {
    Counter.builder(NEWER_SCHEMA)
        .description("Events of a newer envelope revision than this consumer knows (read anyway)")
        .tag("version", bounded(versions, String.valueOf(version)))
        .register(registry)
        .increment();
  }

  void delivered(String sink, int count) {
    deliveries(sink, "delivered").increment(count);
  }

  void retried(String sink) {
    deliveries(sink, "retried").increment();
  }

  void deadLettered(String sink, int count) {
    deliveries(sink, "dead_lettered").increment(count);
  }

  /** 1 while the sink refuses our credentials and its deliveries are held, else 0. */
  void credentialsRejected(String sink, BooleanSupplier rejected) {
    Gauge.builder(CREDENTIALS_REJECTED, () -> rejected.getAsBoolean() ? 1 : 0)
        .description("1 while the sink refuses the consumer's credentials (deliveries held)")
        .tag("sink", sink)
        .register(registry);
  }

  long consumedTotal() {
    return total(registry.find(CONSUMED));
  }

  long malformedTotal() {
    return (long) malformed.count();
  }

  long total(String outcome) {
    return total(registry.find(DELIVERIES).tag("outcome", outcome));
  }

  private static synchronized String bounded(Set<String> seen, String value) {
    if (seen.contains(value) || seen.size() < MAX_TAG_VALUES && seen.add(value)) {
      return value;
    }
    return OTHER;
  }

  private Counter deliveries(String sink, String outcome) {
    return Counter.builder(DELIVERIES)
        .description("Deliveries to a sink by outcome: delivered, retried, dead_lettered")
        .tag("sink", sink)
        .tag("outcome", outcome)
        .register(registry);
  }

  private static long total(Search search) {
    return (long) search.counters().stream().mapToDouble(Counter::count).sum();
  }
}
