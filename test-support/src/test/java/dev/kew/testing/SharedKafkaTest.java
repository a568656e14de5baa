package dev.kew.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

class SharedKafkaTest {

  @Test
  void sharedBrokerIsARealKafkaThatKeepsRecordsInOrderPerKey() throws Exception {
    String topic = SharedKafka.createTopic("shared kafka/test", 3);
    Map<String, String> records = new LinkedHashMap<>();
    records.put("uid-1", "first");
    records.put("uid-2", "second");

    assertThat(topic).matches("shared-kafka-test-\\d+-[0-9a-f]+");
    assertThat(KafkaRoundTrip.writeAndRead(SharedKafka.bootstrapServers(), topic, records))
        .extracting(ConsumerRecord::key, ConsumerRecord::value)
        .containsExactlyInAnyOrder(Tuple.tuple("uid-1", "first"), Tuple.tuple("uid-2", "second"));
  }

  @Test
  void everyCallGivesADifferentTopic() {
    assertThat(SharedKafka.uniqueTopic("t")).isNotEqualTo(SharedKafka.uniqueTopic("t"));
  }
}
