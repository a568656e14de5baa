package dev.kew.producer.ha;

import java.time.Duration;
import java.util.Objects;

/**
 * How replicas of the producer elect the one that watches and publishes, through a Kubernetes Lease
 * ({@code coordination.k8s.io/v1}).
 *
 * @param enabled whether to elect at all; off, the producer publishes at once
 * @param leaseName name of the Lease
 * @param leaseNamespace namespace of the Lease
 * @param identity this instance's name in the Lease's {@code holderIdentity}; unique per process
 * @param leaseDuration how long a standby waits after the leader's last renewal before taking over
 * @param renewDeadline how long the leader keeps trying to renew before it gives up leading
 * @param retryPeriod how often candidates try to acquire, and the leader to renew
 */
public record LeaderElectionSettings(
    boolean enabled,
    String leaseName,
    String leaseNamespace,
    String identity,
    Duration leaseDuration,
    Duration renewDeadline,
    Duration retryPeriod) {

  public LeaderElectionSettings {
    Objects.requireNonNull(leaseName, "leaseName");
    Objects.requireNonNull(leaseNamespace, "leaseNamespace");
    Objects.requireNonNull(identity, "identity");
    Objects.requireNonNull(leaseDuration, "leaseDuration");
    Objects.requireNonNull(renewDeadline, "renewDeadline");
    Objects.requireNonNull(retryPeriod, "retryPeriod");
  }

  /** The default Lease name for a topic: {@code kew-producer-<topic>}, made a valid name. */
  public static String defaultLeaseName(String topic) {
    String name =
        ("kew-producer-" + topic.toLowerCase(java.util.Locale.ROOT))
            .replaceAll("[^a-z0-9.-]", "-")
            .replaceAll("[-.]+$", "");
    return name.length() > 253 ? name.substring(0, 253).replaceAll("[-.]+$", "") : name;
  }
}
