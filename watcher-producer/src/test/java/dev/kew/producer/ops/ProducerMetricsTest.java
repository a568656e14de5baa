package dev.kew.producer.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kew.model.ChangeEvent;
import dev.kew.model.EventType;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProducerMetricsTest {

  private final AtomicLong nanos = new AtomicLong();
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final ProducerMetrics metrics = new ProducerMetrics(registry, nanos::get);

  @Test
  void countsByKindTypeAndReasonUnderDocumentedNames() {
    metrics.observed("Pod", "ADDED");
    metrics.observed("Pod", "MODIFIED");
    metrics.suppressed("Pod", "MODIFIED", ProducerMetrics.RESYNC);
    metrics.suppressed("Pod", "MODIFIED", ProducerMetrics.IGNORED_PATHS);
    ChangeEvent added = event(EventType.ADDED);
    metrics.accepted(added);
    metrics.published(added);
    metrics.sendError();
    metrics.informerRestarted("pods/v1");
    metrics.reconciled("Pod", "unchanged");
    metrics.leader(true);

    assertThat(registry.scrape())
        .contains(
            "kew_producer_events_observed_total{kind=\"Pod\",type=\"ADDED\"} 1.0",
            "kew_producer_events_suppressed_total{kind=\"Pod\",reason=\"resync\",type=\"MODIFIED\"}"
                + " 1.0",
            "kew_producer_events_suppressed_total{kind=\"Pod\",reason=\"ignored-paths\","
                + "type=\"MODIFIED\"} 1.0",
            "kew_producer_events_published_total{kind=\"Pod\",type=\"ADDED\"} 1.0",
            "kew_producer_publish_latency_seconds_count 1",
            "kew_producer_publish_latency_seconds_bucket{le=",
            "kew_producer_send_errors_total 1.0",
            "kew_producer_informer_restarts_total{resource=\"pods/v1\"} 1.0",
            "kew_producer_reconciled_total{kind=\"Pod\",outcome=\"unchanged\"} 1.0",
            "kew_producer_leader 1.0",
            "kew_producer_records_in_flight 0.0");
  }

  @Test
  void kafkaIsAProblemOnlyWhileRecordsWaitWithoutProgressForLongerThanTheLimit() {
    Duration limit = Duration.ofSeconds(30);
    assertThat(metrics.kafkaProblem(limit)).as("nothing waits").isEmpty();
    nanos.addAndGet(Duration.ofMinutes(5).toNanos());
    assertThat(metrics.kafkaProblem(limit)).as("idle for long, nothing waits").isEmpty();

    ChangeEvent first = event(EventType.ADDED);
    metrics.accepted(first);
    metrics.accepted(event(EventType.ADDED));
    nanos.addAndGet(Duration.ofSeconds(20).toNanos());
    assertThat(metrics.kafkaProblem(limit)).isEmpty();
    nanos.addAndGet(Duration.ofSeconds(11).toNanos());
    assertThat(metrics.kafkaProblem(limit))
        .hasValue("Kafka acknowledged none of 2 records for 31s");

    metrics.published(first);
    assertThat(metrics.kafkaProblem(limit)).as("progress").isEmpty();
  }

  private static ChangeEvent event(EventType type) {
    ObjectNode pod = JsonNodeFactory.instance.objectNode();
    pod.put("apiVersion", "v1").put("kind", "Pod");
    pod.putObject("metadata")
        .put("name", "web")
        .put("namespace", "shop")
        .put("uid", "0b0e7c2c-1111-4c3a-9a36-2c1b9f9d0a01")
        .put("resourceVersion", "7");
    return ChangeEvent.of(type, "test", Instant.now(), pod);
  }
}
