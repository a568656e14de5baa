package dev.kew.bench.capacity;

import dev.kew.bench.fixture.BenchKafka;
import dev.kew.bench.fixture.Publishers;
import dev.kew.bench.fixture.SyntheticPods;
import dev.kew.consumer.ConsumerSettings;
import dev.kew.consumer.EventConsumer;
import dev.kew.consumer.cli.ConsumerCommand;
import dev.kew.consumer.output.PrettyFormatter;
import dev.kew.model.EventCodec;
import dev.kew.producer.publish.ContentStripes;
import dev.kew.producer.publish.EventPublisher;
import dev.kew.producer.watch.ChangeEventHandler;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.ToLongFunction;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Consumer capacity: a topic of {@code events} envelopes written by our producer (transactions,
 * zstd, CloudEvents headers, 6 partitions), read to its end by a fresh consumer group. {@link #kew}
 * is the event-consumer app ({@code --no-follow --output pretty}) printing to a null stream; {@link
 * #rawConsumer} is a bare {@link KafkaConsumer} with the same client settings (group, {@code
 * read_committed}, cooperative-sticky) that only counts the records; {@link #rawConsumerDecoding}
 * also decodes each envelope with {@link EventCodec} (a contrast: the least any reader of the
 * events does); {@link #rawConsumerPrinting} also prints each one's pretty line (the floor of the
 * goal: the least any reader printing that output does). Each joins a new group per invocation, so
 * each pays the join. events/s = {@code events} / the invocation's time.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
public class ConsumerCapacityBenchmark {

  @Param("100000")
  public int events;

  private final AtomicInteger groups = new AtomicInteger();
  private String topic;
  private final PrintStream nowhere = new PrintStream(OutputStream.nullOutputStream());

  @Setup(Level.Trial)
  public void fill() {
    topic = BenchKafka.uniqueTopic("bench-consumer");
    BenchKafka.createTopics(topic);
    EventPublisher publisher = Publishers.start(topic, events + 1_000);
    try {
      ChangeEventHandler handler = Publishers.handler(publisher, ContentStripes.direct());
      int pods = events / 2;
      for (int i = 0; i < pods; i++) {
        handler.onAdd(SyntheticPods.first(i, "1"));
      }
      for (int i = 0; i < events - pods; i++) {
        handler.onUpdate(SyntheticPods.first(i, "1"), SyntheticPods.second(i, "2"));
      }
      Publishers.awaitPublished(publisher, events);
    } finally {
      publisher.close();
    }
  }

  private ConsumerSettings settings() {
    return ConsumerCommand.parseSettings(
        name -> null,
        "--bootstrap-servers",
        BenchKafka.bootstrapServers(),
        "--topic",
        topic,
        "--group",
        "bench-" + groups.incrementAndGet(),
        "--no-follow",
        "--output",
        "pretty");
  }

  @Benchmark
  public long kew() {
    EventConsumer consumer = new EventConsumer(settings(), nowhere);
    consumer.run();
    if (consumer.consumed() != events) {
      throw new IllegalStateException("read " + consumer.consumed() + " of " + events);
    }
    return consumer.delivered();
  }

  @Benchmark
  public long rawConsumer() {
    return readAll("bench-raw", record -> record.value().length);
  }

  /** A contrast, not a goal: the raw consumer that also decodes every envelope. */
  @Benchmark
  public long rawConsumerDecoding() {
    return readAll(
        "bench-raw-decoding", record -> EventCodec.fromBytes(record.value()).uid().length());
  }

  /**
   * A floor, not a goal: the raw consumer that also decodes every envelope and prints its pretty
   * line to the null stream, the least a reader printing that output does (no routing, no commits).
   */
  @Benchmark
  public long rawConsumerPrinting() {
    PrettyFormatter formatter = new PrettyFormatter();
    return readAll(
        "bench-raw-printing",
        record -> {
          String line = formatter.format(EventCodec.fromBytes(record.value()));
          nowhere.println(line);
          return line.length();
        });
  }

  /** Reads the topic to its end with a bare consumer in a new group; sums {@code perRecord}. */
  private long readAll(String clientId, ToLongFunction<ConsumerRecord<String, byte[]>> perRecord) {
    Map<String, Object> config = new HashMap<>(settings().consumerConfig());
    config.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
    long count = 0;
    long sum = 0;
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(topic));
      Map<TopicPartition, Long> ends = null;
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
      while (ends == null || !caughtUp(consumer, ends)) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("read " + count + " of " + events + " in 2 minutes");
        }
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
          count++;
          sum += perRecord.applyAsLong(record);
        }
        Set<TopicPartition> assignment = consumer.assignment();
        if (ends == null && assignment.size() == BenchKafka.PARTITIONS) {
          ends = consumer.endOffsets(assignment);
        }
      }
    }
    if (count != events) {
      throw new IllegalStateException("read " + count + " of " + events);
    }
    return sum;
  }

  private static boolean caughtUp(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> ends) {
    for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
      if (consumer.position(end.getKey()) < end.getValue()) {
        return false;
      }
    }
    return true;
  }
}
