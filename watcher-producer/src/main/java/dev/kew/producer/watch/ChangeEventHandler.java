package dev.kew.producer.watch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kew.model.ChangeEvent;
import dev.kew.model.EventCodec;
import dev.kew.model.EventType;
import dev.kew.producer.diff.ChangeTracker;
import dev.kew.producer.diff.InMemoryLastPublished;
import dev.kew.producer.redact.RedactionRules;
import dev.kew.producer.redact.Redactor;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
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
 * <p>An update whose old and new resourceVersion are equal is an informer resync, not a change: it
 * publishes nothing and is counted in {@link #resyncsSkipped()}. An update in which only ignored
 * paths changed publishes nothing either and is counted in {@link #ignoredUpdates()}.
 */
public final class ChangeEventHandler implements ResourceEventHandler<GenericKubernetesResource> {

  private static final Logger log = LoggerFactory.getLogger(ChangeEventHandler.class);

  private final KubernetesSerialization serialization;
  private final String cluster;
  private final Redactor redactor;
  private final ChangeTracker tracker;
  private final Consumer<ChangeEvent> sink;
  private final AtomicLong resyncsSkipped = new AtomicLong();
  private final AtomicLong ignoredUpdates = new AtomicLong();

  public ChangeEventHandler(
      KubernetesSerialization serialization,
      String cluster,
      Redactor redactor,
      ChangeTracker tracker,
      Consumer<ChangeEvent> sink) {
    this.serialization = Objects.requireNonNull(serialization, "serialization");
    this.cluster = Objects.requireNonNull(cluster, "cluster");
    this.redactor = Objects.requireNonNull(redactor, "redactor");
    this.tracker = Objects.requireNonNull(tracker, "tracker");
    this.sink = Objects.requireNonNull(sink, "sink");
  }

  /** A handler with the default redaction, no ignored paths and an in-memory store. */
  public ChangeEventHandler(
      KubernetesSerialization serialization, String cluster, Consumer<ChangeEvent> sink) {
    this(
        serialization,
        cluster,
        new Redactor(RedactionRules.DEFAULTS),
        new ChangeTracker(new InMemoryLastPublished(), List.of()),
        sink);
  }

  @Override
  public void onAdd(GenericKubernetesResource object) {
    event(EventType.ADDED, object)
        .ifPresent(
            event -> {
              tracker.added(event.uid(), event.object());
              emit(event);
            });
  }

  @Override
  public void onUpdate(GenericKubernetesResource oldObject, GenericKubernetesResource newObject) {
    if (Objects.equals(resourceVersion(oldObject), resourceVersion(newObject))) {
      resyncsSkipped.incrementAndGet();
      return;
    }
    Optional<ChangeEvent> modified = event(EventType.MODIFIED, newObject);
    if (modified.isEmpty()) {
      return;
    }
    ChangeEvent event = modified.get();
    ChangeTracker.Update update =
        tracker.modified(
            event.kind(),
            event.uid(),
            event.object(),
            () -> Optional.ofNullable(oldObject).map(this::sanitize));
    if (!update.changed()) {
      ignoredUpdates.incrementAndGet();
      log.debug(
          "Only ignored paths changed in {} {} rv={}",
          event.kind(),
          event.qualifiedName(),
          event.resourceVersion());
      return;
    }
    emit(event.withPatch(update.patch()));
  }

  @Override
  public void onDelete(GenericKubernetesResource object, boolean deletedFinalStateUnknown) {
    if (deletedFinalStateUnknown) {
      log.debug(
          "Missed the deletion of {} {}; publishing its last known state",
          object.getKind(),
          object.getMetadata().getUid());
    }
    event(EventType.DELETED, object)
        .ifPresent(
            event -> {
              tracker.deleted(event.uid());
              emit(event);
            });
  }

  /** How many informer resyncs (updates without a new resourceVersion) were skipped. */
  public long resyncsSkipped() {
    return resyncsSkipped.get();
  }

  /** How many updates were not published because only ignored paths changed. */
  public long ignoredUpdates() {
    return ignoredUpdates.get();
  }

  /**
   * The object as a JSON tree without {@code metadata.managedFields}, sensitive values redacted.
   * The tree is a copy: the informer's cached object stays as it was.
   */
  public JsonNode sanitize(GenericKubernetesResource object) {
    JsonNode tree;
    try {
      tree = EventCodec.mapper().readTree(serialization.asJson(object));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("Cannot read the JSON of " + object.getKind(), e);
    }
    if (tree.path("metadata") instanceof ObjectNode metadata) {
      metadata.remove("managedFields");
    }
    if (tree instanceof ObjectNode root) {
      redactor.redact(root);
    }
    return tree;
  }

  private Optional<ChangeEvent> event(EventType type, GenericKubernetesResource object) {
    try {
      return Optional.of(ChangeEvent.of(type, cluster, Instant.now(), sanitize(object)));
    } catch (IllegalArgumentException e) {
      log.warn("Skipping a {} notification for {}: {}", type, object.getKind(), e.getMessage());
      return Optional.empty();
    }
  }

  private void emit(ChangeEvent event) {
    log.debug(
        "{} {} {} rv={}",
        event.type(),
        event.kind(),
        event.qualifiedName(),
        event.resourceVersion());
    sink.accept(event);
  }

  private static String resourceVersion(GenericKubernetesResource object) {
    return object == null || object.getMetadata() == null
        ? null
        : object.getMetadata().getResourceVersion();
  }
}
