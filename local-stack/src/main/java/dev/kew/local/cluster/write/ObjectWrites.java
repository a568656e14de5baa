package dev.kew.local.cluster.write;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kew.local.cluster.store.ApiError;
import dev.kew.local.cluster.store.Json;
import dev.kew.local.cluster.store.ObjectStore.Mutation;
import dev.kew.local.cluster.store.ResourceType;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * The rules kube-apiserver applies to a create, update, patch or delete, as {@link Mutation}s of
 * the store: a create gets a random uid, a creationTimestamp and generation 1; an update must not
 * carry a stale resourceVersion (409 Conflict); identity fields cannot change; {@code status} is
 * written only through {@code /status} for kinds that have that subresource, and only there; {@code
 * generation} moves when anything outside metadata and status changes; managedFields record each
 * writer (see {@link ManagedFields}).
 */
public final class ObjectWrites {

  private static final List<String> IDENTITY =
      List.of("name", "namespace", "uid", "creationTimestamp", "resourceVersion", "generation");

  private final Clock clock;

  public ObjectWrites(Clock clock) {
    this.clock = clock;
  }

  public Mutation create(
      ResourceType type, String namespace, String name, ObjectNode body, String manager) {
    return current -> {
      if (current != null) {
        throw ApiError.alreadyExists(type, name);
      }
      ObjectNode object = Json.withOwnMetadata(body);
      checkTypeMeta(type, object);
      ObjectNode metadata = Json.metadata(object);
      String sentVersion = Json.metadataText(object, "resourceVersion");
      if (sentVersion != null && !sentVersion.isEmpty()) {
        throw ApiError.invalid(
            "metadata.resourceVersion: Invalid value: resourceVersion should not be set on objects"
                + " to be created");
      }
      metadata.put("name", name);
      if (type.namespaced()) {
        metadata.put("namespace", namespace);
      } else {
        metadata.remove("namespace");
      }
      metadata.put("uid", UUID.randomUUID().toString());
      metadata.put("creationTimestamp", now());
      metadata.put("generation", 1);
      metadata.remove(List.of("managedFields", "deletionTimestamp", "selfLink"));
      ManagedFields.record(
          null, object, manager, null, scope(type, null), type.apiVersion(), clock.instant());
      return object;
    };
  }

  /** A PUT: the object as sent, which must not carry a stale resourceVersion. */
  public Mutation replace(
      ResourceType type, String name, ObjectNode body, String manager, String subresource) {
    return current -> {
      if (current == null) {
        throw ApiError.notFound(type, name);
      }
      ObjectNode next = Json.withOwnMetadata(body);
      checkVersion(type, name, current, next);
      return settle(type, current, next, manager, subresource);
    };
  }

  /**
   * A PATCH of {@code contentType} (see {@link PatchDocument}).
   *
   * @throws ApiError 415 for server-side apply, strategic merge on a custom kind, or another type
   */
  public Mutation patch(
      ResourceType type,
      String name,
      String contentType,
      byte[] patch,
      String manager,
      String subresource) {
    PatchDocument document = PatchDocument.read(type, contentType, patch);
    return current -> {
      if (current == null) {
        throw ApiError.notFound(type, name);
      }
      ObjectNode next = document.applyTo(current);
      checkVersion(type, name, current, next);
      return settle(type, current, next, manager, subresource);
    };
  }

  /** A DELETE, honouring the uid and resourceVersion preconditions of its DeleteOptions. */
  public Mutation delete(ResourceType type, String name, ObjectNode options) {
    return current -> {
      if (current == null) {
        throw ApiError.notFound(type, name);
      }
      JsonNode preconditions = options == null ? null : options.get("preconditions");
      if (preconditions != null) {
        for (String field : List.of("uid", "resourceVersion")) {
          JsonNode wanted = preconditions.get(field);
          String actual = Json.metadataText(current, field);
          if (wanted != null && !wanted.isNull() && !wanted.asText().equals(actual)) {
            throw ApiError.conflict(
                type,
                name,
                "Precondition failed: "
                    + field
                    + " in precondition: "
                    + wanted.asText()
                    + ", "
                    + field
                    + " in object meta: "
                    + actual);
          }
        }
      }
      return null;
    };
  }

