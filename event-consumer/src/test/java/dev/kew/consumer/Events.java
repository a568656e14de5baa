package dev.kew.consumer;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kew.model.ChangeEvent;
import dev.kew.model.EventCodec;
import dev.kew.model.EventType;
import java.time.Instant;

/** Small change events for tests, built the way the producer builds them. */
public final class Events {

  public static final Instant OBSERVED_AT = Instant.parse("2026-11-24T14:03:07.123456Z");

  private Events() {}

  /** An event for an object; {@code namespace} null for cluster-scoped objects. */
  public static ChangeEvent event(
      EventType type, String apiVersion, String kind, String namespace, String name, String rv) {
    ObjectNode object = EventCodec.mapper().createObjectNode();
    object.put("apiVersion", apiVersion).put("kind", kind);
    ObjectNode metadata = object.putObject("metadata");
    metadata.put("name", name).put("uid", "uid-" + kind + "-" + name);
    if (namespace != null) {
      metadata.put("namespace", namespace);
    }
    metadata.put("resourceVersion", rv);
    return ChangeEvent.of(type, "test-cluster", OBSERVED_AT, object);
  }

  /** Like {@link #event}, in {@code cluster}, with {@code labels}, and a uid of {@code uid}. */
  public static ChangeEvent event(
      EventType type,
      String kind,
      String namespace,
      String name,
      String rv,
      String cluster,
      java.util.Map<String, String> labels,
      String uid) {
    ObjectNode object = EventCodec.mapper().createObjectNode();
    object.put("apiVersion", "v1").put("kind", kind);
    ObjectNode metadata = object.putObject("metadata");
    metadata.put("name", name).put("uid", uid);
    if (namespace != null) {
      metadata.put("namespace", namespace);
    }
    metadata.put("resourceVersion", rv);
    if (!labels.isEmpty()) {
      ObjectNode node = metadata.putObject("labels");
      labels.forEach(node::put);
    }
    return ChangeEvent.of(type, cluster, OBSERVED_AT, object);
  }

  public static ChangeEvent deployment(EventType type, String namespace, String name, String rv) {
    return event(type, "apps/v1", "Deployment", namespace, name, rv);
  }

  public static ChangeEvent namespace(EventType type, String name, String rv) {
    return event(type, "v1", "Namespace", null, name, rv);
  }
}
