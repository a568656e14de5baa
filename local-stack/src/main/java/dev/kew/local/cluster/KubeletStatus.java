package dev.kew.local.cluster;

import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;

/** Writes to a Pod's status what kubelet writes there: that it runs, or that it restarted. */
final class KubeletStatus {

  private KubeletStatus() {}

  /** Whether kubelet has reported the Pod running. */
  static boolean running(Pod pod) {
    return pod.getStatus() != null
        && "Running".equals(pod.getStatus().getPhase())
        && pod.getStatus().getContainerStatuses() != null
        && !pod.getStatus().getContainerStatuses().isEmpty();
  }

  /** What kubelet writes to a Pod's status once its container runs. */
  static void reportRunning(KubernetesClient kubelet, Pod pod) {
    kubelet
        .pods()
        .inNamespace(pod.getMetadata().getNamespace())
        .withName(pod.getMetadata().getName())
        .editStatus(
            current ->
                new PodBuilder(current)
                    .editOrNewStatus()
                    .withPhase("Running")
                    .withPodIP(
                        "10.244.0."
                            + (1 + Math.floorMod(pod.getMetadata().getName().hashCode(), 250)))
                    .withConditions(
                        new PodConditionBuilder().withType("Ready").withStatus("True").build())
                    .withContainerStatuses(
                        new ContainerStatusBuilder()
                            .withName(pod.getSpec().getContainers().get(0).getName())
                            .withImage(pod.getSpec().getContainers().get(0).getImage())
                            .withReady(true)
                            .withRestartCount(0)
                            .withStarted(true)
                            .build())
                    .endStatus()
                    .build());
  }

  /** What kubelet writes to a running Pod's status when its container restarted. */
  static void reportRestarted(KubernetesClient kubelet, Pod pod) {
    kubelet
        .pods()
        .inNamespace(pod.getMetadata().getNamespace())
        .withName(pod.getMetadata().getName())
        .editStatus(
            p -> {
              var container = p.getStatus().getContainerStatuses().get(0);
              return new PodBuilder(p)
                  .editStatus()
                  .editFirstContainerStatus()
                  .withRestartCount(
                      container.getRestartCount() == null ? 1 : container.getRestartCount() + 1)
                  .endContainerStatus()
                  .endStatus()
                  .build();
            });
  }
}
