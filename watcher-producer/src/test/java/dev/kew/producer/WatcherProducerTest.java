package dev.kew.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kew.local.cluster.SimulatedCluster;
import dev.kew.model.ChangeEvent;
import dev.kew.model.EventCodec;
import dev.kew.model.EventType;
import dev.kew.producer.cli.ClusterConfig;
import dev.kew.testing.EnvelopeSchema;
import dev.kew.testing.SharedKafka;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The watcher against the simulated API server and a real Kafka broker. */
class WatcherProducerTest {

  @RegisterExtension static final ProducerTestbed testbed = new ProducerTestbed();

  private final KubernetesClient client = testbed.client();
  private final String namespace = ProducerTestbed.uniqueNamespace("watched");
  private final String topic = SharedKafka.uniqueTopic("watcher");

  @Test
  void everyChangeOfEveryKindIsPublishedInOrderKeyedByUidWithItsLastStateOnDelete() {
    WatcherProducer watcher =
        start(
            "--resources", "deployments,svc,Pod,demo.kew.dev/v1/backups", "--namespace", namespace);
    assertThat(watcher.resources())
        .extracting(r -> r.displayName())
        .containsExactly(
            "deployments.apps/v1", "services/v1", "pods/v1", "backups.demo.kew.dev/v1");
    TopicReader reader = testbed.reader(topic);

    List<Resource<? extends HasMetadata>> objects = createOneOfEachKind();
    reader.readUntil(records -> records.size() >= 4);
    objects.forEach(WatcherProducerTest::markUpdated);
    reader.readUntil(records -> records.size() >= 8);
    objects.forEach(Resource::delete);
    reader.readUntil(records -> records.size() >= 12);
    List<ConsumerRecord<String, byte[]>> records = reader.readToEnd();

    assertThat(records).hasSize(12);
    Map<String, List<ChangeEvent>> byUid = new LinkedHashMap<>();
    for (ConsumerRecord<String, byte[]> record : records) {
      EnvelopeSchema.assertValid(record.value());
      ChangeEvent event = EventCodec.fromBytes(record.value());
      assertThat(record.key()).isEqualTo(event.uid());
      assertThat(event.cluster()).isEqualTo("test-cluster");
      assertThat(event.namespace()).isEqualTo(namespace);
      assertThat(event.object().path("metadata").has("managedFields")).isFalse();
      byUid.computeIfAbsent(event.uid(), uid -> new ArrayList<>()).add(event);
    }
    assertThat(byUid).hasSize(4);
    assertThat(byUid.values())
        .allSatisfy(
            events -> {
              assertThat(events)
                  .extracting(ChangeEvent::type)
                  .containsExactly(EventType.ADDED, EventType.MODIFIED, EventType.DELETED);
              assertThat(stage(events.get(0))).isEqualTo("created");
              assertThat(stage(events.get(1))).isEqualTo("updated");
              assertThat(stage(events.get(2)))
                  .as("DELETED carries the last state")
                  .isEqualTo("updated");
            });
    assertThat(byUid.values())
        .extracting(events -> events.get(0).kind())
        .containsExactlyInAnyOrder("Deployment", "Service", "Pod", "Backup");
  }

  @Test
  void informerResyncPublishesNothing() {
    WatcherProducer watcher =
        start("--resources", "configmaps", "--namespace", namespace, "--resync-period", "1s");
    TopicReader reader = testbed.reader(topic);
    client.configMaps().inNamespace(namespace).resource(configMap("settings", Map.of())).create();
    reader.readUntil(records -> records.size() >= 1);

    await().atMost(Duration.ofSeconds(15)).until(() -> watcher.resyncsSkipped() > 1);

    assertThat(reader.readToEnd()).hasSize(1);
    assertThat(watcher.published()).isEqualTo(1);
  }

  @Test
  void objectsInOtherNamespacesAreNotPublished() {
    String other = namespace + "-other";
    start("--resources", "configmaps", "--namespace", namespace);
    TopicReader reader = testbed.reader(topic);

    client.configMaps().inNamespace(other).resource(configMap("elsewhere", Map.of())).create();
    String watchedUid =
        client
            .configMaps()
            .inNamespace(namespace)
            .resource(configMap("here", Map.of()))
            .create()
            .getMetadata()
            .getUid();

    reader.readUntil(records -> records.stream().anyMatch(r -> r.key().equals(watchedUid)));
    assertThat(reader.readToEnd())
        .extracting(r -> EventCodec.fromBytes(r.value()).qualifiedName())
        .containsExactly(namespace + "/here");
  }

  @Test
  void objectsNotMatchingTheLabelSelectorAreNotPublished() {
    start("--resources", "cm", "--namespace", namespace, "--label-selector", "app=web");
    TopicReader reader = testbed.reader(topic);

    client.configMaps().inNamespace(namespace).resource(configMap("unlabelled", Map.of())).create();
    client
        .configMaps()
        .inNamespace(namespace)
        .resource(configMap("other-app", Map.of("app", "db")))
        .create();
    String webUid =
        client
            .configMaps()
            .inNamespace(namespace)
            .resource(configMap("web", Map.of("app", "web")))
            .create()
            .getMetadata()
            .getUid();

    reader.readUntil(records -> records.stream().anyMatch(r -> r.key().equals(webUid)));
    assertThat(reader.readToEnd())
        .extracting(r -> EventCodec.fromBytes(r.value()).name())
        .containsExactly("web");
  }

