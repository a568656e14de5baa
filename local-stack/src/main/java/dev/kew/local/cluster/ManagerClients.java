package dev.kew.local.cluster;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * fabric8 clients of one simulated cluster, one per field manager: each sends a User-Agent that
 * kube-apiserver (and the simulated cluster) turns into that manager's name in managedFields, so
 * seed and churn writes show who changed what as on a real cluster ({@code kube-controller-manager}
 * makes Pods, {@code kubelet} writes their status, {@code helm} installs the apps).
 */
final class ManagerClients implements AutoCloseable {

  static final String CONTROLLER_MANAGER = "kube-controller-manager";
  static final String KUBELET = "kubelet";
  static final String HELM = "helm";
  static final String BACKUP_OPERATOR = "backup-operator";

  /** Managers named by kubectl itself through {@code ?fieldManager=}. */
  static final String KUBECTL_APPLY = "kubectl-client-side-apply";

  static final String KUBECTL_EDIT = "kubectl-edit";
  static final String KUBECTL_PATCH = "kubectl-patch";
  static final String KUBECTL_CREATE = "kubectl-create";

  private final String masterUrl;
  private final Map<String, KubernetesClient> clients = new ConcurrentHashMap<>();

  ManagerClients(KubernetesClient any) {
    this.masterUrl = any.getMasterUrl().toString();
  }

  /** The client whose writes are recorded for {@code manager}. */
  KubernetesClient as(String manager) {
    return clients.computeIfAbsent(
        manager,
        m -> SimulatedCluster.clientFor(masterUrl, m + "/v1.32.0 (linux/amd64) kew-simulated"));
  }

  @Override
  public void close() {
    clients.values().forEach(KubernetesClient::close);
    clients.clear();
  }
}
