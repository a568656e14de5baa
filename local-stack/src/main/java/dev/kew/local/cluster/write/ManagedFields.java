package dev.kew.local.cluster.write;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kew.local.cluster.store.Json;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Keeps {@code metadata.managedFields} as kube-apiserver does for Update operations: each write
 * gives its manager ownership of the fields it set or changed, takes them from every other manager,
 * and drops fields it removed from everyone; an entry's {@code time} moves when its manager adds,
 * changes or removes a field it owns, not when another manager takes one over. Entries are told
 * apart by manager, operation and subresource; past ten Update entries the oldest merge into {@code
 * ancient-changes}.
 *
 * <p>The {@code fieldsV1} sets approximate the server's: maps by {@code f:FIELD}; items of the
 * lists in {@link MergeKeys} by {@code k:{KEY}} with a {@code .} for the item itself; every other
 * list is one atomic field (kube-apiserver also lists set members as {@code v:VALUE}).
 */
final class ManagedFields {

  static final int MAX_UPDATE_MANAGERS = 10;
  static final String ANCIENT = "ancient-changes";

  private static final Set<String> SERVER_METADATA =
      Set.of(
          "name",
          "namespace",
          "generateName",
          "uid",
          "resourceVersion",
          "generation",
          "creationTimestamp",
          "deletionTimestamp",
          "deletionGracePeriodSeconds",
          "managedFields",
          "selfLink");

  /** What a write covers: the whole object but status, only status, or everything. */
  enum Scope {
    MAIN_WITHOUT_STATUS,
    STATUS_ONLY,
    EVERYTHING
  }

  private ManagedFields() {}

  /**
   * Sets {@code next}'s managedFields after a write by {@code manager} that turned {@code current}
   * (null for a create) into {@code next}. Only the entries the write touches are edited, and only
   * along the paths it changed.
   */
  static void record(
      ObjectNode current,
      ObjectNode next,
      String manager,
      String subresource,
      Scope scope,
      String apiVersion,
      Instant now) {
    ObjectNode after = ownable(next, scope);
    if (current == null) {
      ObjectNode fields = Json.MAPPER.createObjectNode();
      after
          .fields()
          .forEachRemaining(
              f -> FieldPaths.build(fields.putObject("f:" + f.getKey()), f.getKey(), f.getValue()));
      if (!fields.isEmpty()) {
        ObjectNode entry = newEntry(manager, subresource, apiVersion, now);
        entry.set("fieldsV1", fields);
        Json.metadata(next).putArray("managedFields").add(entry);
      }
      return;
    }
    Set<String> changed = new LinkedHashSet<>();
    Set<String> removed = new LinkedHashSet<>();
    FieldPaths.diffFields("", ownable(current, scope), after, changed, removed);
    if (changed.isEmpty() && removed.isEmpty()) {
      return; // nothing written: the entries stay as they are
    }
    String time = now.truncatedTo(ChronoUnit.SECONDS).toString();
    ObjectNode metadata = Json.metadata(next);
    // The stored entries are shared with the stored object: an entry is copied before an edit.
    ArrayNode entries = Json.MAPPER.createArrayNode();
    if (metadata.get("managedFields") instanceof ArrayNode existing) {
      existing.forEach(entries::add);
    }
    ObjectNode mine = null;
    for (int i = 0; i < entries.size(); i++) {
      if (!(entries.get(i) instanceof ObjectNode entry)) {
        continue;
      }
      if (entry.path("manager").asText().equals(manager)
          && entry.path("operation").asText().equals("Update")
          && Objects.equals(text(entry, "subresource"), subresource)) {
        mine = entry.deepCopy();
        entries.set(i, mine);
      } else if (FieldPaths.ownsAny(fields(entry), changed)
          || FieldPaths.ownsAny(fields(entry), removed)) {
        ObjectNode copy = entry.deepCopy();
        entries.set(i, copy);
        ObjectNode fields = fields(copy);
        changed.forEach(path -> FieldPaths.remove(fields, path));
        removed.forEach(path -> FieldPaths.remove(fields, path));
      }
    }
    if (mine == null) {
      mine = newEntry(manager, subresource, apiVersion, now);
      entries.add(mine);
    }
    ObjectNode owned = fields(mine);
    changed.forEach(path -> FieldPaths.add(owned, path));
    boolean dropped = false;
    for (String path : removed) {
      dropped |= FieldPaths.remove(owned, path);
    }
    if (!changed.isEmpty() || dropped) {
      mine.put("apiVersion", apiVersion);
      mine.put("time", time);
    }
    for (int i = entries.size() - 1; i >= 0; i--) {
      if (fields(entries.get(i)).isEmpty()) {
        entries.remove(i);
      }
    }
    mergeAncient(entries);
    if (entries.isEmpty()) {
      metadata.remove("managedFields");
    } else {
      metadata.set("managedFields", entries);
    }
  }

