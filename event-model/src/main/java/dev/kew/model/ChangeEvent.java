package dev.kew.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.POJONode;
import com.fasterxml.jackson.databind.util.RawValue;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One change of one Kubernetes object: the envelope published to Kafka, keyed by {@link #uid()}.
 *
 * <p>Readers ignore fields they do not know, so the format can grow without breaking them; {@link
 * #schemaVersion()} says which revision of {@code change-event.schema.json} a writer followed.
 *
 * @param schemaVersion revision of the envelope format the writer followed
 * @param id deterministic identity {@code uid/resourceVersion/type}, for de-duplication
 * @param type what happened
 * @param cluster the name of the cluster the object lives in
 * @param observedAt when the producer observed the change (UTC)
 * @param apiVersion the object's {@code apiVersion}, e.g. {@code apps/v1}
 * @param kind the object's kind, e.g. {@code Deployment}
 * @param namespace the object's namespace, or {@code null} for cluster-scoped objects
 * @param name the object's name
 * @param uid the object's {@code metadata.uid}; also the Kafka record key
 * @param resourceVersion the object's {@code metadata.resourceVersion} in this change
 * @param truncated true when {@code object} is only a summary of an object too large to publish
 *     (identity, {@code sizeBytes}, {@code sha256}); omitted when false. Since version 2.
 * @param patch for MODIFIED only: the RFC 6902 JSON Patch from the previously published version of
 *     the object to this one, or {@code null} when the producer had no previous version. Replace
 *     operations also carry the old value as {@code fromValue}, which JSON Patch appliers ignore.
 *     Since version 2.
 * @param object the object as JSON, as the producer sanitized it (or its summary when {@code
 *     truncated})
 * @param origin {@code watch} when a watch notification reported the change, {@code resync} when
 *     the producer found it by comparing a listing of the cluster with what it had published (after
 *     a restart, a relist or a pause); {@code null} when the writer did not say. Since version 3.
 * @param changedBy the field managers whose {@code metadata.managedFields} entries changed from the
 *     previous version to this one; empty when unknown (omitted from the JSON). Since version 4.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({
  "schemaVersion",
  "id",
  "type",
  "cluster",
  "observedAt",
  "apiVersion",
  "kind",
  "namespace",
  "name",
  "uid",
  "resourceVersion",
  "truncated",
  "origin",
  "changedBy",
  "patch",
  "object"
})
public record ChangeEvent(
    int schemaVersion,
    String id,
    EventType type,
    String cluster,
    Instant observedAt,
    String apiVersion,
    String kind,
    String namespace,
    String name,
    String uid,
    String resourceVersion,
    @JsonInclude(JsonInclude.Include.NON_DEFAULT) @JsonSetter(nulls = Nulls.AS_EMPTY)
        boolean truncated,
    JsonNode patch,
    JsonNode object,
    EventOrigin origin,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) @JsonSetter(nulls = Nulls.AS_EMPTY)
        List<FieldManager> changedBy) {

  /** The envelope revision this code writes. */
  public static final int SCHEMA_VERSION = 4;

  public ChangeEvent {
    if (schemaVersion < 1) {
      throw new IllegalArgumentException("schemaVersion must be 1 or more, was " + schemaVersion);
    }
    require(id, "id");
    Objects.requireNonNull(type, "type is required");
    require(cluster, "cluster");
    Objects.requireNonNull(observedAt, "observedAt is required");
    require(apiVersion, "apiVersion");
    require(kind, "kind");
    require(name, "name");
    require(uid, "uid");
    require(resourceVersion, "resourceVersion");
    Objects.requireNonNull(object, "object is required");
    if (patch != null && !patch.isArray()) {
      throw new IllegalArgumentException("patch must be a JSON array of operations");
    }
    if (namespace != null && namespace.isEmpty()) {
      namespace = null;
    }
    changedBy = changedBy == null ? List.of() : List.copyOf(changedBy);
  }

  /** An envelope without {@code changedBy}, as versions 1 to 3 wrote them. */
  public ChangeEvent(
      int schemaVersion,
      String id,
      EventType type,
      String cluster,
      Instant observedAt,
      String apiVersion,
      String kind,
      String namespace,
      String name,
      String uid,
      String resourceVersion,
      boolean truncated,
      JsonNode patch,
      JsonNode object,
      EventOrigin origin) {
    this(
        schemaVersion,
        id,
        type,
        cluster,
        observedAt,
        apiVersion,
        kind,
        namespace,
        name,
        uid,
        resourceVersion,
        truncated,
        patch,
        object,
        origin,
        List.of());
  }

  /**
   * Builds the envelope for a change of {@code object}, taking apiVersion, kind, namespace, name,
   * uid and resourceVersion from the object itself.
   *
   * @throws IllegalArgumentException when the object lacks one of those fields
   */
  public static ChangeEvent of(
      EventType type, String cluster, Instant observedAt, JsonNode object) {
    JsonNode metadata = object.path("metadata");
    String uid = metadata.path("uid").asText(null);
    String resourceVersion = metadata.path("resourceVersion").asText(null);
    return new ChangeEvent(
        SCHEMA_VERSION,
        idOf(uid, resourceVersion, type),
        type,
        cluster,
        observedAt,
        object.path("apiVersion").asText(null),
        object.path("kind").asText(null),
        metadata.path("namespace").asText(null),
        metadata.path("name").asText(null),
        uid,
        resourceVersion,
        false,
        null,
        object,
        null);
  }

  /** The same event with {@code patch} (RFC 6902 operations; {@code null} for none). */
  public ChangeEvent withPatch(JsonNode patch) {
    return copy(truncated, patch, object, origin, changedBy);
  }

  /** The same event, {@code truncated}, its object replaced by {@code summary}. */
  public ChangeEvent withObjectSummary(JsonNode summary) {
    return copy(true, patch, summary, origin, changedBy);
  }

  /** The same event with {@code origin} ({@code null} for none). */
  public ChangeEvent withOrigin(EventOrigin origin) {
    return copy(truncated, patch, object, origin, changedBy);
  }

  /** The same event with {@code changedBy} (empty for unknown). */
  public ChangeEvent withChangedBy(List<FieldManager> changedBy) {
    return copy(truncated, patch, object, origin, changedBy);
  }

  /** The same event with its object already encoded, for {@link EventCodec} to write as is. */
  ChangeEvent withEncodedObject(SerializableString objectJson) {
    return copy(truncated, patch, new POJONode(new RawValue(objectJson)), origin, changedBy);
  }

  private ChangeEvent copy(
      boolean truncated,
      JsonNode patch,
      JsonNode object,
      EventOrigin origin,
      List<FieldManager> changedBy) {
    return new ChangeEvent(
        schemaVersion,
        id,
        type,
        cluster,
        observedAt,
        apiVersion,
        kind,
        namespace,
        name,
        uid,
        resourceVersion,
        truncated,
        patch,
        object,
        origin,
        changedBy);
  }

  /** The deterministic event id: the same change observed twice has the same id. */
  public static String idOf(String uid, String resourceVersion, EventType type) {
    return uid + "/" + resourceVersion + "/" + type;
  }

  /** {@code namespace/name}, or just {@code name} for cluster-scoped objects. */
  public String qualifiedName() {
    return namespace == null ? name : namespace + "/" + name;
  }

  private static void require(String value, String field) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(field + " is required");
    }
  }
}
