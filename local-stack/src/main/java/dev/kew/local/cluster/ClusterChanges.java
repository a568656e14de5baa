package dev.kew.local.cluster;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.util.Random;

/**
 * Makes one change of a {@link ChurnChange} kind to the cluster (see {@link WorkloadChanges} and
 * {@link ConfigChanges}), and journals the deletions it makes.
 */
final class ClusterChanges {

  /** The label, and its value, on every object the churn adds: it only removes those. */
  static final String MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";

  static final String MANAGED_BY = "kew-churn";

  private final WorkloadChanges workloads;
  private final ConfigChanges config;
  private volatile DeletionJournal journal;

  /** {@code managers} act for the managers of {@code client}; {@code random} is the churn's. */
  ClusterChanges(KubernetesClient client, ManagerClients managers, Random random, Clock clock) {
    ChurnPicks picks = new ChurnPicks(random);
    this.workloads = new WorkloadChanges(client, managers, random, picks, this::journalDeleted);
    this.config = new ConfigChanges(client, managers, random, picks, clock, this::journalDeleted);
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
      case SCALE_DEPLOYMENT -> workloads.scaleDeployment();
      case REIMAGE_DEPLOYMENT -> workloads.reimageDeployment();
      case CREATE_POD -> workloads.createPod();
      case DELETE_POD -> workloads.deletePod();
      case REPORT_POD_STATUS -> workloads.reportPodStatus();
      case CREATE_SERVICE -> config.createService();
      case DELETE_SERVICE -> config.deleteService();
      case CREATE_CONFIGMAP -> config.createConfigMap();
      case DELETE_CONFIGMAP -> config.deleteConfigMap();
      case PATCH_SECRET -> config.patchSecret();
      case UPDATE_BACKUP -> config.updateBackup();
    };
  }
}
