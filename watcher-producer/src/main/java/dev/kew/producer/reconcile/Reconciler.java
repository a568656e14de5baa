package dev.kew.producer.reconcile;

import dev.kew.producer.publish.EventPublisher;
import dev.kew.producer.publish.Handoff;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reconciles every listing with what was published, on a thread of its own ({@code
 * kew-reconciler}): the sweep once the informers have listed, at start and after each relist; and
 * the back-pressure cycle around it: when the outbox is full the informers stop, and once half of
 * what waited is committed they start afresh, so their listing recovers what was not handled.
 */
public final class Reconciler implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Reconciler.class);

  private final ListingComparison listings;
  private final Handoff handoff;
  private final InformerControl informers;
  private final EventPublisher publisher;
  private final Supplier<Set<String>> listedNow;
  private final ExecutorService thread =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread reconciler = new Thread(r, "kew-reconciler");
            reconciler.setDaemon(true);
            return reconciler;
          });
  private final AtomicBoolean informersPaused = new AtomicBoolean();
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile CompletableFuture<Void> reconciled;

  /**
   * Starts reconciling: the first sweep runs once the informers have listed. Call it right after
   * starting the informers, whose listing began with {@link ListingComparison#startListing()}.
   *
   * @param listedNow the UIDs of the stream's objects in a fresh list from the API server ({@link
   *     ClusterListing}), taken for each sweep
   */
  public Reconciler(
      ListingComparison listings,
      Handoff handoff,
      InformerControl informers,
      EventPublisher publisher,
      Supplier<Set<String>> listedNow) {
    this.listings = listings;
    this.handoff = handoff;
    this.informers = informers;
    this.publisher = publisher;
    this.listedNow = listedNow;
    handoff.onFull(() -> onReconciler(this::pauseInformers));
    publisher.afterCommit(this::resumeWhenCaughtUp);
    this.reconciled = informers.synced().thenRunAsync(this::sweep, thread);
  }

  /** Completes when the current listing was reconciled with the last published state. */
  public CompletableFuture<Void> reconciled() {
    return reconciled;
  }

  /** Stops reconciling; pauses and relists asked for afterwards are dropped. */
  @Override
  public void close() {
    closed.set(true);
    thread.shutdownNow();
  }

  /**
   * Ends a listing: every object published before and no longer listed is published DELETED. An
   * object counts as listed when it is in an informer's cache and in a fresh list taken now: the
   * simulated API server does not replay a delete that falls between an informer's list and the
   * start of its watch.
   */
  private void sweep() {
    Set<String> candidates = listings.knownUids();
    Set<String> listed = informers.cachedUids();
    listed.retainAll(listedNow.get());
    int gone = listings.sweep(candidates, listed, handoff);
    log.info(
        "Reconciled {} listed objects with what was published: {} published as unchanged,"
            + " {} gone meanwhile",
        listed.size(),
        listings.unchangedOnListing(),
        gone);
  }

  /** Kafka is behind and the in-flight limit is reached: stop the informers. */
  private void pauseInformers() {
    if (closed.get() || !informersPaused.compareAndSet(false, true)) {
      return;
    }
    log.warn(
        "{} events wait for Kafka (--max-in-flight {}): stopping the informers until they are"
            + " sent; the informers then list again and publish what changed meanwhile",
        publisher.inFlight(),
        publisher.maxInFlight());
    informers.pause();
    resumeWhenCaughtUp();
  }

  /** After a commit: once half the in-flight room is free again, list again. */
  private void resumeWhenCaughtUp() {
    if (informersPaused.get() && publisher.inFlight() <= publisher.maxInFlight() / 2) {
      onReconciler(this::resumeInformers);
    }
  }

  private void resumeInformers() {
    if (closed.get() || !informersPaused.compareAndSet(true, false)) {
      return;
    }
    log.info(
        "Kafka caught up ({} events in flight, peak in-flight {} of {}): listing again",
        publisher.inFlight(),
        publisher.peakInFlight(),
        publisher.maxInFlight());
    listings.startListing();
    handoff.resume();
    reconciled = informers.relist().thenRunAsync(this::sweep, thread);
  }

  private void onReconciler(Runnable task) {
    try {
      thread.execute(task);
    } catch (RejectedExecutionException e) {
      log.debug("Closing: not pausing or resuming the informers any more");
    }
  }
}
