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
import java.time.Clock;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * POSTs each event to a URL: the envelope as JSON, or a CloudEvents structured-mode document whose
 * {@code data} is the envelope. Every request carries {@code webhook-id} (the event id, the same on
 * every retry: de-duplicate on it) and {@code webhook-timestamp} (this attempt); with a secret,
 * also {@code webhook-signature} ({@link StandardWebhooks}).
 */
public final class WebhookSink implements Sink {

  private final WebhookConfig config;
  private final HttpPost http;
  private final Optional<StandardWebhooks> signer;
  private final Clock clock;

  public WebhookSink(WebhookConfig config, Clock clock) {
    this.config = config;
    this.clock = clock;
    this.http = new HttpPost(config.url(), config.timeout(), clock);
    this.signer = config.signingSecret().map(secret -> new StandardWebhooks(secret.reveal()));
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
    long timestamp = clock.instant().getEpochSecond();
    Map<String, Secret> headers = new HashMap<>(config.headers());
    headers.put(StandardWebhooks.ID, new Secret(event.id()));
    headers.put(StandardWebhooks.TIMESTAMP, new Secret(String.valueOf(timestamp)));
    signer.ifPresent(
        s ->
            headers.put(
                StandardWebhooks.SIGNATURE, new Secret(s.sign(event.id(), timestamp, body))));
    return http.post(body, contentType, headers);
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
