package dev.kew.local.cluster;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The churn's changes to services and configuration, each through the manager that makes it on a
 * real cluster: canary Services and feature-flag ConfigMaps added and removed (helm), Secrets
 * rotated ({@code kubectl patch}), Backup runs recorded (the backup operator).
 */
final class ConfigChanges {

  private static final Logger log = LoggerFactory.getLogger(ConfigChanges.class);

  private final KubernetesClient client;
  private final ManagerClients managers;
  private final Random random;
  private final ChurnPicks picks;
  private final Clock clock;
  private final Consumer<HasMetadata> deleted;

  ConfigChanges(
      KubernetesClient client,
      ManagerClients managers,
      Random random,
      ChurnPicks picks,
      Clock clock,
      Consumer<HasMetadata> deleted) {
    this.client = client;
    this.managers = managers;
    this.random = random;
    this.picks = picks;
    this.clock = clock;
    this.deleted = deleted;
  }

  ChurnChange createService() {
    Deployment deployment =
        picks.pick(client.apps().deployments().inAnyNamespace().list().getItems());
    String app = deployment.getMetadata().getName();
    int port = 8000 + random.nextInt(1000);
    managers
        .as(ManagerClients.HELM)
        .resource(
            new ServiceBuilder()
                .withNewMetadata()
                .withNamespace(deployment.getMetadata().getNamespace())
                .withName(app + "-canary-" + picks.suffix())
                .addToLabels("app", app)
                .addToLabels("track", "canary")
                .addToLabels(ClusterChanges.MANAGED_BY_LABEL, ClusterChanges.MANAGED_BY)
                .endMetadata()
                .withNewSpec()
                .withType("ClusterIP")
                .addToSelector("app", app)
                .addToSelector("track", "canary")
                .addNewPort()
                .withName("http")
                .withPort(port)
                .withTargetPort(new IntOrString(port))
                .endPort()
                .endSpec()
                .build())
        .create();
    log.debug("Churn: created a canary service for {}", ChurnPicks.id(deployment));
    return ChurnChange.CREATE_SERVICE;
  }

  ChurnChange deleteService() {
    var services =
        client
            .services()
            .inAnyNamespace()
            .withLabel(ClusterChanges.MANAGED_BY_LABEL, ClusterChanges.MANAGED_BY)
            .list()
            .getItems();
    if (services.isEmpty()) {
      return createService();
    }
    var service = picks.pick(services);
    managers.as(ManagerClients.HELM).resource(service).delete();
    deleted.accept(service);
    log.debug("Churn: deleted service {}", ChurnPicks.id(service));
    return ChurnChange.DELETE_SERVICE;
  }

  ChurnChange createConfigMap() {
    String namespace = SeedData.NAMESPACES.get(random.nextInt(SeedData.NAMESPACES.size()));
    managers
        .as(ManagerClients.HELM)
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withNamespace(namespace)
                .withName("feature-flags-" + picks.suffix())
                .addToLabels(ClusterChanges.MANAGED_BY_LABEL, ClusterChanges.MANAGED_BY)
                .endMetadata()
                .addToData("new-checkout", String.valueOf(random.nextBoolean()))
                .addToData("rollout-percent", String.valueOf(random.nextInt(101)))
                .build())
        .create();
    log.debug("Churn: created a feature-flags configmap in {}", namespace);
    return ChurnChange.CREATE_CONFIGMAP;
  }

  ChurnChange deleteConfigMap() {
    var configMaps =
        client
            .configMaps()
            .inAnyNamespace()
            .withLabel(ClusterChanges.MANAGED_BY_LABEL, ClusterChanges.MANAGED_BY)
            .list()
            .getItems();
    if (configMaps.isEmpty()) {
      return createConfigMap();
    }
    var configMap = picks.pick(configMaps);
    managers.as(ManagerClients.HELM).resource(configMap).delete();
    deleted.accept(configMap);
    log.debug("Churn: deleted configmap {}", ChurnPicks.id(configMap));
    return ChurnChange.DELETE_CONFIGMAP;
  }

  ChurnChange patchSecret() {
    Secret secret = picks.pick(client.secrets().inAnyNamespace().list().getItems());
    String key =
        secret.getData() == null || secret.getData().isEmpty()
            ? "token"
            : secret.getData().keySet().stream().sorted().findFirst().orElseThrow();
    Map<String, Object> patch =
        Map.of(
            "metadata",
            Map.of("annotations", Map.of("kew.dev/rotated-at", clock.instant().toString())),
            "data",
            Map.of(key, SeedData.base64("rotated-" + picks.suffix() + picks.suffix())));
    managers
        .as(ManagerClients.KUBECTL_PATCH)
        .secrets()
        .inNamespace(secret.getMetadata().getNamespace())
        .withName(secret.getMetadata().getName())
        .patch(PatchContext.of(PatchType.JSON_MERGE), Serialization.asJson(patch));
    log.debug("Churn: rotated key {} of secret {}", key, ChurnPicks.id(secret));
    return ChurnChange.PATCH_SECRET;
  }

  ChurnChange updateBackup() {
    List<GenericKubernetesResource> backups =
        client
            .genericKubernetesResources(SimulatedCluster.BACKUPS)
            .inAnyNamespace()
            .list()
            .getItems();
    if (backups.isEmpty()) {
      return createConfigMap();
    }
    GenericKubernetesResource backup = picks.pick(backups);
    Map<String, Object> patch =
        Map.of(
            "status",
            Map.of(
                "phase",
                random.nextInt(10) == 0 ? "Failed" : "Succeeded",
                "lastRun",
                clock.instant().toString(),
                "sizeBytes",
                1_000_000L + random.nextInt(50_000_000)));
    managers
        .as(ManagerClients.BACKUP_OPERATOR)
        .genericKubernetesResources(SimulatedCluster.BACKUPS)
        .inNamespace(backup.getMetadata().getNamespace())
        .withName(backup.getMetadata().getName())
        .patch(PatchContext.of(PatchType.JSON_MERGE), Serialization.asJson(patch));
    log.debug("Churn: recorded a run of backup {}", ChurnPicks.id(backup));
    return ChurnChange.UPDATE_BACKUP;
  }
}
