package dev.kew.local.cluster.write;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kew.local.cluster.store.Json;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
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

  private static final String SEPARATOR = "\n";
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

  private record Entry(
      String manager,
      String operation,
      String subresource,
      String apiVersion,
      String time,
      Set<String> fields) {}

  private ManagedFields() {}

  /**
   * Sets {@code next}'s managedFields after a write by {@code manager} that turned {@code current}
   * (null for a create) into {@code next}.
   */
  static void record(
      ObjectNode current,
      ObjectNode next,
      String manager,
      String subresource,
      Scope scope,
      String apiVersion,
      Instant now) {
    List<Entry> entries = current == null ? new ArrayList<>() : entries(current);
    Map<String, JsonNode> before = current == null ? Map.of() : leaves(current, scope);
    Map<String, JsonNode> after = leaves(next, scope);
    Set<String> changed = new LinkedHashSet<>();
    after.forEach(
        (path, value) -> {
          if (!value.equals(before.get(path))) {
            changed.add(path);
          }
        });
    Set<String> removed = new LinkedHashSet<>(before.keySet());
    removed.removeAll(after.keySet());
    if (changed.isEmpty() && removed.isEmpty()) {
      return; // nothing written: the entries stay as they are
    }
    String time = now.truncatedTo(ChronoUnit.SECONDS).toString();
    int mine = -1;
    for (int i = 0; i < entries.size(); i++) {
      Entry entry = entries.get(i);
      if (entry.manager().equals(manager)
          && entry.operation().equals("Update")
          && Objects.equals(entry.subresource(), subresource)) {
        mine = i;
      } else {
        entry.fields().removeAll(changed);
        entry.fields().removeAll(removed);
      }
    }
    Set<String> owned = mine < 0 ? new LinkedHashSet<>() : entries.get(mine).fields();
    owned.addAll(changed);
    boolean moved = owned.removeAll(removed) || !changed.isEmpty();
    Entry updated =
        new Entry(
            manager,
            "Update",
            subresource,
            apiVersion,
            moved || mine < 0 ? time : entries.get(mine).time(),
            owned);
    if (mine < 0) {
      entries.add(updated);
    } else {
      entries.set(mine, updated);
    }
    entries.removeIf(entry -> entry.fields().isEmpty());
    mergeAncient(entries);
    ArrayNode managedFields = Json.MAPPER.createArrayNode();
    entries.forEach(entry -> managedFields.add(toJson(entry)));
    if (managedFields.isEmpty()) {
      Json.metadata(next).remove("managedFields");
    } else {
      Json.metadata(next).set("managedFields", managedFields);
    }
  }

  private static void mergeAncient(List<Entry> entries) {
    List<Entry> updates =
        new ArrayList<>(entries.stream().filter(e -> e.operation().equals("Update")).toList());
    if (updates.size() <= MAX_UPDATE_MANAGERS) {
      return;
    }
    updates.sort(Comparator.comparing(Entry::time));
    Set<String> fields = new LinkedHashSet<>();
    String time = null;
    for (Entry oldest : updates.subList(0, updates.size() - MAX_UPDATE_MANAGERS + 1)) {
      fields.addAll(oldest.fields());
      time = oldest.time();
      entries.remove(oldest);
    }
    entries.removeIf(e -> e.manager().equals(ANCIENT));
    entries.add(0, new Entry(ANCIENT, "Update", null, updates.get(0).apiVersion(), time, fields));
  }

  private static List<Entry> entries(ObjectNode object) {
    List<Entry> entries = new ArrayList<>();
    for (JsonNode entry : object.path("metadata").path("managedFields")) {
      Set<String> fields = new LinkedHashSet<>();
      flatten("", entry.path("fieldsV1"), fields);
      entries.add(
          new Entry(
              entry.path("manager").asText(""),
              entry.path("operation").asText("Update"),
              entry.hasNonNull("subresource") ? entry.get("subresource").asText() : null,
              entry.path("apiVersion").asText(""),
              entry.path("time").asText(""),
              fields));
    }
    return entries;
  }

  private static ObjectNode toJson(Entry entry) {
    ObjectNode json = Json.MAPPER.createObjectNode();
    json.put("manager", entry.manager());
    json.put("operation", entry.operation());
    json.put("apiVersion", entry.apiVersion());
    json.put("time", entry.time());
    json.put("fieldsType", "FieldsV1");
    ObjectNode fields = json.putObject("fieldsV1");
    for (String path : entry.fields()) {
      ObjectNode node = fields;
      for (String segment : path.substring(1).split(SEPARATOR)) {
        node = node.get(segment) instanceof ObjectNode child ? child : node.putObject(segment);
      }
    }
    if (entry.subresource() != null) {
      json.put("subresource", entry.subresource());
    }
    return json;
  }

  private static void flatten(String prefix, JsonNode node, Set<String> fields) {
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> child = it.next();
      String path = prefix + SEPARATOR + child.getKey();
      if (child.getValue().isEmpty()) {
        fields.add(path);
      } else {
        flatten(path, child.getValue(), fields);
      }
    }
  }

  /** The owned fields of an object with their values: the paths a write can set, change or drop. */
  private static Map<String, JsonNode> leaves(ObjectNode object, Scope scope) {
    Map<String, JsonNode> leaves = new HashMap<>();
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
        for (Iterator<Map.Entry<String, JsonNode>> m = metadata.fields(); m.hasNext(); ) {
          Map.Entry<String, JsonNode> meta = m.next();
          if (!SERVER_METADATA.contains(meta.getKey())) {
            walk(
                SEPARATOR + "f:metadata" + SEPARATOR + "f:" + meta.getKey(),
                meta.getKey(),
                meta.getValue(),
                leaves);
          }
        }
        continue;
      }
      walk(SEPARATOR + "f:" + name, name, field.getValue(), leaves);
    }
    return leaves;
  }

  private static void walk(
      String path, String field, JsonNode value, Map<String, JsonNode> leaves) {
    if (value.isObject() && !value.isEmpty()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> child = it.next();
        walk(path + SEPARATOR + "f:" + child.getKey(), child.getKey(), child.getValue(), leaves);
      }
      return;
    }
    List<String> key =
        value.isArray() && !value.isEmpty() && value.get(0).isObject()
            ? MergeKeys.of(field, value.get(0))
            : null;
    if (key == null) {
      leaves.put(path, value);
      return;
    }
    for (JsonNode item : value) {
      ObjectNode keyJson = Json.MAPPER.createObjectNode();
      key.stream().filter(item::has).forEach(k -> keyJson.set(k, item.get(k)));
      String itemPath = path + SEPARATOR + "k:" + keyJson;
      leaves.put(itemPath + SEPARATOR + ".", keyJson);
      item.fields()
          .forEachRemaining(
              child ->
                  walk(
                      itemPath + SEPARATOR + "f:" + child.getKey(),
                      child.getKey(),
                      child.getValue(),
                      leaves));
    }
  }
}