  private static ObjectNode newEntry(
      String manager, String subresource, String apiVersion, Instant now) {
    ObjectNode entry = Json.MAPPER.createObjectNode();
    entry.put("manager", manager);
    entry.put("operation", "Update");
    entry.put("apiVersion", apiVersion);
    entry.put("time", now.truncatedTo(ChronoUnit.SECONDS).toString());
    entry.put("fieldsType", "FieldsV1");
    entry.putObject("fieldsV1");
    if (subresource != null) {
      entry.put("subresource", subresource);
    }
    return entry;
  }

  private static void mergeAncient(ArrayNode entries) {
    List<ObjectNode> updates = new ArrayList<>();
    entries.forEach(
        e -> {
          if (e.path("operation").asText().equals("Update") && e instanceof ObjectNode o) {
            updates.add(o);
          }
        });
    if (updates.size() <= MAX_UPDATE_MANAGERS) {
      return;
    }
    updates.sort(Comparator.comparing(e -> e.path("time").asText()));
    ObjectNode ancient = null;
    for (int i = 0; i < updates.size(); i++) {
      if (updates.get(i).path("manager").asText().equals(ANCIENT)) {
        ancient = updates.get(i).deepCopy();
        for (int j = 0; j < entries.size(); j++) {
          if (entries.get(j) == updates.get(i)) {
            entries.set(j, ancient);
          }
        }
        updates.set(i, ancient);
      }
    }
    if (ancient == null) {
      ancient = updates.get(0).deepCopy();
      ancient.put("manager", ANCIENT);
      ancient.remove("subresource");
      ancient.putObject("fieldsV1");
      entries.insert(0, ancient);
      updates.add(0, ancient);
    }
    int excess = updates.size() - MAX_UPDATE_MANAGERS;
    for (ObjectNode oldest : updates) {
      if (excess == 0) {
        break;
      }
      if (oldest == ancient) {
        continue;
      }
      Set<String> paths = new LinkedHashSet<>();
      FieldPaths.flatten("", fields(oldest), paths);
      ObjectNode merged = fields(ancient);
      paths.forEach(path -> FieldPaths.add(merged, path));
      ancient.put("time", oldest.path("time").asText());
      for (int i = 0; i < entries.size(); i++) {
        if (entries.get(i) == oldest) {
          entries.remove(i);
          break;
        }
      }
      excess--;
    }
  }

  private static ObjectNode fields(JsonNode entry) {
    JsonNode fields = entry.get("fieldsV1");
    if (fields instanceof ObjectNode object) {
      return object;
    }
    return ((ObjectNode) entry).putObject("fieldsV1");
  }

  private static String text(JsonNode entry, String field) {
    return entry.hasNonNull(field) ? entry.get(field).asText() : null;
  }

  /**
   * The fields of {@code object} a write of {@code scope} can own: no apiVersion or kind, no
   * server-set metadata, status only for {@code /status}. A shallow view: its values are the
   * object's own nodes.
   */
  private static ObjectNode ownable(ObjectNode object, Scope scope) {
    ObjectNode view = Json.MAPPER.createObjectNode();
    for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      String name = field.getKey();
      boolean status = name.equals("status");
      if (name.equals("apiVersion")
          || name.equals("kind")
          || (status && scope == Scope.MAIN_WITHOUT_STATUS)
          || (!status && scope == Scope.STATUS_ONLY)) {
        continue;
      }
      if (name.equals("metadata") && field.getValue() instanceof ObjectNode metadata) {
        ObjectNode owned = Json.MAPPER.createObjectNode();
        metadata
            .fields()
            .forEachRemaining(
                m -> {
                  if (!SERVER_METADATA.contains(m.getKey())) {
                    owned.set(m.getKey(), m.getValue());
                  }
                });
        if (!owned.isEmpty()) {
          view.set(name, owned);
        }
      } else {
        view.set(name, field.getValue());
      }
    }
    return view;
  }
}
