package dev.kew.producer.watch;

import dev.kew.producer.discovery.ResolvedResource;
import dev.kew.producer.ops.ProducerMetrics;
import dev.kew.producer.reconcile.InformerControl;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.FilterWatchListDeletable;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One fabric8 shared informer per watched resource, and per namespace when namespaces are given
 * (cluster-scoped kinds are always watched cluster-wide). All informers share one handler.
 *
 * <p>{@link #failure()} completes exceptionally when an informer cannot start or stops with an
 * error: the watcher must not carry on silently blind.
 */
public final class InformerSet implements InformerControl, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(InformerSet.class);

  private final List<ScopedInformer> informers = new ArrayList<>();
  private final CompletableFuture<Void> synced;
  private final CompletableFuture<Void> failure = new CompletableFuture<>();
  private volatile boolean closing;

  private InformerSet(
      List<Target> definitions,
      long resyncMillis,
      ResourceEventHandler<GenericKubernetesResource> handler,
      ProducerMetrics metrics) {
    for (Target definition : definitions) {
      informers.add(
          new ScopedInformer(
              definition.description(),
              definition.resource(),
              definition.operation(),
              resyncMillis,
              handler,
              metrics,
              System::nanoTime,
              this::onStopped));
    }
    List<CompletableFuture<Void>> starts = new ArrayList<>();
    for (ScopedInformer informer : informers) {
      starts.add(informer.start());
    }
    this.synced = CompletableFuture.allOf(starts.toArray(CompletableFuture[]::new));
  }

  private record Target(
      String description,
      String resource,
      FilterWatchListDeletable<
              GenericKubernetesResource,
              GenericKubernetesResourceList,
              Resource<GenericKubernetesResource>>
          operation) {}

  /**
   * Creates and starts the informers; returns at once (see {@link #awaitSynced(Duration)}).
   *
   * @param namespaces the namespaces to watch; empty for all namespaces
   * @param labelSelector a label selector such as {@code app=web,tier!=db}, if any
   * @param resyncPeriod how often informers replay their cache ({@link Duration#ZERO}: never)
   */
  public static InformerSet start(
      KubernetesClient client,
      List<ResolvedResource> resources,
      List<String> namespaces,
      Optional<String> labelSelector,
      Duration resyncPeriod,
      ResourceEventHandler<GenericKubernetesResource> handler) {
    return start(
        client,
        resources,
        namespaces,
        labelSelector,
        resyncPeriod,
        handler,
        ProducerMetrics.unregistered());
  }

  /**
   * As {@link #start(KubernetesClient, List, List, Optional, Duration, ResourceEventHandler)},
   * counting notifications in {@code metrics}.
   */
  public static InformerSet start(
      KubernetesClient client,
      List<ResolvedResource> resources,
      List<String> namespaces,
      Optional<String> labelSelector,
      Duration resyncPeriod,
      ResourceEventHandler<GenericKubernetesResource> handler,
      ProducerMetrics metrics) {
    List<Target> targets = new ArrayList<>();
    for (ResolvedResource resource : resources) {
      MixedOperation<
              GenericKubernetesResource,
              GenericKubernetesResourceList,
              Resource<GenericKubernetesResource>>
          operation = client.genericKubernetesResources(resource.context());
      if (!resource.namespaced() || namespaces.isEmpty()) {
        if (!resource.namespaced() && !namespaces.isEmpty()) {
          log.info(
              "{} is cluster-scoped: watching it cluster-wide, not only in namespaces {}",
              resource,
              String.join(", ", namespaces));
        }
        targets.add(
            new Target(
                resource.displayName(),
                resource.displayName(),
                filtered(operation.inAnyNamespace(), labelSelector)));
      } else {
        for (String namespace : namespaces) {
          targets.add(
              new Target(
                  resource.displayName() + " in namespace " + namespace,
                  resource.displayName(),
                  filtered(operation.inNamespace(namespace), labelSelector)));
        }
      }
    }
    return new InformerSet(targets, resyncPeriod.toMillis(), handler, metrics);
  }

  private static FilterWatchListDeletable<
          GenericKubernetesResource,
          GenericKubernetesResourceList,
          Resource<GenericKubernetesResource>>
      filtered(
          FilterWatchListDeletable<
                  GenericKubernetesResource,
                  GenericKubernetesResourceList,
                  Resource<GenericKubernetesResource>>
              scope,
          Optional<String> labelSelector) {
    return labelSelector.map(scope::withLabelSelector).orElse(scope);
  }

  /**
   * Waits until every informer has listed its objects and is watching.
   *
   * @return false when the timeout passed first
   * @throws IllegalStateException when an informer could not start
   */
  public boolean awaitSynced(Duration timeout) throws InterruptedException {
    try {
      synced.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (TimeoutException e) {
      return false;
    } catch (ExecutionException e) {
      throw new IllegalStateException("An informer could not start: " + e.getCause(), e);
    }
  }

  @Override
  public CompletableFuture<Void> synced() {
    return synced;
  }

  /** Completes exceptionally when an informer could not start or stopped with an error. */
  public CompletableFuture<Void> failure() {
    return failure;
  }

  /** How many informers run (one per resource, times namespaces for namespaced kinds). */
  public int size() {
    return informers.size();
  }

  /** The informers, one per watched resource and scope. */
  public List<ScopedInformer> informers() {
    return List.copyOf(informers);
  }

  /**
   * Why the informers do not all deliver changes now (not listed yet, not watching, silent for
   * longer than {@code stallTimeout}; zero: never stalled); empty when every one does.
   */
  public List<String> problems(Duration stallTimeout) {
    List<String> problems = new ArrayList<>();
    for (ScopedInformer informer : informers) {
      informer.problem(stallTimeout).ifPresent(problems::add);
    }
    return problems;
  }

  @Override
  public void pause() {
    informers.forEach(ScopedInformer::stop);
  }

  @Override
  public CompletableFuture<Void> relist() {
    informers.forEach(ScopedInformer::stop);
    return CompletableFuture.allOf(
        informers.stream().map(ScopedInformer::start).toArray(CompletableFuture[]::new));
  }

  @Override
  public Set<String> cachedUids() {
    Set<String> uids = new HashSet<>();
    for (ScopedInformer scoped : informers) {
      uids.addAll(scoped.cachedUids());
    }
    return uids;
  }

  /** Stops every informer. */
  @Override
  public void close() {
    closing = true;
    informers.forEach(ScopedInformer::stop);
  }

  private void onStopped(ScopedInformer scope, Throwable error) {
    if (error == null || closing) {
      return;
    }
    if (failure.completeExceptionally(error)) {
      log.error("The informer for {} stopped: {}", scope.description(), error.toString());
    }
  }
}
