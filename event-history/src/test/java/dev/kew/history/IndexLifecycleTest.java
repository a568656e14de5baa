package dev.kew.history;

import static dev.kew.history.HistoryFixture.get;
import static dev.kew.history.HistoryFixture.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kew.model.ChangeEvent;
import dev.kew.model.EventCodec;
import dev.kew.model.EventType;
import dev.kew.testing.SharedKafka;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The index and the topic: hostile records skipped, a deleted index rebuilt, retention followed,
 * two instances answering alike, the bearer token.
 */
class IndexLifecycleTest {

  @TempDir Path dir;

  @Test
  void hostileRecordsAreSkippedAndCountedAndNeverReachTheApiUnescaped() throws Exception {
    String topic = SharedKafka.createTopic("history-hostile", 1);
    String hostileName = "web\u0007<script>alert(1)</script>\u2028x";
    ChangeEvent huge =
        ChangeEvent.of(
            EventType.ADDED,
            "prod",
            Scenario.T0,
            Scenario.deployment("n".repeat(200_000), "u-huge", "1", 1, "img", "front"));
    HistoryFixture.writeRaw(
        topic,
        "k",
        List.of(
            "not json".getBytes(StandardCharsets.UTF_8),
            new byte[0],
            "{\"schemaVersion\":4,\"id\":\"x\"}".getBytes(StandardCharsets.UTF_8)));
    ChangeEvent hostile =
        ChangeEvent.of(
            EventType.ADDED,
            "prod",
            Scenario.T0,
            Scenario.deployment(hostileName, "u-hostile", "1", 1, "img", "front"));
    HistoryFixture.write(topic, List.of(hostile, huge));
    HistoryFixture.write(topic, Scenario.events());

    try (HistoryApp app = HistoryFixture.start(topic, dir.resolve("index"))) {
      HttpResponse<String> events = get(app.port(), "/api/v1/events?limit=100");

      JsonNode status = json(app.port(), "/api/v1/status");
      assertThat(status.path("events").asInt()).isEqualTo(10);
      assertThat(status.path("skippedRecords").asInt()).isEqualTo(3);
      assertThat(events.body())
          .doesNotContain("<script>")
          .doesNotContain("\u2028")
          .containsIgnoringCase("\\u003cscript\\u003e");
      assertThat(json(app.port(), "/api/v1/history?uid=u-huge").at("/events/0/name").asText())
          .as("a huge name is cut")
          .hasSizeLessThan(600);
      assertThat(events.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
      JsonNode parsed = EventCodec.mapper().readTree(events.body());
      assertThat(parsed.at("/events/9/name").asText()).startsWith("web\uFFFD<script>");
    }
  }

  @Test
  void aDeletedIndexIsRebuiltFromTheTopicWithTheSameAnswers() throws Exception {
    String topic = SharedKafka.createTopic("history-rebuild", 3);
    HistoryFixture.write(topic, Scenario.events());
    Path index = dir.resolve("index");
    String before;
    try (HistoryApp app = HistoryFixture.start(topic, index)) {
      before = json(app.port(), "/api/v1/events?limit=100").toString();
    }
    try (Stream<Path> files = Files.walk(index)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
    try (HistoryApp app = HistoryFixture.start(topic, index)) {
      assertThat(json(app.port(), "/api/v1/events?limit=100").toString()).isEqualTo(before);
    }
  }

  @Test
  void aRestartedServiceReadsOnFromItsCommittedPositions() {
    String topic = SharedKafka.createTopic("history-restart", 2);
    HistoryFixture.write(topic, Scenario.events().subList(0, 4));
    Path index = dir.resolve("index");
    try (HistoryApp app = HistoryFixture.start(topic, index)) {
      assertThat(json(app.port(), "/api/v1/status").path("events").asInt()).isEqualTo(4);
    }
    HistoryFixture.write(topic, Scenario.events().subList(4, 8));
    try (HistoryApp app = HistoryFixture.start(topic, index)) {
      assertThat(json(app.port(), "/api/v1/status").path("events").asInt())
          .as("each event once: none indexed twice after the restart")
          .isEqualTo(8);
    }
  }

  @Test
  void entriesGoWhenRetentionRemovesTheirRecords() throws Exception {
    String topic = SharedKafka.createTopic("history-retention", 1);
    HistoryFixture.write(topic, Scenario.events());
    try (HistoryApp app = HistoryFixture.start(topic, dir.resolve("index"));
        Admin admin = Admin.create(Map.of("bootstrap.servers", SharedKafka.bootstrapServers()))) {
      admin
          .deleteRecords(Map.of(new TopicPartition(topic, 0), RecordsToDelete.beforeOffset(5)))
          .all()
          .get(30, TimeUnit.SECONDS);

      await()
          .atMost(20, TimeUnit.SECONDS)
          .until(() -> json(app.port(), "/api/v1/status").path("events").asInt() == 3);
      assertThat(get(app.port(), "/api/v1/events/0-2").statusCode()).isEqualTo(404);
      assertThat(get(app.port(), "/api/v1/events/0-6").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void aServiceStartedBeforeItsTopicExistsIndexesItOnceCreated() {
    String topic = SharedKafka.uniqueTopic("history-later");
    try (HistoryApp app =
        HistoryApp.start(
            HistoryFixture.settings(topic, dir.resolve("index"), null), Clock.systemUTC())) {
      assertThat(app.caughtUp()).isNotDone();
      try (Admin admin =
          Admin.create(Map.of("bootstrap.servers", SharedKafka.bootstrapServers()))) {
        admin
            .createTopics(List.of(new NewTopic(topic, 2, (short) 1)))
            .all()
            .get(30, TimeUnit.SECONDS);
      } catch (Exception e) {
        throw new AssertionError(e);
      }
      HistoryFixture.write(topic, Scenario.events());

      await()
          .atMost(30, TimeUnit.SECONDS)
          .until(() -> json(app.port(), "/api/v1/status").path("events").asInt() == 8);
      assertThat(app.stopped()).isNotDone();
    }
  }

  @Test
  void twoInstancesGiveTheSameAnswers() {
    String topic = SharedKafka.createTopic("history-replicas", 3);
    HistoryFixture.write(topic, Scenario.events());
    try (HistoryApp one = HistoryFixture.start(topic, dir.resolve("one"));
        HistoryApp two = HistoryFixture.start(topic, dir.resolve("two"))) {
      for (String query :
          List.of(
              "/api/v1/events?limit=3",
              "/api/v1/history?kind=Deployment&namespace=shop&name=web",
              "/api/v1/snapshot?at=" + Scenario.minutes(25),
              "/api/v1/timeline?from=" + Scenario.minutes(0) + "&to=" + Scenario.minutes(60))) {
        assertThat(json(two.port(), query)).as(query).isEqualTo(json(one.port(), query));
      }
      String cursor = json(one.port(), "/api/v1/events?limit=3").path("nextCursor").asText();
      assertThat(json(two.port(), "/api/v1/events?limit=3&cursor=" + cursor))
          .as("a cursor of one instance pages on the other")
          .isEqualTo(json(one.port(), "/api/v1/events?limit=3&cursor=" + cursor));
    }
  }

  @Test
  void withATokenTheApiAnswersOnlyRequestsThatCarryIt() {
    String topic = SharedKafka.createTopic("history-token", 1);
    try (HistoryApp app =
        HistoryApp.start(
            HistoryFixture.settings(topic, dir.resolve("index"), "s3cret-token"),
            Clock.systemUTC())) {
      HttpResponse<String> without = get(app.port(), "/api/v1/status");
      HttpResponse<String> wrong =
          get(app.port(), "/api/v1/status", Map.of("Authorization", "Bearer nope"));
      HttpResponse<String> right =
          get(app.port(), "/api/v1/status", Map.of("Authorization", "Bearer s3cret-token"));

      assertThat(without.statusCode()).isEqualTo(401);
      assertThat(without.headers().firstValue("WWW-Authenticate")).isPresent();
      assertThat(wrong.statusCode()).isEqualTo(401);
      assertThat(right.statusCode()).isEqualTo(200);
      assertThat(get(app.port(), "/").statusCode())
          .as("the UI's files need no token")
          .isEqualTo(200);
    }
  }
}
