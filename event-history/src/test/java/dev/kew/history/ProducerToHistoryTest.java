package dev.kew.history;

import static dev.kew.history.HistoryFixture.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kew.local.cluster.SimulatedCluster;
import dev.kew.producer.WatcherProducer;
import dev.kew.producer.cli.ProducerCommand;
import dev.kew.testing.SharedKafka;
import dev.kew.testing.TestDeployments;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real producer watching the simulated cluster, the history service indexing what it wrote. */
class ProducerToHistoryTest {

  @TempDir Path dir;

  @Test
  void changesWrittenByTheProducerAreIndexedWithTheirPatchAndState() throws Exception {
    String topic = SharedKafka.uniqueTopic("history-producer");
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
                cluster.client())) {
      assertThat(producer.awaitSynced(Duration.ofSeconds(20))).isTrue();
      KubernetesClient kube = cluster.client();
      kube.apps()
          .deployments()
          .inNamespace("shop")
          .resource(TestDeployments.of("web", 2, "web:1.4"))
          .create();
      kube.apps()
          .deployments()
          .inNamespace("shop")
          .withName("web")
          .edit(d -> TestDeployments.scaled(d, 5));

      try (HistoryApp app = HistoryFixture.start(topic, dir.resolve("index"))) {
        await()
            .atMost(20, TimeUnit.SECONDS)
            .until(
                () ->
                    json(app.port(), "/api/v1/history?kind=Deployment&namespace=shop&name=web")
                            .path("events")
                            .size()
                        == 2);
        JsonNode modified =
            json(app.port(), "/api/v1/events?type=MODIFIED&path=spec.replicas").path("events");
        JsonNode state = json(app.port(), "/api/v1/state?kind=Deployment&namespace=shop&name=web");

        assertThat(modified).hasSize(1);
        assertThat(modified.get(0).path("summary").asText()).contains("spec.replicas 2->5");
        assertThat(modified.get(0).path("cluster").asText()).isEqualTo("sim");
        assertThat(state.at("/object/spec/replicas").asInt()).isEqualTo(5);
        assertThat(state.at("/object/metadata/managedFields").isMissingNode()).isTrue();
      }
    }
  }
}
