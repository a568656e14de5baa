package dev.kew.history;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kew.cli.KafkaConnection;
import dev.kew.history.cli.HistorySettings;
import dev.kew.model.ChangeEvent;
import dev.kew.model.EventCodec;
import dev.kew.ops.LogFormat;
import dev.kew.ops.OpsSettings;
import dev.kew.testing.SharedKafka;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Topics, records and running history services for the tests, on the shared broker. */
final class HistoryFixture {

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private HistoryFixture() {}

  /** Writes envelopes keyed by uid, as the producer does. */
  static void write(String topic, List<ChangeEvent> events) {
    try (KafkaProducer<String, byte[]> producer = producer()) {
      for (ChangeEvent event : events) {
        sent(producer.send(new ProducerRecord<>(topic, event.uid(), EventCodec.toBytes(event))));
      }
    }
  }

  /** Fails the test when Kafka refused a record. */
  private static void sent(Future<RecordMetadata> send) {
    try {
      send.get(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("Kafka did not take a test record", e);
    }
  }

  /** Writes raw record values with {@code key}, for records that are not envelopes. */
  static void writeRaw(String topic, String key, List<byte[]> values) {
    try (KafkaProducer<String, byte[]> producer = producer()) {
      values.forEach(v -> sent(producer.send(new ProducerRecord<>(topic, key, v))));
    }
  }

  private static KafkaProducer<String, byte[]> producer() {
    return new KafkaProducer<>(
        Map.of(
            "bootstrap.servers", SharedKafka.bootstrapServers(),
            "key.serializer", StringSerializer.class.getName(),
            "value.serializer", ByteArraySerializer.class.getName(),
            "max.request.size", String.valueOf(4 << 20)));
  }

  static HistorySettings settings(String topic, Path indexDir, String token) {
    return new HistorySettings(
        new KafkaConnection(
            SharedKafka.bootstrapServers(),
            topic,
            Map.of("bootstrap.servers", SharedKafka.bootstrapServers())),
        indexDir,
        "127.0.0.1",
        0,
        token,
        8,
        4L << 20,
        Duration.ofMillis(500),
        new OpsSettings(-1, "127.0.0.1", LogFormat.TEXT));
  }

  /** A service on {@code topic}, caught up. */
  static HistoryApp start(String topic, Path indexDir) {
    HistoryApp app = HistoryApp.start(settings(topic, indexDir, null), Clock.systemUTC());
    await().atMost(30, TimeUnit.SECONDS).until(() -> app.caughtUp().isDone());
    return app;
  }

  static HttpResponse<String> get(int port, String pathAndQuery) {
    return get(port, pathAndQuery, Map.of());
  }

  static HttpResponse<String> get(int port, String pathAndQuery, Map<String, String> headers) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery))
            .timeout(Duration.ofSeconds(30));
    headers.forEach(request::header);
    try {
      return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The JSON of a 200 answer. */
  static JsonNode json(int port, String pathAndQuery) {
    HttpResponse<String> response = get(port, pathAndQuery);
    if (response.statusCode() != 200) {
      throw new AssertionError(
          pathAndQuery + " answered " + response.statusCode() + ": " + response.body());
    }
    try {
      return EventCodec.mapper().readTree(response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
