package dev.kew.history.index;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.kew.model.EventType;
import dev.kew.model.FieldManager;
import java.time.Instant;
import java.util.List;

/**
 * What the index keeps of one event: its identity, where it lies in the topic, what changed and who
 * changed it. The full object stays in Kafka and is read back by {@link #partition()} and {@link
 * #offset()}.
 *
 * @param cluster the envelope's cluster
 * @param apiVersion the object's apiVersion
 * @param kind the object's kind
 * @param namespace the namespace, {@code null} for cluster-scoped objects
 * @param name the object's name
 * @param uid the object's uid
 * @param resourceVersion the object's resourceVersion in this change
 * @param type what happened
 * @param origin {@code watch}, {@code resync}, or {@code null} when the writer did not say
 * @param observedAt when the producer saw the change
 * @param partition the topic partition of the record
 * @param offset the record's offset in that partition
 * @param changedPaths the dotted paths the change's patch touched ({@code spec.replicas}), array
 *     indices as {@code *}, bookkeeping left out; empty for ADDED and DELETED
 * @param summary one line for people ({@code spec.replicas 2->5}), or {@code null}
 * @param changedBy the field managers that made the change; empty when unknown
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record IndexedEvent(
    String cluster,
    String apiVersion,
    String kind,
    String namespace,
    String name,
    String uid,
    String resourceVersion,
    EventType type,
    String origin,
    Instant observedAt,
    int partition,
    long offset,
    List<String> changedPaths,
    String summary,
    List<FieldManager> changedBy) {

  public IndexedEvent {
    changedPaths = changedPaths == null ? List.of() : List.copyOf(changedPaths);
    changedBy = changedBy == null ? List.of() : List.copyOf(changedBy);
  }

  /** The permanent address of this event: {@code partition-offset}. */
  @JsonProperty(value = "ref", access = JsonProperty.Access.READ_ONLY)
  public String ref() {
    return partition + "-" + offset;
  }
}
