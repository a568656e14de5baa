package dev.kew.producer;

import dev.kew.cli.KafkaConnection;
import dev.kew.producer.cli.ProducerSettings;
import dev.kew.producer.diff.ChangeTracker;
import dev.kew.producer.diff.InMemoryLastPublished;
import dev.kew.producer.publish.EventPublisher;
import dev.kew.producer.publish.TopicProvisioner;
import dev.kew.producer.redact.Redactor;
import dev.kew.producer.watch.ChangeEventHandler;
import dev.kew.producer.watch.InformerSet;
import dev.kew.producer.watch.ResolvedResource;
import dev.kew.producer.watch.ResourceCatalog;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running watcher: informers for the configured resources feeding an {@link EventPublisher}.
 * Started by the CLI, or in-process by tests with their own {@link KubernetesClient}.
 */
public final class WatcherProducer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(WatcherProducer.class);

  /** The cluster name used when running with a service account rather than a kubeconfig. */
  public static final String IN_CLUSTER = "in-cluster";

  private final String cluster;
  private final List<ResolvedResource> resources;
  private final EventPublisher publisher;
  private final ChangeEventHandler handler;
  private final InformerSet informers;
  private final CompletableFuture<Void> failure;
  private final AtomicBoolean closed = new AtomicBoolean();

  private WatcherProducer(
      String cluster,
      List<ResolvedResource> resources,
      EventPublisher publisher,
      ChangeEventHandler handler,
      InformerSet informers) {
    this.cluster = cluster;
    this.resources = resources;
    this.publisher = publisher;
    this.handler = handler;
    this.informers = informers;
    this.failure =
        CompletableFuture.anyOf(publisher.failure(), informers.failure()).thenRun(() -> {});
  }

  /**
   * Resolves the resources through API discovery, makes sure the topic exists, then starts the
   * informers. Returns without waiting for them to sync (see {@link #awaitSynced(Duration)}).
   *
   * @throws StartupException when a resource is unknown, or the API server or Kafka cannot be used
   */
  public static WatcherProducer start(ProducerSettings settings, KubernetesClient client) {
    List<ResolvedResource> resources =
        ResourceCatalog.discover(client).resolveAll(settings.resources());
    String cluster =
        settings.clusterName().orElseGet(() -> defaultClusterName(client.getConfiguration()));
    KafkaConnection kafka = settings.kafka();
    new TopicProvisioner(kafka.clientProperties(), settings.kafkaTimeout())
        .ensureTopic(
            kafka.topic(),
            settings.partitions(),
            settings.replicationFactor(),
            settings.retention());

    EventPublisher publisher = EventPublisher.create(kafka.clientProperties(), kafka.topic());
    ChangeEventHandler handler =
        new ChangeEventHandler(
            client.getKubernetesSerialization(),
            cluster,
            new Redactor(settings.redaction()),
            new ChangeTracker(new InMemoryLastPublished(), settings.ignorePaths()),
            publisher::publish);
    InformerSet informers;
    try {
      informers =
          InformerSet.start(
              client,
              resources,
              settings.namespaces(),
              settings.labelSelector(),
              settings.resyncPeriod(),
              handler);
    } catch (RuntimeException e) {
      publisher.close(Duration.ZERO);
      throw e;
    }
    log.info(
        "Watching {} in {} of cluster {} -> topic {} @ {}",
        resources.stream().map(ResolvedResource::displayName).collect(Collectors.joining(", ")),
        settings.namespaces().isEmpty()
            ? "all namespaces"
            : "namespaces " + String.join(", ", settings.namespaces()),
        cluster,
        kafka.topic(),
        kafka.bootstrapServers());
    log.info(
        "Redacting Secret values, env values named {}{}; ignoring changes of {}",
        String.join(",", settings.redaction().envNames()),
        settings.redaction().paths().isEmpty() ? "" : " and paths " + settings.redaction().paths(),
        settings.ignorePaths().isEmpty()
            ? "managedFields, resourceVersion and generation only"
            : settings.ignorePaths() + " besides managedFields, resourceVersion and generation");
    return new WatcherProducer(cluster, resources, publisher, handler, informers);
  }

  /** The kubeconfig's current context name, or {@value #IN_CLUSTER} without a kubeconfig. */
  public static String defaultClusterName(Config config) {
    return config.getCurrentContext() != null && config.getCurrentContext().getName() != null
        ? config.getCurrentContext().getName()
        : IN_CLUSTER;
  }

  /**
   * Waits until every informer has listed its objects (their ADDED events are then on their way).
   *
   * @return false when the timeout passed first
   */
  public boolean awaitSynced(Duration timeout) throws InterruptedException {
    return informers.awaitSynced(timeout);
  }

  /**
   * Completes exceptionally when the watcher cannot go on without losing events: a record could not
   * be sent, or an informer stopped with an error. It never completes normally.
   */
  public CompletableFuture<Void> failure() {
    return failure;
  }

  /** Events Kafka acknowledged. */
  public long published() {
    return publisher.published();
  }

  /** Informer resyncs (updates without a new resourceVersion) that published nothing. */
  public long resyncsSkipped() {
    return handler.resyncsSkipped();
  }

  /** Updates not published because only ignored paths changed. */
  public long ignoredUpdates() {
    return handler.ignoredUpdates();
  }

  /** Events published truncated because they were larger than {@code max.request.size}. */
  public long truncated() {
    return publisher.truncated();
  }

  /** The cluster name written into every envelope. */
  public String cluster() {
    return cluster;
  }

  /** The resources being watched, as resolved through API discovery. */
  public List<ResolvedResource> resources() {
    return resources;
  }

  /** Stops the informers, then sends what is buffered and closes the producer. Idempotent. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    informers.close();
    publisher.close();
    log.info(
        "Stopped: {} events published ({} truncated), {} resyncs and {} ignored updates skipped",
        publisher.published(),
        publisher.truncated(),
        handler.resyncsSkipped(),
        handler.ignoredUpdates());
  }
}
