package dev.kew.consumer.sink.webhook;

import static dev.kew.consumer.Events.deployment;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kew.consumer.WebhookServer;
import dev.kew.consumer.WebhookServer.Response;
import dev.kew.consumer.sink.Delivery;
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
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.assertj.core.api.AbstractThrowableAssert;
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

  /** A Standard Webhooks secret: whsec_ and base64 of 32 bytes. */
  static final String SECRET = "whsec_c2lnbmluZy1zZWNyZXQtb2YtMzItYnl0ZXMtZm9yLWtldw==";

  @Test
  void envelopeIsPostedWithCustomHeadersAndAStandardWebhooksSignatureTheReceiverCanVerify()
      throws Exception {
    server = WebhookServer.accepting();
    Sink sink =
        webhook(",\"secret\":\"" + SECRET + "\",\"headers\":{\"Authorization\":\"Bearer abc\"}");

    assertThat(sink.deliver(EVENT)).isEqualTo(Delivery.DELIVERED);

    WebhookServer.Request request = server.requests().get(0);
    assertThat(request.path()).isEqualTo("/hook/t0k3n");
    assertThat(request.header("Content-Type")).isEqualTo("application/json");
    assertThat(request.header("Authorization")).isEqualTo("Bearer abc");
    assertThat(request.header("webhook-id")).isEqualTo(EVENT.id());
    assertThat(Long.parseLong(request.header("webhook-timestamp")))
        .isCloseTo(request.at().getEpochSecond(), org.assertj.core.api.Assertions.within(5L));
    assertThat(EventCodec.fromBytes(request.body())).isEqualTo(EVENT);
    // What a receiver does (the spec, by hand): HMAC-SHA256 of "id.timestamp.body" with the
    // decoded secret, base64, after "v1,"; compared in constant time.
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(Base64.getDecoder().decode(SECRET.substring(6)), "HmacSHA256"));
    mac.update(
        (request.header("webhook-id") + "." + request.header("webhook-timestamp") + ".")
            .getBytes(StandardCharsets.UTF_8));
    String expected = "v1," + Base64.getEncoder().encodeToString(mac.doFinal(request.body()));
    assertThat(
            MessageDigest.isEqual(
                expected.getBytes(StandardCharsets.UTF_8),
                request.header("webhook-signature").getBytes(StandardCharsets.UTF_8)))
        .isTrue();
  }

  @Test
  void withoutASecretRequestsStillCarryTheIdempotencyKeyButNoSignature() throws Exception {
    server = WebhookServer.accepting();

    webhook("").deliver(EVENT);

    assertThat(server.requests().get(0).header("webhook-id")).isEqualTo(EVENT.id());
    assertThat(server.requests().get(0).header("webhook-signature")).isNull();
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
                  case 6 -> Response.status(401);
                  case 7 -> Response.status(403);
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
    assertThat(sink.deliver(EVENT)).isEqualTo(new Delivery.CredentialsRejected("HTTP 401", 401));
    assertThat(sink.deliver(EVENT)).isEqualTo(new Delivery.CredentialsRejected("HTTP 403", 403));
    assertThat(sink.deliver(EVENT)).isInstanceOf(Delivery.Rejected.class);
  }

  @Test
  void aHugeAnswerIsReadOnlyUpToAFewKibAndShownEscapedAndCut() throws Exception {
    String huge = "bad\n\u001b[31m" + "x".repeat(1_000_000);
    server = new WebhookServer(n -> new Response(400, Map.of(), huge));

    Delivery result = webhook("").deliver(EVENT);

    assertThat(result).isInstanceOf(Delivery.Rejected.class);
    String reason = ((Delivery.Rejected) result).reason();
    assertThat(reason)
        .startsWith("HTTP 400: bad \\u001b[31mxxx")
        .contains("…[+")
        .hasSizeLessThan(300);
  }

  @Test
  void retryAfterIsReadAsSecondsOrAnHttpDateAndAnythingElseIsIgnored() throws Exception {
    server =
        new WebhookServer(
            n ->
                new Response(
                    503,
                    Map.of(
                        "Retry-After",
                        switch (n) {
                          case 1 -> "99999999999999999999999";
                          case 2 -> "-5";
                          case 3 -> "soon";
                          case 4 -> "Wed, 21 Oct 2015 07:28:00 GMT";
                          default -> "999999999";
                        }),
                    ""));
    Sink sink = webhook("");

    assertThat(retryAfter(sink)).as("too many digits").isEmpty();
    assertThat(retryAfter(sink)).as("negative").isEmpty();
    assertThat(retryAfter(sink)).as("words").isEmpty();
    assertThat(retryAfter(sink)).as("a past date").contains(Duration.ZERO);
    assertThat(retryAfter(sink)).as("huge, cut to a day").contains(Duration.ofDays(1));
  }

  private static Optional<Duration> retryAfter(Sink sink) {
    return ((Delivery.RetryLater) sink.deliver(EVENT)).retryAfter();
  }

  @Test
  void aSecretThatIsNotAStandardWebhooksSecretOrAnUnsendableHeaderIsRefusedAtStart() {
    refused("\"secret\":\"plain-k3y\"")
        .hasMessageContaining("'secret' must be a Standard Webhooks secret")
        .hasMessageNotContaining("plain-k3y");
    refused("\"secret\":\"whsec_c2hvcnQ=\"")
        .hasMessageContaining("must hold 24 to 64 bytes, holds 5");
    refused("\"headers\":{\"X-Token\":\"a\\r\\nX-Evil: 1\"}")
        .hasMessageContaining("'headers/X-Token' has a value with control characters")
        .hasMessageNotContaining("X-Evil");
    refused("\"headers\":{\"Host\":\"x\"}")
        .hasMessageContaining("'headers/Host' is set by the consumer itself");
    refused("\"signatureHeader\":\"X\"").hasMessageContaining("no longer supported");
  }

  /** What configuring a webhook sink with {@code settings} besides its URL fails with. */
  private static AbstractThrowableAssert<?, ? extends Throwable> refused(String settings) {
    return assertThatThrownBy(
        () ->
            Sinks.configure(
                "{\"type\":\"webhook\",\"url\":\"https://example.com/h\"," + settings + "}"));
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
            "{\"type\":\"webhook\",\"url\":\"https://example.com/t0k3n\",\"secret\":\""
                + SECRET
                + "\","
                + "\"headers\":{\"Authorization\":\"Bearer abc\"}}");
    Sink sink =
        webhook(",\"secret\":\"" + SECRET + "\",\"headers\":{\"Authorization\":\"Bearer abc\"}");

    assertThat(configured.toString() + sink)
        .doesNotContain("t0k3n")
        .doesNotContain(SECRET.substring(6, 20))
        .doesNotContain("Bearer abc")
        .doesNotContain("example.com");
  }
}
