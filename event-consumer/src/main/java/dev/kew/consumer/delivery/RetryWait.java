package dev.kew.consumer.delivery;

import dev.kew.consumer.sink.SinkPolicy;
import java.time.Duration;
import java.util.Optional;
import java.util.function.DoubleSupplier;

/**
 * How long a lane waits before it sends a message the sink asked to retry: exponential backoff from
 * the sink's {@code initialBackoff} to its {@code maxBackoff} with "equal jitter", or longer when
 * the sink's {@code Retry-After} asks so, never beyond {@code maxBackoff}.
 */
final class RetryWait {

  private final SinkPolicy policy;
  private final DoubleSupplier random;

  /**
   * @param random values in [0, 1) for the jitter
   */
  RetryWait(SinkPolicy policy, DoubleSupplier random) {
    this.policy = policy;
    this.random = random;
  }

  /** The wait after failed attempt number {@code attempt}, honouring {@code retryAfter}. */
  Duration after(int attempt, Optional<Duration> retryAfter) {
    Duration wait = backoff(attempt);
    Duration asked = retryAfter.orElse(Duration.ZERO);
    if (asked.compareTo(wait) > 0) {
      wait = asked.compareTo(policy.maxBackoff()) > 0 ? policy.maxBackoff() : asked;
    }
    return wait;
  }

  /** Exponential backoff with "equal jitter": between half and all of the doubled delay. */
  Duration backoff(int attempt) {
    long initial = policy.initialBackoff().toMillis();
    long max = policy.maxBackoff().toMillis();
    long base = attempt >= 31 ? max : Math.min(max, initial << (attempt - 1));
    return Duration.ofMillis(base / 2 + (long) (random.getAsDouble() * (base - base / 2)));
  }
}
