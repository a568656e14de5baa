package dev.kew.local.cluster;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes one change of a {@link ChurnChange} kind to the cluster, through the manager that makes it
 * on a real cluster, choosing what to change with the churn's seeded random.
 */
final class ClusterChanges {

  /** The label, and its value, on every object the churn adds: it only removes those. */
  static final String MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";

  static final String MANAGED_BY = "kew-churn";

  private static final Logger log = LoggerFactory.getLogger(ClusterChanges.class);
  private static final Pattern SEMVER_TAG = Pattern.compile("(.*:v?\\d+\\.\\d+\\.)(\\d+)");
  private static final String SUFFIX_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";

  private final KubernetesClient client;
  private final ManagerClients managers;
  private final Random random;
  private final Clock clock;
  private volatile DeletionJournal journal;

  /** {@code managers} act for the managers of {@code client}; {@code random} is the churn's. */
  ClusterChanges(KubernetesClient client, ManagerClients managers, Random random, Clock clock) {
    this.client = client;
    this.managers = managers;
    this.random = random;
    this.clock = clock;
  }

  /** Records every deletion made from now on in {@code journal}. */
  void journalDeletionsTo(DeletionJournal journal) {
    this.journal = journal;
  }

  private void journalDeleted(HasMetadata object) {
    DeletionJournal current = journal;
    if (current != null) {
      current.deleted(object);
    }
  }

  /** Makes one change of kind {@code change}, or a fallback; answers the kind made. */
  ChurnChange make(ChurnChange change) {
    return switch (change) {
      case SCALE_DEPLOYMENT -> scaleDeployment();
      case REIMAGE_DEPLOYMENT -> reimageDeployment();
      case CREATE_POD -> createPod();
      case DELETE_POD -> deletePod();
      case REPORT_POD_STATUS -> reportPodStatus();
      case CREATE_SERVICE -> createService();
      case DELETE_SERVICE -> deleteService();
      case CREATE_CONFIGMAP -> createConfigMap();
      case DELETE_CONFIGMAP -> deleteConfigMap();
      case PATCH_SECRET -> patchSecret();
      case UPDATE_BACKUP -> updateBackup();
    };
  }

  private ChurnChange scaleDeployment() {
    Deployment deployment = pick(client.apps().deployments().inAnyNamespace().list().getItems());
    int current =
        deployment.getSpec().getReplicas() == null ? 1 : deployment.getSpec().getReplicas();
    int replicas = 1 + (current + random.nextInt(4)) % 5;
    managers
        .as(ManagerClients.KUBECTL_EDIT)
        .apps()
        .deployments()
        .inNamespace(deployment.getMetadata().getNamespace())
        .withName(deployment.getMetadata().getName())
        .edit(d -> new DeploymentBuilder(d).editSpec().withReplicas(replicas).endSpec().build());
    log.debug("Churn: scaled deployment {} to {}", id(deployment), replicas);
    return ChurnChange.SCALE_DEPLOYMENT;
  }

  private ChurnChange reimageDeployment() {
    Deployment deployment = pick(client.apps().deployments().inAnyNamespace().list().getItems());
    String image =
        nextImage(deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getImage());
    String container =
        deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getName();
    Map<String, Object> patch =
        Map.of(
            "metadata",
            Map.of("annotations", Map.of("kubernetes.io/change-cause", "image " + image)),
            "spec",
            Map.of(
                "template",
                Map.of(
                    "spec",
                    Map.of("containers", List.of(Map.of("name", container, "image", image))))));
    managers
        .as(ManagerClients.KUBECTL_APPLY)
        .apps()
        .deployments()
        .inNamespace(deployment.getMetadata().getNamespace())
        .withName(deployment.getMetadata().getName())
        .patch(PatchContext.of(PatchType.STRATEGIC_MERGE), Serialization.asJson(patch));
    log.debug("Churn: deployment {} now runs {}", id(deployment), image);
    return ChurnChange.REIMAGE_DEPLOYMENT;
  }

  private ChurnChange createPod() {
    Deployment deployment = pick(client.apps().deployments().inAnyNamespace().list().getItems());
    Map<String, String> labels = deployment.getSpec().getTemplate().getMetadata().getLabels();
    Pod pod =
        SeedData.pod(
            deployment.getMetadata().getNamespace(),
            deployment.getMetadata().getName(),
            labels.getOrDefault("tier", "backend"),
            deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getImage(),
            random);
    managers.as(ManagerClients.CONTROLLER_MANAGER).resource(pod).create();
    log.debug("Churn: created pod {}", id(pod));
    return ChurnChange.CREATE_POD;
  }

  private ChurnChange deletePod() {
    List<Pod> pods = client.pods().inAnyNamespace().list().getItems();
    if (pods.isEmpty()) {
      return createPod();
    }
    Pod pod = pick(pods);
    managers.as(ManagerClients.CONTROLLER_MANAGER).resource(pod).delete();
    journalDeleted(pod);
    log.debug("Churn: deleted pod {}", id(pod));
    return ChurnChange.DELETE_POD;
  }

  /** kubelet reports a Pending Pod running, or (when none is pending) a running one restarted. */
  private ChurnChange reportPodStatus() {
    List<Pod> pods = client.pods().inAnyNamespace().list().getItems();
    if (pods.isEmpty()) {
      return createPod();
    }
    List<Pod> pending = pods.stream().filter(p -> !KubeletStatus.running(p)).toList();
    Pod pod = pick(pending.isEmpty() ? pods : pending);
    KubernetesClient kubelet = managers.as(ManagerClients.KUBELET);
    if (KubeletStatus.running(pod)) {
      KubeletStatus.reportRestarted(kubelet, pod);
    } else {
      KubeletStatus.reportRunning(kubelet, pod);
    }
    log.debug("Churn: kubelet reported the status of pod {}", id(pod));
    return ChurnChange.REPORT_POD_STATUS;
  }