  @Test
  void clusterScopedKindsAreWatchedClusterWideEvenWithNamespacesGiven() {
    start("--resources", "namespaces,configmaps", "--namespace", namespace);
    TopicReader reader = testbed.reader(topic);

    String name = "cluster-wide-" + namespace;
    String uid =
        client
            .namespaces()
            .resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
            .create()
            .getMetadata()
            .getUid();

    List<ConsumerRecord<String, byte[]>> records =
        reader.readUntil(read -> read.stream().anyMatch(r -> r.key().equals(uid)));
    ChangeEvent event =
        records.stream()
            .map(r -> EventCodec.fromBytes(r.value()))
            .filter(e -> e.uid().equals(uid))
            .findFirst()
            .orElseThrow();
    assertThat(event.kind()).isEqualTo("Namespace");
    assertThat(event.namespace()).isNull();
    assertThat(event.type()).isEqualTo(EventType.ADDED);
  }

  @Test
  void clusterNameDefaultsToTheKubeconfigContext(@TempDir Path dir) throws Exception {
    Path kubeconfig = testbed.cluster().writeKubeconfig(dir.resolve("config"), "kind-demo");
    var settings =
        kafkaArgs().kubeconfig(kubeconfig).resources("configmaps").namespace(namespace).settings();
    KubernetesClient fromKubeconfig =
        new KubernetesClientBuilder().withConfig(ClusterConfig.load(settings)).build();
    testbed.closeAfterTest(fromKubeconfig);
    WatcherProducer watcher = WatcherProducer.start(settings, fromKubeconfig);
    testbed.closeAfterTest(watcher);
    assertThat(watcher.awaitSynced(Duration.ofSeconds(10))).isTrue();
    TopicReader reader = testbed.reader(topic);

    client.configMaps().inNamespace(namespace).resource(configMap("named", Map.of())).create();

    assertThat(watcher.cluster()).isEqualTo("kind-demo");
    assertThat(reader.readUntil(records -> !records.isEmpty()))
        .extracting(r -> EventCodec.fromBytes(r.value()).cluster())
        .containsExactly("kind-demo");
  }

  private WatcherProducer start(String... args) {
    return testbed.started(
        kafkaArgs().clusterName("test-cluster").with(args), Duration.ofSeconds(10));
  }

  private ProducerArgs kafkaArgs() {
    return ProducerArgs.forTopic(topic).partitions(3).kafkaTimeout("20s");
  }

  private List<Resource<? extends HasMetadata>> createOneOfEachKind() {
    List<Resource<? extends HasMetadata>> created = new ArrayList<>();
    created.add(
        client
            .apps()
            .deployments()
            .inNamespace(namespace)
            .resource(
                new DeploymentBuilder()
                    .withMetadata(metadata("web"))
                    .withNewSpec()
                    .withReplicas(1)
                    .withNewSelector()
                    .addToMatchLabels("app", "web")
                    .endSelector()
                    .withNewTemplate()
                    .withNewMetadata()
                    .addToLabels("app", "web")
                    .endMetadata()
                    .withNewSpec()
                    .addNewContainer()
                    .withName("web")
                    .withImage("nginx:1.27")
                    .endContainer()
                    .endSpec()
                    .endTemplate()
                    .endSpec()
                    .build()));
    created.add(
        client
            .services()
            .inNamespace(namespace)
            .resource(
                new ServiceBuilder()
                    .withMetadata(metadata("web"))
                    .withNewSpec()
                    .addToSelector("app", "web")
                    .addNewPort()
                    .withPort(80)
                    .endPort()
                    .endSpec()
                    .build()));
    created.add(
        client
            .pods()
            .inNamespace(namespace)
            .resource(
                new PodBuilder()
                    .withMetadata(metadata("web-1"))
                    .withNewSpec()
                    .addNewContainer()
                    .withName("web")
                    .withImage("nginx:1.27")
                    .endContainer()
                    .endSpec()
                    .build()));
    GenericKubernetesResource backup =
        new GenericKubernetesResourceBuilder()
            .withApiVersion("demo.kew.dev/v1")
            .withKind("Backup")
            .withMetadata(metadata("nightly"))
            .addToAdditionalProperties("spec", Map.of("schedule", "@daily"))
            .build();
    created.add(
        client
            .genericKubernetesResources(SimulatedCluster.BACKUPS)
            .inNamespace(namespace)
            .resource(backup));
    created.forEach(Resource::create);
    return created;
  }

  private ObjectMeta metadata(String name) {
    return new ObjectMetaBuilder()
        .withName(name)
        .withNamespace(namespace)
        .addToLabels("stage", "created")
        .withManagedFields(
            new ManagedFieldsEntryBuilder()
                .withManager("kubectl-client-side-apply")
                .withOperation("Update")
                .withApiVersion("v1")
                .build())
        .build();
  }

  private static io.fabric8.kubernetes.api.model.ConfigMap configMap(
      String name, Map<String, String> labels) {
    return new ConfigMapBuilder()
        .withNewMetadata()
        .withName(name)
        .withLabels(labels)
        .endMetadata()
        .addToData("key", "value")
        .build();
  }

  private static <T extends HasMetadata> void markUpdated(Resource<T> object) {
    object.edit(
        o -> {
          o.getMetadata().getLabels().put("stage", "updated");
          return o;
        });
  }

  private static String stage(ChangeEvent event) {
    JsonNode labels = event.object().path("metadata").path("labels");
    return labels.path("stage").asText();
  }
}
