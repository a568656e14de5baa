package dev.kew.producer.reconcile;

import java.time.Duration;
import java.util.Objects;
import java.util.function.DoubleSupplier;

/**
 * How long to wait before the next attempt of something that failed: doubling from {@code initial}
 * up to {@code max}, each wait between half and all of that (jitter, so producers that failed
 * together do not retry together).
 *
 * @param initial the wait after the first failure (its upper bound)
 * @param max the longest wait
 */
public record RetryBackoff(Duration initial, Duration max) {

  /** The reconciler's listing retries: 1 s, 2 s, 4 s, ... up to 30 s, each with jitter. */
  public static final RetryBackoff LISTING =
      new RetryBackoff(Duration.ofSeconds(1), Duration.ofSeconds(30));

  public RetryBackoff {
    Objects.requireNonNull(initial, "initial");
    Objects.requireNonNull(max, "max");
    if (initial.isNegative() || initial.isZero()) {
      throw new IllegalArgumentException("initial backoff must be positive, not " + initial);
    }
    if (max.compareTo(initial) < 0) {
      throw new IllegalArgumentException(
          "max backoff " + max + " must be at least the initial " + initial);
    }
  }

  /**
   * The wait after failure number {@code attempt} (1 for the first).
   *
   * @param random a value in [0, 1), e.g. {@code ThreadLocalRandom.current()::nextDouble}
   */
  public Duration delay(int attempt, DoubleSupplier random) {
    if (attempt < 1) {
      throw new IllegalArgumentException("attempt counts from 1, not " + attempt);
    }
    long ceiling = initial.toMillis();
    for (int i = 1; i < attempt && ceiling < max.toMillis(); i++) {
      ceiling *= 2;
    }
    ceiling = Math.min(ceiling, max.toMillis());
    long half = ceiling / 2;
    return Duration.ofMillis(half + (long) (random.getAsDouble() * (ceiling - half)));
  }
}
