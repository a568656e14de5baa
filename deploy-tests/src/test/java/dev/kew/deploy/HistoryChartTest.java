package dev.kew.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kew.deploy.HelmChart.Manifests;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import org.junit.jupiter.api.Test;

/**
 * The chart's history section: off by default, a locked-down Deployment and a ClusterIP Service.
 */
class HistoryChartTest {

  private static final String HISTORY = "kew-kube-event-watcher-history";

  private static PodSpec pod(Manifests manifests) {
    return manifests.one(Deployment.class, HISTORY).getSpec().getTemplate().getSpec();
  }

  private static Volume volume(PodSpec pod, String name) {
    return pod.getVolumes().stream()
        .filter(v -> v.getName().equals(name))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void historyIsOffByDefault() {
    assertThat(HelmChart.template("").names()).noneMatch(name -> name.contains("history"));
  }

  @Test
  void enabledHistoryIsALockedDownDeploymentBehindAClusterIpService() {
    Manifests manifests = HelmChart.template("history: {enabled: true, replicas: 2}");

    PodSpec pod = pod(manifests);
    Container container = pod.getContainers().get(0);
    assertThat(container.getImage())
        .isEqualTo("kube-event-watcher/event-history:" + Project.version());
    assertThat(container.getArgs()).containsExactly("serve");
    assertThat(pod.getAutomountServiceAccountToken()).isFalse();
    assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    assertThat(container.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
    assertThat(container.getReadinessProbe().getHttpGet().getPort().getStrVal())
        .isEqualTo("metrics");
    assertThat(HelmChartTest.envVars(container))
        .extractingByKeys("KEW_INDEX_DIR", "KEW_HISTORY_ADDRESS", "KEW_HISTORY_PORT")
        .extracting(EnvVar::getValue)
        .containsExactly("/var/lib/kew-history", "0.0.0.0", "8081");
    assertThat(HelmChartTest.envVars(container)).doesNotContainKey("KEW_HISTORY_TOKEN_FILE");
    assertThat(container.getVolumeMounts())
        .anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo("/var/lib/kew-history"));
    assertThat(volume(pod, "index").getEmptyDir()).isNotNull();
    assertThat(manifests.one(Deployment.class, HISTORY).getSpec().getReplicas()).isEqualTo(2);
    Service service = manifests.one(Service.class, HISTORY);
    assertThat(service.getSpec().getType()).isEqualTo("ClusterIP");
    assertThat(service.getSpec().getSelector())
        .containsEntry("app.kubernetes.io/component", "history");
    assertThat(service.getSpec().getPorts().get(0).getTargetPort().getStrVal()).isEqualTo("http");
  }

  @Test
  void theTokenComesFromASecretMountedAsAFile() {
    PodSpec pod =
        pod(HelmChart.template("history: {enabled: true, token: {existingSecret: kew-history}}"));

    Container container = pod.getContainers().get(0);
    assertThat(HelmChartTest.envVars(container).get("KEW_HISTORY_TOKEN_FILE").getValue())
        .isEqualTo("/etc/kew/history-token/token");
    assertThat(volume(pod, "history-token").getSecret().getSecretName()).isEqualTo("kew-history");
    assertThat(container.getVolumeMounts())
        .filteredOn(m -> m.getName().equals("history-token"))
        .singleElement()
        .satisfies(m -> assertThat(m.getReadOnly()).isTrue());
  }

  @Test
  void persistenceKeepsTheIndexOnAClaimForOneReplica() {
    Manifests manifests =
        HelmChart.template("history: {enabled: true, persistence: {enabled: true, size: 5Gi}}");

    assertThat(volume(pod(manifests), "index").getPersistentVolumeClaim().getClaimName())
        .isEqualTo(HISTORY);
    assertThat(
            manifests
                .one(PersistentVolumeClaim.class, HISTORY)
                .getSpec()
                .getResources()
                .getRequests()
                .get("storage")
                .toString())
        .isEqualTo("5Gi");
    assertThatThrownBy(
            () ->
                HelmChart.templateYaml(
                    "history: {enabled: true, replicas: 2, persistence: {enabled: true}}"))
        .hasMessageContaining("one PersistentVolumeClaim serves one replica");
    assertThatThrownBy(() -> HelmChart.templateYaml("history: {enabled: true, port: http}"))
        .hasMessageContaining("at '/history/port'");
  }

  @Test
  void networkPolicyOpensTheApiPortOnlyForHistory() {
    Manifests manifests =
        HelmChart.template("history: {enabled: true}\nnetworkPolicy: {enabled: true}");

    NetworkPolicy policy = manifests.one(NetworkPolicy.class, HISTORY);
    assertThat(policy.getSpec().getIngress().get(0).getPorts())
        .extracting(p -> p.getPort().getStrVal())
        .containsExactly("metrics", "http");
  }
}
