package dev.kew.consumer.sink.teams;

import static dev.kew.consumer.Events.deployment;
import static dev.kew.consumer.Events.namespace;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kew.consumer.WebhookServer;
import dev.kew.consumer.sink.Delivery;
import dev.kew.consumer.sink.DigestSink;
import dev.kew.consumer.sink.HistoryLinks;
import dev.kew.consumer.sink.RecordRef;
import dev.kew.consumer.sink.SinkContext;
import dev.kew.consumer.sink.Sinks;
import dev.kew.consumer.sink.Summarizer;
import dev.kew.model.EventCodec;
import dev.kew.model.EventType;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TeamsSinkTest {

  @Test
  void aDigestIsPostedAsOneAdaptiveCardListingEveryObject() throws Exception {
    try (WebhookServer teams = WebhookServer.accepting()) {
      DigestSink sink =
          (DigestSink)
              Sinks.open(
                  "{\"type\":\"teams\",\"url\":\"" + teams.url("/workflows/x") + "\"}",
                  Summarizer.NONE);

      Delivery result =
          sink.deliverDigest(
              List.of(
                  deployment(EventType.MODIFIED, "shop", "web", "1"),
                  deployment(EventType.MODIFIED, "shop", "web", "2"),
                  namespace(EventType.DELETED, "team_a", "3")));

      assertThat(result).isEqualTo(Delivery.DELIVERED);
      JsonNode message = EventCodec.mapper().readTree(teams.requests().get(0).body());
      assertThat(message.path("type").asText()).isEqualTo("message");
      JsonNode attachment = message.path("attachments").get(0);
      assertThat(attachment.path("contentType").asText())
          .isEqualTo("application/vnd.microsoft.card.adaptive");
      JsonNode card = attachment.path("content");
      assertThat(card.path("type").asText()).isEqualTo("AdaptiveCard");
      List<String> texts = card.path("body").findValuesAsText("text");
      assertThat(texts.get(0)).isEqualTo("3 changes to 2 objects");
      assertThat(String.join("\n", texts))
          .contains("Deployment shop/web in cluster test-cluster: 2 changes (MODIFIED ×2)")
          .contains("**DELETED** Namespace team\\_a in cluster test-cluster")
          .as("no --history-url, no links")
          .doesNotContain("history");
      assertThat(card.has("actions")).isFalse();
    }
  }

  @Test
  void withAHistoryUrlAChangeLinksToItsPageInTheTextAndAnOpenUrlButton() throws Exception {
    try (WebhookServer teams = WebhookServer.accepting()) {
      SinkContext context =
          new SinkContext(
              new PrintStream(OutputStream.nullOutputStream()),
              Summarizer.NONE,
              Clock.systemUTC(),
              Optional.of(new HistoryLinks(URI.create("https://history.example.com/a(b)/"))));
      DigestSink sink =
          (DigestSink)
              Sinks.configure("{\"type\":\"teams\",\"url\":\"" + teams.url("/x") + "\"}")
                  .open(context);

      Delivery result =
          sink.deliverDigest(
              List.of(deployment(EventType.MODIFIED, "shop", "web", "1")),
              List.of(new RecordRef(2, 17)));

      assertThat(result).isEqualTo(Delivery.DELIVERED);
      JsonNode card =
          EventCodec.mapper()
              .readTree(teams.requests().get(0).body())
              .path("attachments")
              .get(0)
              .path("content");
      assertThat(card.path("body").findValuesAsText("text"))
          .contains(
              "**MODIFIED** Deployment shop/web in cluster test-cluster"
                  + " · [history](https://history.example.com/a%28b%29/#/change/2-17)");
      JsonNode action = card.path("actions").get(0);
      assertThat(action.path("type").asText()).isEqualTo("Action.OpenUrl");
      assertThat(action.path("title").asText()).isEqualTo("History");
      assertThat(action.path("url").asText())
          .isEqualTo("https://history.example.com/a(b)/#/change/2-17");
    }
  }
}
