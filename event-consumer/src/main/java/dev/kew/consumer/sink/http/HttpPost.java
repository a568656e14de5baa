package dev.kew.consumer.sink.http;

import dev.kew.consumer.sink.Delivery;
import dev.kew.consumer.sink.InvalidConfigException;
import dev.kew.consumer.sink.Secret;
import dev.kew.consumer.sink.SecretRef;
import dev.kew.consumer.sink.SinkSpec;
import dev.kew.ops.PrintableText;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * POSTs one body to a webhook with the JDK's HttpClient and classifies the answer: 2xx delivered;
 * 408, 429 and 5xx or no answer (connect error, timeout) retry later, honouring {@code
 * Retry-After}; 401 and 403 credentials rejected; any other status rejected. Every request ends
 * within twice its timeout (connecting and the answer's headers within the timeout, then at most
 * {@value #MAX_BODY_BYTES} bytes of body); reasons never contain the URL and are escaped.
 */
public final class HttpPost {

  /** Connect and request timeout unless configured. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  private static final int MAX_BODY_IN_REASON = 200;

  /** The most of a response body read: enough for an error message. */
  public static final int MAX_BODY_BYTES = 4096;

  /**
   * The longest {@code Retry-After} taken from an answer; the sink's maxBackoff cuts it further.
   */
  static final Duration MAX_RETRY_AFTER = Duration.ofDays(1);

  private final HttpClient client;
  private final Secret url;
  private final Duration timeout;
  private final Clock clock;

  public HttpPost(Secret url, Duration timeout, Clock clock) {
    this.url = url;
    this.timeout = timeout;
    this.clock = clock;
    this.client =
        HttpClient.newBuilder()
            .connectTimeout(timeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  /**
   * Resolves and checks a sink's required {@code url} setting.
   *
   * @throws InvalidConfigException when it is missing, unresolvable or not an http(s) URL
   */
  public static Secret url(SinkSpec spec, SecretRef ref) {
    if (ref == null) {
      throw spec.problem("url", "is required");
    }
    Secret url = spec.secret(ref, "url");
    checkUrl(url.reveal())
        .ifPresent(
            problem -> {
              throw spec.problem("url", problem);
            });
    return url;
  }

  /**
   * A sink's {@code timeout} setting: positive, {@link #DEFAULT_TIMEOUT} when absent.
   *
   * @throws InvalidConfigException when not positive
   */
  public static Duration timeout(SinkSpec spec, Duration timeout) {
    if (timeout == null) {
      return DEFAULT_TIMEOUT;
    }
    if (timeout.isZero() || timeout.isNegative()) {
      throw spec.problem("timeout", "must be positive");
    }
    return timeout;
  }

  /** Checks that {@code text} is an absolute http(s) URL; returns a problem, or empty. */
  public static Optional<String> checkUrl(String text) {
    try {
      URI uri = URI.create(text);
      if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
          && uri.getHost() != null) {
        return Optional.empty();
      }
    } catch (IllegalArgumentException e) {
      // reported below, without echoing the value (it may hold a token)
    }
    return Optional.of("must be an absolute http:// or https:// URL");
  }

  /** Sends {@code body} with {@code headers} (values may be secrets) and classifies the answer. */
  public Delivery post(byte[] body, String contentType, Map<String, Secret> headers) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url.reveal()))
            .timeout(timeout)
            .header("Content-Type", contentType)
            .header("User-Agent", "kube-event-watcher")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    headers.forEach((name, value) -> request.setHeader(name, value.reveal()));
    CompletableFuture<HttpResponse<String>> answer =
        client.sendAsync(request.build(), LimitedBody.upTo(MAX_BODY_BYTES));
    try {
      return classify(answer.get(timeout.toMillis() * 2, TimeUnit.MILLISECONDS));
    } catch (TimeoutException e) {
      answer.cancel(true);
      return Delivery.retryLater(
          "no complete answer within " + timeout.multipliedBy(2).toSeconds() + " s");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      return Delivery.retryLater(
          url.redact(
              PrintableText.cut(
                  cause.getClass().getSimpleName() + ": " + cause.getMessage(), 300)));
    } catch (InterruptedException e) {
      answer.cancel(true);
      Thread.currentThread().interrupt();
      return Delivery.retryLater("interrupted");
    }
  }

  Delivery classify(HttpResponse<String> response) {
    int status = response.statusCode();
    if (status >= 200 && status < 300) {
      return Delivery.DELIVERED;
    }
    String reason = url.redact("HTTP " + status + bodyExcerpt(response.body()));
    if (status == 408 || status == 429 || status >= 500) {
      return new Delivery.RetryLater(reason, retryAfter(response), status);
    }
    if (status == 401 || status == 403) {
      return new Delivery.CredentialsRejected(reason, status);
    }
    return new Delivery.Rejected(reason, status);
  }

  /** {@code Retry-After} as seconds or as an HTTP date, if present and valid. */
  Optional<Duration> retryAfter(HttpResponse<?> response) {
    return response.headers().firstValue("Retry-After").flatMap(this::parseRetryAfter);
  }

  /**
   * {@code Retry-After}: whole seconds, or an HTTP date (a past date is zero); at most {@link
   * #MAX_RETRY_AFTER}. Anything else (negative, fractional, words) is ignored.
   */
  Optional<Duration> parseRetryAfter(String value) {
    String text = value.trim();
    if (text.matches("\\d{1,18}")) {
      return Optional.of(min(Duration.ofSeconds(Long.parseLong(text))));
    }
    if (text.length() > 64) {
      return Optional.empty();
    }
    try {
      ZonedDateTime at = ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME);
      Duration wait = Duration.between(clock.instant(), at.toInstant());
      return Optional.of(wait.isNegative() ? Duration.ZERO : min(wait));
    } catch (DateTimeParseException | ArithmeticException notADate) {
      return Optional.empty();
    }
  }

  private static Duration min(Duration wait) {
    return wait.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : wait;
  }

  private static String bodyExcerpt(String body) {
    if (body == null || body.isBlank()) {
      return "";
    }
    return ": " + PrintableText.cut(body.strip().replaceAll("\\s+", " "), MAX_BODY_IN_REASON);
  }

  /** UTF-8 bytes of {@code text}. */
  public static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
