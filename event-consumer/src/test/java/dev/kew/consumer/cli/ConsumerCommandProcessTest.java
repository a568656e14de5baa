package dev.kew.consumer.cli;

import static dev.kew.consumer.Events.deployment;
import static dev.kew.consumer.Events.namespace;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.kew.cli.ExitCodes;
import dev.kew.consumer.TopicFixture;
import dev.kew.model.ChangeEvent;
import dev.kew.model.EventCodec;
import dev.kew.model.EventType;
import dev.kew.testing.ChildJvm;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command as a separate JVM: signals, exit codes, environment variables, stdout vs stderr. */
class ConsumerCommandProcessTest {

  private static final ChangeEvent WEB = deployment(EventType.ADDED, "default", "web", "1");
  private static final ChangeEvent TEAM_A = namespace(EventType.ADDED, "team-a", "2");

  @TempDir Path dir;
  private TopicFixture kafka;
  private Process process;

  @AfterEach
  void cleanUp() {
    if (process != null) {
      process.destroyForcibly();
    }
    if (kafka != null) {
      kafka.close();
    }
  }

  private ProcessBuilder command(String... args) {
    ProcessBuilder builder = ChildJvm.of(ConsumerCommand.class, List.of(args));
    builder.environment().keySet().removeIf(name -> name.startsWith("KEW_"));
    builder.environment().put("KEW_METRICS_PORT", "0"); // any free port: tests may run side by side
    builder.redirectError(dir.resolve("stderr.txt").toFile());
    return builder;
  }

  private String stderr() throws Exception {
    return Files.readString(dir.resolve("stderr.txt"));
  }

  @Test
  void sigtermAfterEventsWerePrintedCommitsAndExitsZero() throws Exception {
    kafka = new TopicFixture("sigterm", 1);
    kafka.publish(WEB, TEAM_A);
    ProcessBuilder builder = command();
    Map<String, String> env = builder.environment();
    env.put("KEW_BOOTSTRAP_SERVERS", kafka.bootstrapServers);
    env.put("KEW_TOPIC", kafka.topic);
    env.put("KEW_GROUP", "sigterm");
    env.put("KEW_OUTPUT", "json");
    env.put("KEW_LOG_LEVEL", "DEBUG");
    process = builder.start();

    List<String> lines = new ArrayList<>();
    try (BufferedReader stdout =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      assertTimeoutPreemptively(
          Duration.ofSeconds(60),
          () -> {
            lines.add(stdout.readLine());
            lines.add(stdout.readLine());
          });
      process.toHandle().destroy(); // SIGTERM; Process.destroy() would also close our pipes
      assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(stdout.readLine()).isNull();
    }

    assertThat(process.exitValue()).isEqualTo(ExitCodes.OK);
    assertThat(lines)
        .map(line -> EventCodec.fromBytes(line.getBytes(StandardCharsets.UTF_8)))
        .containsExactly(WEB, TEAM_A);
    assertThat(kafka.committed("sigterm")).isEqualTo(Map.of(0, 2L));
    assertThat(stderr())
        .containsPattern("DEBUG Dispatcher - Delivered \\[[^]]*" + WEB.id() + "[^]]*] to stdout")
        .contains("Stopped after 2 events")
        .doesNotContain("\"schemaVersion\"");
  }

