package dev.kew.consumer.delivery;

import static dev.kew.consumer.Events.deployment;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kew.consumer.sink.Delivery;
import dev.kew.consumer.sink.DigestSink;
import dev.kew.consumer.sink.Sink;
import dev.kew.consumer.sink.SinkPolicy;
import dev.kew.model.ChangeEvent;
import dev.kew.model.EventType;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** One sink's lane on its own thread, with sinks that answer as told. */
class LaneTest {

  private static final SinkPolicy POLICY =
      new SinkPolicy(
          4,
          Duration.ofMillis(50),
          Duration.ofMillis(200),
          Duration.ZERO,
          Duration.ZERO,
          10,
          SinkPolicy.AuthFailure.WAIT);

  private final BlockingQueue<Lane.Outcome> outcomes = new LinkedBlockingQueue<>();
  private final List<Thread> threads = new ArrayList<>();

  @AfterEach
  void stop() throws InterruptedException {
    for (Thread thread : threads) {
      thread.interrupt();
      thread.join(5_000);
    }
  }

  private Lane start(Sink sink, SinkPolicy policy) {
    Lane lane =
        new Lane(
            "hook",
            sink,
            policy,
            () -> 0.5,
            Clock.systemUTC(),
            new DeliveryMetrics(new SimpleMeterRegistry()),
            outcomes::add);
    Thread thread = new Thread(lane, "lane-test");
    threads.add(thread);
    thread.start();
    return lane;
  }

  private static void add(Lane lane, ChangeEvent event) {
    ConsumerRecord<String, byte[]> record =
        new ConsumerRecord<>("t", 0, 0, event.uid(), new byte[0]);
    lane.add(new Lane.Item(new OffsetTracker().add(record, 1), event, Instant.now()));
  }

  /** A sink that answers from a script, then delivers; records what it was sent. */
  private static final class Scripted implements Sink {
    final ConcurrentLinkedQueue<Delivery> answers;
    final List<String> sent = new java.util.concurrent.CopyOnWriteArrayList<>();

    Scripted(Delivery... answers) {
      this.answers = new ConcurrentLinkedQueue<>(List.of(answers));
    }

    @Override
    public Delivery deliver(ChangeEvent event) {
      sent.add(event.name());
      Delivery next = answers.poll();
      return next == null ? Delivery.DELIVERED : next;
    }
  }

  private Lane.Outcome next() throws InterruptedException {
    Lane.Outcome outcome = outcomes.poll(20, TimeUnit.SECONDS);
    assertThat(outcome).as("an outcome within 20 s").isNotNull();
    return outcome;
  }

  @Test
  void backoffDoublesPerAttemptWithJitterBetweenHalfAndAllOfItUpToTheMaximum() {
    SinkPolicy policy =
        new SinkPolicy(
            4,
            Duration.ofSeconds(1),
            Duration.ofSeconds(5),
            Duration.ZERO,
            Duration.ZERO,
            1,
            SinkPolicy.AuthFailure.WAIT);
    Lane low =
        new Lane("hook", event -> Delivery.DELIVERED, policy, () -> 0.0, null, null, o -> {});
    Lane high =
        new Lane("hook", event -> Delivery.DELIVERED, policy, () -> 0.999999, null, null, o -> {});

    assertThat(low.backoff(1)).isEqualTo(Duration.ofMillis(500));
    assertThat(high.backoff(1)).isBetween(Duration.ofMillis(999), Duration.ofSeconds(1));
    assertThat(low.backoff(2)).isEqualTo(Duration.ofSeconds(1));
    assertThat(high.backoff(3)).isBetween(Duration.ofMillis(3999), Duration.ofSeconds(4));
    assertThat(high.backoff(4)).isBetween(Duration.ofMillis(4999), Duration.ofSeconds(5));
    assertThat(low.backoff(40)).isEqualTo(Duration.ofMillis(2500));
  }

  @Test
  void aRetryAfterOfADayWaitsNoLongerThanTheSinksMaxBackoff() throws Exception {
    Scripted sink =
        new Scripted(new Delivery.RetryLater("HTTP 429", Optional.of(Duration.ofDays(1)), 429));
    Lane lane = start(sink, POLICY);

    add(lane, deployment(EventType.ADDED, "shop", "web", "1"));

    assertThat(next()).isInstanceOf(Lane.Outcome.Delivered.class);
    assertThat(sink.sent).containsExactly("web", "web");
  }

