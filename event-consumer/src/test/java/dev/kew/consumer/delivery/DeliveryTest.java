package dev.kew.consumer.delivery;

import static dev.kew.consumer.Events.deployment;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.kew.consumer.CapturedLogs;
import dev.kew.consumer.EventConsumer;
import dev.kew.consumer.TopicFixture;
import dev.kew.consumer.WebhookServer;
import dev.kew.consumer.WebhookServer.Response;
import dev.kew.consumer.cli.ConsumerCommand;
import dev.kew.model.ChangeEvent;
import dev.kew.model.EventCodec;
import dev.kew.model.EventType;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Retries, the dead-letter topic and commits, against a real broker and real HTTP servers. */
class DeliveryTest {

  private static final Duration RUN_TIMEOUT = Duration.ofSeconds(60);
  private static final String TOKEN = "T0K3N-in-the-url";
  private static final String KEY = "whsec_aG1hYy1rM3ktdmFsdWUtb2YtMjQtYnl0ZXMtb3ItbW9yZQ==";

  @TempDir Path dir;
  private TopicFixture kafka;
  private WebhookServer server;
  @RegisterExtension final CapturedLogs logs = new CapturedLogs();

  @AfterEach
  void cleanUp() {
    if (server != null) {
      server.close();
    }
    if (kafka != null) {
      kafka.close();
    }
  }

  private Path config(String yaml) throws Exception {
    return Files.writeString(dir.resolve("sinks.yaml"), yaml);
  }

  private String webhookSink(String retry) {
    return """
        sinks:
          - name: hook
            type: webhook
            url: %s
            secret: %s
            retry: %s
        """
        .formatted(server.url("/hooks/" + TOKEN), KEY, retry);
  }

  private EventConsumer consumer(ByteArrayOutputStream out, String... flags) {
    return new EventConsumer(
        ConsumerCommand.parseSettings(kafka.args(flags)),
        new PrintStream(out, true, StandardCharsets.UTF_8));
  }

  private EventConsumer runUntilCaughtUp(String... flags) {
    EventConsumer consumer = consumer(new ByteArrayOutputStream(), flags);
    assertTimeoutPreemptively(RUN_TIMEOUT, consumer::run);
    return consumer;
  }

  private static List<ChangeEvent> deployments(int count) {
    return IntStream.range(0, count)
        .mapToObj(i -> deployment(EventType.ADDED, "shop", "app-" + i, String.valueOf(100 + i)))
        .toList();
  }

  private static String header(ConsumerRecord<?, ?> record, String key) {
    var header = record.headers().lastHeader(key);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }

  private void assertNoSecretWasLogged() {
    assertThat(logs.messages())
        .isNotEmpty()
        .allSatisfy(m -> assertThat(m).doesNotContain(TOKEN).doesNotContain(KEY));
  }

  @Test
  void aWebhookFailingOneInThreeWith503StillReceivesEveryEvent() throws Exception {
    kafka = new TopicFixture("flaky", 3);
    server = new WebhookServer(n -> Response.status(n % 3 == 0 ? 503 : 200));
    List<ChangeEvent> events = deployments(30);
    kafka.publish(events.toArray(ChangeEvent[]::new));

    EventConsumer consumer =
        runUntilCaughtUp(
            "--group",
            "flaky",
            "--no-follow",
            "--config",
            config(webhookSink("{maxAttempts: 5, initialBackoff: 10ms, maxBackoff: 40ms}"))
                .toString());

    assertThat(server.acceptedIds())
        .containsExactlyInAnyOrderElementsOf(events.stream().map(ChangeEvent::id).toList());
    assertThat(server.requests())
        .filteredOn(r -> r.status() == 503)
        .hasSizeGreaterThanOrEqualTo(10);
    assertThat(consumer.deadLettered()).isZero();
    Map<Integer, Long> ends = kafka.endOffsets();
    ends.values().removeIf(end -> end == 0);
    assertThat(kafka.committed("flaky")).isEqualTo(ends);
    assertNoSecretWasLogged();
  }

  @Test
  void aBadRequestSendsTheEventToTheDeadLetterTopicAndConsumptionContinues() throws Exception {
    kafka = new TopicFixture("bad-request", 1);
    server =
        new WebhookServer(
            n -> n == 2 ? new Response(400, Map.of(), "no such field") : Response.status(200));
    List<ChangeEvent> events = deployments(3);
    kafka.publish(events.toArray(ChangeEvent[]::new));

    EventConsumer consumer =
        runUntilCaughtUp(
            "--group",
            "bad-request",
            "--no-follow",
            "--config",
            config(webhookSink("{maxAttempts: 5, initialBackoff: 10ms}")).toString());

    assertThat(server.requests()).hasSize(3);
    assertThat(server.acceptedIds()).containsExactly(events.get(0).id(), events.get(2).id());
    assertThat(consumer.deadLettered()).isEqualTo(1);
    List<ConsumerRecord<String, byte[]>> dead = kafka.readAll(kafka.topic + ".dlq", 1);
    assertThat(dead).hasSize(1);
    ConsumerRecord<String, byte[]> letter = dead.get(0);
    assertThat(letter.key()).isEqualTo(events.get(1).uid());
    assertThat(EventCodec.fromBytes(letter.value())).isEqualTo(events.get(1));
    assertThat(header(letter, DeadLetters.SINK)).isEqualTo("hook");
    assertThat(header(letter, DeadLetters.REASON)).isEqualTo("HTTP 400: no such field");
    assertThat(header(letter, DeadLetters.STATUS)).isEqualTo("400");
    assertThat(header(letter, DeadLetters.ATTEMPTS)).isEqualTo("1");
    assertThat(header(letter, DeadLetters.ORIGINAL_TOPIC)).isEqualTo(kafka.topic);
    assertThat(header(letter, DeadLetters.ORIGINAL_PARTITION)).isEqualTo("0");
    assertThat(header(letter, DeadLetters.ORIGINAL_OFFSET)).isEqualTo("1");
    assertThat(kafka.committed("bad-request")).isEqualTo(Map.of(0, 3L));
    assertNoSecretWasLogged();
  }

