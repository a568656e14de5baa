package dev.kew.history.index;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import dev.kew.model.ChangeEvent;
import dev.kew.model.FieldManager;
import dev.kew.summary.ChangeSummary;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One event as the index takes it: its {@link IndexedEvent} and the object's labels (indexed for
 * label selectors, not stored). Every string is bounded ({@link Text}) and every list capped.
 */
public record IndexableEvent(IndexedEvent event, Map<String, String> labels) {

  /** Changed paths kept per event. */
  public static final int MAX_PATHS = 64;

  /** Labels indexed per event. */
  public static final int MAX_LABELS = 64;

  /** Field managers kept per event. */
  public static final int MAX_MANAGERS = 16;

  /** Longest summary kept. */
  public static final int MAX_SUMMARY = 300;

  private static final int MAX_PATH = 256;

  /** The index's view of {@code event}, read at {@code partition}/{@code offset}. */
  public static IndexableEvent of(ChangeEvent event, int partition, long offset) {
    IndexedEvent indexed =
        new IndexedEvent(
            Text.field(event.cluster()),
            Text.field(event.apiVersion()),
            Text.field(event.kind()),
            Text.field(event.namespace()),
            Text.field(event.name()),
            Text.field(event.uid()),
            Text.field(event.resourceVersion()),
            event.type(),
            event.origin() == null ? null : event.origin().json(),
            event.observedAt(),
            partition,
            offset,
            changedPaths(event.patch()),
            ChangeSummary.of(event).map(s -> Text.clip(s, MAX_SUMMARY)).orElse(null),
            managers(event.changedBy()));
    return new IndexableEvent(indexed, labels(event.object()));
  }

  /**
   * The dotted paths a patch touches, as a person names them: {@code /spec/replicas} is {@code
   * spec.replicas}, an array index is {@code *} ({@code spec.template.spec.containers.*.image}).
   * Bookkeeping ({@code metadata.resourceVersion}, {@code metadata.generation}, {@code
   * metadata.managedFields}) is left out.
   */
  static List<String> changedPaths(JsonNode patch) {
    if (patch == null || !patch.isArray()) {
      return List.of();
    }
    Set<String> paths = new LinkedHashSet<>();
    for (JsonNode op : patch) {
      if (paths.size() >= MAX_PATHS) {
        break;
      }
      String dotted = dotted(op.path("path").asText(""));
      if (!dotted.isEmpty()
          && !dotted.equals("metadata.resourceVersion")
          && !dotted.equals("metadata.generation")
          && !dotted.startsWith("metadata.managedFields")) {
        paths.add(Text.clip(dotted, MAX_PATH));
      }
    }
    return List.copyOf(paths);
  }

  private static String dotted(String pointer) {
    JsonPointer tokens;
    try {
      tokens = JsonPointer.compile(pointer);
    } catch (IllegalArgumentException e) {
      return "";
    }
    StringBuilder out = new StringBuilder();
    for (JsonPointer p = tokens; !p.matches() && out.length() <= MAX_PATH; p = p.tail()) {
      String token = p.getMatchingProperty();
      if (out.length() > 0) {
        out.append('.');
      }
      out.append(token.equals("-") || token.chars().allMatch(Character::isDigit) ? "*" : token);
    }
    return out.toString();
  }

  private static Map<String, String> labels(JsonNode object) {
    JsonNode labels = object == null ? null : object.path("metadata").path("labels");
    if (labels == null || !labels.isObject()) {
      return Map.of();
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = labels.fields();
        it.hasNext() && out.size() < MAX_LABELS; ) {
      Map.Entry<String, JsonNode> label = it.next();
      out.put(Text.field(label.getKey()), Text.field(label.getValue().asText("")));
    }
    return out;
  }

  private static List<FieldManager> managers(List<FieldManager> changedBy) {
    List<FieldManager> out = new ArrayList<>();
    for (FieldManager m : changedBy) {
      if (out.size() >= MAX_MANAGERS) {
        break;
      }
      out.add(
          new FieldManager(
              Text.field(m.manager()),
              Text.field(m.operation()),
              Text.field(m.subresource()),
              m.time()));
    }
    return out;
  }
}
