package dev.kew.consumer.delivery;

import dev.kew.consumer.sink.Delivery;
import dev.kew.consumer.sink.SinkPolicy;
import dev.kew.ops.PrintableText;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.DoubleSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides what becomes of a lane's head message after each attempt to send it, and when the next
 * message may go: within the sink's retry budget with backoff, jitter and {@code Retry-After}, at
 * its rate limit, held while it refuses our credentials, and to the dead-letter topic once the
 * budget is spent or the sink rejects it. Guarded by the lane's monitor.
 */
final class Attempts {

  private static final Logger log = LoggerFactory.getLogger(Attempts.class);

  /** What becomes of the head message after an attempt. */
  sealed interface Verdict {
    /** The sink took it: it waits for the next flush. */
    record Delivered() implements Verdict {}

    /** It goes again once {@link #notBefore()} has come. */
    record Again() implements Verdict {}

    /** A digest threw: its events go again one by one. */
    record OneByOne() implements Verdict {}

    /** It failed for good and goes to the dead-letter topic. */
    record Failed(DeadLetters.Failure failure) implements Verdict {}
  }

  private final String sink;
  private final SinkPolicy policy;
  private final RetryWait retryWait;
  private final CredentialsHold credentials;
  private final DeliveryMetrics metrics;
  private int attempts;
  private Instant notBefore = Instant.EPOCH;

  Attempts(String sink, SinkPolicy policy, DoubleSupplier random, DeliveryMetrics metrics) {
    this.sink = sink;
    this.policy = policy;
    this.retryWait = new RetryWait(policy, random);
    this.credentials = new CredentialsHold(sink, policy.maxBackoff());
    this.metrics = metrics;
  }

  /** When the next message may go at the earliest (backoff, rate limit, credentials held). */
  Instant notBefore() {
    return notBefore;
  }

  /** The head message went away (its partition was revoked): the next one starts afresh. */
  void reset() {
    attempts = 0;
  }

  CredentialsHold credentials() {
    return credentials;
  }

  /**
   * The verdict on an attempt to send {@code size} events as one message, which the sink answered
   * with {@code result} or threw {@code thrown} on.
   */
  Verdict after(int size, Delivery result, RuntimeException thrown, Instant now) {
    if (thrown != null) {
      if (size > 1) {
        log.warn(
            "Sink {} threw on a digest of {} events ({}); sending them one by one",
            sink,
            size,
            PrintableText.cut(String.valueOf(thrown), 300));
        return new Verdict.OneByOne();
      }
      return failed(
          DeadLetters.Failure.thrown(DeadLetters.Failure.DELIVER, sink, thrown, attempts + 1), now);
    }
    if (result instanceof Delivery.RetryLater retry) {
      attempts++;
      if (attempts >= policy.maxAttempts()) {
        return failed(failure(retry.reason(), retry.status(), attempts), now);
      }
      Duration wait = retryWait.after(attempts, retry.retryAfter());
      notBefore = now.plus(wait.compareTo(policy.minInterval()) > 0 ? wait : policy.minInterval());
      metrics.retried(sink);
      log.info(
          "Sink {} failed ({}), attempt {} of {}; retrying in {} ms",
          sink,
          PrintableText.cut(retry.reason(), 300),
          attempts,
          policy.maxAttempts(),
          wait.toMillis());
      return new Verdict.Again();
    }
    if (result instanceof Delivery.CredentialsRejected refused) {
      if (policy.onAuthFailure() == SinkPolicy.AuthFailure.DEAD_LETTER) {
        return failed(failure(refused.reason(), refused.status(), attempts + 1), now);
      }
      credentials.refused(refused.reason(), now);
      notBefore = now.plus(policy.maxBackoff());
      return new Verdict.Again();
    }
    if (result instanceof Delivery.Rejected rejected) {
      return failed(failure(rejected.reason(), rejected.status(), attempts + 1), now);
    }
    credentials.accepted();
    done(now);
    return new Verdict.Delivered();
  }

  /** Exponential backoff with "equal jitter": between half and all of the doubled delay. */
  Duration backoff(int attempt) {
    return retryWait.backoff(attempt);
  }

  private Verdict failed(DeadLetters.Failure failure, Instant now) {
    done(now);
    return new Verdict.Failed(failure);
  }

  /** The head message is done: the next starts afresh, after the rate limit. */
  private void done(Instant now) {
    attempts = 0;
    notBefore = now.plus(policy.minInterval());
  }

  private DeadLetters.Failure failure(String reason, int status, int attempts) {
    return new DeadLetters.Failure(
        DeadLetters.Failure.DELIVER, sink, reason, status, attempts, null);
  }

  /** Why the sink delivers nothing at the moment, with {@code waiting} events queued. */
  Optional<String> problem(int waiting) {
    return credentials.problem(waiting);
  }
}
