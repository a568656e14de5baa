package dev.kew.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.kew.local.cluster.SimulatedCluster;
import dev.kew.model.ChangeEvent;
import dev.kew.model.EventCodec;
import dev.kew.model.FieldManager;
import dev.kew.testing.EnvelopeSchema;
import dev.kew.testing.SharedKafka;
import dev.kew.testing.TestDeployments;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Who changed an object, end to end: writes through fabric8 to the simulated API server (which
 * keeps managedFields as kube-apiserver does), the producer, and the envelope's {@code changedBy}
 * on the topic.
 */
class WhoChangedItTest {

  @RegisterExtension static final ProducerTestbed testbed = new ProducerTestbed();

  private final KubernetesClient client = testbed.client();
  private final String namespace = ProducerTestbed.uniqueNamespace("changed-by");
  private final String topic = SharedKafka.uniqueTopic("changed-by");

  @Test
  void eachEventNamesTheFieldManagerThatMadeItsChange() {
    testbed.started(
        ProducerArgs.forTopic(topic)
            .partitions(1)
            .kafkaTimeout("20s")
            .namespace(namespace)
            .with("--resources", "deployments"),
        Duration.ofSeconds(10));
    TopicReader reader = testbed.reader(topic);
    Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    var web = client.apps().deployments().inNamespace(namespace).withName("web");

    client
        .apps()
        .deployments()
        .inNamespace(namespace)
        .resource(TestDeployments.of("web", 2, "nginx:1.27"))
        .create();
    reader.readUntil(records -> records.size() >= 1);
    web.patch(managedBy("my-operator"), "{\"spec\":{\"replicas\":5}}");
    reader.readUntil(records -> records.size() >= 2);
    web.subresource("status").patch(managedBy("my-controller"), "{\"status\":{\"replicas\":5}}");
    reader.readUntil(records -> records.size() >= 3);
    try (KubernetesClient kubectlEdit =
        SimulatedCluster.clientFor(
            client.getMasterUrl().toString(), "kubectl-edit/v1.32.0 (linux/amd64)")) {
      kubectlEdit
          .apps()
          .deployments()
          .inNamespace(namespace)
          .withName("web")
          .edit(
              d ->
                  new DeploymentBuilder(d)
                      .editMetadata()
                      .addToLabels("tier", "front")
                      .endMetadata()
                      .build());
    }
    web.delete();

    List<ChangeEvent> events = TopicReader.events(reader.readUntil(records -> records.size() >= 5));
    assertThat(events)
        .extracting(e -> e.type() + " by " + e.changedBy())
        .containsExactly(
            "ADDED by [fabric8-kubernetes-client]",
            "MODIFIED by [my-operator]",
            "MODIFIED by [my-controller (status)]",
            "MODIFIED by [kubectl-edit]",
            "DELETED by []");
    FieldManager operator = events.get(1).changedBy().get(0);
    assertThat(operator.operation()).isEqualTo("Update");
    assertThat(operator.time()).isBetween(start, Instant.now());
    for (ChangeEvent event : events) {
      assertThat(event.schemaVersion()).isEqualTo(4);
      assertThat(event.object().path("metadata").has("managedFields"))
          .as("managedFields is read, never published")
          .isFalse();
      EnvelopeSchema.assertValid(EventCodec.toBytes(event));
    }
  }

  @Test
  void kubectlPatchIsNamedAsKubectlNamesItself(@TempDir Path dir) throws Exception {
    assumeTrue(kubectlInstalled(), "kubectl is not installed");
    testbed.started(
        ProducerArgs.forTopic(topic)
            .partitions(1)
            .kafkaTimeout("20s")
            .namespace(namespace)
            .with("--resources", "configmaps"),
        Duration.ofSeconds(10));
    TopicReader reader = testbed.reader(topic);
    testbed.createConfigMap(namespace, "settings");
    reader.readUntil(records -> records.size() >= 1);
    Path kubeconfig = testbed.cluster().writeKubeconfig(dir.resolve("kubeconfig"));

    Process patch =
        new ProcessBuilder(
                "kubectl",
                "--kubeconfig",
                kubeconfig.toString(),
                "patch",
                "configmap",
                "settings",
                "-n",
                namespace,
                "--type=merge",
                "-p",
                "{\"data\":{\"color\":\"blue\"}}")
            .redirectErrorStream(true)
            .start();
    String output = new String(patch.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(patch.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(patch.exitValue()).as(output).isZero();

    ChangeEvent patched =
        TopicReader.events(reader.readUntil(records -> records.size() >= 2)).get(1);
    assertThat(patched.changedBy())
        .extracting(FieldManager::manager, FieldManager::operation)
        .containsExactly(tuple("kubectl-patch", "Update"));
  }

  private static boolean kubectlInstalled() {
    try {
      Process version = new ProcessBuilder("kubectl", "version", "--client").start();
      version.getInputStream().transferTo(OutputStream.nullOutputStream());
      return version.waitFor(30, TimeUnit.SECONDS) && version.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static PatchContext managedBy(String manager) {
    return new PatchContext.Builder()
        .withPatchType(PatchType.JSON_MERGE)
        .withFieldManager(manager)
        .build();
  }
}
