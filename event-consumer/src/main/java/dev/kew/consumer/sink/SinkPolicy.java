package dev.kew.consumer.sink;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * How the delivery layer treats one sink: retry budget, rate limit, digesting, and what refused
 * credentials do.
 *
 * @param maxAttempts attempts per message before it goes to the dead-letter topic (1 = no retry)
 * @param initialBackoff wait after the first transient failure; doubles per attempt, with jitter
 * @param maxBackoff the longest wait between two attempts; a longer {@code Retry-After} is cut to
 *     it, and refused credentials are tried again this often
 * @param minInterval least time between two messages to this sink (its rate limit); zero for none
 * @param digestWindow for chat sinks: how long the first event of a message waits for more, so a
 *     rollout becomes one message; zero sends at once
 * @param maxDigest most events in one message
 * @param onAuthFailure what HTTP 401/403 does: hold the sink's deliveries, or dead-letter the event
 */
public record SinkPolicy(
    int maxAttempts,
    Duration initialBackoff,
    Duration maxBackoff,
    Duration minInterval,
    Duration digestWindow,
    int maxDigest,
    AuthFailure onAuthFailure) {

  public static final int DEFAULT_MAX_ATTEMPTS = 8;
  public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofSeconds(1);
  public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofMinutes(1);

  /** Chat webhooks: about one message per second (Slack's limit). */
  public static final Duration CHAT_MIN_INTERVAL = Duration.ofSeconds(1);

  public static final Duration CHAT_DIGEST_WINDOW = Duration.ofSeconds(3);
  public static final int CHAT_MAX_DIGEST = 50;

  /** What a sink does when the destination refuses its credentials (HTTP 401 or 403). */
  public enum AuthFailure {
    /**
     * Hold every delivery to this sink and try again every {@code maxBackoff}, reporting it on
     * {@code /readyz} and in {@code kew_consumer_sink_credentials_rejected}: the stream is not at
     * fault, so nothing is dead-lettered and nothing is lost once the credentials are fixed.
     */
    WAIT,
    /** Dead-letter the event like any other rejected one, and go on with the next. */
    DEAD_LETTER;

    /** The name as written in configuration: {@code wait}, {@code dead-letter}. */
    public String configName() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The value named {@code text} ({@code wait}, {@code dead-letter}), ignoring case. */
    public static Optional<AuthFailure> parse(String text) {
      for (AuthFailure value : values()) {
        if (value.configName().equalsIgnoreCase(text.trim())) {
          return Optional.of(value);
        }
      }
      return Optional.empty();
    }
  }

  /** The defaults of a sink; chat sinks are rate-limited and digest. */
  public static SinkPolicy defaults(boolean chat) {
    return new SinkPolicy(
        DEFAULT_MAX_ATTEMPTS,
        DEFAULT_INITIAL_BACKOFF,
        DEFAULT_MAX_BACKOFF,
        chat ? CHAT_MIN_INTERVAL : Duration.ZERO,
        chat ? CHAT_DIGEST_WINDOW : Duration.ZERO,
        chat ? CHAT_MAX_DIGEST : 1,
        AuthFailure.WAIT);
  }
}
