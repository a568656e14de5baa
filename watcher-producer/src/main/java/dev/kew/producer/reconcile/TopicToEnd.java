package dev.kew.producer.reconcile;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads a whole topic once: every partition from its beginning to the end offset it had when
 * reading started, {@code isolation.level=read_committed} (only what was committed counts), without
 * a consumer group.
 */
public final class TopicToEnd {

  private TopicToEnd() {}

  /**
   * Hands every record of {@code topic} to {@code action}, partition by partition in offset order.
   *
   * @param clientProperties the user's Kafka client properties, with {@code bootstrap.servers};
   *     producer-only and group settings are left out
   * @throws TimeoutException when the topic is not read to its end within {@code timeout}
   * @throws org.apache.kafka.common.KafkaException when Kafka refuses
   */
  public static void read(
      Map<String, String> clientProperties,
      String topic,
      Duration timeout,
      Consumer<ConsumerRecord<String, byte[]>> action) {
    Map<String, Object> config = new HashMap<>(clientProperties);
    config.keySet().removeIf(key -> key.startsWith("transactional.") || key.startsWith("acks"));
    config.remove(ConsumerConfig.GROUP_ID_CONFIG);
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    config.put(
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    long deadline = System.nanoTime() + timeout.toNanos();
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config)) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic, timeout).stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
        if (System.nanoTime() > deadline) {
          throw new TimeoutException(
              "Could not read topic " + topic + " to its end within " + timeout.toMillis() + " ms");
        }
        consumer.poll(Duration.ofMillis(200)).forEach(action);
      }
    }
  }
}