  @Test
  void theRetryBudgetEndsInTheDeadLetterTopicAndTheNextEventGoesOn() throws Exception {
    Scripted sink =
        new Scripted(
            Delivery.retryLater("timeout"),
            Delivery.retryLater("timeout"),
            Delivery.retryLater("timeout"),
            Delivery.retryLater("timeout"));
    Lane lane = start(sink, POLICY);

    add(lane, deployment(EventType.ADDED, "shop", "web", "1"));
    add(lane, deployment(EventType.ADDED, "shop", "api", "2"));

    Lane.Outcome failed = next();
    assertThat(failed).isInstanceOf(Lane.Outcome.Failed.class);
    DeadLetters.Failure failure = ((Lane.Outcome.Failed) failed).failure();
    assertThat(failure.attempts()).isEqualTo(4);
    assertThat(failure.stage()).isEqualTo("deliver");
    assertThat(failure.sink()).isEqualTo("hook");
    assertThat(next()).isInstanceOf(Lane.Outcome.Delivered.class);
  }

  @Test
  void refusedCredentialsHoldTheSinkWithoutDeadLetteringUntilTheyWorkAgain() throws Exception {
    Scripted sink =
        new Scripted(
            new Delivery.CredentialsRejected("HTTP 401", 401),
            new Delivery.CredentialsRejected("HTTP 401", 401),
            new Delivery.CredentialsRejected("HTTP 401", 401),
            new Delivery.CredentialsRejected("HTTP 401", 401),
            new Delivery.CredentialsRejected("HTTP 401", 401));
    Lane lane = start(sink, POLICY);

    add(lane, deployment(EventType.ADDED, "shop", "web", "1"));

    await().atMost(Duration.ofSeconds(10)).until(lane::credentialsRejected);
    assertThat(lane.problem())
        .hasValueSatisfying(
            p -> assertThat(p).contains("sink hook: credentials rejected (HTTP 401)"));
    Lane.Outcome outcome = next();
    assertThat(outcome).isInstanceOf(Lane.Outcome.Delivered.class);
    assertThat(sink.sent).as("more attempts than the retry budget, none dead-lettered").hasSize(6);
    assertThat(lane.problem()).isEmpty();
  }

  @Test
  void withDeadLetterChosenRefusedCredentialsDeadLetterTheEvent() throws Exception {
    Scripted sink = new Scripted(new Delivery.CredentialsRejected("HTTP 403", 403));
    Lane lane =
        start(
            sink,
            new SinkPolicy(
                4,
                Duration.ofMillis(50),
                Duration.ofMillis(200),
                Duration.ZERO,
                Duration.ZERO,
                1,
                SinkPolicy.AuthFailure.DEAD_LETTER));

    add(lane, deployment(EventType.ADDED, "shop", "web", "1"));

    Lane.Outcome outcome = next();
    assertThat(outcome).isInstanceOf(Lane.Outcome.Failed.class);
    assertThat(((Lane.Outcome.Failed) outcome).failure().status()).isEqualTo(403);
  }

  @Test
  void aDigestThatThrowsIsSentAgainOneByOneAndOnlyTheEventThatThrowsIsDeadLettered()
      throws Exception {
    List<List<String>> messages = new java.util.concurrent.CopyOnWriteArrayList<>();
    DigestSink digest =
        events -> {
          List<String> names = events.stream().map(ChangeEvent::name).toList();
          messages.add(names);
          if (names.contains("bad")) {
            throw new IllegalArgumentException("cannot format bad");
          }
          return Delivery.DELIVERED;
        };
    Lane lane = start(digest, POLICY);
    for (String name : List.of("a", "bad", "c")) {
      add(lane, deployment(EventType.ADDED, "shop", name, "1"));
    }
    lane.drain();

    List<Lane.Outcome> seen = new ArrayList<>();
    while (seen.stream().mapToInt(LaneTest::events).sum() < 3) {
      seen.add(next());
    }

    assertThat(seen)
        .filteredOn(Lane.Outcome.Failed.class::isInstance)
        .singleElement()
        .satisfies(
            o -> {
              Lane.Outcome.Failed failed = (Lane.Outcome.Failed) o;
              assertThat(failed.items()).extracting(i -> i.event().name()).containsExactly("bad");
              assertThat(failed.failure().errorClass())
                  .isEqualTo(IllegalArgumentException.class.getName());
              assertThat(failed.failure().reason()).isEqualTo("cannot format bad");
            });
    assertThat(messages).contains(List.of("a"), List.of("c"));
  }

  private static int events(Lane.Outcome outcome) {
    if (outcome instanceof Lane.Outcome.Delivered d) {
      return d.items().size();
    }
    return outcome instanceof Lane.Outcome.Failed f ? f.items().size() : 0;
  }
}
