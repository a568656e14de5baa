package dev.kew.producer.watch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NumericNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kew.model.ChangeEvent;
import dev.kew.model.EventOrigin;
import dev.kew.model.EventType;
import dev.kew.producer.diff.ChangeTracker;
import dev.kew.producer.diff.InMemoryLastPublished;
import dev.kew.producer.ops.ProducerMetrics;
import dev.kew.producer.publish.Outbox;
import dev.kew.producer.redact.RedactionRules;
import dev.kew.producer.redact.Redactor;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns informer notifications into {@link ChangeEvent}s and hands them on. Short and non-blocking:
 * it copies the object into a JSON tree (the informer's cached object is never touched), drops
 * {@code metadata.managedFields}, redacts sensitive values ({@link Redactor}), adds the JSON Patch
 * of a MODIFIED event ({@link ChangeTracker}) and passes the envelope to the sink.
 *
 * <p>Reconciliation: every listing (the informers' first one, a relist, a restart after a pause)
 * arrives as ADDED notifications, compared with the last published form of each object: unchanged
 * objects publish nothing, objects changed meanwhile publish one MODIFIED with the patch from the
 * published version, unknown ones publish ADDED. {@link #sweep} then publishes DELETED, with the
 * last published object, for each object published before and no longer listed. Events found this
 * way are marked {@code origin: resync}, those of watch notifications {@code origin: watch}.
 *
 * <p>An update whose old and new resourceVersion are equal is an informer resync, not a change: it
 * publishes nothing and is counted in {@link #resyncsSkipped()}. An update in which only ignored
 * paths changed publishes nothing either and is counted in {@link #ignoredUpdates()}.
 *
 * <p>Back-pressure: when the sink is full the handler pauses: it ignores every notification (and
 * changes no state) until {@link #startListing()} for restarted informers, whose listing recovers
 * what was ignored. {@code onFull} is told once per pause.
 */
public final class ChangeEventHandler implements ResourceEventHandler<GenericKubernetesResource> {

  private static final Logger log = LoggerFactory.getLogger(ChangeEventHandler.class);

  /**
   * Notifications of one object are handled one at a time (under the lock of its UID's stripe);
   * informers of different resources work in parallel.
   */
  private static final int LOCK_STRIPES = 64;

  /**
   * Copies objects into trees without writing and parsing their JSON text: Jackson 2 reads the
   * model's annotations (shared with fabric8's Jackson 3). Integers get the smallest node that
   * holds them, as when parsing text (fabric8 keeps e.g. {@code metadata.generation} as a {@code
   * Long}), so trees compare equal whichever way they were made (ChangeEventHandlerTest checks).
   */
  private static final ObjectMapper TREES =
      JsonMapper.builder()
          .nodeFactory(
              new JsonNodeFactory() {
                private static final long serialVersionUID = 1L;

                @Override
                public NumericNode numberNode(long v) {
                  return v == (int) v ? numberNode((int) v) : super.numberNode(v);
                }
              })
          .build();

  private final String cluster;
  private final Redactor redactor;
  private final ChangeTracker tracker;
  private final Outbox sink;

  private final Object[] locks = new Object[LOCK_STRIPES];
  private final Object pauseLock = new Object();
  private final Set<String> swept = ConcurrentHashMap.newKeySet();
  private final AtomicLong resyncsSkipped = new AtomicLong();
  private final AtomicLong ignoredUpdates = new AtomicLong();
  private final AtomicLong unchangedOnListing = new AtomicLong();
  private final AtomicLong ignoredWhilePaused = new AtomicLong();
  private volatile Runnable onFull = () -> {};
  private volatile boolean paused;
  private volatile boolean listing;
  private volatile Set<String> listedAtSweep = Set.of();
  private final ProducerMetrics metrics;

  public ChangeEventHandler(
      String cluster,
      Redactor redactor,
      ChangeTracker tracker,
      Outbox sink,
      ProducerMetrics metrics) {
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    this.cluster = Objects.requireNonNull(cluster, "cluster");
    this.redactor = Objects.requireNonNull(redactor, "redactor");
    this.tracker = Objects.requireNonNull(tracker, "tracker");
    this.sink = Objects.requireNonNull(sink, "sink");
    Arrays.setAll(locks, i -> new Object());
  }

  public ChangeEventHandler(
      String cluster,
      Redactor redactor,
      ChangeTracker tracker,
      Consumer<ChangeEvent> sink,
      ProducerMetrics metrics) {
    this(cluster, redactor, tracker, Outbox.unbounded(sink), metrics);
  }

  public ChangeEventHandler(
      String cluster, Redactor redactor, ChangeTracker tracker, Consumer<ChangeEvent> sink) {
    this(cluster, redactor, tracker, sink, ProducerMetrics.unregistered());
  }

  /** A handler with the default redaction, no ignored paths and an in-memory store. */
  public ChangeEventHandler(String cluster, Consumer<ChangeEvent> sink) {
    this(
        cluster,
        new Redactor(RedactionRules.DEFAULTS),
        new ChangeTracker(new InMemoryLastPublished(), List.of()),
        sink);
  }

  /** What to do (without blocking) when the sink is full and the handler pauses. */
  public void onFull(Runnable action) {
    this.onFull = Objects.requireNonNull(action, "action");
  }

  /**
   * Starts a listing (informers started afresh): a pause ends, and ADDED notifications of objects
   * not published before count as found by listing ({@code origin: resync}) until {@link #sweep}.
   */
  public void startListing() {
    listedAtSweep = Set.of();
    listing = true;
    paused = false;
  }

  @Override
  public void onAdd(GenericKubernetesResource object) {
    if (!admit()) {
      return;
    }
    boolean used = false;
    try {
      Optional<JsonNode> sanitized = sanitized(EventType.ADDED, object);
      if (sanitized.isEmpty()) {
        return;
      }
      ChangeEvent added = ChangeEvent.of(EventType.ADDED, cluster, Instant.now(), sanitized.get());
      synchronized (lockOf(added.uid())) {
        if (swept.contains(added.uid())) {
          return; // published as DELETED by the sweep; its delete notification follows
        }
        Optional<JsonNode> known = tracker.lastPublished(added.uid());
        if (known.isEmpty()) {
          tracker.added(added.uid(), added.object());
          // The sweep may run before every listed object's notification was handled.
          boolean listed = listing || listedAtSweep.contains(added.uid());
          if (listed) {
            metrics.reconciled(added.kind(), "added");
          }
          used = emit(added.withOrigin(listed ? EventOrigin.RESYNC : EventOrigin.WATCH));
          return;
        }
        String knownVersion = known.get().path("metadata").path("resourceVersion").asText();
        if (knownVersion.equals(added.resourceVersion())) {
          unchangedOnListing.incrementAndGet();
          metrics.reconciled(added.kind(), "unchanged");
          return;
        }
        ChangeEvent modified =
            ChangeEvent.of(EventType.MODIFIED, cluster, added.observedAt(), added.object());
        ChangeTracker.Update update =
            tracker.modified(modified.kind(), modified.uid(), modified.object(), Optional::empty);
        if (!update.changed()) {
          ignoredUpdates.incrementAndGet();
          metrics.reconciled(added.kind(), "unchanged");
          return;
        }
        metrics.reconciled(added.kind(), "modified");
        used = emit(modified.withPatch(update.patch()).withOrigin(EventOrigin.RESYNC));
      }
    } finally {
      if (!used) {
        sink.cancel();
      }
    }
  }

  @Override
  public void onUpdate(GenericKubernetesResource oldObject, GenericKubernetesResource newObject) {
    if (Objects.equals(resourceVersion(oldObject), resourceVersion(newObject))) {
      resyncsSkipped.incrementAndGet();
      return;
    }
    if (!admit()) {
      return;
    }
    boolean used = false;
    try {
      Optional<ChangeEvent> modified = event(EventType.MODIFIED, newObject);
      if (modified.isEmpty()) {
        return;
      }
      ChangeEvent event = modified.get();
      synchronized (lockOf(event.uid())) {
        ChangeTracker.Update update =
            tracker.modified(
                event.kind(),
                event.uid(),
                event.object(),
                () -> Optional.ofNullable(oldObject).map(this::sanitize));
        if (!update.changed()) {
          ignoredUpdates.incrementAndGet();
          metrics.suppressed(event.kind(), "MODIFIED", ProducerMetrics.IGNORED_PATHS);
          log.debug(
              "Only ignored paths changed in {} {} rv={}",
              event.kind(),
              event.qualifiedName(),
              event.resourceVersion());
          return;
        }
        used = emit(event.withPatch(update.patch()).withOrigin(EventOrigin.WATCH));
      }
    } finally {
      if (!used) {
        sink.cancel();
      }
    }
  }

  @Override
  public void onDelete(GenericKubernetesResource object, boolean deletedFinalStateUnknown) {
    if (!admit()) {
      return;
    }
    boolean used = false;
    try {
      if (deletedFinalStateUnknown) {
        log.debug(
            "Missed the deletion of {} {}; publishing its last known state",
            object.getKind(),
            object.getMetadata().getUid());
      }
      Optional<ChangeEvent> deleted = event(EventType.DELETED, object);
      if (deleted.isEmpty()) {
        return;
      }
      ChangeEvent event = deleted.get();
      synchronized (lockOf(event.uid())) {
        if (swept.remove(event.uid())) {
          return; // the sweep published it already
        }
        tracker.deleted(event.uid());
        used =
            emit(
                event.withOrigin(
                    deletedFinalStateUnknown ? EventOrigin.RESYNC : EventOrigin.WATCH));
      }
    } finally {
      if (!used) {
        sink.cancel();
      }
    }
  }

  /**
   * Ends a listing: publishes DELETED (with the last published object, {@code origin: resync}) for
   * every object in {@code candidates} that is not in {@code listed}. Take {@code candidates}
   * ({@link #knownUids()}) before {@code listed} (the informers' caches, once synced), so an object
   * added meanwhile is never taken for gone.
   *
   * @return how many objects were found gone; stops early when the sink is full
   */
  public int sweep(Set<String> candidates, Set<String> listed) {
    listedAtSweep = Set.copyOf(listed);
    int gone = 0;
    for (String uid : candidates) {
      if (listed.contains(uid)) {
        continue;
      }
      if (!admit()) {
        return gone;
      }
      boolean used = false;
      try {
        synchronized (lockOf(uid)) {
          Optional<JsonNode> last = tracker.lastPublished(uid);
          if (last.isEmpty()) {
            continue; // its delete notification came meanwhile
          }
          ChangeEvent deleted;
          try {
            deleted = ChangeEvent.of(EventType.DELETED, cluster, Instant.now(), last.get());
          } catch (IllegalArgumentException e) {
            log.warn("Forgetting a stored object without identity ({}): {}", uid, e.getMessage());
            tracker.deleted(uid);
            continue;
          }
          tracker.deleted(uid);
          swept.add(uid);
          metrics.reconciled(deleted.kind(), "deleted");
          used = emit(deleted.withOrigin(EventOrigin.RESYNC));
          gone++;
        }
      } finally {
        if (!used) {
          sink.cancel();
        }
      }
    }
    listing = false;
    return gone;
  }

  /** The UIDs of every object whose last published form is known. */
  public Set<String> knownUids() {
    return tracker.uids();
  }

  /** Whether the handler ignores notifications until {@link #startListing()}. */
  public boolean paused() {
    return paused;
  }

  /** How many informer resyncs (updates without a new resourceVersion) were skipped. */
  public long resyncsSkipped() {
    return resyncsSkipped.get();
  }

  /** How many updates were not published because only ignored paths changed. */
  public long ignoredUpdates() {
    return ignoredUpdates.get();
  }

  /** How many listed objects were found as last published (nothing to publish). */
  public long unchangedOnListing() {
    return unchangedOnListing.get();
  }

  /** How many notifications were ignored while paused (their changes come back by listing). */
  public long ignoredWhilePaused() {
    return ignoredWhilePaused.get();
  }

  /**
   * The object as a JSON tree without {@code metadata.managedFields}, sensitive values redacted.
   * The tree is a copy: the informer's cached object stays as it was.
   */
  public JsonNode sanitize(GenericKubernetesResource object) {
    JsonNode tree = TREES.valueToTree(object);
    if (tree.path("metadata") instanceof ObjectNode metadata) {
      metadata.remove("managedFields");
    }
    if (tree instanceof ObjectNode root) {
      redactor.redact(root);
    }
    return tree;
  }

  private Object lockOf(String uid) {
    return locks[Math.floorMod(uid.hashCode(), LOCK_STRIPES)];
  }

  private boolean admit() {
    if (paused) {
      ignoredWhilePaused.incrementAndGet();
      return false;
    }
    if (sink.reserve()) {
      return true;
    }
    synchronized (pauseLock) {
      if (!paused) {
        paused = true;
        onFull.run();
      }
    }
    ignoredWhilePaused.incrementAndGet();
    return false;
  }

  private Optional<JsonNode> sanitized(EventType type, GenericKubernetesResource object) {
    return event(type, object).map(ChangeEvent::object);
  }

  private Optional<ChangeEvent> event(EventType type, GenericKubernetesResource object) {
    try {
      return Optional.of(ChangeEvent.of(type, cluster, Instant.now(), sanitize(object)));
    } catch (IllegalArgumentException e) {
      log.warn("Skipping a {} notification for {}: {}", type, object.getKind(), e.getMessage());
      return Optional.empty();
    }
  }

  private boolean emit(ChangeEvent event) {
    log.debug(
        "{} {} {} rv={} ({})",
        event.type(),
        event.kind(),
        event.qualifiedName(),
        event.resourceVersion(),
        event.origin() == null ? "-" : event.origin().json());
    sink.accept(event);
    return true;
  }

  private static String resourceVersion(GenericKubernetesResource object) {
    return object == null || object.getMetadata() == null
        ? null
        : object.getMetadata().getResourceVersion();
  }
}
