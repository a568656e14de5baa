package dev.kew.producer.watch;

import dev.kew.producer.ops.ProducerMetrics;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.client.dsl.FilterWatchListDeletable;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One watched resource in one scope (all namespaces, or one namespace) and the fabric8 informer
 * that watches it now. It tracks the watch's last sign of life (an add, a real update, a delete, or
 * a new {@code lastSyncResourceVersion}, which bookmarks move too; resyncs replay the informer's
 * cache and prove nothing about the watch) and can replace the informer by a new one.
 */
public final class ScopedInformer {

  private static final Logger log = LoggerFactory.getLogger(ScopedInformer.class);

  /**
   * Objects per page of an informer's list, as client-go's reflector asks: one response of a whole
   * large cluster would be read into memory at once (150,000 Pods: about 1 GB of JSON).
   */
  static final long LIST_PAGE = 500;

  private final String description;
  private final String resource;
  private final FilterWatchListDeletable<
          GenericKubernetesResource,
          GenericKubernetesResourceList,
          Resource<GenericKubernetesResource>>
      scope;
  private final long resyncMillis;
  private final ResourceEventHandler<GenericKubernetesResource> handler;
  private final ProducerMetrics metrics;
  private final LongSupplier nanoTime;
  private final BiConsumer<ScopedInformer, Throwable> onStopped;
  private final ResourceEventHandler<GenericKubernetesResource> activity = new Activity();

  private volatile SharedIndexInformer<GenericKubernetesResource> informer;
  private volatile SlimItemStore store = new SlimItemStore();
  private volatile CompletableFuture<Void> started = new CompletableFuture<>();
  private volatile long lastActivityNanos;
  private volatile String lastSeenResourceVersion;
  private int restarts;

  ScopedInformer(
      String description,
      String resource,
      FilterWatchListDeletable<
              GenericKubernetesResource,
              GenericKubernetesResourceList,
              Resource<GenericKubernetesResource>>
          scope,
      long resyncMillis,
      ResourceEventHandler<GenericKubernetesResource> handler,
      ProducerMetrics metrics,
      LongSupplier nanoTime,
      BiConsumer<ScopedInformer, Throwable> onStopped) {
    this.description = description;
    this.resource = resource;
    this.scope = scope;
    this.resyncMillis = resyncMillis;
    this.handler = handler;
    this.metrics = metrics;
    this.nanoTime = nanoTime;
    this.onStopped = onStopped;
  }

  /** Creates and starts a new informer for this scope; returns its start (list and watch). */
  synchronized CompletableFuture<Void> start() {
    return start(new SlimItemStore());
  }

  private CompletableFuture<Void> start(SlimItemStore known) {
    SharedIndexInformer<GenericKubernetesResource> next =
        scope.withLimit(LIST_PAGE).runnableInformer(resyncMillis);
    next.itemStore(known);
    next.removeNamespaceIndex(); // nothing looks objects up by namespace
    store = known;
    next.addEventHandler(activity);
    next.addEventHandler(handler);
    informer = next;
    lastActivityNanos = nanoTime.getAsLong();
    lastSeenResourceVersion = null;
    CompletableFuture<Void> start = next.start().toCompletableFuture();
    started = start;
    boolean restart = known.size() > 0 || restarts > 0;
    start.whenComplete(
        (ok, error) -> {
          lastActivityNanos = nanoTime.getAsLong();
          if (error != null && restart) {
            // The stall check tries again; the scope reports the problem meanwhile.
            log.warn("Restarting the informer for {} failed: {}", description, error.toString());
          } else if (error != null) {
            onStopped.accept(this, error);
          }
        });
    next.stopped()
        .whenComplete(
            (ok, error) -> {
              if (error != null && informer == next) {
                onStopped.accept(this, error);
              }
            });
    return start;
  }

