package dev.kew.producer;

import dev.kew.cli.KafkaConnection;
import dev.kew.ops.OpsSettings;
import dev.kew.producer.ha.LeaderElectionSettings;
import dev.kew.producer.paths.PathRule;
import dev.kew.producer.redact.RedactionRules;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything the watcher needs, validated once by {@code cli.ProducerCommand}; code below the CLI
 * reads its configuration from here only.
 *
 * @param kafka brokers, topic and the user's Kafka client properties
 * @param resources the names given to {@code --resources}, resolved later through API discovery
 * @param namespaces the namespaces to watch; empty for all namespaces
 * @param labelSelector only objects matching this label selector, if given
 * @param clusterName the name written into every envelope; empty for the kubeconfig context name
 *     (or {@code in-cluster})
 * @param kubeconfig the kubeconfig file to use instead of fabric8's usual lookup
 * @param context the kubeconfig context to use instead of the current one
 * @param partitions partitions of the topic when it is created
 * @param replicationFactor replication factor of the topic when it is created; empty for the broker
 *     default
 * @param retention how long the topic keeps events, when it is created
 * @param resyncPeriod how often informers replay their cache; zero for never
 * @param kafkaTimeout how long to wait for Kafka to answer at start
 * @param ignorePaths paths whose changes alone are not published (besides managedFields,
 *     resourceVersion and generation)
 * @param redaction what to redact besides a Secret's values
 * @param ops metrics and probe port, log format
 * @param leaderElection whether and how replicas elect the one that publishes
 * @param watchStallTimeout how long a watch may stay silent before its informer is restarted; zero
 *     for never
 * @param maxInFlight how many events may wait for Kafka before the informers pause
 * @param kafkaOutageLimit how long Kafka may stay unusable before the producer exits with 1
 */
public record ProducerSettings(
    KafkaConnection kafka,
    List<String> resources,
    List<String> namespaces,
    Optional<String> labelSelector,
    Optional<String> clusterName,
    Optional<Path> kubeconfig,
    Optional<String> context,
    int partitions,
    Optional<Short> replicationFactor,
    Duration retention,
    Duration resyncPeriod,
    Duration kafkaTimeout,
    List<PathRule> ignorePaths,
    RedactionRules redaction,
    OpsSettings ops,
    LeaderElectionSettings leaderElection,
    Duration watchStallTimeout,
    int maxInFlight,
    Duration kafkaOutageLimit) {

  public ProducerSettings {
    Objects.requireNonNull(kafka, "kafka");
    resources = List.copyOf(resources);
    namespaces = List.copyOf(namespaces);
    Objects.requireNonNull(labelSelector, "labelSelector");
    Objects.requireNonNull(clusterName, "clusterName");
    Objects.requireNonNull(kubeconfig, "kubeconfig");
    Objects.requireNonNull(context, "context");
    Objects.requireNonNull(replicationFactor, "replicationFactor");
    Objects.requireNonNull(retention, "retention");
    Objects.requireNonNull(resyncPeriod, "resyncPeriod");
    Objects.requireNonNull(kafkaTimeout, "kafkaTimeout");
    ignorePaths = List.copyOf(ignorePaths);
    Objects.requireNonNull(redaction, "redaction");
    Objects.requireNonNull(ops, "ops");
    Objects.requireNonNull(leaderElection, "leaderElection");
    Objects.requireNonNull(watchStallTimeout, "watchStallTimeout");
    Objects.requireNonNull(kafkaOutageLimit, "kafkaOutageLimit");
    if (maxInFlight < 1) {
      throw new IllegalArgumentException("maxInFlight must be 1 or more");
    }
    if (resources.isEmpty()) {
      throw new IllegalArgumentException("at least one resource is required");
    }
    if (partitions < 1) {
      throw new IllegalArgumentException("partitions must be 1 or more");
    }
  }
}
