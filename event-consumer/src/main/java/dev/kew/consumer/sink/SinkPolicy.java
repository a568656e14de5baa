package dev.kew.consumer.sink;

import java.time.Duration;

/**
 * How the delivery layer treats one sink: retry budget, rate limit and digesting.
 *
 * @param maxAttempts attempts per message before it goes to the dead-letter topic (1 = no retry)
 * @param initialBackoff wait after the first transient failure; doubles per attempt, with jitter
 * @param maxBackoff the longest wait between two attempts (a longer Retry-After still wins)
 * @param minInterval least time between two messages to this sink (its rate limit); zero for none
 * @param digestWindow for chat sinks: how long the first event of a message waits for more, so a
 *     rollout becomes one message; zero sends at once
 * @param maxDigest most events in one message
 */
public record SinkPolicy(
    int maxAttempts,
    Duration initialBackoff,
    Duration maxBackoff,
    Duration minInterval,
    Duration digestWindow,
    int maxDigest) {

  public static final int DEFAULT_MAX_ATTEMPTS = 8;
  public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofSeconds(1);
  public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofMinutes(1);

  /** Chat webhooks: about one message per second (Slack's limit). */
  public static final Duration CHAT_MIN_INTERVAL = Duration.ofSeconds(1);

  public static final Duration CHAT_DIGEST_WINDOW = Duration.ofSeconds(3);
  public static final int CHAT_MAX_DIGEST = 50;

  /** The defaults of a sink; chat sinks are rate-limited and digest. */
  public static SinkPolicy defaults(boolean chat) {
    return new SinkPolicy(
        DEFAULT_MAX_ATTEMPTS,
        DEFAULT_INITIAL_BACKOFF,
        DEFAULT_MAX_BACKOFF,
        chat ? CHAT_MIN_INTERVAL : Duration.ZERO,
        chat ? CHAT_DIGEST_WINDOW : Duration.ZERO,
        chat ? CHAT_MAX_DIGEST : 1);
  }
}
