package dev.kew.producer.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryBackoffTest {

  private final RetryBackoff backoff = RetryBackoff.LISTING;

  @Test
  void waitsDoubleFromOneSecondUpToThirtyWithJitterOfHalf() {
    assertThat(backoff.delay(1, () -> 0.0)).isEqualTo(Duration.ofMillis(500));
    assertThat(backoff.delay(1, () -> 0.999))
        .isBetween(Duration.ofMillis(990), Duration.ofSeconds(1));
    assertThat(backoff.delay(2, () -> 0.0)).isEqualTo(Duration.ofSeconds(1));
    assertThat(backoff.delay(5, () -> 0.0)).isEqualTo(Duration.ofSeconds(8));
    assertThat(backoff.delay(6, () -> 0.999)).isEqualTo(Duration.ofMillis(29_985));
    assertThat(backoff.delay(1_000_000, () -> 0.0)).isEqualTo(Duration.ofSeconds(15));
  }

  @Test
  void settingsThatCannotWorkAreRefused() {
    assertThatThrownBy(() -> new RetryBackoff(Duration.ZERO, Duration.ofSeconds(1)))
        .hasMessageContaining("initial backoff must be positive");
    assertThatThrownBy(() -> new RetryBackoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
        .hasMessageContaining("at least the initial");
    assertThatThrownBy(() -> backoff.delay(0, () -> 0.0)).hasMessageContaining("from 1");
  }
}
