package dev.kew.consumer.delivery;

import static dev.kew.consumer.Events.deployment;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kew.consumer.CapturedLogs;
import dev.kew.consumer.EventConsumer;
import dev.kew.consumer.TopicFixture;
import dev.kew.consumer.WebhookServer;
import dev.kew.consumer.WebhookServer.Response;
import dev.kew.consumer.cli.ConsumerCommand;
import dev.kew.model.ChangeEvent;
import dev.kew.model.EventType;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults stay where they are, against a real broker: a slow sink holds up neither the read loop nor
 * another sink, and an unwritable dead-letter topic holds back only the offsets of what waits for
 * it.
 */
class IsolationTest {

  @TempDir Path dir;
  private TopicFixture kafka;
  private WebhookServer slow;
  private EventConsumer consumer;
  private CompletableFuture<Void> running;
  @RegisterExtension final CapturedLogs logs = new CapturedLogs();

  @AfterEach
  void cleanUp() {
    if (consumer != null) {
      consumer.stop();
      running.join();
    }
    if (slow != null) {
      slow.close();
    }
    if (kafka != null) {
      kafka.close();
    }
  }

  private ByteArrayOutputStream follow(String... flags) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    consumer =
        new EventConsumer(
            ConsumerCommand.parseSettings(kafka.args(flags)),
            new PrintStream(out, true, StandardCharsets.UTF_8));
    running = CompletableFuture.runAsync(consumer::run);
    return out;
  }

  private static List<ChangeEvent> deployments(int count) {
    return IntStream.range(0, count)
        .mapToObj(i -> deployment(EventType.ADDED, "shop", "app-" + i, String.valueOf(100 + i)))
        .toList();
  }

  @Test
  void aSlowSinkHoldsUpNeitherTheReadLoopNorAnotherSink() throws Exception {
    kafka = new TopicFixture("slow-sink", 1);
    slow =
        new WebhookServer(
            n -> {
              try {
                Thread.sleep(1_000); // a sink that takes a second per request
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              return Response.status(200);
            });
    List<ChangeEvent> events = deployments(6);
    kafka.publish(events.toArray(ChangeEvent[]::new));
    Path archive = dir.resolve("events.jsonl");
    Path config =
        Files.writeString(
            dir.resolve("sinks.yaml"),
            """
            sinks:
              - {name: slow, type: webhook, url: "%s"}
              - {name: archive, type: file, path: "%s"}
            """
                .formatted(slow.url("/slow"), archive));

    // A loop that waited for the slow sink would miss max.poll.interval.ms (6 requests of 1 s)
    // and be thrown out of the group, which would hand the partition over and deliver again.
    follow("--group", "slow", "--config", config.toString(), "-X", "max.poll.interval.ms=2500");

    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> Files.exists(archive) && Files.readAllLines(archive).size() == 6);
    assertThat(slow.requests()).as("the slow sink is still at it").hasSizeLessThan(6);
    assertThat(consumer.lastPoll())
        .hasValueSatisfying(
            last ->
                assertThat(Duration.between(last, Instant.now()))
                    .isLessThan(Duration.ofSeconds(1)));
    await().atMost(Duration.ofSeconds(30)).until(() -> slow.acceptedIds().size() == 6);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> Map.of(0, 6L).equals(kafka.committed("slow")));
    assertThat(slow.acceptedIds())
        .as("each event once: the group never took the partition away")
        .containsExactlyElementsOf(events.stream().map(ChangeEvent::id).toList());
    assertThat(logs.messages())
        .noneMatch(m -> m.startsWith("Lost partitions") || m.startsWith("Revoked"));
  }

  @Test
  void anUnwritableDeadLetterTopicHoldsBackOnlyTheOffsetsOfWhatWaitsForIt() throws Exception {
    kafka = new TopicFixture("dlq-down", 1);
    String dlq = kafka.topic + ".dlq";
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers))) {
      admin
          .createTopics(
              List.of(new NewTopic(dlq, 1, (short) 1).configs(Map.of("max.message.bytes", "1"))))
          .all()
          .get();
      List<ChangeEvent> events = deployments(2);
      kafka.publish(events.get(0));
      kafka.publishRaw(events.get(0).uid(), "not json");
      kafka.publish(events.get(1));

      ByteArrayOutputStream out = follow("--group", "dlq-down", "--output", "sentence");

      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> out.toString(StandardCharsets.UTF_8).lines().count() == 2);
      await().atMost(Duration.ofSeconds(20)).until(() -> !consumer.deliveryProblems().isEmpty());
      assertThat(consumer.deliveryProblems())
          .singleElement()
          .satisfies(p -> assertThat(p).startsWith("cannot write to the dead-letter topic since"));
      assertThat(kafka.committed("dlq-down"))
          .as("committed up to the record that waits for the dead-letter topic")
          .isEqualTo(Map.of(0, 1L));

      admin
          .incrementalAlterConfigs(
              Map.of(
                  new ConfigResource(ConfigResource.Type.TOPIC, dlq),
                  Set.of(
                      new AlterConfigOp(
                          new ConfigEntry("max.message.bytes", "1048588"),
                          AlterConfigOp.OpType.SET))))
          .all()
          .get();

      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> Map.of(0, 3L).equals(kafka.committed("dlq-down")));
      assertThat(kafka.readAll(dlq, 1))
          .singleElement()
          .satisfies(r -> assertThat(r.offset()).isZero());
      assertThat(consumer.deliveryProblems()).isEmpty();
    }
  }
}
