package dev.kew.producer.reconcile;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kew.model.ChangeEvent;
import dev.kew.model.EventOrigin;
import dev.kew.model.EventType;
import dev.kew.producer.diff.ChangeTracker;
import dev.kew.producer.ops.ProducerMetrics;
import dev.kew.producer.publish.Handoff;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compares each listing with what was published. Every listing (the informers' first one, a relist,
 * a restart after a pause) arrives as ADDED notifications ({@link #added}): an unchanged object
 * publishes nothing, one changed meanwhile publishes one MODIFIED with the patch from the published
 * version, an unknown one publishes ADDED. The {@link #sweep} then publishes DELETED, with the last
 * published object, for each object published before and no longer listed. Events found this way
 * are marked {@code origin: resync}, those of watch notifications {@code origin: watch}.
 *
 * <p>A MODIFIED found by a listing names nobody in {@code changedBy}: the managers it would name
 * are the managedFields entries newer than the last published event, but what is published keeps
 * neither managedFields nor the event's time (the state topic holds the sanitized object only), so
 * any guess could name a manager of an older, already published change. Readers see an empty {@code
 * changedBy} as "unknown". An ADDED found by a listing names every manager of the object, as a
 * watched ADDED does.
 *
 * <p>Its decisions run under the lock of the object's UID ({@link Handoff}), so a notification and
 * the sweep never decide about the same object at once.
 */
public final class ListingComparison {

  private static final Logger log = LoggerFactory.getLogger(ListingComparison.class);

  private final String cluster;
  private final ChangeTracker tracker;
  private final ProducerMetrics metrics;
  private final Set<String> swept = ConcurrentHashMap.newKeySet();
  private final AtomicLong unchangedOnListing = new AtomicLong();
  private volatile boolean listing;
  private volatile Set<String> listedAtSweep = Set.of();

  public ListingComparison(String cluster, ChangeTracker tracker, ProducerMetrics metrics) {
    this.cluster = Objects.requireNonNull(cluster, "cluster");
    this.tracker = Objects.requireNonNull(tracker, "tracker");
    this.metrics = Objects.requireNonNull(metrics, "metrics");
  }

  /**
   * Starts a listing (informers started afresh): ADDED notifications of objects not published
   * before count as found by listing ({@code origin: resync}) until the {@link #sweep}.
   */
  public void startListing() {
    listedAtSweep = Set.of();
    listing = true;
  }

  /** What an ADDED notification publishes: ADDED, MODIFIED (resync) or nothing. */
  public Optional<ChangeEvent> added(ChangeEvent added) {
    if (swept.contains(added.uid())) {
      return Optional.empty(); // published as DELETED by the sweep; its delete notification follows
    }
    Optional<JsonNode> known = tracker.lastPublished(added.uid());
    if (known.isEmpty()) {
      tracker.added(added.uid(), added.object());
      // The sweep may run before every listed object's notification was handled.
      boolean listed = listing || listedAtSweep.contains(added.uid());
      if (listed) {
        metrics.reconciled(added.kind(), "added");
      }
      return Optional.of(added.withOrigin(listed ? EventOrigin.RESYNC : EventOrigin.WATCH));
    }
    String knownVersion = known.get().path("metadata").path("resourceVersion").asText();
    if (knownVersion.equals(added.resourceVersion())) {
      unchangedOnListing.incrementAndGet();
      metrics.reconciled(added.kind(), "unchanged");
      return Optional.empty();
    }
    ChangeEvent modified =
        ChangeEvent.of(EventType.MODIFIED, cluster, added.observedAt(), added.object());
    ChangeTracker.Update update =
        tracker.modified(modified.kind(), modified.uid(), modified.object());
    if (!update.changed()) {
      metrics.reconciled(added.kind(), "unchanged");
      return Optional.empty();
    }
    metrics.reconciled(added.kind(), "modified");
    return Optional.of(modified.withPatch(update.patch()).withOrigin(EventOrigin.RESYNC));
  }

  /**
   * Whether the sweep published the object DELETED while the watch has not caught up with it yet:
   * notifications of the object's last changes (a MODIFIED, e.g. its deletionTimestamp) may still
   * come before its DELETED, and must not publish it back to life.
   */
  public boolean sweptAway(String uid) {
    return swept.contains(uid);
  }

  /**
   * What a DELETED notification publishes: the deletion, or nothing when the sweep published it
   * already. A deletion whose final state the informer did not see was found by listing: it carries
   * the object as last published, since the informer's slim cache keeps only its identity.
   */
  public Optional<ChangeEvent> deleted(ChangeEvent deleted, boolean finalStateUnknown) {
    if (swept.remove(deleted.uid())) {
      return Optional.empty();
    }
    if (!finalStateUnknown) {
      tracker.deleted(deleted.uid());
      return Optional.of(deleted.withOrigin(EventOrigin.WATCH));
    }
    ChangeEvent lastKnown =
        tracker
            .lastPublished(deleted.uid())
            .map(last -> ChangeEvent.of(EventType.DELETED, cluster, deleted.observedAt(), last))
            .orElse(deleted);
    tracker.deleted(deleted.uid());
    return Optional.of(lastKnown.withOrigin(EventOrigin.RESYNC));
  }

  /**
   * Ends a listing: publishes DELETED (with the last published object, {@code origin: resync}) for
   * every object in {@code candidates} that is not in {@code listed}. Take {@code candidates}
   * ({@link #knownUids()}) before {@code listed} (the informers' caches, once synced), so an object
   * added meanwhile is never taken for gone.
   *
   * @return how many objects were found gone; stops early when the outbox is full
   */
  public int sweep(Set<String> candidates, Set<String> listed, Handoff handoff) {
    listedAtSweep = Set.copyOf(listed);
    int gone = 0;
    for (String uid : candidates) {
      if (listed.contains(uid)) {
        continue;
      }
      if (!handoff.admit()) {
        return gone;
      }
      if (handoff.handOver(uid, () -> gone(uid))) {
        gone++;
      }
    }
    listing = false;
    return gone;
  }

  /** The UIDs of every object whose last published form is known. */
  public Set<String> knownUids() {
    return tracker.uids();
  }

  /** How many listed objects were found as last published (nothing to publish). */
  public long unchangedOnListing() {
    return unchangedOnListing.get();
  }

  /** The DELETED event of an object found gone, unless its delete notification came meanwhile. */
  private Optional<ChangeEvent> gone(String uid) {
    Optional<JsonNode> last = tracker.lastPublished(uid);
    if (last.isEmpty()) {
      return Optional.empty(); // its delete notification came meanwhile
    }
    ChangeEvent deleted;
    try {
      deleted = ChangeEvent.of(EventType.DELETED, cluster, Instant.now(), last.get());
    } catch (IllegalArgumentException e) {
      log.warn("Forgetting a stored object without identity ({}): {}", uid, e.getMessage());
      tracker.deleted(uid);
      return Optional.empty();
    }
    tracker.deleted(uid);
    swept.add(uid);
    metrics.reconciled(deleted.kind(), "deleted");
    return Optional.of(deleted.withOrigin(EventOrigin.RESYNC));
  }
}
