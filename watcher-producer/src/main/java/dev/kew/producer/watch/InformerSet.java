package dev.kew.producer.watch;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.FilterWatchListDeletable;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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
public final class InformerSet implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(InformerSet.class);

  private final List<SharedIndexInformer<GenericKubernetesResource>> informers;
  private final CompletableFuture<Void> synced;
  private final CompletableFuture<Void> failure = new CompletableFuture<>();
  private volatile boolean closing;

  private InformerSet(
      List<SharedIndexInformer<GenericKubernetesResource>> informers, List<String> descriptions) {
    this.informers = informers;
    List<CompletableFuture<Void>> starts = new ArrayList<>();
    for (int i = 0; i < informers.size(); i++) {
      SharedIndexInformer<GenericKubernetesResource> informer = informers.get(i);
      String description = descriptions.get(i);
      CompletableFuture<Void> start = informer.start().toCompletableFuture();
      start.whenComplete((ok, error) -> onStopped(description, error));
      informer.stopped().whenComplete((ok, error) -> onStopped(description, error));
      starts.add(start);
    }
    this.synced = CompletableFuture.allOf(starts.toArray(CompletableFuture[]::new));
  }

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
    List<SharedIndexInformer<GenericKubernetesResource>> informers = new ArrayList<>();
    List<String> descriptions = new ArrayList<>();
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
        informers.add(informer(operation.inAnyNamespace(), labelSelector, resyncPeriod, handler));
        descriptions.add(resource.displayName());
      } else {
        for (String namespace : namespaces) {
          informers.add(
              informer(operation.inNamespace(namespace), labelSelector, resyncPeriod, handler));
          descriptions.add(resource.displayName() + " in namespace " + namespace);
        }
      }
    }
    return new InformerSet(List.copyOf(informers), descriptions);
  }

  private static SharedIndexInformer<GenericKubernetesResource> informer(
      FilterWatchListDeletable<
              GenericKubernetesResource,
              GenericKubernetesResourceList,
              Resource<GenericKubernetesResource>>
          scope,
      Optional<String> labelSelector,
      Duration resyncPeriod,
      ResourceEventHandler<GenericKubernetesResource> handler) {
    var filtered = labelSelector.map(scope::withLabelSelector).orElse(scope);
    SharedIndexInformer<GenericKubernetesResource> informer =
        filtered.runnableInformer(resyncPeriod.toMillis());
    informer.addEventHandler(handler);
    return informer;
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

  /** Completes exceptionally when an informer could not start or stopped with an error. */
  public CompletableFuture<Void> failure() {
    return failure;
  }

  /** How many informers run (one per resource, times namespaces for namespaced kinds). */
  public int size() {
    return informers.size();
  }

  /** Stops every informer. */
  @Override
  public void close() {
    closing = true;
    informers.forEach(SharedIndexInformer::stop);
  }

  private void onStopped(String description, Throwable error) {
    if (error == null || closing) {
      return;
    }
    if (failure.completeExceptionally(error)) {
      log.error("The informer for {} stopped: {}", description, error.toString());
    }
  }
}
