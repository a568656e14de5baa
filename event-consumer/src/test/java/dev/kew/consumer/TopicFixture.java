package dev.kew.consumer;

import dev.kew.model.ChangeEvent;
import dev.kew.model.ChangeEventSerializer;
import dev.kew.testing.SharedKafka;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** One fresh topic on the shared broker, with ways to fill it and to read a group's offsets. */
public final class TopicFixture implements AutoCloseable {

  public final String bootstrapServers = SharedKafka.bootstrapServers();
  public final String topic;
  private final Admin admin;
  private final KafkaProducer<String, ChangeEvent> events;
  private final KafkaProducer<String, byte[]> raw;

  public TopicFixture(String prefix, int partitions) throws Exception {
    topic = SharedKafka.uniqueTopic(prefix);
    admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
    admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
    Map<String, Object> config = new HashMap<>();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
    events = new KafkaProducer<>(config, new StringSerializer(), new ChangeEventSerializer());
    raw = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
  }

  /** The flags that point a consumer at this topic. */
  public String[] args(String... more) {
    String[] args = new String[4 + more.length];
    args[0] = "--bootstrap-servers";
    args[1] = bootstrapServers;
    args[2] = "--topic";
    args[3] = topic;
    System.arraycopy(more, 0, args, 4, more.length);
    return args;
  }

  /** Publishes events in order, keyed by uid like the producer, and waits for the acks. */
  public void publish(ChangeEvent... changes) throws ExecutionException, InterruptedException {
    for (ChangeEvent event : changes) {
      events.send(new ProducerRecord<>(topic, event.uid(), event)).get();
    }
  }

  /** Publishes one event with the record timestamp {@code at}; returns the partition it went to. */
  public int publishAt(java.time.Instant at, ChangeEvent event)
      throws ExecutionException, InterruptedException {
    return events
        .send(new ProducerRecord<>(topic, null, at.toEpochMilli(), event.uid(), event))
        .get()
        .partition();
  }

  /** Reads every record of {@code topic} (e.g. a dead-letter topic) from the beginning. */
  public List<org.apache.kafka.clients.consumer.ConsumerRecord<String, byte[]>> readAll(
      String topic, int expected) {
    Map<String, Object> config = new HashMap<>();
    config.put("bootstrap.servers", bootstrapServers);
    config.put("group.id", "reader-" + java.util.UUID.randomUUID());
    config.put("auto.offset.reset", "earliest");
    List<org.apache.kafka.clients.consumer.ConsumerRecord<String, byte[]>> records =
        new java.util.ArrayList<>();
    try (org.apache.kafka.clients.consumer.KafkaConsumer<String, byte[]> consumer =
        new org.apache.kafka.clients.consumer.KafkaConsumer<>(
            config,
            new org.apache.kafka.common.serialization.StringDeserializer(),
            new org.apache.kafka.common.serialization.ByteArrayDeserializer())) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + java.time.Duration.ofSeconds(30).toNanos();
      while (records.size() < expected && System.nanoTime() < deadline) {
        consumer.poll(java.time.Duration.ofMillis(200)).forEach(records::add);
      }
    }
    return records;
  }

  /** Publishes events to one partition, keyed by uid. */
  public void publishTo(int partition, ChangeEvent... changes)
      throws ExecutionException, InterruptedException {
    for (ChangeEvent event : changes) {
      events.send(new ProducerRecord<>(topic, partition, event.uid(), event)).get();
    }
  }

  /** Publishes a raw value to one partition. */
  public void publishRawTo(int partition, String key, String value)
      throws ExecutionException, InterruptedException {
    raw.send(new ProducerRecord<>(topic, partition, key, value.getBytes(StandardCharsets.UTF_8)))
        .get();
  }

  /** Publishes a record that is not a valid envelope to partition 0. */
  public void publishRaw(String key, String value) throws ExecutionException, InterruptedException {
    raw.send(new ProducerRecord<>(topic, 0, key, value.getBytes(StandardCharsets.UTF_8))).get();
  }

  /** The offsets {@code group} committed on this topic, by partition. */
  public Map<Integer, Long> committed(String group) throws Exception {
    Map<TopicPartition, OffsetAndMetadata> all =
        admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
    Map<Integer, Long> offsets = new HashMap<>();
    all.forEach(
        (partition, offset) -> {
          if (partition.topic().equals(topic) && offset != null) {
            offsets.put(partition.partition(), offset.offset());
          }
        });
    return offsets;
  }

  /** The end offset of every partition of this topic. */
  public Map<Integer, Long> endOffsets() throws Exception {
    int partitions =
        admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
    Map<TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> request = new HashMap<>();
    for (int p = 0; p < partitions; p++) {
      request.put(new TopicPartition(topic, p), org.apache.kafka.clients.admin.OffsetSpec.latest());
    }
    Map<Integer, Long> ends = new HashMap<>();
    admin
        .listOffsets(request)
        .all()
        .get()
        .forEach((tp, info) -> ends.put(tp.partition(), info.offset()));
    return ends;
  }

  /** Every topic on the broker. */
  public java.util.Set<String> topicNames() throws Exception {
    return admin.listTopics().names().get();
  }

  @Override
  public void close() {
    events.close();
    raw.close();
    admin.close();
  }
}
