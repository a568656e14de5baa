package dev.kew.consumer.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.kew.consumer.EventConsumer;
import dev.kew.consumer.Events;
import dev.kew.consumer.TopicFixture;
import dev.kew.consumer.cli.ConsumerCommand;
import dev.kew.model.ChangeEvent;
import dev.kew.model.EventCodec;
import dev.kew.model.EventType;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Replay by time and object history, on one topic of three partitions whose records carry known
 * timestamps: minute i after {@link #T0} holds event i.
 */
class ReplayTest {

  private static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");
  private static final String WEB_UID = "uid-Deployment-web";

  private static TopicFixture kafka;

  /** Events in publication order; event i has the record timestamp T0 + i minutes. */
  private static final List<ChangeEvent> EVENTS = new ArrayList<>();

  private static int webPartition;

  @BeforeAll
  static void publishHistory() throws Exception {
    kafka = new TopicFixture("replay", 3);
    EVENTS.add(web(EventType.ADDED, "1")); // 10:00
    EVENTS.add(other("api", EventType.ADDED, "2")); // 10:01
    EVENTS.add(web(EventType.MODIFIED, "3")); // 10:02
    EVENTS.add(other("api", EventType.MODIFIED, "4")); // 10:03
    EVENTS.add(web(EventType.MODIFIED, "5")); // 10:04
    EVENTS.add(other("cart", EventType.ADDED, "6")); // 10:05
    EVENTS.add(web(EventType.DELETED, "7")); // 10:06
    EVENTS.add( // 10:07: a new Deployment of the same name, so another uid
        Events.event(
            EventType.ADDED, "Deployment", "shop", "web", "8", "c", Map.of(), "uid-web-2"));
    for (int i = 0; i < EVENTS.size(); i++) {
      int partition = kafka.publishAt(minute(i), EVENTS.get(i));
      if (EVENTS.get(i).uid().equals(WEB_UID)) {
        webPartition = partition;
      }
    }
    // A decoy in another partition: a copy of web's first event under another key. Reading only
    // the uid's partition never sees it.
    kafka.publishRawTo(
        (webPartition + 1) % 3, "decoy", EventCodec.toJson(web(EventType.MODIFIED, "99")));
  }

  @AfterAll
  static void close() {
    kafka.close();
  }

  private static Instant minute(int i) {
    return T0.plus(Duration.ofMinutes(i));
  }

  private static ChangeEvent web(EventType type, String rv) {
    return Events.event(type, "Deployment", "shop", "web", rv, "c", Map.of(), WEB_UID);
  }

  private static ChangeEvent other(String name, EventType type, String rv) {
    return Events.event(type, "Deployment", "shop", name, rv, "c", Map.of(), "uid-" + name);
  }

  private static List<ChangeEvent> run(String... flags) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    List<String> args = new ArrayList<>(List.of(flags));
    args.addAll(List.of("--output", "json"));
    EventConsumer consumer =
        new EventConsumer(
            ConsumerCommand.parseSettings(kafka.args(args.toArray(String[]::new))),
            new PrintStream(out, true, StandardCharsets.UTF_8));
    assertTimeoutPreemptively(Duration.ofSeconds(30), consumer::run);
    return out.toString(StandardCharsets.UTF_8)
        .lines()
        .map(line -> EventCodec.fromBytes(line.getBytes(StandardCharsets.UTF_8)))
        .filter(e -> !e.resourceVersion().equals("99"))
        .toList();
  }

  private static List<ChangeEvent> events(int... indexes) {
    List<ChangeEvent> events = new ArrayList<>();
    for (int i : indexes) {
      events.add(EVENTS.get(i));
    }
    return events;
  }

  @Test
  void sinceAnIsoTimeReturnsExactlyTheEventsFromThatTimeOn() {
    assertThat(run("--since", "2026-11-20T10:04:00Z", "--no-follow"))
        .containsExactlyInAnyOrderElementsOf(events(4, 5, 6, 7));
  }

  @Test
  void sinceADurationCountsBackFromNow() {
    assertThat(run("--since", "1h", "--no-follow")).isEmpty();
    assertThat(run("--since", "3650d", "--no-follow")).hasSize(EVENTS.size());
  }

  @Test
  void untilStopsOnItsOwnAfterTheLastEventAtOrBeforeThatTime() {
    assertThat(run("--from-beginning", "--until", "2026-11-20T10:02:00Z"))
        .containsExactlyInAnyOrderElementsOf(events(0, 1, 2));
  }

  @Test
  void sinceAndUntilTogetherReturnTheWindow() {
    assertThat(run("--since", "2026-11-20T10:01:00Z", "--until", "2026-11-20T10:03:30Z"))
        .containsExactlyInAnyOrderElementsOf(events(1, 2, 3));
  }

  @Test
  void uidPrintsThatObjectsHistoryInOrderFromTheOnePartitionItsKeyMapsTo() {
    assertThat(ObjectQuery.partitionOf(WEB_UID, 3)).isEqualTo(webPartition);

    assertThat(run("--uid", WEB_UID)).containsExactlyElementsOf(events(0, 2, 4, 6));
  }

  @Test
  void uidWithATimeWindowPrintsPartOfTheHistory() {
    assertThat(
            run(
                "--uid",
                WEB_UID,
                "--since",
                "2026-11-20T10:01:00Z",
                "--until",
                "2026-11-20T10:05:00Z"))
        .containsExactlyElementsOf(events(2, 4));
  }

  @Test
  void objectPrintsEveryIncarnationOfTheNameInTimeOrder() {
    List<ChangeEvent> history = run("--object", "deployment/shop/web");

    assertThat(history).containsExactlyElementsOf(events(0, 2, 4, 6, 7));
  }

  @Test
  void historyOfAnUnknownObjectIsEmpty() {
    assertThat(run("--object", "Deployment/shop/nope")).isEmpty();
    assertThat(run("--uid", "no-such-uid")).isEmpty();
  }
}
