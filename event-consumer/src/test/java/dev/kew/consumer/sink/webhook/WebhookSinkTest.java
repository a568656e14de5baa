package dev.kew.consumer.sink.webhook;

import static dev.kew.consumer.Events.deployment;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kew.consumer.WebhookServer;
import dev.kew.consumer.WebhookServer.Response;
import dev.kew.consumer.sink.Delivery;
import dev.kew.consumer.sink.Secret;
import dev.kew.consumer.sink.Sink;
import dev.kew.consumer.sink.Sinks;
import dev.kew.consumer.sink.Summarizer;
import dev.kew.model.ChangeEvent;
import dev.kew.model.EventCodec;
import dev.kew.model.EventType;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WebhookSinkTest {

  private static final ChangeEvent EVENT = deployment(EventType.MODIFIED, "shop", "web", "42");
  private WebhookServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private Sink webhook(String extra) {
    return Sinks.open(
        "{\"type\":\"webhook\",\"url\":\"" + server.url("/hook/t0k3n") + "\"" + extra + "}",
        Summarizer.NONE);
  }

  @Test
  void envelopeIsPostedWithCustomHeadersAndAnHmacSignatureTheReceiverCanVerify() throws Exception {
    server = WebhookServer.accepting();
    Sink sink =
        webhook(",\"secret\":\"s3cret-key\",\"headers\":{\"Authorization\":\"Bearer abc\"}");

    assertThat(sink.deliver(EVENT)).isEqualTo(Delivery.DELIVERED);

    WebhookServer.Request request = server.requests().get(0);
    assertThat(request.path()).isEqualTo("/hook/t0k3n");
    assertThat(request.header("Content-Type")).isEqualTo("application/json");
    assertThat(request.header("Authorization")).isEqualTo("Bearer abc");
    assertThat(request.header("X-Kew-Event-Id")).isEqualTo(EVENT.id());
    assertThat(EventCodec.fromBytes(request.body())).isEqualTo(EVENT);
    // What a receiver does: HMAC-SHA256 of the raw body with the shared key, constant-time compare.
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec("s3cret-key".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    String expected = "sha256=" + HexFormat.of().formatHex(mac.doFinal(request.body()));
    assertThat(
            MessageDigest.isEqual(
                expected.getBytes(StandardCharsets.UTF_8),
                request.header("X-Kew-Signature").getBytes(StandardCharsets.UTF_8)))
        .isTrue();
    assertThat(WebhookSink.signature(new Secret("other-key"), request.body()))
        .isNotEqualTo(expected);
  }

  @Test
  void cloudEventsStructuredModeCarriesTheEnvelopeAsData() throws Exception {
    server = WebhookServer.accepting();

    assertThat(webhook(",\"format\":\"cloudevents\"").deliver(EVENT)).isEqualTo(Delivery.DELIVERED);

    WebhookServer.Request request = server.requests().get(0);
    assertThat(request.header("Content-Type")).startsWith("application/cloudevents+json");
    JsonNode doc = EventCodec.mapper().readTree(request.body());
    assertThat(doc.path("specversion").asText()).isEqualTo("1.0");
    assertThat(doc.path("id").asText()).isEqualTo(EVENT.id());
    assertThat(doc.path("type").asText()).isEqualTo("dev.kew.change.modified");
    assertThat(doc.path("source").asText()).isEqualTo("/kube-event-watcher/test-cluster");
    assertThat(doc.path("subject").asText()).isEqualTo("Deployment/shop/web");
    assertThat(EventCodec.mapper().treeToValue(doc.path("data"), ChangeEvent.class))
        .isEqualTo(EVENT);
  }

  @Test
  void answersAreClassifiedAsDeliveredRetryLaterOrRejected() throws Exception {
    server =
        new WebhookServer(
            n ->
                switch (n) {
                  case 1 -> Response.status(204);
                  case 2 -> Response.status(503);
                  case 3 -> new Response(429, Map.of("Retry-After", "7"), "slow down");
                  case 4 -> Response.status(408);
                  case 5 -> new Response(400, Map.of(), "invalid_payload");
                  default -> Response.status(301);
                });
    Sink sink = webhook("");

    assertThat(sink.deliver(EVENT)).isEqualTo(Delivery.DELIVERED);
    assertThat(sink.deliver(EVENT))
        .isEqualTo(new Delivery.RetryLater("HTTP 503", Optional.empty(), 503));
    assertThat(sink.deliver(EVENT))
        .isEqualTo(
            new Delivery.RetryLater(
                "HTTP 429: slow down", Optional.of(Duration.ofSeconds(7)), 429));
    assertThat(sink.deliver(EVENT)).isInstanceOf(Delivery.RetryLater.class);
    assertThat(sink.deliver(EVENT))
        .isEqualTo(new Delivery.Rejected("HTTP 400: invalid_payload", 400));
    assertThat(sink.deliver(EVENT)).isInstanceOf(Delivery.Rejected.class);
  }

  @Test
  void aServerThatIsNotThereIsATransientFailureWhoseReasonHidesTheUrl() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Sink sink =
        Sinks.open(
            "{\"type\":\"webhook\",\"url\":\"http://127.0.0.1:"
                + port
                + "/t0k3n\",\"timeout\":\"2s\"}",
            Summarizer.NONE);

    Delivery result = sink.deliver(EVENT);

    assertThat(result).isInstanceOf(Delivery.RetryLater.class);
    assertThat(((Delivery.RetryLater) result).reason()).doesNotContain("t0k3n");
  }

  @Test
  void neitherUrlNorSecretNorHeaderValuesAppearInToString() throws Exception {
    server = WebhookServer.accepting();
    var configured =
        Sinks.configure(
            "{\"type\":\"webhook\",\"url\":\"https://example.com/t0k3n\",\"secret\":\"s3cret\","
                + "\"headers\":{\"Authorization\":\"Bearer abc\"}}");
    Sink sink = webhook(",\"secret\":\"s3cret\",\"headers\":{\"Authorization\":\"Bearer abc\"}");

    assertThat(configured.toString() + sink)
        .doesNotContain("t0k3n")
        .doesNotContain("s3cret")
        .doesNotContain("Bearer abc")
        .doesNotContain("example.com");
  }
}
