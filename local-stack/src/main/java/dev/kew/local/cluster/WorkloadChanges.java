package dev.kew.local.cluster;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The churn's changes to workloads, each through the manager that makes it on a real cluster:
 * Deployments scaled ({@code kubectl edit}) and given a new image ({@code kubectl apply}), Pods
 * created and deleted (kube-controller-manager) and reported running or restarted (kubelet).
 */
final class WorkloadChanges {

  private static final Logger log = LoggerFactory.getLogger(WorkloadChanges.class);
  private static final Pattern SEMVER_TAG = Pattern.compile("(.*:v?\\d+\\.\\d+\\.)(\\d+)");

  private final KubernetesClient client;
  private final ManagerClients managers;
  private final Random random;
  private final ChurnPicks picks;
  private final Consumer<HasMetadata> deleted;

  WorkloadChanges(
      KubernetesClient client,
      ManagerClients managers,
      Random random,
      ChurnPicks picks,
      Consumer<HasMetadata> deleted) {
    this.client = client;
    this.managers = managers;
    this.random = random;
    this.picks = picks;
    this.deleted = deleted;
  }

  ChurnChange scaleDeployment() {
    Deployment deployment =
        picks.pick(client.apps().deployments().inAnyNamespace().list().getItems());
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
    log.debug("Churn: scaled deployment {} to {}", ChurnPicks.id(deployment), replicas);
    return ChurnChange.SCALE_DEPLOYMENT;
  }

  ChurnChange reimageDeployment() {
    Deployment deployment =
        picks.pick(client.apps().deployments().inAnyNamespace().list().getItems());
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
    log.debug("Churn: deployment {} now runs {}", ChurnPicks.id(deployment), image);
    return ChurnChange.REIMAGE_DEPLOYMENT;
  }

  ChurnChange createPod() {
    Deployment deployment =
        picks.pick(client.apps().deployments().inAnyNamespace().list().getItems());
    Map<String, String> labels = deployment.getSpec().getTemplate().getMetadata().getLabels();
    Pod pod =
        SeedData.pod(
            deployment.getMetadata().getNamespace(),
            deployment.getMetadata().getName(),
            labels.getOrDefault("tier", "backend"),
            deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getImage(),
            random);
    managers.as(ManagerClients.CONTROLLER_MANAGER).resource(pod).create();
    log.debug("Churn: created pod {}", ChurnPicks.id(pod));
    return ChurnChange.CREATE_POD;
  }

  ChurnChange deletePod() {
    List<Pod> pods = client.pods().inAnyNamespace().list().getItems();
    if (pods.isEmpty()) {
      return createPod();
    }
    Pod pod = picks.pick(pods);
    managers.as(ManagerClients.CONTROLLER_MANAGER).resource(pod).delete();
    deleted.accept(pod);
    log.debug("Churn: deleted pod {}", ChurnPicks.id(pod));
    return ChurnChange.DELETE_POD;
  }

  /** kubelet reports a Pending Pod running, or (when none is pending) a running one restarted. */
  ChurnChange reportPodStatus() {
    List<Pod> pods = client.pods().inAnyNamespace().list().getItems();
    if (pods.isEmpty()) {
      return createPod();
    }
    List<Pod> pending = pods.stream().filter(p -> !KubeletStatus.running(p)).toList();
    Pod pod = picks.pick(pending.isEmpty() ? pods : pending);
    KubernetesClient kubelet = managers.as(ManagerClients.KUBELET);
    if (KubeletStatus.running(pod)) {
      KubeletStatus.reportRestarted(kubelet, pod);
    } else {
      KubeletStatus.reportRunning(kubelet, pod);
    }
    log.debug("Churn: kubelet reported the status of pod {}", ChurnPicks.id(pod));
    return ChurnChange.REPORT_POD_STATUS;
  }

  static String nextImage(String image) {
    Matcher m = SEMVER_TAG.matcher(image);
    if (m.matches()) {
      return m.group(1) + (Long.parseLong(m.group(2)) + 1);
    }
    return image.contains(":") ? image + "-1" : image + ":1.0.1";
  }
}
