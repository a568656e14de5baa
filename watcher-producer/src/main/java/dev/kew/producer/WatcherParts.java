package dev.kew.producer;

import dev.kew.cli.KafkaConnection;
import dev.kew.producer.diff.ChangeTracker;
import dev.kew.producer.diff.InMemoryLastPublished;
import dev.kew.producer.discovery.ResolvedResource;
import dev.kew.producer.discovery.ResourceCatalog;
import dev.kew.producer.ops.ProducerMetrics;
import dev.kew.producer.publish.ContentStripes;
import dev.kew.producer.publish.EventPublisher;
import dev.kew.producer.publish.Handoff;
import dev.kew.producer.publish.TopicProvisioner;
import dev.kew.producer.reconcile.ClusterListing;
import dev.kew.producer.reconcile.ListingComparison;
import dev.kew.producer.reconcile.Reconciler;
import dev.kew.producer.reconcile.RetryBackoff;
import dev.kew.producer.reconcile.StateLoader;
import dev.kew.producer.reconcile.StreamScope;
import dev.kew.producer.redact.Redactor;
import dev.kew.producer.watch.ChangeEventHandler;
import dev.kew.producer.watch.InformerSet;
import dev.kew.producer.watch.ObjectSanitizer;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires the started parts of one stream, in the order they must start: discovery, topics, the
 * fenced publisher, the last published state, the handler (its work on one content stripe per core)
 * and informers, then the reconciler.
 */
record WatcherParts(
    String cluster,
    List<ResolvedResource> resources,
    EventPublisher publisher,
    ContentStripes stripes,
    ChangeEventHandler handler,
    ListingComparison listings,
    InformerSet informers,
    Reconciler reconciler) {

  // The start lines keep the watcher's logger name, which log settings and readers look for.
  private static final Logger log = LoggerFactory.getLogger(WatcherProducer.class);

  /**
   * Starts the parts of the stream of {@code cluster}, with the reconciler's fresh list of the
   * cluster passed through {@code listingDecorator} (tests make it fail).
   *
   * @throws StartupException when a resource is unknown, or the API server or Kafka cannot be used
   */
  static WatcherParts start(
      ProducerSettings settings,
      KubernetesClient client,
      ProducerMetrics metrics,
      UnaryOperator<Supplier<Set<String>>> listingDecorator,
      String cluster) {
    List<ResolvedResource> resources =
        ResourceCatalog.discover(client).resolveAll(settings.resources());
    KafkaConnection kafka = settings.kafka();
    TopicProvisioner topics =
        new TopicProvisioner(kafka.clientProperties(), settings.kafkaTimeout());
    int partitions =
        topics.ensureTopic(
            kafka.topic(),
            settings.partitions(),
            settings.replicationFactor(),
            settings.retention());
    String stateTopic = EventPublisher.stateTopic(kafka.topic());
    topics.ensureStateTopic(stateTopic, partitions, settings.replicationFactor());

    StreamScope scope =
        new StreamScope(cluster, resources, settings.namespaces(), settings.labelSelector());
    EventPublisher publisher =
        EventPublisher.create(
            kafka.clientProperties(),
            kafka.topic(),
            cluster,
            scope.transactionalId(kafka.topic()),
            settings.maxInFlight(),
            settings.kafkaOutageLimit(),
            metrics);
    // Fences an earlier producer of this stream and aborts what it left open, so the state
    // topic's committed end is final before it is read.
    publisher.start(settings.kafkaTimeout());
    InMemoryLastPublished store = new InMemoryLastPublished();
    ContentStripes stripes = ContentStripes.perCore();
    ChangeEventHandler handler;
    ListingComparison listings;
    Handoff handoff;
    InformerSet informers;
    try {
      StateLoader.load(kafka.clientProperties(), stateTopic, scope, store, settings.kafkaTimeout());
      ChangeTracker tracker = new ChangeTracker(store, settings.ignorePaths());
      listings = new ListingComparison(cluster, tracker, metrics);
      handoff = new Handoff(publisher);
      handler =
          new ChangeEventHandler(
              cluster,
              new ObjectSanitizer(new Redactor(settings.redaction())),
              tracker,
              listings,
              handoff,
              stripes,
              metrics);
      listings.startListing();
      informers =
          InformerSet.start(
              client,
              resources,
              settings.namespaces(),
              settings.labelSelector(),
              settings.resyncPeriod(),
              handler,
              metrics);
    } catch (RuntimeException e) {
      stripes.close(Duration.ZERO);
      publisher.close(Duration.ZERO);
      throw e;
    }
    Reconciler reconciler =
        new Reconciler(
            listings,
            handoff,
            informers,
            publisher,
            listingDecorator.apply(() -> ClusterListing.uids(client, scope)),
            metrics,
            RetryBackoff.LISTING);
    logStart(settings, resources, cluster);
    return new WatcherParts(
        cluster, resources, publisher, stripes, handler, listings, informers, reconciler);
  }

  private static void logStart(
      ProducerSettings settings, List<ResolvedResource> resources, String cluster) {
    log.info(
        "Watching {} in {} of cluster {} -> topic {} @ {}",
        resources.stream().map(ResolvedResource::displayName).collect(Collectors.joining(", ")),
        settings.namespaces().isEmpty()
            ? "all namespaces"
            : "namespaces " + String.join(", ", settings.namespaces()),
        cluster,
        settings.kafka().topic(),
        settings.kafka().bootstrapServers());
    log.info(
        "Redacting Secret values, env values named {}{}; ignoring changes of {}",
        String.join(",", settings.redaction().envNames()),
        settings.redaction().paths().isEmpty() ? "" : " and paths " + settings.redaction().paths(),
        settings.ignorePaths().isEmpty()
            ? "managedFields, resourceVersion and generation only"
            : settings.ignorePaths() + " besides managedFields, resourceVersion and generation");
  }
}
