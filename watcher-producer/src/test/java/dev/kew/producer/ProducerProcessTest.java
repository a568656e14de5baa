package dev.kew.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kew.local.cluster.SimulatedCluster;
import dev.kew.producer.cli.ProducerCommand;
import dev.kew.testing.ChildJvm;
import dev.kew.testing.SharedKafka;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The producer as a process: JSON log lines, metrics and probes on its operations port. */
class ProducerProcessTest {

  private static final Pattern PORT = Pattern.compile("Metrics and probes on port (\\d+)");

  @TempDir Path dir;

  private final HttpClient http = HttpClient.newHttpClient();
  private final ObjectMapper json = new ObjectMapper();
  private SimulatedCluster cluster;
  private TcpGate gate;
  private Process process;

  @AfterEach
  void cleanUp() throws IOException {
    if (process != null) {
      process.destroyForcibly();
    }
    if (gate != null) {
      gate.close();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void servesProbesAndCountsEventsByKindAndTypeWhileLoggingJsonLines() throws Exception {
    cluster = SimulatedCluster.start(0);
    gate = new TcpGate(cluster.port());
    gate.pause(); // the API server answers nothing yet: the producer cannot list
    process = start("--metrics-port", "0", "--log-format", "json");
    int port = awaitPort();

    assertThat(get(port, "/healthz").statusCode()).isEqualTo(200);
    HttpResponse<String> before = get(port, "/readyz");
    assertThat(before.statusCode()).as("not ready before the informers synced").isEqualTo(503);
    assertThat(before.body()).startsWith("watch: ");

    gate.resume();
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(() -> assertThat(get(port, "/readyz").statusCode()).isEqualTo(200));
    create("one");
    create("two");
    cluster
        .client()
        .configMaps()
        .inNamespace("metrics")
        .withName("one")
        .edit(c -> new ConfigMapBuilder(c).addToData("k", "changed").build());

    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () ->
                assertThat(get(port, "/metrics").body())
                    .contains(
                        "kew_producer_events_observed_total{app=\"watcher-producer\","
                            + "kind=\"ConfigMap\",type=\"ADDED\"} 2.0",
                        "kew_producer_events_published_total{app=\"watcher-producer\","
                            + "kind=\"ConfigMap\",type=\"ADDED\"} 2.0",
                        "kew_producer_events_published_total{app=\"watcher-producer\","
                            + "kind=\"ConfigMap\",type=\"MODIFIED\"} 1.0",
                        "kew_producer_publish_latency_seconds_count{app=\"watcher-producer\"} 3",
                        "kew_producer_leader{app=\"watcher-producer\"} 1.0"));

    process.destroy(); // SIGTERM
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).isZero();
    List<JsonNode> lines = new ArrayList<>();
    for (String line : Files.readAllLines(dir.resolve("stderr.txt"))) {
      lines.add(json.readTree(line)); // every line is one JSON object
    }
    assertThat(lines)
        .extracting(line -> line.path("formattedMessage").asText())
        .anyMatch(message -> message.startsWith("Watching configmaps/v1"))
        .anyMatch(message -> message.equals("Shutting down"));
    assertThat(lines).allSatisfy(line -> assertThat(line.has("level")).isTrue());
  }

  private Process start(String... args) throws IOException {
    Path kubeconfig = dir.resolve("kubeconfig");
    Files.writeString(
        kubeconfig,
        String.join(
            "\n",
            "apiVersion: v1",
            "kind: Config",
            "clusters:",
            "- name: gated",
            "  cluster:",
            "    server: http://127.0.0.1:" + gate.port(),
            "users:",
            "- name: gated",
            "  user: {}",
            "contexts:",
            "- name: gated",
            "  context: {cluster: gated, user: gated, namespace: default}",
            "current-context: gated",
            ""));
    List<String> all =
        ProducerArgs.forTopic(SharedKafka.uniqueTopic("process"))
            .kubeconfig(kubeconfig)
            .partitions(1)
            .resources("configmaps")
            .namespace("metrics")
            .with("--leader-election", "false")
            .with(args)
            .toList();
    ProcessBuilder builder = ChildJvm.of(ProducerCommand.class, all);
    builder.environment().keySet().removeIf(name -> name.startsWith("KEW_"));
    builder.redirectError(dir.resolve("stderr.txt").toFile());
    builder.redirectOutput(ProcessBuilder.Redirect.DISCARD);
    return builder.start();
  }

  private int awaitPort() {
    int[] port = new int[1];
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () -> {
              Matcher matcher = PORT.matcher(Files.readString(dir.resolve("stderr.txt")));
              if (matcher.find()) {
                port[0] = Integer.parseInt(matcher.group(1));
                return true;
              }
              return false;
            });
    return port[0];
  }

  private HttpResponse<String> get(int port, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(5))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private void create(String name) {
    ConfigMap map =
        new ConfigMapBuilder()
            .withNewMetadata()
            .withName(name)
            .withNamespace("metrics")
            .endMetadata()
            .addToData("k", "v")
            .build();
    cluster.client().configMaps().inNamespace("metrics").resource(map).create();
  }
}
