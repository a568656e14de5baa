package dev.kew.consumer.delivery;

import static dev.kew.consumer.Events.event;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kew.model.EventType;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

class DeliveryMetricsTest {

  @Test
  void kindsFromTheTopicGrowTheRegistryByAtMostTheBoundAndTheRestCountAsOther() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    DeliveryMetrics metrics = new DeliveryMetrics(registry);

    for (int i = 0; i < 1_000; i++) {
      metrics.consumed(event(EventType.ADDED, "v1", "Kind" + i, "default", "n", "1"));
    }

    assertThat(registry.find(DeliveryMetrics.CONSUMED).counters())
        .hasSize(DeliveryMetrics.MAX_TAG_VALUES + 1);
    assertThat(registry.find(DeliveryMetrics.CONSUMED).tag("kind", "other").counter())
        .extracting(Counter::count)
        .isEqualTo(900.0);
    assertThat(metrics.consumedTotal()).isEqualTo(1_000);
  }
}
