package dev.kew.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kew.testing.SharedKafka;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The live stream (Server-Sent Events), read by the JDK's HTTP client. */
class LiveStreamTest {

  @TempDir Path dir;

  /** Opens a stream and collects its lines until the test ends. */
  private static Queue<String> open(int port, String query, String lastEventId) {
    Queue<String> lines = new ConcurrentLinkedQueue<>();
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/stream" + query))
            .header("Accept", "text/event-stream");
    if (lastEventId != null) {
      request.header("Last-Event-ID", lastEventId);
    }
    CompletableFuture<HttpResponse<Stream<String>>> response =
        HttpClient.newHttpClient().sendAsync(request.build(), HttpResponse.BodyHandlers.ofLines());
    response.thenAcceptAsync(r -> r.body().forEach(lines::add));
    return lines;
  }

  private static List<String> ids(Queue<String> lines) {
    return lines.stream().filter(l -> l.startsWith("id:")).map(l -> l.substring(3).trim()).toList();
  }

  @Test
  void newEventsMatchingTheFiltersArriveAsTheyAreIndexed() {
    String topic = SharedKafka.createTopic("history-live", 2);
    try (HistoryApp app = HistoryFixture.start(topic, dir.resolve("index"))) {
      Queue<String> deployments = open(app.port(), "?kind=Deployment&namespace=shop", null);
      await().atMost(10, TimeUnit.SECONDS).until(() -> deployments.contains(": connected"));

      HistoryFixture.write(topic, Scenario.events());

      await().atMost(10, TimeUnit.SECONDS).until(() -> ids(deployments).size() == 6);
      assertThat(deployments).anyMatch(l -> l.equals("event: change"));
      assertThat(deployments)
          .filteredOn(l -> l.startsWith("data:"))
          .noneMatch(l -> l.contains("ConfigMap"));
    }
  }

  @Test
  void aReconnectingClientResumesAfterItsLastEventAndBacklogSendsTheLatest() {
    String topic = SharedKafka.createTopic("history-resume", 1);
    HistoryFixture.write(topic, Scenario.events());
    try (HistoryApp app = HistoryFixture.start(topic, dir.resolve("index"))) {
      Queue<String> resumed = open(app.port(), "", "0-5");
      Queue<String> backlog = open(app.port(), "?backlog=2", null);

      await().atMost(10, TimeUnit.SECONDS).until(() -> ids(resumed).size() == 2);
      await().atMost(10, TimeUnit.SECONDS).until(() -> ids(backlog).size() == 2);
      assertThat(ids(resumed)).containsExactly("0-6", "0-7");
      assertThat(ids(backlog)).containsExactly("0-6", "0-7");
    }
  }
}
