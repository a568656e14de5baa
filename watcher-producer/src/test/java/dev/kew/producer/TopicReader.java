package dev.kew.producer;

import static org.awaitility.Awaitility.await;

import dev.kew.model.ChangeEvent;
import dev.kew.model.EventCodec;
import dev.kew.testing.SharedKafka;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads a whole topic from the beginning with a plain consumer (no group). */
final class TopicReader implements AutoCloseable {

  private final KafkaConsumer<String, byte[]> consumer;
  private final List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();

  /** The envelopes of {@code records}. */
  static List<ChangeEvent> events(List<ConsumerRecord<String, byte[]>> records) {
    return records.stream().map(r -> EventCodec.fromBytes(r.value())).toList();
  }

  TopicReader(String topic) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers());
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    props.put(
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    consumer = new KafkaConsumer<>(props);
    List<TopicPartition> partitions =
        consumer.partitionsFor(topic).stream()
            .map(p -> new TopicPartition(topic, p.partition()))
            .toList();
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
  }

  /** Polls until {@code done} holds for everything read so far; returns it all. */
  List<ConsumerRecord<String, byte[]>> readUntil(
      Predicate<List<ConsumerRecord<String, byte[]>>> done) {
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(50))
        .until(
            () -> {
              consumer.poll(Duration.ofMillis(200)).forEach(records::add);
              return done.test(records);
            });
    return List.copyOf(records);
  }

  /** Everything up to the current end of every partition. */
  List<ConsumerRecord<String, byte[]>> readToEnd() {
    Collection<TopicPartition> partitions = consumer.assignment();
    Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
    return readUntil(read -> partitions.stream().allMatch(p -> consumer.position(p) >= end.get(p)));
  }

  @Override
  public void close() {
    consumer.close();
  }
}
