package dev.kew.producer.reconcile;

import dev.kew.ops.PrintableText;
import dev.kew.producer.ops.ProducerMetrics;
import dev.kew.producer.publish.EventPublisher;
import dev.kew.producer.publish.Handoff;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reconciles every listing with what was published, on a thread of its own ({@code
 * kew-reconciler}): the sweep once the informers have listed, at start and after each relist; and
 * the back-pressure cycle around it: when the outbox is full the informers stop, and once half of
 * what waited is committed they start afresh, so their listing recovers what was not handled.
 *
 * <p>A sweep whose fresh list fails (the API server errs or is away) is tried again with {@link
 * RetryBackoff#LISTING} until it succeeds: meanwhile {@link #problem()} says so (and {@code
 * /readyz} with it), each failure is logged once and counted ({@code
 * kew_producer_reconcile_failures_total}). Deletions made while the producer was down are published
 * once it succeeds.
 */
public final class Reconciler implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Reconciler.class);

  /** The longest part of a failure's message that is logged or shown on {@code /readyz}. */
  private static final int MAX_REASON = 300;

  private final ListingComparison listings;
  private final Handoff handoff;
  private final InformerControl informers;
  private final EventPublisher publisher;
  private final Supplier<Set<String>> listedNow;
  private final ProducerMetrics metrics;
  private final RetryBackoff backoff;
  private final ScheduledExecutorService thread =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread reconciler = new Thread(r, "kew-reconciler");
            reconciler.setDaemon(true);
            return reconciler;
          });
  private final AtomicBoolean informersPaused = new AtomicBoolean();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final AtomicInteger listingGeneration = new AtomicInteger();
  private volatile CompletableFuture<Void> reconciled;
  private volatile String problem;

  /**
   * Starts reconciling: the first sweep runs once the informers have listed. Call it right after
   * starting the informers, whose listing began with {@link ListingComparison#startListing()}.
   *
   * @param listedNow the UIDs of the stream's objects in a fresh list from the API server ({@link
   *     ClusterListing}), taken for each sweep; it may throw, and is then asked again later
   * @param backoff the waits between attempts of a sweep whose fresh list failed
   */
  public Reconciler(
      ListingComparison listings,
      Handoff handoff,
      InformerControl informers,
      EventPublisher publisher,
      Supplier<Set<String>> listedNow,
      ProducerMetrics metrics,
      RetryBackoff backoff) {
    this.listings = listings;
    this.handoff = handoff;
    this.informers = informers;
    this.publisher = publisher;
    this.listedNow = listedNow;
    this.metrics = metrics;
    this.backoff = backoff;
    handoff.onFull(() -> onReconciler(this::pauseInformers));
    publisher.afterCommit(this::resumeWhenCaughtUp);
    this.reconciled = sweepOnceListed(informers.synced());
  }

  /** Completes when the current listing was reconciled with the last published state. */
  public CompletableFuture<Void> reconciled() {
    return reconciled;
  }

  /**
   * Why the current listing is not reconciled yet although the informers have listed: its fresh
   * list failed and is being retried. Empty otherwise.
   */
  public Optional<String> problem() {
    return Optional.ofNullable(problem);
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

  /**
   * The sweep of the listing that {@code listed} completes, retried until it succeeds; a newer
   * listing (a relist) ends the retries of an older one, whose sweep the newer one's includes.
   */
  private CompletableFuture<Void> sweepOnceListed(CompletableFuture<Void> listed) {
    int generation = listingGeneration.incrementAndGet();
    CompletableFuture<Void> done = new CompletableFuture<>();
    listed.whenComplete(
        (ok, failed) -> {
          if (failed != null) {
            done.completeExceptionally(failed);
          } else {
            onReconciler(() -> attemptSweep(done, generation, 1));
          }
        });
    return done;
  }

  private void attemptSweep(CompletableFuture<Void> done, int generation, int attempt) {
    if (closed.get() || generation != listingGeneration.get()) {
      done.complete(null);
      return;
    }
    try {
      sweep();
    } catch (RuntimeException e) {
      retryLater(done, generation, attempt, e);
      return;
    }
    if (problem != null) {
      log.info("Reconciled after {} failed attempts", attempt - 1);
    }
    problem = null;
    done.complete(null);
  }

  private void retryLater(
      CompletableFuture<Void> done, int generation, int attempt, RuntimeException failure) {
    metrics.reconcileFailed();
    Duration wait = backoff.delay(attempt, ThreadLocalRandom.current()::nextDouble);
    String reason = PrintableText.cut(String.valueOf(failure.getMessage()), MAX_REASON);
    problem =
        "reconciling the listing failed "
            + attempt
            + (attempt == 1 ? " time" : " times")
            + " (deletions may be unpublished), last: "
            + failure.getClass().getSimpleName()
            + ": "
            + reason;
    log.warn(
        "Listing the cluster to reconcile failed (attempt {}), trying again in {} ms: {}: {}",
        attempt,
        wait.toMillis(),
        failure.getClass().getSimpleName(),
        reason);
    try {
      thread.schedule(
          () -> attemptSweep(done, generation, attempt + 1),
          wait.toMillis(),
          TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      done.complete(null); // closing
    }
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
    reconciled = sweepOnceListed(informers.relist());
  }

  private void onReconciler(Runnable task) {
    try {
      thread.execute(task);
    } catch (RejectedExecutionException e) {
      log.debug("Closing: not pausing or resuming the informers any more");
    }
  }
}
