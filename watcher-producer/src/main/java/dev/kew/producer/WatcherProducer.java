package dev.kew.producer;

import dev.kew.producer.discovery.ResolvedResource;
import dev.kew.producer.ha.LeaderWork;
import dev.kew.producer.ops.ProducerMetrics;
import dev.kew.producer.publish.ContentStripes;
import dev.kew.producer.publish.EventPublisher;
import dev.kew.producer.reconcile.ListingComparison;
import dev.kew.producer.reconcile.Reconciler;
import dev.kew.producer.watch.ChangeEventHandler;
import dev.kew.producer.watch.InformerSet;
import dev.kew.producer.watch.ScopedInformer;
import dev.kew.producer.watch.WatchLiveness;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running watcher of one stream: starts its parts ({@link WatcherParts}), reports on them and
 * stops them. Started by the CLI (or by the leader election), or in-process by tests with their own
 * {@link KubernetesClient}.
 */
public final class WatcherProducer implements LeaderWork {

  private static final Logger log = LoggerFactory.getLogger(WatcherProducer.class);

  /** The cluster name used when running with a service account rather than a kubeconfig. */
  public static final String IN_CLUSTER = "in-cluster";

  private final String cluster;
  private final List<ResolvedResource> resources;
  private final EventPublisher publisher;
  private final ContentStripes stripes;
  private final ChangeEventHandler handler;
  private final ListingComparison listings;
  private final InformerSet informers;
  private final Reconciler reconciler;
  private final WatchLiveness liveness;
  private final CompletableFuture<Void> failure;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final ProducerMetrics metrics;
  private final Duration kafkaTimeout;
  private final Duration stallTimeout;

  private WatcherProducer(WatcherParts parts, ProducerMetrics metrics, ProducerSettings settings) {
    this.cluster = parts.cluster();
    this.resources = parts.resources();
    this.publisher = parts.publisher();
    this.stripes = parts.stripes();
    this.handler = parts.handler();
    this.listings = parts.listings();
    this.informers = parts.informers();
    this.reconciler = parts.reconciler();
    this.metrics = metrics;
    this.kafkaTimeout = settings.kafkaTimeout();
    this.stallTimeout = settings.watchStallTimeout();
    this.liveness = stallTimeout.isZero() ? null : WatchLiveness.start(informers, stallTimeout);
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
    return start(settings, client, ProducerMetrics.unregistered());
  }

  /** As {@link #start(ProducerSettings, KubernetesClient)}, counting in {@code metrics}. */
  public static WatcherProducer start(
      ProducerSettings settings, KubernetesClient client, ProducerMetrics metrics) {
    return start(settings, client, metrics, UnaryOperator.identity());
  }

  /**
   * As {@link #start(ProducerSettings, KubernetesClient, ProducerMetrics)}, with the reconciler's
   * fresh list of the cluster passed through {@code listingDecorator} (tests make it fail).
   */
  static WatcherProducer start(
      ProducerSettings settings,
      KubernetesClient client,
      ProducerMetrics metrics,
      UnaryOperator<Supplier<Set<String>>> listingDecorator) {
    String cluster =
        settings.clusterName().orElseGet(() -> defaultClusterName(client.getConfiguration()));
    return new WatcherProducer(
        WatcherParts.start(settings, client, metrics, listingDecorator, cluster),
        metrics,
        settings);
  }

  /**
   * Why this watcher does not deliver every change now: an informer has not listed yet, is not
   * watching or stalled, the reconciliation of a listing fails and is retried, or Kafka
   * acknowledged nothing for longer than {@code --kafka-timeout} while records wait. Empty when it
   * does.
   */
  @Override
  public List<String> readinessProblems() {
    List<String> problems = new ArrayList<>(informers.problems(stallTimeout));
    reconciler.problem().ifPresent(problems::add);
    metrics.kafkaProblem(kafkaTimeout).ifPresent(problems::add);
    return problems;
  }

  /** The kubeconfig's current context name, or {@value #IN_CLUSTER} without a kubeconfig. */
  public static String defaultClusterName(Config config) {
    return config.getCurrentContext() != null && config.getCurrentContext().getName() != null
        ? config.getCurrentContext().getName()
        : IN_CLUSTER;
  }

  /**
   * Waits until every informer has listed its objects and the listing was reconciled (their events
   * are then on their way).
   *
   * @return false when the timeout passed first
   */
  public boolean awaitSynced(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    if (!informers.awaitSynced(timeout)) {
      return false;
    }
    try {
      reconciled().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      return true;
    } catch (TimeoutException e) {
      return false;
    } catch (ExecutionException e) {
      throw new IllegalStateException("Reconciling the listing failed: " + e.getCause(), e);
    }
  }

  /** Completes when the current listing was reconciled with the last published state. */
  public CompletableFuture<Void> reconciled() {
    return reconciler.reconciled();
  }

  /** Events handed to Kafka and not yet committed. */
  public int inFlight() {
    return publisher.inFlight();
  }

  /** The most events ever in flight at once; never more than {@code --max-in-flight}. */
  public int peakInFlight() {
    return publisher.peakInFlight();
  }

  /**
   * Completes exceptionally when the watcher cannot go on without losing events: a record could not
   * be sent, or an informer stopped with an error. It never completes normally.
   */
  @Override
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

  /** Listed objects found as last published, so nothing was published for them. */
  public long unchangedOnListing() {
    return listings.unchangedOnListing();
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

  /** The informers, one per watched resource and scope (for checks and tests). */
  public List<ScopedInformer> informers() {
    return informers.informers();
  }

  /** The resources being watched, as resolved through API discovery. */
  public List<ResolvedResource> resources() {
    return resources;
  }

  /**
   * Stops the informers, finishes the content work they handed over, then sends what is buffered
   * and closes the producer. Idempotent.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    if (liveness != null) {
      liveness.close();
    }
    reconciler.close();
    informers.close();
    stripes.close();
    publisher.close();
    log.info(
        "Stopped: {} events published ({} truncated), {} resyncs and {} ignored updates skipped,"
            + " peak in-flight {} of {}",
        publisher.published(),
        publisher.truncated(),
        handler.resyncsSkipped(),
        handler.ignoredUpdates(),
        publisher.peakInFlight(),
        publisher.maxInFlight());
  }
}
