package dev.kew.producer.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.kew.producer.discovery.ResolvedResource;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The sweep's fresh list of the cluster, against an API server that answers what a test says. */
class ClusterListingTest {

  private static final ResolvedResource CONFIG_MAPS =
      new ResolvedResource("", "v1", "configmaps", "configmap", "ConfigMap", true, List.of());
  private static final StreamScope SCOPE =
      new StreamScope("test", List.of(CONFIG_MAPS), List.of(), Optional.empty());

  private final AtomicInteger requests = new AtomicInteger();
  private HttpServer server;
  private KubernetesClient client;

  @AfterEach
  void stop() {
    if (client != null) {
      client.close();
    }
    if (server != null) {
      server.stop(0);
    }
  }

  @Test
  void pagesAreFollowedToTheEndAndObjectsWithoutUidAreLeftOut() throws IOException {
    serve(
        page ->
            switch (page) {
              case 1 -> list("a", "{\"metadata\":{\"name\":\"one\",\"uid\":\"u1\"}}");
              case 2 -> list("b", "{\"metadata\":{\"name\":\"nameless-uid\"}}, {}");
              default -> list(null, "{\"metadata\":{\"name\":\"two\",\"uid\":\"u2\"}}");
            });

    assertThat(ClusterListing.uids(client, SCOPE)).containsExactlyInAnyOrder("u1", "u2");
    assertThat(requests).hasValue(3);
  }

  @Test
  @Timeout(30) // without the check the list never ends
  void aServerThatRepeatsAContinueTokenFailsTheListInsteadOfLoopingForever() throws IOException {
    serve(page -> list(page % 2 == 1 ? "a" : "b", "{\"metadata\":{\"uid\":\"u" + page + "\"}}"));

    assertThatThrownBy(() -> ClusterListing.uids(client, SCOPE))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("repeated an earlier continue token after 3 pages");
    assertThat(requests).hasValue(3);
  }

  private static String list(String continueToken, String items) {
    String metadata = continueToken == null ? "{}" : "{\"continue\":\"" + continueToken + "\"}";
    return "{\"kind\":\"ConfigMapList\",\"apiVersion\":\"v1\",\"metadata\":"
        + metadata
        + ",\"items\":["
        + items
        + "]}";
  }

  /** Answers the n-th list request (from 1) with {@code pages.apply(n)}. */
  private void serve(IntFunction<String> pages) throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/api/v1/configmaps",
        exchange -> {
          byte[] body = pages.apply(requests.incrementAndGet()).getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
    client =
        new KubernetesClientBuilder()
            .withConfig(
                new ConfigBuilder()
                    .withMasterUrl("http://127.0.0.1:" + server.getAddress().getPort())
                    .withRequestRetryBackoffLimit(0)
                    .build())
            .build();
  }
}
