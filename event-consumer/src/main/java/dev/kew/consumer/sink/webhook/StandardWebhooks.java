package dev.kew.consumer.sink.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The Standard Webhooks signature scheme (standardwebhooks.com, spec 1.0.0), so receivers verify
 * our requests with an existing library and reject replays by their timestamp: headers {@code
 * webhook-id} (the event id, the same on every retry: the idempotency key), {@code
 * webhook-timestamp} (Unix seconds of this attempt) and {@code webhook-signature} {@code v1,<base64
 * of HMAC-SHA256 over "id.timestamp.body">}, keyed by a secret written {@code whsec_<base64 of 24
 * to 64 random bytes>}.
 */
public final class StandardWebhooks {

  public static final String ID = "webhook-id";
  public static final String TIMESTAMP = "webhook-timestamp";
  public static final String SIGNATURE = "webhook-signature";

  static final String SECRET_PREFIX = "whsec_";
  static final int MIN_KEY_BYTES = 24;
  static final int MAX_KEY_BYTES = 64;

  /** How to make a secret, for messages. */
  static final String HOW_TO_MAKE_A_SECRET = "e.g. whsec_$(openssl rand -base64 32)";

  private final SecretKeySpec key;

  /**
   * @param secret {@code whsec_<base64>}
   * @throws IllegalArgumentException saying what is wrong with the secret, never showing it
   */
  public StandardWebhooks(String secret) {
    this.key = new SecretKeySpec(decode(secret), "HmacSHA256");
  }

  /**
   * The key of a {@code whsec_} secret.
   *
   * @throws IllegalArgumentException when it is not one
   */
  static byte[] decode(String secret) {
    if (!secret.startsWith(SECRET_PREFIX)) {
      throw new IllegalArgumentException(
          "must be a Standard Webhooks secret, whsec_ and base64 of 24 to 64 random bytes ("
              + HOW_TO_MAKE_A_SECRET
              + ")");
    }
    byte[] key;
    try {
      key = Base64.getDecoder().decode(secret.substring(SECRET_PREFIX.length()));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "is not base64 after whsec_ (" + HOW_TO_MAKE_A_SECRET + ")");
    }
    if (key.length < MIN_KEY_BYTES || key.length > MAX_KEY_BYTES) {
      throw new IllegalArgumentException(
          "must hold 24 to 64 bytes, holds " + key.length + " (" + HOW_TO_MAKE_A_SECRET + ")");
    }
    return key;
  }

  /** {@code v1,<base64 HMAC-SHA256 of "id.timestamp.body">}. */
  public String sign(String id, long timestamp, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
      return "v1," + Base64.getEncoder().encodeToString(mac.doFinal(body));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
    }
  }

  /** The three headers of one attempt. */
  public Map<String, String> headers(String id, long timestamp, byte[] body) {
    return Map.of(
        ID, id, TIMESTAMP, String.valueOf(timestamp), SIGNATURE, sign(id, timestamp, body));
  }

  @Override
  public String toString() {
    return "StandardWebhooks[key=<redacted>]";
  }
}
