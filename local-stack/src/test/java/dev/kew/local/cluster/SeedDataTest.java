package dev.kew.local.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SeedDataTest {

  private static SimulatedCluster cluster;
  private static KubernetesClient client;
  private static int created;

  @BeforeAll
  static void seed() {
    cluster = SimulatedCluster.start(0);
    client = cluster.client();
    created = SeedData.apply(client);
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  @Test
  void createsAboutFortyObjectsOfEveryExpectedKind() {
    assertThat(created).isBetween(30, 50);
    assertThat(SeedData.objects())
        .extracting(HasMetadata::getKind)
        .contains("Namespace", "Deployment", "Service", "Pod", "ConfigMap", "Secret", "Backup");
  }

  @Test
  void namespacesAndWorkloadsExistInTheCluster() {
    assertThat(client.namespaces().list().getItems())
        .extracting(ns -> ns.getMetadata().getName())
        .containsExactlyInAnyOrderElementsOf(SeedData.NAMESPACES);
    assertThat(client.apps().deployments().inNamespace("shop").list().getItems())
        .extracting(d -> d.getMetadata().getName())
        .contains("web", "api", "worker");
    assertThat(
            client
                .apps()
                .deployments()
                .inNamespace("shop")
                .withName("web")
                .get()
                .getMetadata()
                .getLabels())
        .containsEntry("app", "web")
        .containsEntry("tier", "frontend");
    assertThat(client.pods().inNamespace("shop").withLabel("app", "web").list().getItems())
        .hasSize(3)
        .allSatisfy(
            pod -> assertThat(pod.getMetadata().getName()).matches("web-[0-9a-f]+-[a-z0-9]{5}"));
    assertThat(client.services().inAnyNamespace().list().getItems()).isNotEmpty();
    assertThat(client.configMaps().inAnyNamespace().list().getItems())
        .hasSizeGreaterThanOrEqualTo(4);
  }

  @Test
  void secretsAreOpaqueWithBase64Data() {
    List<Secret> secrets = client.secrets().inAnyNamespace().list().getItems();
    assertThat(secrets).isNotEmpty();
    assertThat(secrets)
        .allSatisfy(
            secret -> {
              assertThat(secret.getType()).isEqualTo("Opaque");
              assertThat(secret.getData().values())
                  .allSatisfy(value -> assertThat(Base64.getDecoder().decode(value)).isNotEmpty());
            });
  }

  @Test
  void backupsExistAsCustomResources() {
    assertThat(
            client
                .genericKubernetesResources(SimulatedCluster.BACKUPS)
                .inAnyNamespace()
                .list()
                .getItems())
        .extracting(b -> b.getMetadata().getName())
        .containsExactlyInAnyOrder("nightly-db", "hourly-ledger");
  }
}
