package dev.kew.producer.watch;

import dev.kew.model.ChangeEvent;
import dev.kew.model.EventOrigin;
import dev.kew.model.EventType;
import dev.kew.model.FieldManager;
import dev.kew.producer.diff.ChangeTracker;
import dev.kew.producer.diff.InMemoryLastPublished;
import dev.kew.producer.ops.ProducerMetrics;
import dev.kew.producer.publish.ContentStripes;
import dev.kew.producer.publish.Handoff;
import dev.kew.producer.publish.Outbox;
import dev.kew.producer.reconcile.ListingComparison;
import dev.kew.producer.redact.RedactionRules;
import dev.kew.producer.redact.Redactor;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns informer notifications into change events and hands them on; every informer shares it.
 * Short and non-blocking: on the informer's thread it only reserves a place ({@link Handoff}) and
 * hands the notification to the stripe of the object's UID ({@link ContentStripes}), so each
 * object's notifications are worked on in order while other objects go on in parallel. There it
 * makes the published form of the object ({@link ObjectSanitizer}) and leaves the decision to run
 * under the lock of the object's UID: an ADDED and a DELETED are compared with what was published
 * ({@link ListingComparison}, which also catches the changes a listing finds), an update gets its
 * JSON Patch ({@link ChangeTracker}). Each event names the field managers that made the change
 * ({@link ChangedBy}, read from {@code metadata.managedFields} before the sanitizer drops it): an
 * ADDED every manager of the object, a MODIFIED those whose entries changed since the informer's
 * previous version, a DELETED nobody. A MODIFIED found by a listing has no previous version to
 * compare with and names nobody ({@link ListingComparison}).
 *
 * <p>An update whose old and new resourceVersion are equal is an informer resync, not a change: it
 * publishes nothing and is counted in {@link #resyncsSkipped()}. An update in which only ignored
 * paths changed publishes nothing either and is counted in {@link #ignoredUpdates()}.
 */
public final class ChangeEventHandler implements ResourceEventHandler<GenericKubernetesResource> {

  private static final Logger log = LoggerFactory.getLogger(ChangeEventHandler.class);

  private final String cluster;
  private final ObjectSanitizer sanitizer;
  private final ChangeTracker tracker;
  private final ListingComparison listings;
  private final Handoff handoff;
  private final ContentStripes stripes;
  private final ProducerMetrics metrics;
  private final AtomicLong resyncsSkipped = new AtomicLong();

  /**
   * @param cluster the cluster name written into every event
   * @param sanitizer makes the published form of each object
   * @param tracker the last published form of each object, and the patches from it
   * @param listings compares ADDED and DELETED notifications with what was published
   * @param handoff where events go, one object at a time
   * @param stripes where the work of each notification runs, in order per object
   * @param metrics where suppressed updates are counted
   */
  public ChangeEventHandler(
      String cluster,
      ObjectSanitizer sanitizer,
      ChangeTracker tracker,
      ListingComparison listings,
      Handoff handoff,
      ContentStripes stripes,
      ProducerMetrics metrics) {
    this.cluster = Objects.requireNonNull(cluster, "cluster");
    this.sanitizer = Objects.requireNonNull(sanitizer, "sanitizer");
    this.tracker = Objects.requireNonNull(tracker, "tracker");
    this.listings = Objects.requireNonNull(listings, "listings");
    this.handoff = Objects.requireNonNull(handoff, "handoff");
    this.stripes = Objects.requireNonNull(stripes, "stripes");
    this.metrics = Objects.requireNonNull(metrics, "metrics");
  }

  /**
   * A handler with a listing comparison and a handoff of its own, handing events to outbox, its
   * work done on {@code stripes}.
   */
  public ChangeEventHandler(
      String cluster,
      Redactor redactor,
      ChangeTracker tracker,
      Outbox outbox,
      ContentStripes stripes,
      ProducerMetrics metrics) {
    this(
        cluster,
        new ObjectSanitizer(redactor),
        tracker,
        new ListingComparison(cluster, tracker, metrics),
        new Handoff(outbox),
        stripes,
        metrics);
  }

  /**
   * A handler without a bound on waiting events, passing each event to {@code sink} on the
   * informer's thread.
   */
  public ChangeEventHandler(
      String cluster, Redactor redactor, ChangeTracker tracker, Consumer<ChangeEvent> sink) {
    this(
        cluster,
        redactor,
        tracker,
        Outbox.unbounded(sink),
        ContentStripes.direct(),
        ProducerMetrics.unregistered());
  }

  /** A handler with the default redaction, no ignored paths and an in-memory store. */
  public ChangeEventHandler(String cluster, Consumer<ChangeEvent> sink) {
    this(
        cluster,
        new Redactor(RedactionRules.DEFAULTS),
        new ChangeTracker(new InMemoryLastPublished(), List.of()),
        sink);
  }

  @Override
  public void onAdd(GenericKubernetesResource object) {
    handle(EventType.ADDED, object, () -> ChangedBy.added(object), listings::added);
  }

  @Override
  public void onUpdate(GenericKubernetesResource oldObject, GenericKubernetesResource newObject) {
    if (Objects.equals(resourceVersion(oldObject), resourceVersion(newObject))) {
      resyncsSkipped.incrementAndGet();
      return;
    }
    handle(
        EventType.MODIFIED,
        newObject,
        () -> ChangedBy.between(oldObject, newObject),
        this::patched);
  }

  @Override
  public void onDelete(GenericKubernetesResource object, boolean deletedFinalStateUnknown) {
    handle(
        EventType.DELETED,
        object,
        List::of,
        deleted -> {
          if (deletedFinalStateUnknown) {
            log.debug(
                "Missed the deletion of {} {}; publishing its last known state",
                deleted.kind(),
                deleted.uid());
          }
          return listings.deleted(deleted, deletedFinalStateUnknown);
        });
  }

  /** How many informer resyncs (updates without a new resourceVersion) were skipped. */
  public long resyncsSkipped() {
    return resyncsSkipped.get();
  }

  /** How many updates were not published because only ignored paths changed. */
  public long ignoredUpdates() {
    return tracker.ignoredUpdates();
  }

  /**
   * Reserves a place and hands the notification to its object's stripe, noting when it was
   * observed; the place goes back when the notification yields no event.
   */
  private void handle(
      EventType type,
      GenericKubernetesResource object,
      Supplier<List<FieldManager>> changedBy,
      Function<ChangeEvent, Optional<ChangeEvent>> decision) {
    if (!handoff.admit()) {
      return;
    }
    Instant observedAt = Instant.now();
    stripes.execute(uid(object), () -> decide(type, observedAt, object, changedBy, decision));
  }

  /** Makes the event of the notification and hands the decision about it over. */
  private void decide(
      EventType type,
      Instant observedAt,
      GenericKubernetesResource object,
      Supplier<List<FieldManager>> changedBy,
      Function<ChangeEvent, Optional<ChangeEvent>> decision) {
    Optional<ChangeEvent> observed;
    try {
      observed = observed(type, observedAt, object);
    } catch (RuntimeException e) {
      handoff.cancel();
      throw e;
    }
    if (observed.isEmpty()) {
      handoff.cancel();
      return;
    }
    ChangeEvent event = observed.get().withChangedBy(changedBy.get());
    handoff.handOver(event.uid(), () -> decision.apply(event));
  }

  /**
   * The MODIFIED event with its patch, unless only ignored paths changed or the object was already
   * published DELETED by the sweep.
   */
  private Optional<ChangeEvent> patched(ChangeEvent event) {
    if (listings.sweptAway(event.uid())) {
      log.debug(
          "{} {} rv={} was found gone by the listing; its deletion follows",
          event.kind(),
          event.qualifiedName(),
          event.resourceVersion());
      return Optional.empty();
    }
    ChangeTracker.Update update = tracker.modified(event.kind(), event.uid(), event.object());
    if (!update.changed()) {
      metrics.suppressed(event.kind(), "MODIFIED", ProducerMetrics.IGNORED_PATHS);
      log.debug(
          "Only ignored paths changed in {} {} rv={}",
          event.kind(),
          event.qualifiedName(),
          event.resourceVersion());
      return Optional.empty();
    }
    return Optional.of(event.withPatch(update.patch()).withOrigin(EventOrigin.WATCH));
  }

  private Optional<ChangeEvent> observed(
      EventType type, Instant observedAt, GenericKubernetesResource object) {
    try {
      return Optional.of(ChangeEvent.of(type, cluster, observedAt, sanitizer.sanitize(object)));
    } catch (IllegalArgumentException e) {
      log.warn("Skipping a {} notification for {}: {}", type, object.getKind(), e.getMessage());
      return Optional.empty();
    }
  }

  private static String uid(GenericKubernetesResource object) {
    return object == null || object.getMetadata() == null ? null : object.getMetadata().getUid();
  }

  private static String resourceVersion(GenericKubernetesResource object) {
    return object == null || object.getMetadata() == null
        ? null
        : object.getMetadata().getResourceVersion();
  }
}