  private ChurnChange createService() {
    Deployment deployment = pick(client.apps().deployments().inAnyNamespace().list().getItems());
    String app = deployment.getMetadata().getName();
    int port = 8000 + random.nextInt(1000);
    managers
        .as(ManagerClients.HELM)
        .resource(
            new ServiceBuilder()
                .withNewMetadata()
                .withNamespace(deployment.getMetadata().getNamespace())
                .withName(app + "-canary-" + suffix())
                .addToLabels("app", app)
                .addToLabels("track", "canary")
                .addToLabels(MANAGED_BY_LABEL, MANAGED_BY)
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
    log.debug("Churn: created a canary service for {}", id(deployment));
    return ChurnChange.CREATE_SERVICE;
  }

  private ChurnChange deleteService() {
    var services =
        client
            .services()
            .inAnyNamespace()
            .withLabel(MANAGED_BY_LABEL, MANAGED_BY)
            .list()
            .getItems();
    if (services.isEmpty()) {
      return createService();
    }
    var service = pick(services);
    managers.as(ManagerClients.HELM).resource(service).delete();
    journalDeleted(service);
    log.debug("Churn: deleted service {}", id(service));
    return ChurnChange.DELETE_SERVICE;
  }

  private ChurnChange createConfigMap() {
    String namespace = SeedData.NAMESPACES.get(random.nextInt(SeedData.NAMESPACES.size()));
    managers
        .as(ManagerClients.HELM)
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withNamespace(namespace)
                .withName("feature-flags-" + suffix())
                .addToLabels(MANAGED_BY_LABEL, MANAGED_BY)
                .endMetadata()
                .addToData("new-checkout", String.valueOf(random.nextBoolean()))
                .addToData("rollout-percent", String.valueOf(random.nextInt(101)))
                .build())
        .create();
    log.debug("Churn: created a feature-flags configmap in {}", namespace);
    return ChurnChange.CREATE_CONFIGMAP;
  }

  private ChurnChange deleteConfigMap() {
    var configMaps =
        client
            .configMaps()
            .inAnyNamespace()
            .withLabel(MANAGED_BY_LABEL, MANAGED_BY)
            .list()
            .getItems();
    if (configMaps.isEmpty()) {
      return createConfigMap();
    }
    var configMap = pick(configMaps);
    managers.as(ManagerClients.HELM).resource(configMap).delete();
    journalDeleted(configMap);
    log.debug("Churn: deleted configmap {}", id(configMap));
    return ChurnChange.DELETE_CONFIGMAP;
  }

  private ChurnChange patchSecret() {
    Secret secret = pick(client.secrets().inAnyNamespace().list().getItems());
    String key =
        secret.getData() == null || secret.getData().isEmpty()
            ? "token"
            : secret.getData().keySet().stream().sorted().findFirst().orElseThrow();
    Map<String, Object> patch =
        Map.of(
            "metadata",
            Map.of("annotations", Map.of("kew.dev/rotated-at", clock.instant().toString())),
            "data",
            Map.of(key, SeedData.base64("rotated-" + suffix() + suffix())));
    managers
        .as(ManagerClients.KUBECTL_PATCH)
        .secrets()
        .inNamespace(secret.getMetadata().getNamespace())
        .withName(secret.getMetadata().getName())
        .patch(PatchContext.of(PatchType.JSON_MERGE), Serialization.asJson(patch));
    log.debug("Churn: rotated key {} of secret {}", key, id(secret));
    return ChurnChange.PATCH_SECRET;
  }

  private ChurnChange updateBackup() {
    List<GenericKubernetesResource> backups =
        client
            .genericKubernetesResources(SimulatedCluster.BACKUPS)
            .inAnyNamespace()
            .list()
            .getItems();
    if (backups.isEmpty()) {
      return createConfigMap();
    }
    GenericKubernetesResource backup = pick(backups);
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
    log.debug("Churn: recorded a run of backup {}", id(backup));
    return ChurnChange.UPDATE_BACKUP;
  }

  /** A random element, chosen from the list sorted by namespace and name so a seed repeats. */
  private <T extends HasMetadata> T pick(List<T> items) {
    if (items.isEmpty()) {
      throw new IllegalStateException("nothing to change: the cluster has no objects of this kind");
    }
    List<T> sorted = new ArrayList<>(items);
    sorted.sort(Comparator.comparing(ClusterChanges::id));
    return sorted.get(random.nextInt(sorted.size()));
  }

  private String suffix() {
    StringBuilder suffix = new StringBuilder(5);
    for (int i = 0; i < 5; i++) {
      suffix.append(SUFFIX_ALPHABET.charAt(random.nextInt(SUFFIX_ALPHABET.length())));
    }
    return suffix.toString();
  }

  static String nextImage(String image) {
    Matcher m = SEMVER_TAG.matcher(image);
    if (m.matches()) {
      return m.group(1) + (Long.parseLong(m.group(2)) + 1);
    }
    return image.contains(":") ? image + "-1" : image + ":1.0.1";
  }

  private static String id(HasMetadata object) {
    String namespace = object.getMetadata().getNamespace();
    return (namespace == null ? "" : namespace + "/") + object.getMetadata().getName();
  }
}
