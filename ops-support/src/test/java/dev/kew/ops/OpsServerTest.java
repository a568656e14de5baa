package dev.kew.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kew.cli.UsageException;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OpsServerTest {

  private final HttpClient http = HttpClient.newHttpClient();
  private final AtomicBoolean kafkaReachable = new AtomicBoolean(false);
  private static final OpsSettings ANY_LOCAL_PORT = new OpsSettings(0, "127.0.0.1", LogFormat.TEXT);

  private PrometheusMeterRegistry registry;
  private OpsServer server;

  @BeforeEach
  void start() {
    registry = Metrics.newRegistry("watcher-producer");
    Health health =
        new Health()
            .liveness("informers", Optional::empty)
            .readiness(
                "kafka",
                () -> kafkaReachable.get() ? Optional.empty() : Optional.of("not reachable"));
    server = OpsServer.start(ANY_LOCAL_PORT, registry, health);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void metricsAreServedInPrometheusTextFormatWithTheAppTag() throws Exception {
    registry.counter("kew.events.published", "kind", "Deployment").increment(3);

    HttpResponse<String> response = get("/metrics");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("text/plain"));
    assertThat(response.body())
        .contains("kew_events_published_total{app=\"watcher-producer\",kind=\"Deployment\"} 3.0")
        .contains("jvm_memory_used_bytes");
  }

  @Test
  void livenessPassesWhileReadinessNamesWhatIsMissing() throws Exception {
    assertThat(get("/healthz").statusCode()).isEqualTo(200);

    HttpResponse<String> notReady = get("/readyz");
    assertThat(notReady.statusCode()).isEqualTo(503);
    assertThat(notReady.body()).isEqualTo("kafka: not reachable\n");

    kafkaReachable.set(true);
    HttpResponse<String> ready = get("/readyz");
    assertThat(ready.statusCode()).isEqualTo(200);
    assertThat(ready.body()).isEqualTo("ok\n");
  }

  @Test
  void aCheckThatThrowsCountsAsAProblemInsteadOfBreakingTheProbe() throws Exception {
    Health health =
        new Health()
            .liveness(
                "watch",
                () -> {
                  throw new IllegalStateException("informer gone");
                });
    try (OpsServer broken = OpsServer.start(ANY_LOCAL_PORT, registry, health)) {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + broken.port() + "/healthz"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(503);
      assertThat(response.body()).contains("watch: check failed").contains("informer gone");
    }
  }

  @Test
  void onlyReadsAreAllowed() throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/readyz"))
                .POST(HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(405);
  }

  @Test
  void aPortInUseIsAUsageErrorNamingTheFlag() {
    OpsSettings taken = new OpsSettings(server.port(), "127.0.0.1", LogFormat.TEXT);

    assertThatThrownBy(() -> OpsServer.start(taken, registry, new Health()))
        .isInstanceOf(UsageException.class)
        .hasMessageStartingWith(
            "--metrics-port (env KEW_METRICS_PORT): cannot listen on 127.0.0.1:")
        .hasMessageContaining("0 for any free one");
  }
}
