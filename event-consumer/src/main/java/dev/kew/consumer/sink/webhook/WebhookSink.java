package dev.kew.consumer.sink.webhook;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kew.consumer.sink.Delivery;
import dev.kew.consumer.sink.Secret;
import dev.kew.consumer.sink.Sink;
import dev.kew.consumer.sink.http.HttpPost;
import dev.kew.model.ChangeEvent;
import dev.kew.model.EventCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * POSTs each event to a URL: the envelope as JSON, or a CloudEvents structured-mode document whose
 * {@code data} is the envelope. Optionally signs the body with HMAC-SHA256 ({@code X-Kew-Signature:
 * sha256=<hex>}), so the receiver can check it came from us: compute the HMAC of the raw body with
 * the shared secret and compare in constant time. Every request carries {@code X-Kew-Event-Id}, the
 * event id, to de-duplicate retries.
 */
public final class WebhookSink implements Sink {

  static final String EVENT_ID_HEADER = "X-Kew-Event-Id";

  private final WebhookConfig config;
  private final HttpPost http;

  public WebhookSink(WebhookConfig config, Clock clock) {
    this.config = config;
    this.http = new HttpPost(config.url(), config.timeout(), clock);
  }

  @Override
  public Delivery deliver(ChangeEvent event) {
    byte[] body;
    String contentType;
    if (config.format() == WebhookConfig.BodyFormat.CLOUDEVENTS) {
      body = cloudEvent(event);
      contentType = "application/cloudevents+json; charset=utf-8";
    } else {
      body = EventCodec.toBytes(event);
      contentType = "application/json";
    }
    Map<String, Secret> headers = new HashMap<>(config.headers());
    headers.put(EVENT_ID_HEADER, new Secret(event.id()));
    config
        .signingKey()
        .ifPresent(key -> headers.put(config.signatureHeader(), new Secret(signature(key, body))));
    return http.post(body, contentType, headers);
  }

  /** {@code sha256=<lower-case hex of HMAC-SHA256(key, body)>}. */
  public static String signature(Secret key, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key.reveal().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
    }
  }

  /** A CloudEvents 1.0 structured-mode JSON document for {@code event}. */
  static byte[] cloudEvent(ChangeEvent event) {
    ObjectNode doc = EventCodec.mapper().createObjectNode();
    doc.put("specversion", "1.0");
    doc.put("id", event.id());
    doc.put(
        "source",
        "/kube-event-watcher/" + URLEncoder.encode(event.cluster(), StandardCharsets.UTF_8));
    doc.put("type", "dev.kew.change." + event.type().name().toLowerCase(Locale.ROOT));
    doc.put("subject", event.kind() + "/" + event.qualifiedName());
    doc.put("time", event.observedAt().toString());
    doc.put("datacontenttype", "application/json");
    doc.set("data", EventCodec.mapper().valueToTree(event));
    try {
      return EventCodec.mapper().writeValueAsBytes(doc);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public String toString() {
    return "WebhookSink[" + config + "]";
  }
}
