package dev.kew.producer.publish;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class ProducerClientConfigTest {

  @Test
  void transactionalIdIsOursAndTheTransactionOutlastsTheOutageLimit() {
    Map<String, Object> config =
        ProducerClientConfig.transactional(
            Map.of("transactional.id", "mine"), "kew-prod-0123", Duration.ofMinutes(5));

    assertThat(config)
        .containsEntry("transactional.id", "kew-prod-0123")
        .containsEntry("transaction.timeout.ms", "360000")
        .containsEntry("max.block.ms", "10000")
        .containsEntry("enable.idempotence", "true");
  }

  @Test
  void userKafkaSettingsPassThroughButSerializersAndDeliveryGuaranteesAreFixed() {
    Map<String, Object> config =
        ProducerClientConfig.of(
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
    assertThat(ProducerClientConfig.maxRequestSize(config)).isEqualTo(1024 * 1024);
  }

  @Test
  void userCompressionAndMaxRequestSizeWin() {
    Map<String, Object> config =
        ProducerClientConfig.of(Map.of("compression.type", "lz4", "max.request.size", "2097152"));

    assertThat(config).containsEntry("compression.type", "lz4");
    assertThat(ProducerClientConfig.maxRequestSize(config)).isEqualTo(2097152);
  }
}
