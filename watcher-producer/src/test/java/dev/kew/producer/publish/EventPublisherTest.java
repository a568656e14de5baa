package dev.kew.producer.publish;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kew.model.ChangeEvent;
import dev.kew.model.EventCodec;
import dev.kew.model.EventType;
import dev.kew.testing.EnvelopeSchema;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class EventPublisherTest {

  private final MockProducer<String, byte[]> producer =
      new MockProducer<>(false, null, new StringSerializer(), new ByteArraySerializer());
  private final EventPublisher publisher = new EventPublisher(producer, "events", 1024 * 1024);

  @Test
  void recordIsKeyedByUidAndCountedOnceAcknowledged() {
    publisher.publish(event("uid-1", "5"));

    assertThat(producer.history())
        .singleElement()
        .satisfies(
            record -> {
              assertThat(record.topic()).isEqualTo("events");
              assertThat(record.key()).isEqualTo("uid-1");
            });
    assertThat(publisher.published()).isZero();

    producer.completeNext();

    assertThat(publisher.published()).isEqualTo(1);
    assertThat(publisher.failure()).isNotDone();
  }

  @Test
  void failedSendCompletesTheFailureFutureAndIsNeverCountedAsPublished() {
    publisher.publish(event("uid-1", "5"));
    publisher.publish(event("uid-2", "6"));

    producer.errorNext(new RecordTooLargeException("too large"));
    producer.errorNext(new RecordTooLargeException("also too large"));

    assertThat(publisher.failure())
        .isCompletedExceptionally()
        .failsWithin(java.time.Duration.ZERO)
        .withThrowableThat()
        .withMessageContaining("too large");
    assertThat(publisher.failed()).isEqualTo(2);
    assertThat(publisher.published()).isZero();
  }

  @Test
  void userKafkaSettingsPassThroughButSerializersAndDeliveryGuaranteesAreFixed() {
    Map<String, Object> config =
        EventPublisher.producerConfig(
            Map.of(
                "bootstrap.servers", "broker:9092",
                "linger.ms", "20",
                "security.protocol", "SSL",
                "acks", "1",
                "enable.idempotence", "false",
                "value.serializer", StringSerializer.class.getName()));

    assertThat(config)
        .containsEntry("bootstrap.servers", "broker:9092")
        .containsEntry("linger.ms", "20")
        .containsEntry("security.protocol", "SSL")
        .containsEntry("acks", "all")
        .containsEntry("enable.idempotence", "true")
        .containsEntry("key.serializer", StringSerializer.class.getName())
        .containsEntry("value.serializer", ByteArraySerializer.class.getName())
        .containsEntry("compression.type", "zstd");
    assertThat(EventPublisher.maxRequestSize(config)).isEqualTo(1024 * 1024);
  }

  @Test
  void userCompressionAndMaxRequestSizeWin() {
    Map<String, Object> config =
        EventPublisher.producerConfig(
            Map.of("compression.type", "lz4", "max.request.size", "2097152"));

    assertThat(config).containsEntry("compression.type", "lz4");
    assertThat(EventPublisher.maxRequestSize(config)).isEqualTo(2097152);
  }

  @Test
  void recordCarriesTheEnvelopeAndCloudEventsHeaders() {
    ChangeEvent event = event("uid-1", "5");

    publisher.publish(event);

    ProducerRecord<String, byte[]> record = producer.history().get(0);
    assertThat(EventCodec.fromBytes(record.value())).isEqualTo(event);
    assertThat(headers(record))
        .containsEntry("ce_specversion", "1.0")
        .containsEntry("ce_id", "uid-1/5/ADDED")
        .containsEntry("ce_source", "//kubernetes/c")
        .containsEntry("ce_type", "io.k8s.core.pod.added")
        .containsEntry("ce_subject", "default/web")
        .containsEntry("ce_time", event.observedAt().toString())
        .containsEntry("content-type", "application/json");
  }

  @Test
  void envelopeOverTheMaxRequestSizeIsSentTruncatedWithItsPatchWhenThatFits() {
    EventPublisher small = new EventPublisher(producer, "events", 4096);
    ChangeEvent big = withData(event("uid-1", "5"), "x".repeat(10_000));
    ChangeEvent bigWithPatch =
        ChangeEvent.of(EventType.MODIFIED, "c", big.observedAt(), big.object())
            .withPatch(EventCodec.mapper().createArrayNode().add(replaceOp("y".repeat(100))));
    ChangeEvent bigWithBigPatch =
        bigWithPatch.withPatch(
            EventCodec.mapper().createArrayNode().add(replaceOp("z".repeat(10_000))));

    small.publish(big);
    small.publish(bigWithPatch);
    small.publish(bigWithBigPatch);

    assertThat(producer.history()).hasSize(3);
    List<ChangeEvent> sent =
        producer.history().stream().map(r -> EventCodec.fromBytes(r.value())).toList();
    assertThat(producer.history()).allSatisfy(r -> assertThat(r.value().length).isLessThan(4096));
    assertThat(sent).allSatisfy(e -> assertThat(e.truncated()).isTrue());
    JsonNode summary = sent.get(0).object();
    assertThat(summary.path("metadata").path("uid").asText()).isEqualTo("uid-1");
    assertThat(summary.path("kind").asText()).isEqualTo("Pod");
    assertThat(summary.path("sizeBytes").asInt()).isGreaterThan(10_000);
    assertThat(summary.path("sha256").asText()).hasSize(64);
    assertThat(sent.get(1).patch()).isNotNull();
    assertThat(sent.get(2).patch()).isNull();
    assertThat(small.truncated()).isEqualTo(3);
    sent.forEach(e -> EnvelopeSchema.assertValid(EventCodec.toBytes(e)));
  }

  private static ChangeEvent withData(ChangeEvent event, String value) {
    ((ObjectNode) event.object()).putObject("data").put("big", value);
    return event;
  }

  private static ObjectNode replaceOp(String value) {
    return EventCodec.mapper()
        .createObjectNode()
        .put("op", "replace")
        .put("path", "/data/big")
        .put("value", value);
  }

  private static Map<String, String> headers(ProducerRecord<String, byte[]> record) {
    Map<String, String> headers = new java.util.LinkedHashMap<>();
    record
        .headers()
        .forEach(h -> headers.put(h.key(), new String(h.value(), StandardCharsets.UTF_8)));
    return headers;
  }

  private static ChangeEvent event(String uid, String resourceVersion) {
    JsonNode object =
        EventCodec.mapper()
            .createObjectNode()
            .put("apiVersion", "v1")
            .put("kind", "Pod")
            .set(
                "metadata",
                EventCodec.mapper()
                    .createObjectNode()
                    .put("name", "web")
                    .put("namespace", "default")
                    .put("uid", uid)
                    .put("resourceVersion", resourceVersion));
    return ChangeEvent.of(EventType.ADDED, "c", Instant.now(), object);
  }
}
