package dev.kew.producer.reconcile;

import java.util.Set;
import java.util.concurrent.CompletableFuture;

/** What the {@link Reconciler} needs of the informers: their listings, and stopping them. */
public interface InformerControl {

  /** Completes when every informer has listed its objects the first time. */
  CompletableFuture<Void> synced();

  /** Stops every informer (back-pressure: Kafka is behind); {@link #relist()} starts them again. */
  void pause();

  /**
   * Starts a fresh informer, with an empty cache, for every scope: each lists every object again
   * (as ADDED notifications) and then watches.
   *
   * @return completes when every informer has listed
   */
  CompletableFuture<Void> relist();

  /** The UIDs of the objects in the informers' caches now. */
  Set<String> cachedUids();
}
