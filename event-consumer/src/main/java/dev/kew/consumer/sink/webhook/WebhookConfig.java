package dev.kew.consumer.sink.webhook;

import dev.kew.consumer.sink.Secret;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * A validated webhook sink. {@link #toString()} shows neither the URL, nor the secret, nor header
 * values.
 *
 * @param url where to POST (may embed a token: a secret)
 * @param format the body: the envelope, or a CloudEvents structured-mode JSON document
 * @param headers extra request headers (values may be credentials)
 * @param timeout connect and request timeout
 * @param signingSecret the Standard Webhooks secret ({@code whsec_...}); when present, requests
 *     carry {@code webhook-signature}
 */
public record WebhookConfig(
    Secret url,
    BodyFormat format,
    Map<String, Secret> headers,
    Duration timeout,
    Optional<Secret> signingSecret) {

  /** What the request body is. */
  public enum BodyFormat {
    /** The change-event envelope, {@code application/json}. */
    ENVELOPE,
    /** CloudEvents 1.0 structured mode, {@code application/cloudevents+json}; data = envelope. */
    CLOUDEVENTS
  }

  public WebhookConfig {
    headers = Map.copyOf(headers);
  }

  @Override
  public String toString() {
    return "WebhookConfig[url=<redacted>, format="
        + format
        + ", headers="
        + headers.keySet()
        + ", timeout="
        + timeout
        + ", signed="
        + signingSecret.isPresent()
        + "]";
  }
}
