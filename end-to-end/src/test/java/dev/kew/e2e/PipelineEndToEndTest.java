package dev.kew.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kew.local.cluster.SimulatedCluster;
import dev.kew.model.ChangeEvent;
import dev.kew.model.EventCodec;
import dev.kew.testing.SharedKafka;
import dev.kew.testing.TestDeployments;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole pipeline as users run it: the packaged producer and consumer jars as separate
 * processes, a real Kafka broker between them, the simulated cluster as the API server.
 */
class PipelineEndToEndTest {

  private static final String PRODUCER_JAR = System.getProperty("kew.producer.jar");
  private static final String CONSUMER_JAR = System.getProperty("kew.consumer.jar");
  private static final Duration PROCESS_TIMEOUT = Duration.ofSeconds(60);

  @Test
  void changesFlowFromTheApiServerThroughKafkaToASeparateConsumerProcess(@TempDir Path tmp)
      throws Exception {
    String kafka = SharedKafka.bootstrapServers();
    String topic = SharedKafka.uniqueTopic("e2e");
    try (SimulatedCluster cluster = SimulatedCluster.start(0)) {
      Path kubeconfig = cluster.writeKubeconfig(tmp.resolve("kubeconfig"), "e2e-cluster");
      KubernetesClient api = cluster.client();
      try (AppProcess producer =
          AppProcess.startJar(
              "producer",
              PRODUCER_JAR,
              tmp,
              List.of(
                  "--bootstrap-servers",
                  kafka,
                  "--topic",
                  topic,
                  "--kubeconfig",
                  kubeconfig.toString(),
                  "--resources",
                  "deployments,configmaps",
                  "--namespace",
                  "e2e"))) {
        awaitTopic(kafka, topic, producer);
        try (AppProcess consumer =
            AppProcess.startJar(
                "consumer",
                CONSUMER_JAR,
                tmp,
                List.of(
                    "--bootstrap-servers",
                    kafka,
                    "--topic",
                    topic,
                    "--group",
                    "e2e-" + topic,
                    "--output",
                    "sentence"))) {

          api.apps()
              .deployments()
              .inNamespace("e2e")
              .resource(TestDeployments.of("web", 1, "nginx:1.27"))
              .create();
          awaitLine(
              consumer,
              "A deployment in namespace e2e has been added by fabric8-kubernetes-client: web");
          try (KubernetesClient kubectlEdit =
              SimulatedCluster.clientFor(
                  api.getMasterUrl().toString(), "kubectl-edit/v1.32.0 (linux/amd64)")) {
            kubectlEdit
                .apps()
                .deployments()
                .inNamespace("e2e")
                .withName("web")
                .edit(d -> new DeploymentBuilder(d).editSpec().withReplicas(3).endSpec().build());
          }
          awaitLine(
              consumer,
              "A deployment in namespace e2e has been modified by kubectl-edit: web (spec.replicas 1->3)");
          api.apps().deployments().inNamespace("e2e").withName("web").delete();
          awaitLine(consumer, "A deployment in namespace e2e has been deleted: web");
          api.configMaps().inNamespace("elsewhere").resource(configMap("ignored")).create();
          api.configMaps().inNamespace("e2e").resource(configMap("settings")).create();
          awaitLine(
              consumer,
              "A configmap in namespace e2e has been added by fabric8-kubernetes-client: settings");

          assertThat(consumer.stdout())
              .as("consumer prints exactly the watched namespace's changes, in order")
              .containsExactly(
                  "A deployment in namespace e2e has been added by fabric8-kubernetes-client: web",
                  "A deployment in namespace e2e has been modified by kubectl-edit: web (spec.replicas 1->3)",
                  "A deployment in namespace e2e has been deleted: web",
                  "A configmap in namespace e2e has been added by fabric8-kubernetes-client: settings");
          assertThat(consumer.terminate()).as("consumer exit code on SIGTERM").isZero();
        }
        assertThat(producer.terminate()).as("producer exit code on SIGTERM").isZero();
      }
    }

    List<String> records = Kcat.readTopic(kafka, topic);
    assertThat(records).hasSize(4);
    for (String record : records) {
      String key = record.substring(0, record.indexOf('\t'));
      ChangeEvent event =
          EventCodec.fromBytes(record.substring(key.length() + 1).getBytes(StandardCharsets.UTF_8));
      assertThat(key).as("record key of %s", event.id()).isEqualTo(event.uid());
    }
  }

  private static void awaitTopic(String kafka, String topic, AppProcess producer) throws Exception {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka))) {
      await()
          .atMost(PROCESS_TIMEOUT)
          .failFast("producer exited: " + producer.logs(), () -> !producer.isAlive())
          .until(() -> admin.listTopics().names().get(10, TimeUnit.SECONDS).contains(topic));
    }
  }

  private static void awaitLine(AppProcess consumer, String line) {
    await()
        .atMost(PROCESS_TIMEOUT)
        .failFast("consumer exited: " + consumer.logs(), () -> !consumer.isAlive())
        .untilAsserted(() -> assertThat(consumer.stdout()).contains(line));
  }

  private static io.fabric8.kubernetes.api.model.ConfigMap configMap(String name) {
    return new ConfigMapBuilder()
        .withNewMetadata()
        .withName(name)
        .endMetadata()
        .addToData("mode", "demo")
        .build();
  }
}
