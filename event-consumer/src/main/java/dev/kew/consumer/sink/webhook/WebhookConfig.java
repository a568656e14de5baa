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
 * @param signingKey HMAC-SHA256 key; when present, {@code signatureHeader} carries {@code
 *     sha256=<hex of HMAC(body)>}
 * @param signatureHeader the header of the signature
 */
public record WebhookConfig(
    Secret url,
    BodyFormat format,
    Map<String, Secret> headers,
    Duration timeout,
    Optional<Secret> signingKey,
    String signatureHeader) {

  public static final String DEFAULT_SIGNATURE_HEADER = "X-Kew-Signature";

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
        + signingKey.isPresent()
        + "]";
  }
}
