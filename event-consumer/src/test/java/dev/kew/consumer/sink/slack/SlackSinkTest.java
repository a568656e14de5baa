package dev.kew.consumer.sink.slack;

import static dev.kew.consumer.Events.deployment;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kew.consumer.EventConsumer;
import dev.kew.consumer.Events;
import dev.kew.consumer.TopicFixture;
import dev.kew.consumer.WebhookServer;
import dev.kew.consumer.cli.ConsumerCommand;
import dev.kew.consumer.sink.HistoryLinks;
import dev.kew.consumer.sink.RecordRef;
import dev.kew.consumer.sink.Summarizer;
import dev.kew.consumer.sink.chat.ChatLinks;
import dev.kew.model.ChangeEvent;
import dev.kew.model.EventCodec;
import dev.kew.model.EventType;
import dev.kew.model.FieldManager;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SlackSinkTest {

  private static final Summarizer REPLICAS =
      e -> e.type() == EventType.MODIFIED ? Optional.of("spec.replicas: 2 -> 3") : Optional.empty();

  @TempDir Path dir;
  private TopicFixture kafka;
  private WebhookServer slack;

  @AfterEach
  void cleanUp() {
    if (slack != null) {
      slack.close();
    }
    if (kafka != null) {
      kafka.close();
    }
  }

  private static String text(WebhookServer.Request request) throws Exception {
    return EventCodec.mapper().readTree(request.body()).path("text").asText();
  }

  /** Runs a following consumer until {@code done}, then stops it (finishing its deliveries). */
  private EventConsumer runUntil(
      java.util.concurrent.Callable<Boolean> done, String group, String yaml, String... flags)
      throws Exception {
    Path config = Files.writeString(dir.resolve("sinks.yaml"), yaml);
    List<String> args = new ArrayList<>(List.of("--group", group, "--config", config.toString()));
    args.addAll(List.of(flags));
    EventConsumer consumer =
        new EventConsumer(
            ConsumerCommand.parseSettings(kafka.args(args.toArray(String[]::new))),
            new PrintStream(new ByteArrayOutputStream()),
            REPLICAS,
            Clock.systemUTC());
    CompletableFuture<Void> running = CompletableFuture.runAsync(consumer::run);
    await().atMost(Duration.ofSeconds(60)).until(done);
    consumer.stop();
    running.get(30, TimeUnit.SECONDS);
    return consumer;
  }

  @Test
  void tenChangesToOneDeploymentWithinTheWindowBecomeOneSlackMessage() throws Exception {
    kafka = new TopicFixture("rollout", 3);
    slack = WebhookServer.accepting();
    List<ChangeEvent> rollout = new ArrayList<>();
    for (int rv = 41; rv <= 50; rv++) {
      rollout.add(deployment(EventType.MODIFIED, "shop", "web", String.valueOf(rv)));
    }
    kafka.publish(rollout.toArray(ChangeEvent[]::new));

    EventConsumer consumer =
        runUntil(
            () -> slack.requests().size() >= 1,
            "rollout",
            """
            sinks:
              - name: ops
                type: slack
                url: %s
                digestWindow: 2s
            """
                .formatted(slack.url("/services/T0/B0/x")));

    assertThat(slack.requests()).hasSize(1);
    assertThat(consumer.delivered()).isEqualTo(10);
    String text = text(slack.requests().get(0));
    assertThat(text)
        .startsWith("Deployment `shop/web` in cluster `test-cluster`: 10 changes (MODIFIED ×10)")
        .contains("◦ MODIFIED rv=41: spec.replicas: 2 -&gt; 3", "◦ MODIFIED rv=50")
        .as("no --history-url, no links")
        .doesNotContain("history", "#/change/");
    assertThat(text.lines()).hasSize(11);
  }

  @Test
  void withAHistoryUrlEachChangeLinksToItsPageByPartitionAndOffset() throws Exception {
    kafka = new TopicFixture("links", 2);
    slack = WebhookServer.accepting();
    kafka.publishTo(1, deployment(EventType.ADDED, "shop", "web", "1"));
    kafka.publishTo(1, deployment(EventType.ADDED, "shop", "api", "2"));

    runUntil(
        () -> slack.requests().stream().mapToInt(r -> count(r, "#/change/")).sum() >= 2,
        "links",
        """
        sinks:
          - name: ops
            type: slack
            url: %s
            digestWindow: 0s
            maxDigest: 1
        """
            .formatted(slack.url("/services/T0/B0/x")),
        "--history-url",
        "https://history.example.com/kew/");

    List<String> texts = new ArrayList<>();
    for (WebhookServer.Request request : slack.requests()) {
      texts.add(text(request));
    }
    assertThat(texts)
        .containsExactly(
            "*ADDED* Deployment `shop/web` in cluster `test-cluster`"
                + " · <https://history.example.com/kew/#/change/1-0|history>",
            "*ADDED* Deployment `shop/api` in cluster `test-cluster`"
                + " · <https://history.example.com/kew/#/change/1-1|history>");
  }

  @Test
  void aDigestLinksTheObjectPageWithItsUidEncodedForSlack() throws Exception {
    ChangeEvent first =
        Events.event(
            EventType.MODIFIED, "ConfigMap", "shop", "cm", "7", "c1", Map.of(), "u|1>&<x y");
    ChangeEvent second =
        Events.event(
            EventType.MODIFIED, "ConfigMap", "shop", "cm", "8", "c1", Map.of(), "u|1>&<x y");
    List<ChangeEvent> events = List.of(first, second);
    ChatLinks links =
        ChatLinks.of(
            Optional.of(new HistoryLinks(URI.create("http://h.example:8080"))),
            events,
            List.of(new RecordRef(0, 41), new RecordRef(0, 42)));

    String text =
        EventCodec.mapper()
            .readTree(SlackMessage.message(events, links, Summarizer.NONE))
            .path("text")
            .asText();

    assertThat(text)
        .isEqualTo(
            "ConfigMap `shop/cm` in cluster `c1`: 2 changes (MODIFIED ×2)"
                + " · <http://h.example:8080/#/object?uid=u%7C1%3E%26%3Cx%20y|history>\n"
                + "    ◦ MODIFIED rv=7 · <http://h.example:8080/#/change/0-41|history>\n"
                + "    ◦ MODIFIED rv=8 · <http://h.example:8080/#/change/0-42|history>");
  }

  @Test
  void eventsFasterThanTheRateLimitAreGroupedIntoDigestsAndNoneIsDropped() throws Exception {
    kafka = new TopicFixture("digest", 1);
    slack = WebhookServer.accepting();
    List<ChangeEvent> events = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      events.add(deployment(EventType.ADDED, "shop", "app-" + i, String.valueOf(i + 1)));
    }
    String yaml =
        """
        sinks:
          - name: ops
            type: slack
            url: %s
            rateLimit: 1/s
            digestWindow: 0s
            maxDigest: 5
        """
            .formatted(slack.url("/services/T0/B0/x"));

    kafka.publish(events.toArray(ChangeEvent[]::new));

    runUntil(
        () -> slack.requests().stream().mapToInt(r -> count(r, "app-")).sum() >= 12,
        "digest",
        yaml);

    List<WebhookServer.Request> messages = slack.requests();
    assertThat(messages.size()).isBetween(3, 11); // 12 events at most 5 per message, not 12
    assertThat(messages).allSatisfy(m -> assertThat(count(m, "app-")).isBetween(1, 5));
    assertThat(messages.stream().mapToInt(m -> count(m, "app-")).sum()).isEqualTo(12);
    for (int i = 1; i < messages.size(); i++) {
      assertThat(Duration.between(messages.get(i - 1).at(), messages.get(i).at()))
          .isGreaterThanOrEqualTo(Duration.ofMillis(950));
    }
    assertThat(text(messages.get(messages.size() - 1))).contains("*ADDED* Deployment `shop/app-");
  }

  private static int count(WebhookServer.Request request, String word) {
    try {
      String text = text(request);
      return (text.length() - text.replace(word, "").length()) / word.length();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void oneEventIsOneReadableLineWithItsSummary() {
    String body =
        SlackMessage.message(
            List.of(deployment(EventType.MODIFIED, "shop", "web<1>", "7")), REPLICAS);

    assertThat(body)
        .isEqualTo(
            "{\"text\":\"*MODIFIED* Deployment `shop/web&lt;1&gt;` in cluster `test-cluster`\\n"
                + "    spec.replicas: 2 -&gt; 3\"}");
  }

  @Test
  void theSummaryOfAModifiedEventsPatchIsShown() throws Exception {
    ChangeEvent scaled =
        deployment(EventType.MODIFIED, "shop", "web", "8")
            .withPatch(
                EventCodec.mapper()
                    .readTree(
                        "[{\"op\":\"replace\",\"path\":\"/spec/replicas\",\"value\":5,\"fromValue\":2}]"));

    String text =
        EventCodec.mapper()
            .readTree(SlackMessage.message(List.of(scaled), Summarizer.PATCH))
            .path("text")
            .asText();

    assertThat(text)
        .isEqualTo(
            "*MODIFIED* Deployment `shop/web` in cluster `test-cluster`\n    spec.replicas 2-&gt;5");
  }

  @Test
  void eachChangeSaysWhoMadeItWithoutMarkupFromTheName() throws Exception {
    ChangeEvent edited =
        deployment(EventType.MODIFIED, "shop", "web", "7")
            .withChangedBy(List.of(new FieldManager("kubectl-edit", "Update", null, null)));
    ChangeEvent hostile =
        deployment(EventType.MODIFIED, "shop", "web", "8")
            .withChangedBy(List.of(new FieldManager("<!channel>\nops", "Update", "status", null)));

    String one =
        EventCodec.mapper()
            .readTree(SlackMessage.message(List.of(edited), REPLICAS))
            .path("text")
            .asText();
    String digest =
        EventCodec.mapper()
            .readTree(SlackMessage.message(List.of(edited, hostile), REPLICAS))
            .path("text")
            .asText();

    assertThat(one)
        .isEqualTo(
            "*MODIFIED* Deployment `shop/web` in cluster `test-cluster` by kubectl-edit\n"
                + "    spec.replicas: 2 -&gt; 3");
    assertThat(digest)
        .contains("◦ MODIFIED rv=7 by kubectl-edit: spec.replicas")
        .contains("◦ MODIFIED rv=8 by &lt;!channel&gt;\\nops (status): spec.replicas")
        .doesNotContain("<!channel>");
  }
}
