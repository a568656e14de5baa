package dev.kew.history;

import static dev.kew.history.HistoryFixture.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kew.local.cluster.SimulatedCluster;
import dev.kew.model.ChangeEvent;
import dev.kew.model.EventType;
import dev.kew.producer.WatcherProducer;
import dev.kew.producer.cli.ProducerCommand;
import dev.kew.testing.SharedKafka;
import dev.kew.testing.TestDeployments;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The live view in a real browser: what changes in the cluster appears on top, paused or not. */
class UiLiveTest {

  private static final Logger log = LoggerFactory.getLogger(UiLiveTest.class);

  @TempDir Path dir;

  @Test
  void aClusterChangeShowsInTheLiveViewWithinTwoSecondsAndPauseBuffersIt() throws Exception {
    String topic = SharedKafka.uniqueTopic("history-ui-live");
    try (SimulatedCluster cluster = SimulatedCluster.start(0);
        WatcherProducer producer =
            WatcherProducer.start(
                ProducerCommand.parseSettings(
                    "--bootstrap-servers", SharedKafka.bootstrapServers(),
                    "--topic", topic,
                    "--cluster-name", "sim",
                    "--resources", "deployments",
                    "--partitions", "2",
                    "--metrics-port", "-1"),
                cluster.client());
        HistoryApp app = HistoryFixture.start(topic, dir.resolve("index"));
        UiBrowser browser = UiBrowser.open(app.port())) {
      assertThat(producer.awaitSynced(Duration.ofSeconds(20))).isTrue();
      KubernetesClient kube = cluster.client();
      browser.load("#/live?namespace=shop");
      await().atMost(15, TimeUnit.SECONDS).until(() -> browser.text("#live-state").equals("live"));

      // The first change after start pays one-off costs (the simulated API server's and the
      // informer's first watch event took ~2 s at load average 3.6, see docs/history.md): the goal
      // is for a running pipeline, so one change outside the view goes through first.
      kube.apps()
          .deployments()
          .inNamespace("warm-up")
          .resource(TestDeployments.of("first", 1, "nginx:1.27"))
          .create();
      await()
          .atMost(30, TimeUnit.SECONDS)
          .until(
              () ->
                  json(app.port(), "/api/v1/events?namespace=warm-up").path("events").size() == 1);

      long created = System.nanoTime();
      kube.apps()
          .deployments()
          .inNamespace("shop")
          .resource(TestDeployments.of("web", 2, "nginx:1.27"))
          .create();
      await()
          .atMost(20, TimeUnit.SECONDS)
          .pollInterval(Duration.ofMillis(20))
          .until(
              () -> json(app.port(), "/api/v1/events?namespace=shop").path("events").size() == 1);
      long indexed = System.nanoTime();
      await()
          .atMost(2, TimeUnit.SECONDS)
          .pollInterval(Duration.ofMillis(20))
          .until(() -> browser.all("#live-events tbody tr").size() == 1);
      long shown = System.nanoTime();
      log.info(
          "Cluster change to live view row: {} ms (indexed after {} ms, shown {} ms later)",
          (shown - created) / 1_000_000,
          (indexed - created) / 1_000_000,
          (shown - indexed) / 1_000_000);
      assertThat(browser.text("#live-events tbody tr"))
          .contains("ADDED")
          .contains("Deployment shop/web");
      assertThat(Duration.ofNanos(shown - created)).isLessThan(Duration.ofSeconds(2));

      browser.find("#live-pause").click();
      kube.apps()
          .deployments()
          .inNamespace("shop")
          .withName("web")
          .edit(d -> TestDeployments.scaled(d, 5));
      await()
          .atMost(10, TimeUnit.SECONDS)
          .until(() -> browser.text("#live-buffered").equals("1 new while paused"));
      assertThat(browser.all("#live-events tbody tr")).hasSize(1);

      browser.find("#live-pause").click();
      assertThat(browser.all("#live-events tbody tr")).hasSize(2);
      assertThat(browser.text("#live-events tbody tr"))
          .contains("MODIFIED")
          .contains("spec.replicas 2->5");
      assertThat(browser.text("#live-buffered")).isEmpty();
    }
  }

  @Test
  void aThousandEventsRenderAtOnceNewestFirst() {
    String topic = SharedKafka.createTopic("history-ui-thousand", 1);
    List<ChangeEvent> events =
        IntStream.range(0, 1000)
            .mapToObj(
                i ->
                    ChangeEvent.of(
                        EventType.ADDED,
                        "prod",
                        Scenario.T0.plusSeconds(i),
                        Scenario.deployment(
                            "app-" + i,
                            String.format("22222222-0000-4000-8000-%012d", i),
                            String.valueOf(100 + i),
                            1,
                            "app:1",
                            "front")))
            .toList();
    HistoryFixture.write(topic, events);
    try (HistoryApp app = HistoryFixture.start(topic, dir.resolve("index"));
        UiBrowser browser = UiBrowser.open(app.port())) {
      browser.load("#/live?limit=1000");

      await()
          .atMost(20, TimeUnit.SECONDS)
          .until(() -> browser.all("#live-events tbody tr").size() == 1000);
      long renderMillis =
          Long.parseLong(browser.find("#live-events").getAttribute("data-render-ms"));
      log.info(
          "1,000 events: answered in {} ms, rows built in {} ms",
          browser.find("#live-events").getAttribute("data-fetch-ms"),
          renderMillis);
      // Tens of ms on an idle machine; 1.4 s measured at load average 45 on 2 cores.
      assertThat(renderMillis).isLessThan(3000);
      assertThat(browser.text("#live-events tbody tr")).contains("Deployment shop/app-999");
    }
  }

  @Test
  void withATokenThePageAsksForItAndThenStreams() {
    String topic = SharedKafka.createTopic("history-ui-token", 1);
    HistoryFixture.write(topic, Scenario.events().subList(0, 2));
    try (HistoryApp app =
            HistoryApp.start(
                HistoryFixture.settings(topic, dir.resolve("index"), "s3cret-token"),
                Clock.systemUTC());
        UiBrowser browser = UiBrowser.open(app.port())) {
      await().atMost(30, TimeUnit.SECONDS).until(() -> app.caughtUp().isDone());
      browser.load("#/live");

      browser.find("#token-input").sendKeys("s3cret-token");
      browser.find("#token-form button").click();

      await()
          .atMost(10, TimeUnit.SECONDS)
          .until(() -> browser.all("#live-events tbody tr").size() == 2);
      await().atMost(10, TimeUnit.SECONDS).until(() -> browser.text("#live-state").equals("live"));
      HistoryFixture.write(topic, Scenario.events().subList(2, 3));
      await()
          .atMost(10, TimeUnit.SECONDS)
          .until(() -> browser.all("#live-events tbody tr").size() == 3);
      assertThat(browser.text("#live-events tbody tr")).contains("ConfigMap payments/settings");
      assertThat(browser.script("return document.cookie + location.href"))
          .asString()
          .doesNotContain("s3cret-token");
    }
  }
}
