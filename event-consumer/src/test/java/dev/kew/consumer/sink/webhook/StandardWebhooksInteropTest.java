package dev.kew.consumer.sink.webhook;

import static dev.kew.consumer.Events.deployment;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.kew.consumer.WebhookServer;
import dev.kew.consumer.sink.Secret;
import dev.kew.model.ChangeEvent;
import dev.kew.model.EventCodec;
import dev.kew.model.EventType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our signed webhook requests, checked by a receiver we did not write: the {@code standardwebhooks}
 * reference library (npm, run by node from {@value #VERIFIER}). Skipped when its node_modules is
 * absent ({@code npm ci --prefix event-consumer/src/test/node}); CI installs it and sets {@code
 * KEW_REQUIRE_WEBHOOK_VERIFIER=true}, so there a missing verifier fails instead.
 */
class StandardWebhooksInteropTest {

  static final String VERIFIER = "src/test/node";

  @TempDir Path dir;
  private WebhookServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private WebhookSink sink(WebhookConfig.BodyFormat format, Clock clock) {
    return new WebhookSink(
        new WebhookConfig(
            new Secret(server.url("/hook")),
            format,
            Map.of(),
            Duration.ofSeconds(5),
            Optional.of(new Secret(WebhookSinkTest.SECRET))),
        clock);
  }

  @Test
  void theReferenceLibraryAcceptsOurRequestsAndRejectsATamperedBodyAndAReplayedTimestamp()
      throws Exception {
    Path verifier = Path.of(VERIFIER);
    boolean installed = Files.isDirectory(verifier.resolve("node_modules/standardwebhooks"));
    if (!"true".equals(System.getenv("KEW_REQUIRE_WEBHOOK_VERIFIER"))) {
      assumeTrue(
          installed,
          "the standardwebhooks verifier is not installed (npm ci --prefix event-consumer/"
              + VERIFIER
              + ")");
    }
    assertThat(installed).as("node_modules of " + VERIFIER).isTrue();
    server = WebhookServer.accepting();
    ChangeEvent plain = deployment(EventType.ADDED, "shop", "web", "1");
    ChangeEvent unicode =
        dev.kew.consumer.Events.event(
            EventType.MODIFIED, "ConfigMap", "shop", "café-ünïcode", "2", "test", Map.of(), "u-2");
    sink(WebhookConfig.BodyFormat.ENVELOPE, Clock.systemUTC()).deliver(plain);
    sink(WebhookConfig.BodyFormat.ENVELOPE, Clock.systemUTC()).deliver(unicode);
    sink(WebhookConfig.BodyFormat.CLOUDEVENTS, Clock.systemUTC()).deliver(plain);
    Clock tenMinutesAgo = Clock.offset(Clock.systemUTC(), Duration.ofMinutes(-10));
    sink(WebhookConfig.BodyFormat.ENVELOPE, tenMinutesAgo)
        .deliver(deployment(EventType.DELETED, "shop", "replayed", "3"));
    List<WebhookServer.Request> requests = server.requests();
    assertThat(requests).hasSize(4);

    ArrayNode captured = EventCodec.mapper().createArrayNode();
    for (WebhookServer.Request request : requests) {
      add(captured, request.header("webhook-id"), request, request.body());
    }
    byte[] tampered =
        requests.get(0).bodyText().replace("web", "wed").getBytes(StandardCharsets.UTF_8);
    add(captured, "tampered", requests.get(0), tampered);

    assertThat(verify(captured))
        .containsExactly(
            "ok " + plain.id(),
            "ok " + unicode.id(),
            "ok " + plain.id(),
            "rejected uid-Deployment-replayed/3/DELETED: Message timestamp too old",
            "rejected tampered: No matching signature found");
  }

  private static void add(
      ArrayNode captured, String name, WebhookServer.Request request, byte[] body) {
    captured
        .addObject()
        .put("name", name)
        .put("id", request.header("webhook-id"))
        .put("timestamp", request.header("webhook-timestamp"))
        .put("signature", request.header("webhook-signature"))
        .put("body", Base64.getEncoder().encodeToString(body));
  }

  private List<String> verify(ArrayNode captured) throws Exception {
    Path file = dir.resolve("requests.json");
    Files.writeString(file, captured.toString());
    Process node =
        new ProcessBuilder("node", "verify.mjs", WebhookSinkTest.SECRET, file.toString())
            .directory(Path.of(VERIFIER).toFile())
            .redirectErrorStream(true)
            .start();
    assertThat(node.waitFor(60, TimeUnit.SECONDS)).as("node finished").isTrue();
    String output = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(node.exitValue()).as(output).isZero();
    return output.lines().toList();
  }
}
