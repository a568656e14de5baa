package dev.kew.producer.publish;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kew.model.ChangeEvent;
import dev.kew.model.ChangeEventSerializer;
import dev.kew.model.EventCodec;
import dev.kew.model.EventType;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class EventPublisherTest {

  private final MockProducer<String, ChangeEvent> producer =
      new MockProducer<>(false, null, new StringSerializer(), new ChangeEventSerializer());
  private final EventPublisher publisher = new EventPublisher(producer, "events");

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
        .containsEntry("value.serializer", ChangeEventSerializer.class.getName());
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
