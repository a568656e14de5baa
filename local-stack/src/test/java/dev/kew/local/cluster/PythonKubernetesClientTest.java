package dev.kew.local.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kew.local.cluster.store.Json;
import dev.kew.local.cluster.store.StoreSettings;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Python {@code kubernetes} client (Debian's python3-kubernetes, a client we did not write)
 * checks the simulated cluster's list and watch promises: pagination over one snapshot, a watch
 * from a resourceVersion that replays exactly the changes after it, 410 Gone once that history is
 * expired, and bookmarks.
 */
class PythonKubernetesClientTest {

  private static SimulatedCluster cluster;
  private static KubernetesClient client;

  @TempDir static Path dir;
  private static Path kubeconfig;
  private static Path script;

  @BeforeAll
  static void startCluster() throws Exception {
    cluster = SimulatedCluster.start(0, StoreSettings.DEFAULTS, Duration.ofSeconds(1));
    client = cluster.client();
    kubeconfig = cluster.writeKubeconfig(dir.resolve("kubeconfig"));
    script = dir.resolve("kubernetes_client_check.py");
    try (var in =
        PythonKubernetesClientTest.class.getResourceAsStream("kubernetes_client_check.py")) {
      Files.write(script, Objects.requireNonNull(in).readAllBytes());
    }
  }

  @AfterAll
  static void stopCluster() {
    cluster.close();
  }

  @BeforeEach
  void pythonKubernetesInstalled() throws Exception {
    ExternalClient.PYTHON_KUBERNETES.assumeInstalled();
  }

  @Test
  void listPagesWithLimitAndContinueReadOneSnapshot() throws Exception {
    for (int i = 0; i < 7; i++) {
      configMap("paging", "page-item-" + i).create();
    }

    List<JsonNode> pages = python("pages", "paging", "3");

    assertThat(pages).hasSize(3);
    assertThat(pages).extracting(p -> p.path("names").size()).containsExactly(3, 3, 1);
    assertThat(pages.stream().flatMap(p -> texts(p.path("names")).stream()))
        .containsExactly(
            "page-item-0",
            "page-item-1",
            "page-item-2",
            "page-item-3",
            "page-item-4",
            "page-item-5",
            "page-item-6");
    assertThat(pages)
        .extracting(p -> p.path("resourceVersion").asText())
        .containsOnly(pages.get(0).path("resourceVersion").asText());
  }

  @Test
  void watchFromAResourceVersionReplaysExactlyTheChangesAfterIt() throws Exception {
    configMap("replay", "existing").create();
    String listed =
        client.configMaps().inNamespace("replay").list().getMetadata().getResourceVersion();
    configMap("replay", "added").create();
    client
        .configMaps()
        .inNamespace("replay")
        .withName("added")
        .edit(cm -> new ConfigMapBuilder(cm).addToData("step", "2").build());
    client.configMaps().inNamespace("replay").withName("existing").delete();

    List<JsonNode> events = changes(python("watch", "replay", listed, "2"));

    assertThat(events)
        .extracting(e -> e.path("type").asText() + " " + e.path("name").asText())
        .containsExactly("ADDED added", "MODIFIED added", "DELETED existing");
    assertThat(events)
        .extracting(e -> Long.parseLong(e.path("resourceVersion").asText()))
        .isSorted()
        .allSatisfy(rv -> assertThat(rv).isGreaterThan(Long.parseLong(listed)));
  }

  @Test
  void watchFromAResourceVersionOlderThanTheRetainedHistoryGets410Gone() throws Exception {
    String before = Long.toString(cluster.resourceVersion());
    configMap("expired", "changed-meanwhile").create();
    cluster.expireHistory();

    List<JsonNode> answer = python("watch", "expired", before, "2");

    assertThat(answer).extracting(e -> e.path("error").asInt()).containsExactly(410);
  }

  @Test
  void watchThatAllowsBookmarksGetsThemWithTheCurrentResourceVersion() throws Exception {
    String from = Long.toString(cluster.resourceVersion());

    List<JsonNode> events = python("watch", "quiet", from, "3");

    assertThat(events)
        .filteredOn(e -> e.path("type").asText().equals("BOOKMARK"))
        .isNotEmpty()
        .allSatisfy(
            e ->
                assertThat(Long.parseLong(e.path("resourceVersion").asText()))
                    .isGreaterThanOrEqualTo(Long.parseLong(from)));
  }

  private static io.fabric8.kubernetes.client.dsl.Resource<ConfigMap> configMap(
      String namespace, String name) {
    return client
        .configMaps()
        .inNamespace(namespace)
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withNamespace(namespace)
                .withName(name)
                .endMetadata()
                .addToData("step", "1")
                .build());
  }

  private static List<JsonNode> python(String... args) throws Exception {
    List<String> all = new ArrayList<>(List.of(script.toString(), args[0], kubeconfig.toString()));
    all.addAll(List.of(args).subList(1, args.length));
    ExternalClient.Result result =
        ExternalClient.PYTHON_KUBERNETES.run(dir, null, all.toArray(String[]::new));
    assertThat(result.exitCode()).as(result.output()).isZero();
    List<JsonNode> lines = new ArrayList<>();
    for (String line : result.output().lines().toList()) {
      if (line.startsWith("{")) {
        lines.add(Json.MAPPER.readTree(line.getBytes(StandardCharsets.UTF_8)));
      }
    }
    return lines;
  }

  private static List<JsonNode> changes(List<JsonNode> events) {
    return events.stream().filter(e -> !e.path("type").asText().equals("BOOKMARK")).toList();
  }

  private static List<String> texts(JsonNode array) {
    List<String> texts = new ArrayList<>();
    array.forEach(n -> texts.add(n.asText()));
    return texts;
  }
}
