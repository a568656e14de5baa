package dev.kew.consumer.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kew.consumer.sink.Delivery;
import dev.kew.consumer.sink.SinkPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LaneTest {

  private static final SinkPolicy POLICY =
      new SinkPolicy(
          4, Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ZERO, Duration.ZERO, 1);

  private static Lane lane(double random) {
    return new Lane("hook", event -> Delivery.DELIVERED, POLICY, () -> random);
  }

  @Test
  void backoffDoublesPerAttemptWithJitterBetweenHalfAndAllOfItUpToTheMaximum() {
    Lane low = lane(0.0);
    Lane high = lane(0.999999);

    assertThat(low.backoff(1)).isEqualTo(Duration.ofMillis(500));
    assertThat(high.backoff(1)).isBetween(Duration.ofMillis(999), Duration.ofSeconds(1));
    assertThat(low.backoff(2)).isEqualTo(Duration.ofSeconds(1));
    assertThat(high.backoff(3)).isBetween(Duration.ofMillis(3999), Duration.ofSeconds(4));
    assertThat(high.backoff(4)).isBetween(Duration.ofMillis(4999), Duration.ofSeconds(5));
    assertThat(low.backoff(40)).isEqualTo(Duration.ofMillis(2500));
  }

  @Test
  void retryAfterLongerThanTheBackoffWinsAndTheBudgetEndsInTheDeadLetterTopic() {
    Lane lane = lane(0.0);
    Instant now = Instant.parse("2026-11-24T14:00:00Z");
    lane.add(new Lane.Item(null, null, now));
    Delivery.RetryLater slowDown =
        new Delivery.RetryLater("HTTP 429", Optional.of(Duration.ofSeconds(30)), 429);

    assertThat(lane.failed(slowDown, now)).isFalse();
    assertThat(lane.dueAt(false)).contains(now.plusSeconds(30));
    assertThat(lane.failed(Delivery.retryLater("timeout"), now)).isFalse();
    assertThat(lane.dueAt(false)).contains(now.plusSeconds(1));
    assertThat(lane.failed(Delivery.retryLater("timeout"), now)).isFalse();
    assertThat(lane.failed(Delivery.retryLater("timeout"), now)).isTrue(); // 4th of 4 attempts
  }
}
