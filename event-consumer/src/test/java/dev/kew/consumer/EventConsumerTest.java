package dev.kew.consumer;

import static dev.kew.consumer.Events.deployment;
import static dev.kew.consumer.Events.event;
import static dev.kew.consumer.Events.namespace;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.kew.consumer.cli.ConsumerCommand;
import dev.kew.model.ChangeEvent;
import dev.kew.model.EventCodec;
import dev.kew.model.EventType;
import dev.kew.testing.EnvelopeSchema;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class EventConsumerTest {

  private static final Duration RUN_TIMEOUT = Duration.ofSeconds(30);

  private static final ChangeEvent WEB_MODIFIED =
      deployment(EventType.MODIFIED, "default", "web", "1");
  private static final ChangeEvent TEAM_A_ADDED = namespace(EventType.ADDED, "team-a", "2");
  private static final ChangeEvent FRONT_DELETED =
      event(EventType.DELETED, "networking.k8s.io/v1", "Ingress", "shop", "front", "3");

  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  private final Logger consumerLog =
      (Logger) LoggerFactory.getLogger(dev.kew.consumer.delivery.Dispatcher.class);
  private TopicFixture kafka;

  @BeforeEach
  void captureLogs() {
    logs.start();
    consumerLog.addAppender(logs);
  }

  @AfterEach
  void cleanUp() {
    consumerLog.detachAppender(logs);
    if (kafka != null) {
      kafka.close();
    }
  }

  /** A consumer run to completion with the given flags, and what it printed. */
  private record Run(EventConsumer consumer, List<String> lines) {}

  private Run runUntilCaughtUp(String... flags) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    EventConsumer consumer =
        new EventConsumer(
            ConsumerCommand.parseSettings(kafka.args(flags)),
            new PrintStream(bytes, false, StandardCharsets.UTF_8));
    assertTimeoutPreemptively(RUN_TIMEOUT, consumer::run);
    return new Run(consumer, bytes.toString(StandardCharsets.UTF_8).lines().toList());
  }

  @Test
  void prettyOutputPrintsOneAlignedLinePerEventAndStopsWhenCaughtUp() throws Exception {
    kafka = new TopicFixture("pretty", 1);
    kafka.publish(WEB_MODIFIED, TEAM_A_ADDED, FRONT_DELETED);

    Run run = runUntilCaughtUp("--group", "pretty", "--no-follow");

    assertThat(run.lines())
        .containsExactly(
            "2026-11-24T14:03:07Z MODIFIED apps/v1 Deployment default/web rv=1",
            "2026-11-24T14:03:07Z ADDED    v1      Namespace  team-a      rv=2",
            "2026-11-24T14:03:07Z DELETED  networking.k8s.io/v1 Ingress    shop/front  rv=3");
    assertThat(run.consumer().consumed()).isEqualTo(3);
    assertThat(run.consumer().delivered()).isEqualTo(3);
  }

  @Test
  void sentenceOutputPrintsTheAncestorAppsSentences() throws Exception {
    kafka = new TopicFixture("sentence", 1);
    kafka.publish(WEB_MODIFIED, TEAM_A_ADDED, FRONT_DELETED);

    Run run = runUntilCaughtUp("--group", "sentence", "--no-follow", "--output", "sentence");

    assertThat(run.lines())
        .containsExactly(
            "A deployment in namespace default has been modified: web",
            "A namespace has been added: team-a",
            "An ingress in namespace shop has been deleted: front");
  }

  @Test
  void jsonOutputPrintsEachEnvelopeAsOneValidDocumentPerLine() throws Exception {
    kafka = new TopicFixture("json", 1);
    kafka.publish(WEB_MODIFIED, TEAM_A_ADDED, FRONT_DELETED);

    Run run = runUntilCaughtUp("--group", "json", "--no-follow", "--output", "json");

    assertThat(run.lines()).hasSize(3);
    for (String line : run.lines()) {
      EnvelopeSchema.assertValid(line.getBytes(StandardCharsets.UTF_8));
    }
    assertThat(run.lines())
        .map(line -> EventCodec.fromBytes(line.getBytes(StandardCharsets.UTF_8)))
        .containsExactly(WEB_MODIFIED, TEAM_A_ADDED, FRONT_DELETED);
  }

  @Test
  void malformedRecordsGoToTheDeadLetterTopicWithAWarningAndLaterEventsStillPrint()
      throws Exception {
    kafka = new TopicFixture("malformed", 1);
    kafka.publish(WEB_MODIFIED);
    kafka.publishRaw("k1", "not json");
    String withoutUid =
        EventCodec.toJson(TEAM_A_ADDED).replace("\"uid\":\"uid-Namespace-team-a\",", "");
    assertThat(withoutUid).doesNotContain("\"uid\"");
    kafka.publishRaw("k2", withoutUid);
    kafka.publish(FRONT_DELETED);

    Run run = runUntilCaughtUp("--group", "malformed", "--no-follow", "--output", "sentence");

    assertThat(run.lines())
        .containsExactly(
            "A deployment in namespace default has been modified: web",
            "An ingress in namespace shop has been deleted: front");
    assertThat(run.consumer().consumed()).isEqualTo(2);
    assertThat(run.consumer().malformed()).isEqualTo(2);
    assertThat(logs.list)
        .filteredOn(e -> e.getLevel() == ch.qos.logback.classic.Level.WARN)
        .map(ILoggingEvent::getFormattedMessage)
        .satisfiesExactly(
            m ->
                assertThat(m)
                    .startsWith(
                        "Dead-lettering record "
                            + kafka.topic
                            + "-0@1 (key k1), stage decode: malformed: not an event envelope: "),
            m ->
                assertThat(m)
                    .startsWith(
                        "Dead-lettering record "
                            + kafka.topic
                            + "-0@2 (key k2), stage decode: malformed: invalid envelope: ")
                    .contains("uid"));
    assertThat(kafka.committed("malformed")).isEqualTo(Map.of(0, 4L));
    List<org.apache.kafka.clients.consumer.ConsumerRecord<String, byte[]>> dead =
        kafka.readAll(kafka.topic + ".dlq", 2);
    assertThat(dead).extracting(r -> r.key()).containsExactly("k1", "k2");
    assertThat(new String(dead.get(0).value(), StandardCharsets.UTF_8)).isEqualTo("not json");
    assertThat(header(dead.get(0), "kew.error.reason")).startsWith("malformed: ");
    assertThat(header(dead.get(0), "kew.original.offset")).isEqualTo("1");
    assertThat(dead.get(0).headers().lastHeader("kew.error.sink")).isNull();
  }

  static String header(org.apache.kafka.clients.consumer.ConsumerRecord<?, ?> record, String key) {
    var header = record.headers().lastHeader(key);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }

  @Test
  void aSecondRunOfTheSameGroupResumesFromItsCommittedOffsets() throws Exception {
    kafka = new TopicFixture("resume", 1);
    kafka.publish(WEB_MODIFIED, TEAM_A_ADDED);

    assertThat(runUntilCaughtUp("--group", "resume", "--no-follow").lines()).hasSize(2);
    assertThat(kafka.committed("resume")).isEqualTo(Map.of(0, 2L));

    Run again = runUntilCaughtUp("--group", "resume", "--no-follow");
    assertThat(again.lines()).isEmpty();
    assertThat(again.consumer().consumed()).isZero();

    kafka.publish(FRONT_DELETED);
    Run after = runUntilCaughtUp("--group", "resume", "--no-follow", "--output", "sentence");
    assertThat(after.lines())
        .containsExactly("An ingress in namespace shop has been deleted: front");
    assertThat(kafka.committed("resume")).isEqualTo(Map.of(0, 3L));
  }

  @Test
  void replayWithoutAGroupReadsEverythingAndLeavesTheStableGroupsOffsetsAlone() throws Exception {
    kafka = new TopicFixture("replay", 1);
    kafka.publish(WEB_MODIFIED, TEAM_A_ADDED);
    assertThat(runUntilCaughtUp("--no-follow").lines()).hasSize(2);
    assertThat(kafka.committed(ConsumerSettings.STABLE_GROUP)).isEqualTo(Map.of(0, 2L));
    kafka.publish(FRONT_DELETED);

    Run replay = runUntilCaughtUp("--from-beginning", "--no-follow", "--output", "sentence");

    assertThat(replay.lines())
        .containsExactly(
            "A deployment in namespace default has been modified: web",
            "A namespace has been added: team-a",
            "An ingress in namespace shop has been deleted: front");
    assertThat(kafka.committed(ConsumerSettings.STABLE_GROUP)).isEqualTo(Map.of(0, 2L));
    Run stable = runUntilCaughtUp("--no-follow", "--output", "sentence");
    assertThat(stable.lines())
        .containsExactly("An ingress in namespace shop has been deleted: front");
  }

  @Test
  void fromBeginningWithAGroupRereadsWhatThatGroupAlreadyCommitted() throws Exception {
    kafka = new TopicFixture("reread", 1);
    kafka.publish(WEB_MODIFIED, TEAM_A_ADDED);
    assertThat(runUntilCaughtUp("--group", "reread", "--no-follow").lines()).hasSize(2);

    Run reread = runUntilCaughtUp("--group", "reread", "--from-beginning", "--no-follow");

    assertThat(reread.lines()).hasSize(2);
    assertThat(kafka.committed("reread")).isEqualTo(Map.of(0, 2L));
  }

  @Test
  void filtersApplyEndToEndAcrossPartitionsAndFilteredEventsCountAsHandled() throws Exception {
    kafka = new TopicFixture("filters", 3);
    kafka.publish(
        deployment(EventType.ADDED, "default", "web", "10"),
        deployment(EventType.MODIFIED, "default", "web", "11"),
        deployment(EventType.MODIFIED, "shop", "cart", "12"),
        event(EventType.MODIFIED, "v1", "ConfigMap", "default", "settings", "13"),
        namespace(EventType.DELETED, "default", "14"),
        deployment(EventType.DELETED, "default", "api", "15"));

    Run run =
        runUntilCaughtUp(
            "--group",
            "filters",
            "--no-follow",
            "--output",
            "sentence",
            "--kind",
            "DEPLOYMENT",
            "--namespace",
            "default",
            "--type",
            "modified,deleted");

    assertThat(run.lines())
        .containsExactlyInAnyOrder(
            "A deployment in namespace default has been modified: web",
            "A deployment in namespace default has been deleted: api");
    assertThat(run.consumer().consumed()).isEqualTo(6);
    assertThat(run.consumer().delivered()).isEqualTo(2);
    Map<Integer, Long> ends = kafka.endOffsets();
    ends.values().removeIf(end -> end == 0);
    assertThat(kafka.committed("filters")).isEqualTo(ends);
  }

  @Test
  void anEmptyTopicEndsAtOnceWithNoFollow() throws Exception {
    kafka = new TopicFixture("empty", 3);

    Run run = runUntilCaughtUp("--group", "empty", "--no-follow");

    assertThat(run.lines()).isEmpty();
    assertThat(run.consumer().consumed()).isZero();
  }

  @Test
  void stopFromAnotherThreadEndsRunAndCommitsWhatWasPrinted() throws Exception {
    kafka = new TopicFixture("stop", 1);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    EventConsumer consumer =
        new EventConsumer(
            ConsumerCommand.parseSettings(kafka.args("--group", "stop", "--output", "json")),
            new PrintStream(bytes, true, StandardCharsets.UTF_8));
    CompletableFuture<Void> running = CompletableFuture.runAsync(consumer::run);

    kafka.publish(WEB_MODIFIED, TEAM_A_ADDED);
    await().atMost(RUN_TIMEOUT).until(() -> consumer.delivered() == 2);
    assertThat(running).isNotDone();
    consumer.stop();

    running.get(10, TimeUnit.SECONDS);
    assertThat(bytes.toString(StandardCharsets.UTF_8).lines()).hasSize(2);
    assertThat(kafka.committed("stop")).isEqualTo(Map.of(0, 2L));
  }

  @Test
  void stopBeforeRunMakesRunReturnAtOnce() throws Exception {
    kafka = new TopicFixture("stop-early", 1);
    kafka.publish(WEB_MODIFIED);
    EventConsumer consumer =
        new EventConsumer(
            ConsumerCommand.parseSettings(kafka.args("--group", "stop-early")),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));

    consumer.stop();

    assertTimeoutPreemptively(RUN_TIMEOUT, consumer::run);
    assertThat(consumer.consumed()).isZero();
    assertThat(kafka.committed("stop-early")).isEmpty();
  }

  @Test
  void noFollowOnATopicThatDoesNotExistEndsAtOnceWithoutCreatingIt() throws Exception {
    kafka = new TopicFixture("exists", 1);
    String missing = kafka.topic + "-missing";
    EventConsumer consumer =
        new EventConsumer(
            ConsumerCommand.parseSettings(
                "--bootstrap-servers", kafka.bootstrapServers, "--topic", missing, "--no-follow"),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));

    assertTimeoutPreemptively(RUN_TIMEOUT, consumer::run);

    assertThat(kafka.topicNames()).contains(kafka.topic).doesNotContain(missing);
  }

  @Test
  void noFollowFailsWhenKafkaCannotBeReached() {
    EventConsumer consumer =
        new EventConsumer(
            ConsumerCommand.parseSettings(
                "--bootstrap-servers",
                "127.0.0.1:1",
                "--no-follow",
                "-X",
                "default.api.timeout.ms=1000"),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));

    assertThatThrownBy(() -> assertTimeoutPreemptively(RUN_TIMEOUT, consumer::run))
        .isInstanceOf(org.apache.kafka.common.errors.TimeoutException.class);
  }

  @Test
  void eventsThatCannotBeWrittenAreNotCommitted() throws Exception {
    kafka = new TopicFixture("broken-output", 1);
    kafka.publish(WEB_MODIFIED, TEAM_A_ADDED);
    OutputStream broken =
        new OutputStream() {
          @Override
          public void write(int b) throws IOException {
            throw new IOException("pipe closed");
          }
        };
    EventConsumer consumer =
        new EventConsumer(
            ConsumerCommand.parseSettings(kafka.args("--group", "broken-output", "--no-follow")),
            new PrintStream(broken, false, StandardCharsets.UTF_8));

    assertThatThrownBy(() -> assertTimeoutPreemptively(RUN_TIMEOUT, consumer::run))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("Cannot write to the output");
    assertThat(kafka.committed("broken-output")).isEmpty();
  }
}
