package dev.kew.consumer.delivery;

import dev.kew.model.ChangeEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.search.Search;

/**
 * The consumer's counters, in Micrometer so {@code /metrics} serves them: events consumed by kind
 * and type, malformed records, and per sink the deliveries that were accepted, retried or sent to
 * the dead-letter topic.
 */
public final class DeliveryMetrics {

  static final String CONSUMED = "kew.consumer.events.consumed";
  static final String MALFORMED = "kew.consumer.records.malformed";
  static final String DELIVERIES = "kew.consumer.deliveries";

  private final MeterRegistry registry;
  private final Counter malformed;

  public DeliveryMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.malformed =
        Counter.builder(MALFORMED)
            .description(
                "Records that were not valid change events (sent to the dead-letter topic)")
            .register(registry);
  }

  void consumed(ChangeEvent event) {
    Counter.builder(CONSUMED)
        .description("Valid change events read")
        .tag("kind", event.kind())
        .tag("type", event.type().name())
        .register(registry)
        .increment();
  }

  void malformed() {
    malformed.increment();
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

  long consumedTotal() {
    return total(registry.find(CONSUMED));
  }

  long malformedTotal() {
    return (long) malformed.count();
  }

  long total(String outcome) {
    return total(registry.find(DELIVERIES).tag("outcome", outcome));
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
