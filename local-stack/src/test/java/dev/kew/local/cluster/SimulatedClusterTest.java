package dev.kew.local.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.APIGroup;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimulatedClusterTest {

  private static SimulatedCluster cluster;
  private static KubernetesClient client;

  @TempDir Path tempDir;

  @BeforeAll
  static void startCluster() {
    cluster = SimulatedCluster.start(0);
    client = cluster.client();
  }

  @AfterAll
  static void stopCluster() {
    cluster.close();
  }

  @Test
  void answersApiDiscoveryForEveryGroupItServes() {
    assertThat(client.getApiGroups().getGroups())
        .extracting(APIGroup::getName)
        .contains("apps", "apiextensions.k8s.io", "coordination.k8s.io", "demo.kew.dev");
    assertThat(client.getApiGroups().getGroups())
        .filteredOn(group -> group.getName().equals("demo.kew.dev"))
        .singleElement()
        .satisfies(
            group ->
                assertThat(group.getPreferredVersion().getGroupVersion())
                    .isEqualTo("demo.kew.dev/v1"));

    assertThat(client.getApiResources("v1").getResources())
        .filteredOn(resource -> resource.getName().equals("pods"))
        .singleElement()
        .satisfies(
            pods -> {
              assertThat(pods.getKind()).isEqualTo("Pod");
              assertThat(pods.getNamespaced()).isTrue();
              assertThat(pods.getShortNames()).containsExactly("po");
              assertThat(pods.getVerbs()).contains("list", "watch", "create");
            });
    assertThat(client.getApiResources("apps/v1").getResources())
        .extracting(APIResource::getName)
        .containsExactlyInAnyOrder("deployments", "statefulsets", "daemonsets", "replicasets");
    assertThat(client.getApiResources("demo.kew.dev/v1").getResources())
        .singleElement()
        .satisfies(
            backups -> {
              assertThat(backups.getKind()).isEqualTo("Backup");
              assertThat(backups.getShortNames()).containsExactly("bk");
            });
  }

  @Test
  void definesTheBackupCustomResource() {
    assertThat(
            client
                .apiextensions()
                .v1()
                .customResourceDefinitions()
                .withName("backups.demo.kew.dev")
                .get())
        .isNotNull();
  }

  @Test
  void createdObjectsGetRandomUidsThatTheCreatorSeesToo() {
    List<String> uids = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      ConfigMap created =
          client
              .configMaps()
              .inNamespace("default")
              .resource(
                  new ConfigMapBuilder()
                      .withNewMetadata()
                      .withName("uid-check-" + i)
                      .endMetadata()
                      .addToData("i", String.valueOf(i))
                      .build())
              .create();
      String stored =
          client
              .configMaps()
              .inNamespace("default")
              .withName("uid-check-" + i)
              .get()
              .getMetadata()
              .getUid();
      assertThat(created.getMetadata().getUid()).isEqualTo(stored);
      uids.add(stored);
    }
    assertThat(uids).doesNotHaveDuplicates();
    assertThat(uids)
        .allSatisfy(
            uid -> {
              assertThat(UUID.fromString(uid).version()).isEqualTo(4);
              assertThat(uid).doesNotStartWith("00000000-0000-0000-0000-");
            });
  }

  @Test
  void genericInformerOnBackupsSeesAddUpdateAndDelete() throws InterruptedException {
    BlockingQueue<String> events = new LinkedBlockingQueue<>();
    SharedIndexInformer<GenericKubernetesResource> informer =
        client
            .genericKubernetesResources("demo.kew.dev/v1", "Backup")
            .inAnyNamespace()
            .inform(recordingHandler(events));
    try {
      var backups =
          client.genericKubernetesResources(SimulatedCluster.BACKUPS).inNamespace("default");
      backups
          .resource(
              new GenericKubernetesResourceBuilder()
                  .withApiVersion("demo.kew.dev/v1")
                  .withKind("Backup")
                  .withNewMetadata()
                  .withName("nightly")
                  .endMetadata()
                  .withAdditionalProperties(Map.of("spec", Map.of("schedule", "0 2 * * *")))
                  .build())
          .create();
      assertThat(events.poll(10, TimeUnit.SECONDS)).isEqualTo("ADDED nightly");

      backups
          .withName("nightly")
          .edit(
              backup -> {
                backup.setAdditionalProperty("spec", Map.of("schedule", "0 3 * * *"));
                return backup;
              });
      assertThat(events.poll(10, TimeUnit.SECONDS)).isEqualTo("MODIFIED nightly");

      backups.withName("nightly").delete();
      assertThat(events.poll(10, TimeUnit.SECONDS)).isEqualTo("DELETED nightly");
    } finally {
      informer.close();
    }
  }

  @Test
  void writtenKubeconfigLetsFabric8ListPods() throws IOException {
    client
        .pods()
        .inNamespace("default")
        .resource(
            new PodBuilder()
                .withNewMetadata()
                .withName("kubeconfig-check")
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName("main")
                .withImage("nginx:1.27")
                .endContainer()
                .endSpec()
                .build())
        .create();
    Path kubeconfig = cluster.writeKubeconfig(tempDir.resolve("kubeconfig"), "my-context");

    Config config = Config.fromKubeconfig(Files.readString(kubeconfig));
    assertThat(config.getCurrentContext().getName()).isEqualTo("my-context");
    try (KubernetesClient other = new KubernetesClientBuilder().withConfig(config).build()) {
      assertThat(other.pods().inAnyNamespace().list().getItems())
          .extracting(pod -> pod.getMetadata().getName())
          .contains("kubeconfig-check");
    }
  }

  @Test
  void informerStaysInStepAcrossClosedWatchesAndAnExpiredHistory() {
    SharedIndexInformer<ConfigMap> informer = client.configMaps().inNamespace("informed").inform();
    try {
      await().atMost(Duration.ofSeconds(20)).until(informer::hasSynced);
      for (int round = 0; round < 3; round++) {
        informedConfigMap("kept-" + round).create();
        informedConfigMap("gone-" + round).create();
        cluster.closeAllWatches();
        // Made while no watch is open: the informer's next watch replays it from its
        // resourceVersion, or (after the expiry) its relist finds it gone.
        client.configMaps().inNamespace("informed").withName("gone-" + round).delete();
        if (round == 1) {
          cluster.expireHistory();
        }
      }

      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () ->
                  assertThat(informer.getStore().list())
                      .extracting(cm -> cm.getMetadata().getName())
                      .containsExactlyInAnyOrder("kept-0", "kept-1", "kept-2"));
    } finally {
      informer.close();
    }
  }

  private static io.fabric8.kubernetes.client.dsl.Resource<ConfigMap> informedConfigMap(
      String name) {
    return client
        .configMaps()
        .inNamespace("informed")
        .resource(new ConfigMapBuilder().withNewMetadata().withName(name).endMetadata().build());
  }

  private static ResourceEventHandler<GenericKubernetesResource> recordingHandler(
      BlockingQueue<String> events) {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(GenericKubernetesResource obj) {
        events.add("ADDED " + name(obj));
      }

      @Override
      public void onUpdate(GenericKubernetesResource oldObj, GenericKubernetesResource newObj) {
        events.add("MODIFIED " + name(newObj));
      }

      @Override
      public void onDelete(GenericKubernetesResource obj, boolean deletedFinalStateUnknown) {
        events.add("DELETED " + name(obj));
      }
    };
  }

  private static String name(HasMetadata obj) {
    return obj.getMetadata().getName();
  }
}