  /**
   * Stops the current informer and starts a new one seeded with the old one's cache, which lists
   * every object again and then watches from there. Against that seed the list notifies only what
   * changed meanwhile: an update for a changed object, a delete (final state unknown) for a
   * vanished one, an add for a new one; unchanged objects notify nothing. Returns the new
   * informer's start.
   */
  public synchronized CompletableFuture<Void> restart() {
    SharedIndexInformer<GenericKubernetesResource> old = informer;
    informer = null;
    SlimItemStore known = new SlimItemStore();
    if (old != null) {
      old.stop();
      known = store.copy();
    }
    restarts++;
    metrics.informerRestarted(resource);
    return start(known);
  }

  /**
   * {@link #restart()} unless the informer changed meanwhile (stopped on purpose, or restarted).
   *
   * @return whether it restarted
   */
  synchronized boolean restartIfStill(SharedIndexInformer<GenericKubernetesResource> expected) {
    if (informer != expected) {
      return false;
    }
    restart();
    return true;
  }

  synchronized void stop() {
    SharedIndexInformer<GenericKubernetesResource> current = informer;
    informer = null;
    if (current != null) {
      current.stop();
    }
  }

  /** E.g. {@code pods/v1 in namespace shop}. */
  public String description() {
    return description;
  }

  /** The resource's display name, e.g. {@code deployments.apps/v1}. */
  public String resource() {
    return resource;
  }

  /** The informer watching now; null while stopped. */
  public SharedIndexInformer<GenericKubernetesResource> informer() {
    return informer;
  }

  /** The UIDs in the current informer's cache (empty while stopped). */
  Set<String> cachedUids() {
    return informer == null ? Set.of() : store.uids();
  }

  CompletableFuture<Void> started() {
    return started;
  }

  /** How long the watch has shown no sign of life. */
  public Duration silence() {
    SharedIndexInformer<GenericKubernetesResource> current = informer;
    if (current != null) {
      String version = current.lastSyncResourceVersion();
      if (version != null && !version.equals(lastSeenResourceVersion)) {
        lastSeenResourceVersion = version;
        lastActivityNanos = nanoTime.getAsLong();
      }
    }
    return Duration.ofNanos(nanoTime.getAsLong() - lastActivityNanos);
  }

  /**
   * Why this scope does not deliver changes now: not listed yet, not watching, or silent for longer
   * than {@code stallTimeout} (zero: never stalled). Empty when fine.
   */
  public Optional<String> problem(Duration stallTimeout) {
    SharedIndexInformer<GenericKubernetesResource> current = informer;
    if (current == null || !started.isDone()) {
      return Optional.of(description + " has not listed its objects yet");
    }
    if (started.isCompletedExceptionally()) {
      return Optional.of(description + " could not list its objects");
    }
    if (!current.isWatching()) {
      return Optional.of(description + " is not watching");
    }
    Duration silence = silence();
    if (!stallTimeout.isZero() && silence.compareTo(stallTimeout) > 0) {
      return Optional.of(description + " has been silent for " + silence.toSeconds() + "s");
    }
    return Optional.empty();
  }

  /** Whether the API server answers a list of this scope (limit 1) now. */
  public boolean apiServerAnswers() {
    try {
      scope.list(new ListOptionsBuilder().withLimit(1L).build());
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** Counts notifications and records the watch's signs of life. */
  private final class Activity implements ResourceEventHandler<GenericKubernetesResource> {

    @Override
    public void onAdd(GenericKubernetesResource object) {
      alive();
      metrics.observed(Objects.toString(object.getKind()), "ADDED");
    }

    @Override
    public void onUpdate(GenericKubernetesResource oldObject, GenericKubernetesResource newObject) {
      String kind = Objects.toString(newObject.getKind());
      metrics.observed(kind, "MODIFIED");
      if (Objects.equals(version(oldObject), version(newObject))) {
        metrics.suppressed(kind, "MODIFIED", ProducerMetrics.RESYNC);
      } else {
        alive();
      }
    }

    @Override
    public void onDelete(GenericKubernetesResource object, boolean deletedFinalStateUnknown) {
      alive();
      metrics.observed(Objects.toString(object.getKind()), "DELETED");
    }

    private void alive() {
      lastActivityNanos = nanoTime.getAsLong();
    }

    private static String version(GenericKubernetesResource object) {
      return object == null || object.getMetadata() == null
          ? null
          : object.getMetadata().getResourceVersion();
    }
  }
}
