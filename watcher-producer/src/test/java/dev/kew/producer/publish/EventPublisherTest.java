package dev.kew.producer.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kew.model.ChangeEvent;
import dev.kew.model.EventCodec;
import dev.kew.model.EventType;
import dev.kew.producer.ops.ProducerMetrics;
import dev.kew.testing.EnvelopeSchema;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EventPublisherTest {

  private final MockProducer<String, byte[]> producer =
      new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());
  private final List<EventPublisher> started = new ArrayList<>();

  @AfterEach
  void closePublishers() {
    started.forEach(p -> p.close(Duration.ofSeconds(5)));
  }

  private EventPublisher publisher(int maxRecordBytes, int maxInFlight) {
    return new EventPublisher(
        () -> producer,
        "events",
        "c",
        maxRecordBytes,
        maxInFlight,
        Duration.ofMinutes(1),
        ProducerMetrics.unregistered());
  }

  private EventPublisher started(int maxRecordBytes) {
    EventPublisher publisher = publisher(maxRecordBytes, 100);
    publisher.start(Duration.ofSeconds(5));
    started.add(publisher);
    return publisher;
  }

  private static void send(EventPublisher publisher, ChangeEvent... events) {
    for (ChangeEvent event : events) {
      assertThat(publisher.reserve()).isTrue();
      publisher.accept(event);
    }
  }

  private List<ProducerRecord<String, byte[]>> sent(String topic) {
    return producer.history().stream().filter(r -> r.topic().equals(topic)).toList();
  }

  @Test
  void eventAndStateRecordsAreCommittedTogetherInOneTransactionKeyedByUid() {
    EventPublisher publisher = started(1024 * 1024);
    ChangeEvent added = event("uid-1", "5");
    ChangeEvent deleted =
        ChangeEvent.of(EventType.DELETED, "c", Instant.now(), event("uid-2", "6").object());

    send(publisher, added, deleted);

    await().atMost(Duration.ofSeconds(10)).until(() -> publisher.published() == 2);
    assertThat(producer.transactionInitialized()).isTrue();
    assertThat(producer.transactionCommitted()).isTrue();
    assertThat(sent("events")).extracting(ProducerRecord::key).containsExactly("uid-1", "uid-2");
    List<ProducerRecord<String, byte[]>> state = sent("events.state");
    assertThat(state).extracting(ProducerRecord::key).containsExactly("uid-1", "uid-2");
    PublishedState kept = PublishedState.fromBytes(state.get(0).value());
    assertThat(kept.cluster()).isEqualTo("c");
    assertThat(kept.resourceVersion()).isEqualTo("5");
    assertThat(kept.object()).isEqualTo(added.object());
    assertThat(kept.sha256()).isEqualTo(PublishedState.sha256(added.object()));
    assertThat(state.get(1).value()).as("a DELETED leaves a tombstone").isNull();
    assertThat(publisher.inFlight()).isZero();
  }

  @Test
  void fencedPublisherFailsAndWritesNothingMore() {
    EventPublisher publisher = started(1024 * 1024);
    producer.fenceProducer();

    send(publisher, event("uid-1", "5"));

    await().atMost(Duration.ofSeconds(10)).until(() -> publisher.failure().isDone());
    assertThat(publisher.failure())
        .failsWithin(Duration.ZERO)
        .withThrowableThat()
        .havingRootCause()
        .isInstanceOf(ProducerFencedException.class);
    assertThat(producer.history()).isEmpty();
    assertThat(publisher.published()).isZero();
  }

  @Test
  void reserveSaysNoOnceMaxInFlightEventsWaitAndAgainAfterACancel() {
    EventPublisher publisher = publisher(1024 * 1024, 2);

    assertThat(publisher.reserve()).isTrue();
    assertThat(publisher.reserve()).isTrue();
    assertThat(publisher.reserve()).isFalse();
    publisher.cancel();
    assertThat(publisher.reserve()).isTrue();
    assertThat(publisher.peakInFlight()).isEqualTo(2);
  }

  @Test
  void recordCarriesTheEnvelopeAndCloudEventsHeaders() {
    ChangeEvent event = event("uid-1", "5");
    EventPublisher publisher = started(1024 * 1024);

    send(publisher, event);

    await().atMost(Duration.ofSeconds(10)).until(() -> publisher.published() == 1);
    ProducerRecord<String, byte[]> record = sent("events").get(0);
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
    EventPublisher small = started(4096);
    ChangeEvent big = withData(event("uid-1", "5"), "x".repeat(10_000));
    ChangeEvent bigWithPatch =
        ChangeEvent.of(EventType.MODIFIED, "c", big.observedAt(), big.object())
            .withPatch(EventCodec.mapper().createArrayNode().add(replaceOp("y".repeat(100))));
    ChangeEvent bigWithBigPatch =
        bigWithPatch.withPatch(
            EventCodec.mapper().createArrayNode().add(replaceOp("z".repeat(10_000))));

    send(small, big, bigWithPatch, bigWithBigPatch);

    await().atMost(Duration.ofSeconds(10)).until(() -> small.published() == 3);
    List<ChangeEvent> sent =
        sent("events").stream().map(r -> EventCodec.fromBytes(r.value())).toList();
    assertThat(sent).hasSize(3);
    assertThat(producer.history()).allSatisfy(r -> assertThat(r.value().length).isLessThan(4096));
    assertThat(PublishedState.fromBytes(sent("events.state").get(0).value()).object())
        .as("the state of a too large object is its summary")
        .isEqualTo(sent.get(0).object());
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
