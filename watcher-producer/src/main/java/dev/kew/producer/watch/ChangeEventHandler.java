package dev.kew.producer.watch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kew.model.ChangeEvent;
import dev.kew.model.EventCodec;
import dev.kew.model.EventType;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns informer notifications into {@link ChangeEvent}s and hands them on. Short and non-blocking:
 * it copies the object into a JSON tree (the informer's cached object is never touched), drops
 * {@code metadata.managedFields} and passes the envelope to the sink.
 *
 * <p>An update whose old and new resourceVersion are equal is an informer resync, not a change: it
 * publishes nothing and is counted in {@link #resyncsSkipped()}.
 */
public final class ChangeEventHandler implements ResourceEventHandler<GenericKubernetesResource> {

  private static final Logger log = LoggerFactory.getLogger(ChangeEventHandler.class);

  private final KubernetesSerialization serialization;
  private final String cluster;
  private final Consumer<ChangeEvent> sink;
  private final AtomicLong resyncsSkipped = new AtomicLong();

  public ChangeEventHandler(
      KubernetesSerialization serialization, String cluster, Consumer<ChangeEvent> sink) {
    this.serialization = Objects.requireNonNull(serialization, "serialization");
    this.cluster = Objects.requireNonNull(cluster, "cluster");
    this.sink = Objects.requireNonNull(sink, "sink");
  }

  @Override
  public void onAdd(GenericKubernetesResource object) {
    emit(EventType.ADDED, object);
  }

  @Override
  public void onUpdate(GenericKubernetesResource oldObject, GenericKubernetesResource newObject) {
    if (Objects.equals(resourceVersion(oldObject), resourceVersion(newObject))) {
      resyncsSkipped.incrementAndGet();
      return;
    }
    emit(EventType.MODIFIED, newObject);
  }

  @Override
  public void onDelete(GenericKubernetesResource object, boolean deletedFinalStateUnknown) {
    if (deletedFinalStateUnknown) {
      log.debug(
          "Missed the deletion of {} {}; publishing its last known state",
          object.getKind(),
          object.getMetadata().getUid());
    }
    emit(EventType.DELETED, object);
  }

  /** How many informer resyncs (updates without a new resourceVersion) were skipped. */
  public long resyncsSkipped() {
    return resyncsSkipped.get();
  }

  /**
   * The object as a JSON tree without {@code metadata.managedFields}. The tree is a copy: the
   * informer's cached object stays as it was.
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
    return tree;
  }

  private void emit(EventType type, GenericKubernetesResource object) {
    ChangeEvent event;
    try {
      event = ChangeEvent.of(type, cluster, Instant.now(), sanitize(object));
    } catch (IllegalArgumentException e) {
      log.warn("Skipping a {} notification for {}: {}", type, object.getKind(), e.getMessage());
      return;
    }
    log.debug("{} {} {} rv={}", type, event.kind(), event.qualifiedName(), event.resourceVersion());
    sink.accept(event);
  }

  private static String resourceVersion(GenericKubernetesResource object) {
    return object == null || object.getMetadata() == null
        ? null
        : object.getMetadata().getResourceVersion();
  }
}
