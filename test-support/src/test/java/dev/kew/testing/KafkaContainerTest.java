package dev.kew.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

/**
 * The Testcontainers path of the broker fixture. Runs only where a Docker engine is reachable;
 * elsewhere JUnit reports it as skipped.
 */
@Testcontainers(disabledWithoutDocker = true)
class KafkaContainerTest {

  @Container static final KafkaContainer KAFKA = new KafkaContainer(SharedKafka.KAFKA_IMAGE);

  @Test
  void containerBrokerCarriesRecords() throws Exception {
    assertThat(
            KafkaRoundTrip.writeAndRead(
                KAFKA.getBootstrapServers(), "container-check", Map.of("uid-1", "hello")))
        .extracting(ConsumerRecord::value)
        .containsExactly("hello");
  }
}