  private ObjectNode settle(
      ResourceType type, ObjectNode current, ObjectNode next, String manager, String subresource) {
    checkTypeMeta(type, next);
    // next may share nodes with current (a merge patch does): give it a metadata of its own.
    ObjectNode metadata = Json.MAPPER.createObjectNode().setAll(Json.metadata(next));
    next.set("metadata", metadata);
    ObjectNode currentMetadata = Json.metadata(current);
    for (String field : IDENTITY) {
      JsonNode value = currentMetadata.get(field);
      if (value == null) {
        metadata.remove(field);
      } else {
        metadata.set(field, value);
      }
    }
    JsonNode managed = currentMetadata.get("managedFields");
    if (managed == null) {
      metadata.remove("managedFields");
    } else {
      metadata.set("managedFields", managed);
    }
    if ("status".equals(subresource)) {
      // Only status is written: everything else stays as stored (shared, never changed after).
      Set<String> fields = new HashSet<>();
      current.fieldNames().forEachRemaining(fields::add);
      next.fieldNames().forEachRemaining(fields::add);
      fields.removeAll(List.of("status", "metadata"));
      fields.forEach(field -> setOrRemove(next, field, current.get(field)));
      next.set("metadata", Json.MAPPER.createObjectNode().setAll(currentMetadata));
    } else if (type.statusSubresource()) {
      setOrRemove(next, "status", current.get("status"));
    }
    ObjectNode result = next;
    if (!sameSpec(current, result)) {
      Json.metadata(result).put("generation", currentMetadata.path("generation").asLong(0) + 1);
    }
    ManagedFields.record(
        current,
        result,
        manager,
        subresource,
        scope(type, subresource),
        type.apiVersion(),
        clock.instant());
    return result;
  }

  private static ManagedFields.Scope scope(ResourceType type, String subresource) {
    if ("status".equals(subresource)) {
      return ManagedFields.Scope.STATUS_ONLY;
    }
    return type.statusSubresource()
        ? ManagedFields.Scope.MAIN_WITHOUT_STATUS
        : ManagedFields.Scope.EVERYTHING;
  }

  /** Whether everything but metadata and status is the same (else generation moves). */
  private static boolean sameSpec(ObjectNode a, ObjectNode b) {
    Set<String> fields = new HashSet<>();
    a.fieldNames().forEachRemaining(fields::add);
    b.fieldNames().forEachRemaining(fields::add);
    fields.removeAll(List.of("metadata", "status"));
    return fields.stream().allMatch(f -> Objects.equals(a.get(f), b.get(f)));
  }

  private static void setOrRemove(ObjectNode object, String field, JsonNode value) {
    if (value == null) {
      object.remove(field);
    } else {
      object.set(field, value);
    }
  }

  private static void checkVersion(
      ResourceType type, String name, ObjectNode current, ObjectNode next) {
    String sent = Json.metadataText(next, "resourceVersion");
    if (sent != null
        && !sent.isEmpty()
        && !sent.equals(Json.metadataText(current, "resourceVersion"))) {
      throw ApiError.conflict(
          type,
          name,
          "the object has been modified; please apply your changes to the latest version and try"
              + " again");
    }
  }

  private static void checkTypeMeta(ResourceType type, ObjectNode object) {
    JsonNode apiVersion = object.get("apiVersion");
    JsonNode kind = object.get("kind");
    if (apiVersion != null
        && !apiVersion.isNull()
        && !apiVersion.asText().equals(type.apiVersion())) {
      throw ApiError.badRequest(
          "the API version in the data ("
              + apiVersion.asText()
              + ") does not match the expected API version ("
              + type.apiVersion()
              + ")");
    }
    if (kind != null && !kind.isNull() && !kind.asText().equals(type.kind())) {
      throw ApiError.badRequest(
          "the kind in the data ("
              + kind.asText()
              + ") does not match the expected kind ("
              + type.kind()
              + ")");
    }
    ObjectNode ordered = Json.MAPPER.createObjectNode();
    ordered.put("apiVersion", type.apiVersion());
    ordered.put("kind", type.kind());
    object.remove(List.of("apiVersion", "kind"));
    ordered.setAll(object);
    object.removeAll();
    object.setAll(ordered);
  }

  private String now() {
    return clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
  }
}
