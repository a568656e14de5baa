package dev.kew.consumer;

import dev.kew.consumer.delivery.DeadLetterTopic;
import dev.kew.consumer.delivery.DeadLetters;
import dev.kew.consumer.delivery.DeliveryMetrics;
import dev.kew.consumer.delivery.Dispatcher;
import dev.kew.consumer.sink.Sink;
import dev.kew.consumer.sink.SinkContext;
import dev.kew.consumer.sink.SinkFactory;
import dev.kew.consumer.sink.SinkPolicy;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/** Opens the configured sinks and the dead-letter topic, and the dispatcher between them. */
final class OpenSinks {

  private OpenSinks() {}

  /** The dead-letter topic of the settings, or a discarding one for {@code --dlq-topic none}. */
  static DeadLetters deadLetters(ConsumerSettings settings) {
    return settings
        .deadLetterTopic()
        .<DeadLetters>map(t -> new DeadLetterTopic(t, settings.kafka().clientProperties()))
        .orElseGet(DeadLetters::discarding);
  }

  /** Opens every sink with its policy, behind a dispatcher that routes and filters events. */
  static Dispatcher dispatcher(
      ConsumerSettings settings,
      DeadLetters deadLetters,
      SinkContext context,
      MeterRegistry registry,
      Clock clock) {
    Map<String, Sink> sinks = new LinkedHashMap<>();
    Map<String, SinkPolicy> policies = new HashMap<>();
    for (Map.Entry<String, SinkFactory.Configured> e : settings.sinks().sinks().entrySet()) {
      sinks.put(e.getKey(), e.getValue().open(context));
      policies.put(e.getKey(), e.getValue().policy());
    }
    return new Dispatcher(
        sinks,
        policies,
        settings.filter(),
        settings.sinks().routes(),
        deadLetters,
        new DeliveryMetrics(registry),
        clock);
  }
}
