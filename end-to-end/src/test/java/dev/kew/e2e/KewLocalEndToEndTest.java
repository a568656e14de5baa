package dev.kew.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's first command, {@code ./kew local}, run as a user runs it: the launcher script, the
 * embedded broker, the simulated cluster, and producer, consumer and history service as separate
 * processes. It runs in a copy of the project home (script plus links to the packaged jars) so that
 * its {@code .kew/} state and port do not touch the developer's own.
 */
class KewLocalEndToEndTest {

  private static final Path PROJECT = Path.of(System.getProperty("kew.project.dir"));
  private static final String PRETTY_LINE =
      "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z (ADDED|MODIFIED|DELETED) +\\S+ +\\S+ +\\S+ +rv=\\S+( .+)?";

  @Test
  void kewLocalRunsThePipelineAndStopsCleanlyAfterItsDuration(@TempDir Path home) throws Exception {
    Path kew = Files.copy(PROJECT.resolve("kew"), home.resolve("kew"));
    for (String jar :
        List.of(
            "local-stack/target/local-stack.jar",
            "watcher-producer/target/watcher-producer.jar",
            "event-consumer/target/event-consumer.jar",
            "event-history/target/event-history.jar")) {
      Path link = home.resolve(jar);
      Files.createDirectories(link.getParent());
      Files.createSymbolicLink(link, PROJECT.resolve(jar));
    }

    try (AppProcess local =
        AppProcess.start(
            "kew-local",
            List.of(
                "bash",
                kew.toString(),
                "local",
                "--duration",
                "60s",
                "--port",
                String.valueOf(freePort()),
                "--churn-rate",
                "5"),
            Files.createDirectories(home.resolve("test-logs")),
            home)) {

      Pattern historyLine = Pattern.compile("History: (http://127\\.0\\.0\\.1:\\d+/)");
      String historyUrl =
          await()
              .atMost(90, TimeUnit.SECONDS)
              .until(() -> historyLine.matcher(local.logs()), Matcher::find)
              .group(1);
      HttpClient http = HttpClient.newHttpClient();
      Path historyLog = home.resolve(".kew/logs/history.log");
      await("the history service answers with events; its log: " + historyLog)
          .atMost(60, TimeUnit.SECONDS)
          .ignoreExceptions()
          .until(
              () ->
                  http.send(
                          HttpRequest.newBuilder(URI.create(historyUrl + "api/v1/events?limit=1"))
                              .timeout(Duration.ofSeconds(5))
                              .build(),
                          HttpResponse.BodyHandlers.ofString())
                      .body(),
              body -> body.contains("\"type\":"));

      assertConsumerAsksTheHistoryService(http, historyUrl, home);

      assertThat(local.awaitExit(120))
          .as("kew local exit code; stderr:%n%s", local.logs())
          .isZero();

      List<String> lines = local.stdout();
      assertThat(lines).as("consumer output").isNotEmpty().allMatch(l -> l.matches(PRETTY_LINE));
      assertThat(lines)
          .anyMatch(l -> l.matches(".*Z ADDED +apps/v1 +Deployment +shop/web +rv=\\d+ by helm.*"))
          .anyMatch(
              l ->
                  l.matches(
                      ".*Z ADDED +demo.kew.dev/v1 +Backup +\\S+ +rv=\\d+ by kubectl-client-side-apply.*"))
          .anyMatch(l -> l.contains(" MODIFIED "));
    }
    assertThat(home.resolve(".kew/logs/producer.log")).isNotEmptyFile();
    assertThat(home.resolve(".kew/history")).isDirectory();
    assertThat(home.resolve(".kew/kafka/meta.properties")).exists();
  }

  /**
   * {@code kew consume --uid} with {@code --history-url}: the consumer jar answers from the running
   * history service (no Kafka needed: it is given an address nothing listens on).
   */
  private static void assertConsumerAsksTheHistoryService(
      HttpClient http, String historyUrl, Path home) throws Exception {
    String body =
        http.send(
                HttpRequest.newBuilder(URI.create(historyUrl + "api/v1/events?limit=1")).build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    Matcher uid = Pattern.compile("\"uid\":\"([^\"]+)\"").matcher(body);
    assertThat(uid.find()).as("an event with a uid: %s", body).isTrue();
    try (AppProcess consume =
        AppProcess.startJar(
            "consume-history",
            PROJECT.resolve("event-consumer/target/event-consumer.jar").toString(),
            Files.createDirectories(home.resolve("test-logs")),
            List.of(
                "--bootstrap-servers",
                "127.0.0.1:9",
                "--uid",
                uid.group(1),
                "--history-url",
                historyUrl,
                "--output",
                "json"))) {
      assertThat(consume.awaitExit(60)).as("exit code; stderr:%n%s", consume.logs()).isZero();
      await("what the consumer printed")
          .atMost(10, TimeUnit.SECONDS)
          .until(() -> !consume.stdout().isEmpty());
      assertThat(consume.stdout())
          .as("the object's events from the history service")
          .isNotEmpty()
          .allMatch(line -> line.contains("\"uid\":\"" + uid.group(1) + "\""));
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 0, InetAddress.getByName("127.0.0.1"))) {
      return socket.getLocalPort();
    }
  }
}