  @Test
  void sigtermSendsTheDigestStillWaitingForItsWindowCommitsAndExitsZero() throws Exception {
    kafka = new TopicFixture("sigterm-digest", 1);
    try (dev.kew.consumer.WebhookServer slack = dev.kew.consumer.WebhookServer.accepting()) {
      ProcessBuilder builder = command(kafka.args("--group", "digest"));
      builder.environment().put("KEW_SLACK_WEBHOOK_URL", slack.url("/services/T/B/x"));
      builder.environment().put("KEW_LOG_LEVEL", "DEBUG");
      process = builder.start();
      kafka.publish(WEB, TEAM_A);
      org.awaitility.Awaitility.await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> stderr().contains("Read " + TEAM_A.id()));
      assertThat(slack.requests()).isEmpty(); // the 3 s digest window is still open

      process.toHandle().destroy(); // SIGTERM

      assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(process.exitValue()).isEqualTo(ExitCodes.OK);
      assertThat(slack.requests())
          .singleElement()
          .satisfies(
              r ->
                  assertThat(r.bodyText())
                      .contains("2 changes to 2 objects", "default/web", "team-a"));
      assertThat(kafka.committed("digest")).isEqualTo(Map.of(0, 2L));
      assertThat(stderr()).doesNotContain("/services/T/B/x");
    }
  }

  @Test
  void noFollowExitsZeroOnItsOwnWithFlagsOnly() throws Exception {
    kafka = new TopicFixture("no-follow", 1);
    kafka.publish(WEB, TEAM_A);

    process =
        command(kafka.args("--no-follow", "--output", "sentence", "--kind", "namespace")).start();

    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).isEqualTo(ExitCodes.OK);
    assertThat(new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
        .isEqualTo("A namespace has been added: team-a" + System.lineSeparator());
    assertThat(stderr()).contains("INFO").doesNotContain("DEBUG");
  }

  @Test
  void unreachableKafkaExitsOneWithNoFollow() throws Exception {
    process =
        command(
                "--bootstrap-servers",
                "127.0.0.1:1",
                "--no-follow",
                "-X",
                "default.api.timeout.ms=500")
            .start();

    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).isEqualTo(ExitCodes.FAILURE);
    assertThat(process.getInputStream().readAllBytes()).isEmpty();
    assertThat(stderr()).contains("Error: Kafka at 127.0.0.1:1 did not answer");
  }

  @Test
  void metricsProbesAndJsonLogsAreServedWhileConsuming() throws Exception {
    kafka = new TopicFixture("ops", 2);
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    process =
        command(
                kafka.args(
                    "--group",
                    "ops",
                    "--metrics-port",
                    String.valueOf(port),
                    "--log-format",
                    "json"))
            .start();
    HttpClient http = HttpClient.newHttpClient();
    URI base = URI.create("http://127.0.0.1:" + port);

    kafka.publish(WEB, TEAM_A);

    Awaitility.await()
        .atMost(Duration.ofSeconds(60))
        .ignoreExceptionsInstanceOf(java.net.ConnectException.class)
        .untilAsserted(
            () -> {
              assertThat(get(http, base.resolve("/readyz")).statusCode()).isEqualTo(200);
              assertThat(get(http, base.resolve("/metrics")).body())
                  .containsPattern(
                      "kew_consumer_events_consumed_total\\{[^}]*kind=\"Deployment\"[^}]*type=\"ADDED\"[^}]*} 1\\.0")
                  .containsPattern(
                      "kew_consumer_deliveries_total\\{[^}]*outcome=\"delivered\"[^}]*sink=\"stdout\"[^}]*} 2\\.0")
                  .contains("kafka_consumer_fetch_manager_records_lag");
            });
    assertThat(get(http, base.resolve("/healthz")).body()).isEqualTo("ok\n");

    process.toHandle().destroy(); // SIGTERM
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).isEqualTo(ExitCodes.OK);
    List<String> logLines = Files.readAllLines(dir.resolve("stderr.txt"));
    assertThat(logLines).isNotEmpty();
    for (String line : logLines) {
      assertThat(EventCodec.mapper().readTree(line).path("level").asText())
          .as("log line is JSON: %s", line)
          .isNotEmpty();
    }
  }

  @org.junit.jupiter.params.ParameterizedTest(name = "--log-format {0}")
  @org.junit.jupiter.params.provider.ValueSource(strings = {"text", "json"})
  void aHostileRecordKeyNeverStartsALogLineOfItsOwn(String logFormat) throws Exception {
    kafka = new TopicFixture("log-" + logFormat, 1);
    String forged = "2026-11-24T14:03:07.000Z ERROR Forged - line";
    kafka.publishRaw("k\n" + forged + "\u001b[31m", "not json");

    process = command(kafka.args("--no-follow", "--log-format", logFormat)).start();

    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).isEqualTo(ExitCodes.OK);
    List<String> lines = Files.readAllLines(dir.resolve("stderr.txt"));
    assertThat(lines)
        .isNotEmpty()
        .allSatisfy(
            line ->
                assertThat(line)
                    .doesNotStartWith(forged)
                    .doesNotContain("\u001b")
                    .doesNotContain("\r"));
    List<String> messages = new ArrayList<>();
    for (String line : lines) {
      messages.add(
          logFormat.equals("json")
              ? EventCodec.mapper().readTree(line).path("formattedMessage").asText()
              : line);
    }
    assertThat(messages)
        .anySatisfy(
            m ->
                assertThat(m)
                    .contains("Dead-lettering record", "(key k\\n" + forged + "\\u001b[31m)"));
  }

  @Test
  void aMetricsPortInUseIsAUsageErrorBeforeAnythingIsRead() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
      process =
          command(
                  "--bootstrap-servers",
                  "127.0.0.1:1",
                  "--metrics-port",
                  String.valueOf(taken.getLocalPort()))
              .start();

      assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(process.exitValue()).isEqualTo(ExitCodes.USAGE);
      assertThat(stderr())
          .contains(
              "Error: --metrics-port (env KEW_METRICS_PORT): cannot listen on 127.0.0.1:"
                  + taken.getLocalPort())
          .doesNotContain("Reading ");
    }
  }

  @Test
  void twoAppsOnOneMachineTakeFreeMetricsPortsOfTheirOwnAndSayWhich() throws Exception {
    kafka = new TopicFixture("side-by-side", 1);
    List<Process> both = new ArrayList<>();
    List<Path> logs = List.of(dir.resolve("first.txt"), dir.resolve("second.txt"));
    try {
      for (Path log : logs) {
        ProcessBuilder builder = command(kafka.args("--group", "side-by-side"));
        builder.environment().remove("KEW_METRICS_PORT"); // the default, as a user runs it
        builder.redirectError(log.toFile());
        both.add(builder.start());
      }
      java.util.regex.Pattern serving =
          java.util.regex.Pattern.compile(
              "Metrics and probes on port (\\d+) \\(127\\.0\\.0\\.1\\)");
      List<Integer> ports = new ArrayList<>();
      for (Path log : logs) {
        Awaitility.await()
            .atMost(Duration.ofSeconds(60))
            .until(() -> serving.matcher(Files.readString(log)).find());
        java.util.regex.Matcher m = serving.matcher(Files.readString(log));
        assertThat(m.find()).isTrue();
        ports.add(Integer.parseInt(m.group(1)));
      }
      assertThat(ports).doesNotHaveDuplicates().doesNotContain(8080);
      assertThat(both).allMatch(Process::isAlive);
      HttpClient http = HttpClient.newHttpClient();
      for (int port : ports) {
        assertThat(get(http, URI.create("http://127.0.0.1:" + port + "/healthz")).statusCode())
            .isEqualTo(200);
      }
    } finally {
      both.forEach(Process::destroyForcibly);
    }
  }

  private static HttpResponse<String> get(HttpClient http, URI uri) throws Exception {
    return http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
  }
}