  @Test
  void anEventThatRunsOutOfRetriesGoesToTheDeadLetterTopicNamedByTheFlag() throws Exception {
    kafka = new TopicFixture("budget", 1);
    server = new WebhookServer(n -> Response.status(n <= 3 ? 503 : 200));
    List<ChangeEvent> events = deployments(2);
    kafka.publish(events.toArray(ChangeEvent[]::new));
    String dlq = kafka.topic + "-dead";

    runUntilCaughtUp(
        "--group",
        "budget",
        "--no-follow",
        "--dlq-topic",
        dlq,
        "--config",
        config(webhookSink("{maxAttempts: 3, initialBackoff: 10ms, maxBackoff: 20ms}")).toString());

    assertThat(server.acceptedIds()).containsExactly(events.get(1).id());
    List<ConsumerRecord<String, byte[]>> dead = kafka.readAll(dlq, 1);
    assertThat(dead)
        .singleElement()
        .satisfies(
            letter -> {
              assertThat(header(letter, DeadLetters.STATUS)).isEqualTo("503");
              assertThat(header(letter, DeadLetters.ATTEMPTS)).isEqualTo("3");
              assertThat(header(letter, DeadLetters.ORIGINAL_OFFSET)).isEqualTo("0");
            });
    assertThat(kafka.topicNames()).doesNotContain(kafka.topic + ".dlq");
  }

  @Test
  void a429WithRetryAfterIsHonouredUpToTheSinksLongestBackoff() throws Exception {
    kafka = new TopicFixture("retry-after", 1);
    server =
        new WebhookServer(
            n -> n == 1 ? new Response(429, Map.of("Retry-After", "1"), "") : Response.status(200));
    ChangeEvent event = deployments(1).get(0);
    kafka.publish(event);

    runUntilCaughtUp(
        "--group",
        "retry-after",
        "--no-follow",
        "--config",
        config(webhookSink("{initialBackoff: 10ms, maxBackoff: 5s}")).toString());

    List<WebhookServer.Request> requests = server.requests();
    assertThat(requests).hasSize(2);
    assertThat(requests.get(1).status()).isEqualTo(200);
    assertThat(Duration.between(requests.get(0).at(), requests.get(1).at()))
        .isGreaterThanOrEqualTo(
            Duration.ofMillis(950)); // a lower bound only: 1 s, less clock slack
  }

  @Test
  void anOffsetIsNotCommittedUntilEverySinkTheEventRoutesToAcceptedIt() throws Exception {
    kafka = new TopicFixture("hold", 2);
    server = new WebhookServer(n -> Response.status(503));
    ChangeEvent both = deployment(EventType.ADDED, "shop", "to-both", "1");
    ChangeEvent printOnly = deployment(EventType.ADDED, "shop", "print-only", "2");
    Path config =
        config(
            """
            sinks:
              - {name: print, type: stdout, format: sentence}
              - name: hook
                type: webhook
                url: %s
                retry: {initialBackoff: 1m, maxBackoff: 1m}
            routes:
              - sinks: [print]
              - match: [{name: to-both}]
                sinks: [hook]
            """
                .formatted(server.url("/hook")));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    EventConsumer consumer = consumer(out, "--group", "hold", "--config", config.toString());
    CompletableFuture<Void> running = CompletableFuture.runAsync(consumer::run);

    kafka.publishTo(0, both);
    kafka.publishTo(1, printOnly);
    await().atMost(RUN_TIMEOUT).until(() -> kafka.committed("hold").containsKey(1));
    await().atMost(RUN_TIMEOUT).until(() -> server.requests().size() == 1);
    consumer.stop();
    running.get(30, TimeUnit.SECONDS);

    assertThat(out.toString(StandardCharsets.UTF_8).lines())
        .containsExactlyInAnyOrder(
            "A deployment in namespace shop has been added: to-both",
            "A deployment in namespace shop has been added: print-only");
    assertThat(kafka.committed("hold")).isEqualTo(Map.of(1, 1L));
    assertThat(logs.messages())
        .anySatisfy(m -> assertThat(m).contains("1 deliveries were still pending"));
  }

  @Test
  void eventsOfOneObjectReachAWebhookInOrderDespiteRetries() throws Exception {
    kafka = new TopicFixture("order", 1);
    server = new WebhookServer(n -> Response.status(n % 2 == 0 ? 500 : 200));
    List<ChangeEvent> changes = new ArrayList<>();
    for (int rv = 1; rv <= 6; rv++) {
      changes.add(deployment(EventType.MODIFIED, "shop", "web", String.valueOf(rv)));
    }
    kafka.publish(changes.toArray(ChangeEvent[]::new));

    runUntilCaughtUp(
        "--group",
        "order",
        "--no-follow",
        "--config",
        config(webhookSink("{initialBackoff: 10ms, maxBackoff: 20ms}")).toString());

    assertThat(server.acceptedIds())
        .containsExactlyElementsOf(changes.stream().map(ChangeEvent::id).toList());
  }
}
