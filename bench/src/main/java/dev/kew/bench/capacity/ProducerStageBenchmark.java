package dev.kew.bench.capacity;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.kew.bench.fixture.BenchKafka;
import dev.kew.bench.fixture.Publishers;
import dev.kew.bench.fixture.SyntheticPods;
import dev.kew.model.ChangeEvent;
import dev.kew.model.EventCodec;
import dev.kew.producer.publish.CloudEventHeaders;
import dev.kew.producer.publish.ContentStripes;
import dev.kew.producer.publish.EventPublisher;
import dev.kew.producer.publish.ProducerClientConfig;
import dev.kew.producer.publish.PublishedState;
import dev.kew.producer.watch.ChangeEventHandler;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.IntToLongFunction;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Producer stage capacity: {@code events} MODIFIED notifications of realistic Pods, as the
 * informers hand them over, through sanitize + redact + diff + JSON + transactional send of event
 * and state record ({@link #kew}), against a raw {@link KafkaProducer} sending the same records
 * already encoded: each envelope with its CloudEvents headers and its state record, same keys, same
 * client settings (idempotent, {@code acks=all}, zstd), no transaction ({@link #rawProducer}); and
 * the same raw producer encoding each informer object to JSON once as well, the floor of the goal
 * ({@link #rawProducerEncoding}). One invocation = all {@code events} sent and acknowledged;
 * events/s = {@code events} / its time.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class ProducerStageBenchmark {

  /** The informer notifications of one pass: each Pod flips between two versions. */
  @State(Scope.Benchmark)
  public static class Input {
    @Param("10000")
    public int events;

    List<GenericKubernetesResource> first;
    List<GenericKubernetesResource> second;

    @Setup(Level.Trial)
    public void build() {
      first = new ArrayList<>(events);
      second = new ArrayList<>(events);
      for (int i = 0; i < events; i++) {
        first.add(SyntheticPods.first(i, "1"));
        second.add(SyntheticPods.second(i, "2"));
      }
    }
  }

  /**
   * Our producer: content path on one stripe per core ({@link ContentStripes}) and {@link
   * EventPublisher}, as the watcher wires them.
   */
  @State(Scope.Benchmark)
  public static class Kew {
    EventPublisher publisher;
    ContentStripes stripes;
    ChangeEventHandler handler;
    long expected;
    boolean flipped;

    @Setup(Level.Trial)
    public void start(Input input) {
      String topic = BenchKafka.uniqueTopic("bench-producer");
      BenchKafka.createTopics(topic);
      publisher = Publishers.start(topic, input.events * 2 + 1_000);
      stripes = ContentStripes.perCore();
      handler = Publishers.handler(publisher, stripes);
      input.first.forEach(handler::onAdd); // the informers' first listing
      expected = input.events;
      Publishers.awaitPublished(publisher, expected);
    }

    @TearDown(Level.Trial)
    public void stop() {
      stripes.close();
      publisher.close();
    }
  }

  /** A bare {@link KafkaProducer} with the records of one pass already encoded. */
  @State(Scope.Benchmark)
  public static class Raw {
    KafkaProducer<String, byte[]> producer;
    String topic;
    String stateTopic;
    List<String> keys;
    List<byte[]> values;
    List<Headers> headers;
    List<byte[]> states;

    @Setup(Level.Trial)
    public void start(Input input) {
      topic = BenchKafka.uniqueTopic("bench-raw-producer");
      stateTopic = EventPublisher.stateTopic(topic);
      BenchKafka.createTopics(topic);
      Map<String, Object> config =
          new HashMap<>(ProducerClientConfig.of(BenchKafka.clientProperties()));
      config.put(ProducerConfig.CLIENT_ID_CONFIG, "bench-raw");
      producer = new KafkaProducer<>(config);
      List<ChangeEvent> events = new ArrayList<>(input.events);
      ChangeEventHandler capture = new ChangeEventHandler(Publishers.CLUSTER, events::add);
      input.first.forEach(capture::onAdd);
      events.clear();
      for (int i = 0; i < input.events; i++) {
        capture.onUpdate(input.first.get(i), input.second.get(i));
      }
      keys = events.stream().map(ChangeEvent::uid).toList();
      values = events.stream().map(EventCodec::toBytes).toList();
      headers = events.stream().map(CloudEventHeaders::of).toList();
      states =
          events.stream()
              .map(event -> PublishedState.of(Publishers.CLUSTER, event.object()).toBytes())
              .toList();
    }

    @TearDown(Level.Trial)
    public void stop() {
      producer.close();
    }
  }

  @Benchmark
  public long kew(Input input, Kew kew) {
    List<GenericKubernetesResource> from = kew.flipped ? input.second : input.first;
    List<GenericKubernetesResource> to = kew.flipped ? input.first : input.second;
    for (int i = 0; i < input.events; i++) {
      kew.handler.onUpdate(from.get(i), to.get(i));
    }
    kew.flipped = !kew.flipped;
    kew.expected += input.events;
    Publishers.awaitPublished(kew.publisher, kew.expected);
    return kew.expected;
  }

  @Benchmark
  public long rawProducer(Raw raw) {
    return sendAll(raw, i -> raw.values.get(i).length);
  }

  /**
   * A floor, not a goal: {@link #rawProducer} that also encodes each informer object to JSON once,
   * the least any producer that publishes the objects adds to sending them.
   */
  @Benchmark
  public long rawProducerEncoding(Input input, Raw raw) {
    return sendAll(raw, i -> json(input.second.get(i)).length);
  }

  /** Sends the records of one pass, each after {@code perEvent}; sums what it returns. */
  private static long sendAll(Raw raw, IntToLongFunction perEvent) {
    long sum = 0;
    for (int i = 0; i < raw.values.size(); i++) {
      sum += perEvent.applyAsLong(i);
      String key = raw.keys.get(i);
      raw.producer.send(
          new ProducerRecord<>(raw.topic, null, key, raw.values.get(i), raw.headers.get(i)));
      raw.producer.send(new ProducerRecord<>(raw.stateTopic, key, raw.states.get(i)));
    }
    raw.producer.flush();
    return sum;
  }

  private static byte[] json(GenericKubernetesResource object) {
    try {
      return EventCodec.mapper().writeValueAsBytes(object);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
