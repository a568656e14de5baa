package dev.kew.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.RetriableCommitFailedException;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.DisconnectException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

/** A consumer rides out a Kafka outage: commits that time out stay pending and are retried. */
class OffsetCommitsTest {

  private static final Instant START = Instant.parse("2026-12-02T12:00:00Z");
  private static final TopicPartition P0 = new TopicPartition("changes", 0);
  private static final TopicPartition P1 = new TopicPartition("changes", 1);

  private final MutableClock clock = new MutableClock();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final OffsetCommits commits = new OffsetCommits(clock, registry);
  private final FailingConsumer kafka = new FailingConsumer();
  private final Ready ready = new Ready();

  @Test
  void commitsThatTimeOutAreRetriedWithBackoffUntilKafkaIsBack() {
    kafka.failNext(
        new TimeoutException("Timeout of 10000ms expired before successfully committing offsets"),
        new DisconnectException("broker gone"),
        new RetriableCommitFailedException("coordinator moved"));
    ready.handled(P0, 5);
    ready.handled(P1, 2);

    assertThat(commits.commitWhenDue(kafka, ready)).isFalse(); // 1st failure: wait 1 s
    assertThat(commits.problem())
        .hasValueSatisfying(
            p ->
                assertThat(p)
                    .startsWith("Kafka unreachable since 2026-12-02T12:00:00Z")
                    .contains("1 offset commits failed in a row")
                    .contains("TimeoutException"));
    assertThat(kafka.attempts).hasSize(1);

    clock.advance(Duration.ofMillis(999));
    commits.commitWhenDue(kafka, ready);
    assertThat(kafka.attempts).as("no attempt before the backoff ran out").hasSize(1);

    ready.handled(P0, 9); // delivered meanwhile: the newer offset wins
    clock.advance(Duration.ofMillis(1));
    commits.commitWhenDue(kafka, ready); // 2nd failure: wait 2 s
    clock.advance(Duration.ofMillis(1_999));
    commits.commitWhenDue(kafka, ready);
    assertThat(kafka.attempts).hasSize(2);
    clock.advance(Duration.ofMillis(1));
    commits.commitWhenDue(kafka, ready); // 3rd failure: wait 4 s
    assertThat(commits.problem())
        .hasValueSatisfying(
            p ->
                assertThat(p)
                    .startsWith("Kafka unreachable since 2026-12-02T12:00:00Z")
                    .contains("3 offset commits failed in a row"));
    assertThat(kafka.committed(Set.of(P0, P1))).as("nothing committed while failing").isEmpty();

    clock.advance(Duration.ofSeconds(4));
    commits.commitWhenDue(kafka, ready);

    assertThat(kafka.attempts).hasSize(4);
    assertThat(kafka.attempts.get(0)).isEqualTo(Map.of(P0, offset(5), P1, offset(2)));
    assertThat(kafka.attempts.get(1)).isEqualTo(Map.of(P0, offset(9), P1, offset(2)));
    assertThat(kafka.committed(Set.of(P0, P1))).isEqualTo(Map.of(P0, offset(9), P1, offset(2)));
    assertThat(commits.problem()).isEmpty();
    assertThat(registry.get(OffsetCommits.FAILED_COMMITS).counter().count()).isEqualTo(3);
    assertThat(ready.offsets).as("nothing left pending").isEmpty();
  }

  @Test
  void backoffDoublesUpToThirtySeconds() {
    assertThat(List.of(1, 2, 3, 5, 6, 50).stream().map(OffsetCommits::backoff))
        .containsExactly(
            Duration.ofSeconds(1),
            Duration.ofSeconds(2),
            Duration.ofSeconds(4),
            Duration.ofSeconds(16),
            Duration.ofSeconds(30),
            Duration.ofSeconds(30));
  }

  @Test
  void aRevocationCommitsAtOnceDespiteTheBackoff() {
    kafka.failNext(new TimeoutException("down"));
    ready.handled(P0, 3);
    commits.commitWhenDue(kafka, ready);

    commits.commitNow(kafka, ready);

    assertThat(kafka.committed(Set.of(P0))).isEqualTo(Map.of(P0, offset(3)));
    assertThat(commits.problem()).isEmpty();
  }

  @Test
  void aFatalErrorStopsTheConsumerAndKeepsTheOffsetsUncommitted() {
    kafka.failNext(new GroupAuthorizationException("not allowed"));
    ready.handled(P0, 3);

    assertThatThrownBy(() -> commits.commitWhenDue(kafka, ready))
        .isInstanceOf(KafkaException.class)
        .hasMessage("not allowed");
    assertThat(kafka.committed(Set.of(P0))).isEmpty();
  }

  @Test
  void aFailureReasonIsBoundedAndEscaped() {
    kafka.failNext(new TimeoutException("line\nbreak\u001b[31m" + "x".repeat(10_000)));
    ready.handled(P0, 1);

    commits.commitWhenDue(kafka, ready);

    assertThat(commits.problem().orElseThrow())
        .contains("line\\u000abreak\\u001b[31m")
        .doesNotContain("\n", "\u001b")
        .hasSizeLessThan(400);
  }

  private static OffsetAndMetadata offset(long offset) {
    return new OffsetAndMetadata(offset);
  }

  /** The dispatcher's side: offsets handled, taken for a commit, put back when it failed. */
  private static final class Ready implements ReadyOffsets {
    final Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();

    void handled(TopicPartition partition, long next) {
      offsets.put(partition, offset(next));
    }

    @Override
    public Map<TopicPartition, OffsetAndMetadata> take() {
      Map<TopicPartition, OffsetAndMetadata> taken = new HashMap<>(offsets);
      offsets.clear();
      return taken;
    }

    @Override
    public void putBack(Map<TopicPartition, OffsetAndMetadata> notCommitted) {
      notCommitted.forEach(offsets::putIfAbsent);
    }
  }

  /** Kafka's mock consumer, whose next commits fail with the given exceptions. */
  private static final class FailingConsumer extends MockConsumer<String, byte[]> {
    final List<Map<TopicPartition, OffsetAndMetadata>> attempts = new ArrayList<>();
    private final List<KafkaException> failures = new ArrayList<>();

    FailingConsumer() {
      super("earliest");
      assign(List.of(P0, P1));
    }

    void failNext(KafkaException... exceptions) {
      failures.addAll(List.of(exceptions));
    }

    @Override
    public synchronized void commitSync(
        Map<TopicPartition, OffsetAndMetadata> offsets, Duration timeout) {
      attempts.add(Map.copyOf(offsets));
      if (!failures.isEmpty()) {
        throw failures.remove(0);
      }
      super.commitSync(offsets);
    }
  }

  private static final class MutableClock extends Clock {
    private Instant now = START;

    void advance(Duration duration) {
      now = now.plus(duration);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }
}
