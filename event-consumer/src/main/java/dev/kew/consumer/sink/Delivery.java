package dev.kew.consumer.sink;

import java.time.Duration;
import java.util.Optional;

/**
 * What a {@link Sink} made of an event: delivered, a transient failure worth retrying, credentials
 * the destination refused, or a permanent failure. Retries, rate limits and the dead-letter topic
 * live around the sinks, in {@code dev.kew.consumer.delivery}; a sink only classifies.
 */
public sealed interface Delivery {

  /** Accepted by the destination; the event is done for this sink. */
  Delivery DELIVERED = new Delivered();

  /** No HTTP status (a connect error, a timeout, a file that could not be written). */
  int NO_STATUS = 0;

  /** The destination accepted the event. */
  record Delivered() implements Delivery {}

  /**
   * A transient failure (connect error, timeout, 5xx, 429): try again later.
   *
   * @param reason what went wrong, safe to log (never a URL or a secret)
   * @param retryAfter how long the destination asked us to wait ({@code Retry-After}), if it did
   * @param status the HTTP status, or {@link #NO_STATUS}
   */
  record RetryLater(String reason, Optional<Duration> retryAfter, int status) implements Delivery {}

  /**
   * The destination refused our credentials (HTTP 401 or 403): no event can get through until
   * someone fixes them, so the event is not at fault.
   */
  record CredentialsRejected(String reason, int status) implements Delivery {}

  /**
   * A permanent failure (e.g. HTTP 400): retrying would not help; the event goes to the dead-letter
   * topic at once.
   */
  record Rejected(String reason, int status) implements Delivery {}

  static RetryLater retryLater(String reason) {
    return new RetryLater(reason, Optional.empty(), NO_STATUS);
  }
}
